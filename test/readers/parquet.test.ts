import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParquetFile } from '../../src/readers/parquet.js';
import type { ReadEvent } from '../../src/types.js';
import { runCli } from '../cli-harness.js';

let work: string;
let fineweb: string;

/** A FineWeb-style shard, written by DuckDB: FineWeb's columns and types, three row groups of two rows. */
beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-parquet-in-'));
  fineweb = path.join(work, 'in', '000_00000.parquet');
  mkdirSync(path.dirname(fineweb));
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(`
    COPY (
      SELECT * FROM (VALUES
        ('First page. It has two sentences.', '<urn:uuid:1>', 'CC-MAIN-2024-10', 'https://a.example/1', '2024-02-21T01:02:03Z', 'en', 0.98, 9::BIGINT),
        ('Zweite Seite, auf Deutsch.', '<urn:uuid:2>', 'CC-MAIN-2024-10', 'https://b.example/2', '2024-02-22T01:02:03Z', 'de', 0.91, 7::BIGINT),
        ('Ünïcödé 中文 😀 text', '<urn:uuid:3>', 'CC-MAIN-2024-10', 'https://c.example/3', '2024-02-23T01:02:03Z', 'zh', 0.5, 12::BIGINT),
        ('Fourth.', '<urn:uuid:4>', 'CC-MAIN-2024-10', 'https://d.example/4', '2024-02-24T01:02:03Z', 'en', 0.7, 2::BIGINT),
        ('Fifth,\nwith a line break.', '<urn:uuid:5>', 'CC-MAIN-2024-10', 'https://e.example/5', '2024-02-25T01:02:03Z', 'en', 0.8, 6::BIGINT)
      ) AS t(text, id, dump, url, date, language, language_score, token_count)
    ) TO '${fineweb}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 2)`);
  connection.closeSync();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function events(file: string, textField = 'text'): Promise<ReadEvent[]> {
  const all: ReadEvent[] = [];
  for await (const event of readParquetFile(file, { maxDocSize: 1 << 20, textField })) all.push(event);
  return all;
}

describe('Parquet input', () => {
  it('reads one document a row, the other columns into the metadata, a row group at a time', async () => {
    const read = await events(fineweb);
    expect(read).toHaveLength(5);
    expect(read[2]).toEqual({
      doc: {
        source: fineweb,
        id: '<urn:uuid:3>',
        bytes: new Uint8Array(0),
        text: 'Ünïcödé 中文 😀 text',
        type: 'text',
        metadata: { dump: 'CC-MAIN-2024-10', url: 'https://c.example/3', date: '2024-02-23T01:02:03Z', language: 'zh', language_score: 0.5, token_count: 12, row: 3 },
      },
    });
    expect(read.map((event) => ('doc' in event ? event.doc.text : event))).toEqual([
      'First page. It has two sentences.',
      'Zweite Seite, auf Deutsch.',
      'Ünïcödé 中文 😀 text',
      'Fourth.',
      'Fifth,\nwith a line break.',
    ]);
  });

  it('takes the text from --text-field, and says in one line what is wrong with a file', async () => {
    expect((await events(fineweb, 'url')).map((event) => ('doc' in event ? event.doc.text : event))[0]).toBe('https://a.example/1');
    expect(await events(fineweb, 'body')).toEqual([
      { error: { source: fineweb, reason: 'missing text column "body" (columns: text, id, dump, url, date, language, language_score, token_count)' } },
    ]);
    const notParquet = path.join(work, 'not.parquet');
    writeFileSync(notParquet, 'this is not a Parquet file at all');
    const [event] = await events(notParquet);
    expect(event).toMatchObject({ error: { source: notParquet } });
    expect((event as { error: { reason: string } }).error.reason).toMatch(/^not a Parquet file: /);
  });

  it('goes through the CLI: Parquet in, JSONL out, a bad file reported while the others are read', async () => {
    const inputs = path.join(work, 'in');
    writeFileSync(path.join(inputs, 'broken.parquet'), 'PAR1 broken');
    const out = path.join(work, 'out');
    const result = await runCli([inputs, '-o', out, '--steps', 'collapse-whitespace', '-q']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^clean-corpus: .*broken\.parquet: not a Parquet file: .*\n$/);
    const records = readdirSync(out)
      .filter((name) => name.endsWith('.jsonl') && !name.startsWith('.'))
      .flatMap((name) => readFileSync(path.join(out, name), 'utf8').trim().split('\n'))
      .map((line) => JSON.parse(line) as { id: string; text: string; metadata: Record<string, unknown> });
    expect(records.map((record) => [record.id, record.text])).toEqual([
      ['<urn:uuid:1>', 'First page. It has two sentences.'],
      ['<urn:uuid:2>', 'Zweite Seite, auf Deutsch.'],
      ['<urn:uuid:3>', 'Ünïcödé 中文 😀 text'],
      ['<urn:uuid:4>', 'Fourth.'],
      ['<urn:uuid:5>', 'Fifth, with a line break.'],
    ]);
    expect(records[0]?.metadata).toMatchObject({ url: 'https://a.example/1', token_count: 9, row: 1 });
  });

  it("reads clean-corpus's own Parquet shards back, metadata as objects", async () => {
    const first = path.join(work, 'first');
    expect((await runCli([fineweb, '-o', first, '--format', 'parquet', '--steps', 'collapse-whitespace', '-q'])).code).toBe(0);
    const read = await events(path.join(first, 'part-00000.parquet'));
    expect(read).toHaveLength(5);
    expect(read[0]).toMatchObject({
      doc: { id: '<urn:uuid:1>', text: 'First page. It has two sentences.', metadata: { source: fineweb, metadata: { url: 'https://a.example/1', row: 1 }, row: 1 } },
    });
  });
});
