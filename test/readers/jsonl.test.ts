import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonlPath, readJsonlChunks, readJsonlFile, splitLines } from '../../src/readers/jsonl.js';
import type { ReadEvent, ReaderOptions } from '../../src/types.js';
import { collect, oneByteChunks } from './stream-helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/readers');
const fixture = (name: string): string => join(FIXTURES, name);
const options: ReaderOptions = { maxDocSize: 1_000_000, textField: 'text' };
const EMPTY = new Uint8Array(0);



/** What docs.jsonl holds, line by line (see fixtures/readers/make-fixtures.mjs). */
function expectedDocsEvents(path: string): ReadEvent[] {
  return [
    {
      doc: {
        source: path,
        id: 'a1',
        bytes: EMPTY,
        text: 'First document.',
        type: 'text',
        metadata: { source: 'web', meta: { lang: 'en' }, line: 1 },
      },
    },
    { doc: { source: path, id: '42', bytes: EMPTY, text: 'Numeric id, CRLF line end.', type: 'text', metadata: { line: 2 } } },
    // Lines 3 and 4 are blank.
    {
      doc: {
        source: path,
        bytes: EMPTY,
        text: 'No id here.',
        type: 'text',
        metadata: { url: 'https://example.org/x', line: 5 },
      },
    },
    { error: { source: `${path}:6`, reason: expect.stringMatching(/^invalid JSON: \S/) as unknown as string } },
    { error: { source: `${path}:7`, reason: 'missing text field "text"' } },
    { error: { source: `${path}:8`, reason: 'invalid JSON: not an object' } },
    { error: { source: `${path}:9`, reason: 'text field "text" is not a string' } },
    {
      doc: {
        source: path,
        id: 'last',
        bytes: EMPTY,
        text: 'Final line without a line end: café ☕',
        type: 'text',
        metadata: { line: 10 },
      },
    },
  ];
}

describe('readJsonlFile', () => {
  it('reads docs.jsonl exactly: docs, blank lines skipped, bad lines as errors', async () => {
    const path = fixture('docs.jsonl');
    expect(await collect(readJsonlFile(path, options))).toEqual(expectedDocsEvents(path));
  });

  it('reads the gzipped copy (two members split mid-line) the same way', async () => {
    const path = fixture('docs.jsonl.gz');
    expect(await collect(readJsonlFile(path, options))).toEqual(expectedDocsEvents(path));
  });

  it('gives the same events whole and one byte at a time', async () => {
    for (const name of ['docs.jsonl', 'docs.jsonl.gz']) {
      const bytes = readFileSync(fixture(name));
      const whole = await collect(readJsonlChunks(Readable.from([bytes]), name, options));
      const tiny = await collect(readJsonlChunks(oneByteChunks(bytes), name, options));
      expect(tiny, name).toEqual(whole);
    }
  });

  it('uses --text-field and --input-type', async () => {
    const input = Buffer.from('{"id":"x","body":"<p>hi</p>","text":"kept as metadata"}\n');
    const events = await collect(readJsonlChunks(Readable.from([input]), 'in.jsonl', { ...options, textField: 'body', inputType: 'html' }));
    expect(events).toEqual([
      {
        doc: {
          source: 'in.jsonl',
          id: 'x',
          bytes: EMPTY,
          text: '<p>hi</p>',
          type: 'html',
          metadata: { text: 'kept as metadata', line: 1 },
        },
      },
    ]);
  });

  it('keeps an id that is neither string nor number in the metadata', async () => {
    const input = Buffer.from('{"id":null,"text":"a"}\n{"id":{"n":1},"text":"b"}\n');
    const events = await collect(readJsonlChunks(Readable.from([input]), 'in.jsonl', options));
    expect(events.map((event) => ('doc' in event ? [event.doc.id, event.doc.metadata] : event))).toEqual([
      [undefined, { id: null, line: 1 }],
      [undefined, { id: { n: 1 }, line: 2 }],
    ]);
  });

  it('strips a UTF-8 byte order mark on the first line', async () => {
    const input = Buffer.from('\uFEFF{"text":"bom"}\n');
    const [event] = await collect(readJsonlChunks(Readable.from([input]), 'in.jsonl', options));
    expect(event).toMatchObject({ doc: { text: 'bom' } });
  });

  it('reports a truncated .jsonl.gz after the complete lines, dropping the cut line', async () => {
    const gz = zlib.gzipSync('{"text":"one"}\n{"text":"two"}\n{"text":"three, cut somewhere"}\n');
    const events = await collect(readJsonlChunks(Readable.from([gz.subarray(0, gz.length - 12)]), 'cut.jsonl.gz', options));
    expect(events.filter((event) => 'doc' in event).map((event) => ('doc' in event ? event.doc.text : ''))).toEqual(['one', 'two']);
    expect(events.at(-1)).toEqual({ error: { source: 'cut.jsonl.gz', reason: 'truncated gzip' } });
    expect(events).toHaveLength(3);
  });

  it('refuses a line longer than --max-doc-size and goes on', async () => {
    const limit = 40;
    const exactly = `{"text":"${'x'.repeat(limit - 11)}"}`;
    expect(exactly).toHaveLength(limit);
    const input = Buffer.from(`${exactly}\r\n{"text":"${'y'.repeat(100)}"}\n{"text":"after"}\n${exactly}x`);
    const events = await collect(readJsonlChunks(oneByteChunks(input), 'in.jsonl', { ...options, maxDocSize: limit }));
    expect(events).toEqual([
      { doc: expect.objectContaining({ text: 'x'.repeat(limit - 11), metadata: { line: 1 } }) as unknown },
      { error: { source: 'in.jsonl:2', reason: 'line larger than --max-doc-size (40 bytes)' } },
      { doc: expect.objectContaining({ text: 'after', metadata: { line: 3 } }) as unknown },
      { error: { source: 'in.jsonl:4', reason: 'line larger than --max-doc-size (40 bytes)' } },
    ]);
  });

  it('does not buffer a huge line without a line end', async () => {
    const block = Buffer.alloc(1024 * 1024, 'a');
    async function* hugeLine(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < 1024; index++) yield block; // 1 GiB, no newline
      yield Buffer.from('\n{"text":"next"}\n');
    }
    const heapBefore = process.memoryUsage().heapUsed;
    const events = await collect(readJsonlChunks(hugeLine(), 'huge.jsonl', { ...options, maxDocSize: 10_000_000 }));
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
    expect(events).toEqual([
      { error: { source: 'huge.jsonl:1', reason: 'line larger than --max-doc-size (10000000 bytes)' } },
      { doc: expect.objectContaining({ text: 'next', metadata: { line: 2 } }) as unknown },
    ]);
  });

  it('reports a missing file', async () => {
    const events = await collect(readJsonlFile(fixture('missing.jsonl'), options));
    expect(events).toEqual([
      { error: { source: fixture('missing.jsonl'), reason: 'no such file or directory' } },
    ]);
  });
});

describe('readJsonlChunks on damaged input (property)', () => {
  it('never throws and gives the same events however the input is chunked', async () => {
    const original = readFileSync(fixture('docs.jsonl.gz'));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.boolean(),
        async (flips, cuts, gzipped) => {
          const bytes = Buffer.from(gzipped ? original : zlib.gunzipSync(original));
          for (const [position, mask] of flips) bytes[position % bytes.length]! ^= mask;
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [...points, bytes.length].map((end, index, ends) => bytes.subarray(index === 0 ? 0 : ends[index - 1], end));
          const whole = await collect(readJsonlChunks(Readable.from([bytes]), 'in.jsonl', { ...options, maxDocSize: 60 }));
          const pieces = await collect(readJsonlChunks(Readable.from(chunks), 'in.jsonl', { ...options, maxDocSize: 60 }));
          expect(pieces).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('splitLines', () => {
  it('numbers lines, strips CRLF and keeps a last line without a line end', async () => {
    const lines = await collect(splitLines(Readable.from([Buffer.from('a\r\nb\n\nc')]), 100));
    expect(lines.map((line) => ('bytes' in line ? [line.lineNumber, Buffer.from(line.bytes).toString(), line.terminated] : line))).toEqual([
      [1, 'a', true],
      [2, 'b', true],
      [3, '', true],
      [4, 'c', false],
    ]);
  });

  it('gives no line for empty input or a final line end', async () => {
    expect(await collect(splitLines(Readable.from([Buffer.alloc(0)]), 10))).toEqual([]);
    expect(await collect(splitLines(Readable.from([Buffer.from('x\n')]), 10))).toHaveLength(1);
  });
});

describe('isJsonlPath', () => {
  it('accepts .jsonl, .jsonl.gz and .json.gz', () => {
    for (const path of ['a.jsonl', 'b.JSONL.GZ', 'dolma/c.json.gz']) expect(isJsonlPath(path), path).toBe(true);
    for (const path of ['a.json', 'b.warc.gz', 'c.html.gz', 'd.jsonl.bz2']) expect(isJsonlPath(path), path).toBe(false);
  });
});
