import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParquetEncoder } from '../../src/writers/parquet.js';
import { runCli } from '../cli-harness.js';
import { REPO_ROOT } from '../shared-corpora.js';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'sample-corpus');
let work: string;

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-parquet-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every row of the Parquet files of a folder, as DuckDB (an independent reader) reads them, in shard and row order. */
async function duckRows(dir: string): Promise<Array<Record<string, unknown>>> {
  const files = readdirSync(dir).filter((name) => name.endsWith('.parquet')).sort();
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const rows: Array<Record<string, unknown>> = [];
  for (const file of files) {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path.join(dir, file)}')`);
    rows.push(...(reader.getRowObjectsJson() as Array<Record<string, unknown>>));
  }
  connection.closeSync();
  return rows;
}

/** The JSONL records of a folder's shards, in order. */
function jsonlRecords(dir: string): Array<{ id: string; text: string; source: string; metadata: Record<string, unknown> }> {
  return readdirSync(dir)
    .filter((name) => /^part-\d+\.jsonl$/.test(name))
    .sort()
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').trim().split('\n'))
    .map((line) => JSON.parse(line) as { id: string; text: string; source: string; metadata: Record<string, unknown> });
}

describe('--format parquet', () => {
  it('writes the records of a JSONL run, every row and column as DuckDB reads them', async () => {
    const jsonl = path.join(work, 'jsonl');
    const parquet = path.join(work, 'parquet');
    expect((await runCli([SAMPLE, '-o', jsonl, '-q'])).code).toBe(0);
    const result = await runCli([SAMPLE, '-o', parquet, '--format', 'parquet', '-q']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(parquet).filter((name) => !name.startsWith('.')).sort()).toEqual(['manifest.json', 'part-00000.parquet']);
    const expected = jsonlRecords(jsonl).map((record) => ({ ...record, metadata: JSON.stringify(record.metadata) }));
    expect(expected).toHaveLength(13);
    expect(await duckRows(parquet)).toEqual(expected);

    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const schema = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${path.join(parquet, 'part-00000.parquet')}')`);
    expect(schema.getRowObjectsJson().map((row) => [row['column_name'], row['column_type']])).toEqual([
      ['id', 'VARCHAR'],
      ['text', 'VARCHAR'],
      ['source', 'VARCHAR'],
      ['metadata', 'VARCHAR'],
    ]);
    const codecs = await connection.runAndReadAll(`SELECT DISTINCT compression FROM parquet_metadata('${path.join(parquet, 'part-00000.parquet')}')`);
    expect(codecs.getRowObjectsJson()).toEqual([{ compression: 'ZSTD' }]);
    connection.closeSync();

    const manifest = JSON.parse(readFileSync(path.join(parquet, 'manifest.json'), 'utf8')) as { options: { format: string; compress: string }; shards: Array<{ name: string; records: number }> };
    expect(manifest.options).toMatchObject({ format: 'parquet', compress: 'zstd' });
    expect(manifest.shards.map((shard) => [shard.name, shard.records])).toEqual([['part-00000.parquet', 13]]);
  });

  it('rolls shards by size and gives the same bytes for any --jobs and codec choice', async () => {
    const one = path.join(work, 'j1');
    const two = path.join(work, 'j2');
    expect((await runCli([SAMPLE, '-o', one, '--format', 'parquet', '--shard-size', '2KB', '-q'])).code).toBe(0);
    expect((await runCli([SAMPLE, '-o', two, '--format', 'parquet', '--shard-size', '2KB', '--jobs', '2', '-q'])).code).toBe(0);
    const shards = readdirSync(one).filter((name) => name.endsWith('.parquet')).sort();
    expect(shards.length).toBeGreaterThan(1);
    for (const shard of shards) expect(readFileSync(path.join(two, shard))).toEqual(readFileSync(path.join(one, shard)));
    expect((await duckRows(one)).map((row) => row['id'])).toEqual(jsonlRecords(path.join(work, 'jsonl')).map((record) => record.id));

    for (const codec of ['snappy', 'gzip', 'none']) {
      const dir = path.join(work, `codec-${codec}`);
      expect((await runCli([SAMPLE, '-o', dir, '--format', 'parquet', '--compress', codec, '-q'])).code).toBe(0);
      expect(await duckRows(dir)).toEqual(await duckRows(path.join(work, 'parquet')));
    }
  });

  it('writes rejected documents as Parquet too', async () => {
    const out = path.join(work, 'kept');
    const rejected = path.join(work, 'rejected');
    const result = await runCli([SAMPLE, '-o', out, '--rejected', rejected, '--format', 'parquet', '--steps', 'strip-tags,decode-entities,collapse-whitespace,gopher-quality', '-q']);
    expect(result.code).toBe(0);
    const rows = await duckRows(rejected);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(JSON.parse(row['metadata'] as string)).toMatchObject({ filter: 'gopher-quality' });
    expect((await duckRows(out)).length + rows.length).toBe(13);
  });

  it('says in one line what cannot be done', async () => {
    expect(await runCli(['--format', 'parquet'], '<p>x</p>')).toEqual({ code: 2, stdout: '', stderr: 'clean-corpus: --format parquet writes files: give an output folder with -o\n' });
    expect(await runCli([SAMPLE, '-o', path.join(work, 'bad'), '--compress', 'zstd'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'clean-corpus: --compress zstd is for --format parquet; jsonl shards take none or gzip\n',
    });
  });

  it('closes a row group when its records reach the row-group size', async () => {
    const encoder = await ParquetEncoder.create('zstd', 180);
    const line = (i: number) => Buffer.from(`${JSON.stringify({ id: `d${i}`, text: 'x'.repeat(60), source: 's', metadata: { i } })}`);
    const full = [0, 1, 2, 3, 4].map((i) => {
      const isFull = encoder.add(line(i));
      if (isFull) encoder.closeRowGroup();
      return isFull;
    });
    expect(full).toEqual([false, true, false, true, false]);
    encoder.finish();
    const file = path.join(work, 'groups.parquet');
    writeFileSync(file, encoder.takeBytes());
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const groups = await connection.runAndReadAll(`SELECT row_group_id, row_group_num_rows FROM parquet_metadata('${file}') WHERE path_in_schema = 'id' ORDER BY 1`);
    expect(groups.getRowObjectsJson()).toEqual([
      { row_group_id: '0', row_group_num_rows: '2' },
      { row_group_id: '1', row_group_num_rows: '2' },
      { row_group_id: '2', row_group_num_rows: '1' },
    ]);
    const ids = await connection.runAndReadAll(`SELECT id FROM read_parquet('${file}')`);
    expect(ids.getRowObjectsJson().map((row) => row['id'])).toEqual(['d0', 'd1', 'd2', 'd3', 'd4']);
    connection.closeSync();
  });
});
