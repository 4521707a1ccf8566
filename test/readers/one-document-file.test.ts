import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isOneDocumentFile, readInput, readOneDocumentFile } from '../../src/readers/index.js';
import type { ReadEvent } from '../../src/types.js';
import { runCli } from '../cli-harness.js';

let dir: string;
const OPTIONS = { maxDocSize: 1024 * 1024, textField: 'text' };

/** Gzipped documents good and bad: each must read the same in a worker as in the main thread. */
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'clean-corpus-one-document-'));
  const page = gzipSync('<html><body><p>Grüße aus Köln</p></body></html>');
  writeFileSync(path.join(dir, 'a-good.html.gz'), page);
  writeFileSync(path.join(dir, 'b-truncated.html.gz'), page.subarray(0, page.length - 12));
  writeFileSync(path.join(dir, 'c-not-gzip.html.gz'), '<p>plain</p>');
  writeFileSync(path.join(dir, 'd-two-members.txt.gz'), Buffer.concat([gzipSync('first half, '), gzipSync('second half')]));
  writeFileSync(path.join(dir, 'e-bomb.html.gz'), gzipSync(Buffer.alloc(2 * 1024 * 1024, 0x61)));
  writeFileSync(path.join(dir, 'f-plain.html'), '<p>नमस्ते दुनिया</p>');
});

async function firstEvent(events: AsyncIterable<ReadEvent>): Promise<ReadEvent | undefined> {
  for await (const event of events) return event;
  return undefined;
}

describe('files that are one document', () => {
  it('are plain and gzipped documents, not containers', () => {
    expect(['x.html', 'x.html.gz', 'x.txt.gz', 'x.txt', 'x.warc.gz', 'x.jsonl', 'x.jsonl.gz', 'x.parquet'].map(isOneDocumentFile)).toEqual([true, true, true, true, false, false, false, false]);
  });

  it('read in one call as the main thread reads them: the same document or the same error', async () => {
    for (const name of ['a-good.html.gz', 'b-truncated.html.gz', 'c-not-gzip.html.gz', 'd-two-members.txt.gz', 'e-bomb.html.gz', 'f-plain.html', 'missing.html.gz']) {
      const file = path.join(dir, name);
      expect(await readOneDocumentFile(file, OPTIONS)).toEqual(await firstEvent(readInput(file, OPTIONS)));
    }
    const twoMembers = await readOneDocumentFile(path.join(dir, 'd-two-members.txt.gz'), OPTIONS);
    expect('doc' in twoMembers && Buffer.from(twoMembers.doc.bytes).toString()).toBe('first half, second half');
  });

  it('give the same output, messages and manifest with --jobs 2 (read in the workers) as with --jobs 1', async () => {
    const runs = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(dir, `out-${jobs}`);
      const result = await runCli([dir, '--include', '*.gz', '--include', '*.html', '--max-doc-size', '1MB', '-o', out, '--jobs', jobs, '-q']);
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { counts: unknown; errors: unknown };
      runs.push({ code: result.code, stderr: result.stderr, records: readFileSync(path.join(out, 'part-00000.jsonl'), 'utf8'), counts: manifest.counts, errors: manifest.errors });
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.stderr.split('\n').filter(Boolean).map((line) => line.replace(dir, 'DIR'))).toEqual([
      'clean-corpus: DIR/b-truncated.html.gz: truncated gzip',
      'clean-corpus: DIR/c-not-gzip.html.gz: not gzip data',
      'clean-corpus: DIR/e-bomb.html.gz: larger than --max-doc-size (1048576 bytes) after decompression',
    ]);
    expect(runs[0]?.records.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { text: string }).text)).toEqual(['Grüße aus Köln', 'first half second half', 'नमस्ते दुनिया']);
  });
});
