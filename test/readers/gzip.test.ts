import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gunzipMembers,
  isGzipDocumentPath,
  readGzipDocument,
  readGzipFile,
  type GzipEvent,
} from '../../src/readers/gzip.js';
import type { ReadEvent, ReaderOptions } from '../../src/types.js';
import { collect, oneByteChunks } from './stream-helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/readers');
const fixture = (name: string): string => join(FIXTURES, name);
const options: ReaderOptions = { maxDocSize: 1_000_000, textField: 'text' };
const PAGE =
  '<!DOCTYPE html>\n<html><head><title>Gzipped page</title></head>\n<body><p>Hello from a gzipped page.</p></body></html>\n';



function wholeChunk(bytes: Uint8Array): Readable {
  return Readable.from([Buffer.from(bytes)]);
}

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/** Concatenated data and the errors of a gunzipMembers run. */
async function gunzipAll(chunks: AsyncIterable<Uint8Array>, resumeAfterError = false) {
  const events: GzipEvent[] = await collect(gunzipMembers(chunks, { resumeAfterError }));
  const data = Buffer.concat(events.flatMap((event) => (event.kind === 'data' ? [event.bytes] : [])));
  const errors = events.flatMap((event) => (event.kind === 'error' ? [{ reason: event.reason, offset: event.offset }] : []));
  const memberOffsets = [...new Set(events.flatMap((event) => (event.kind === 'data' ? [event.memberOffset] : [])))];
  return { data, errors, memberOffsets };
}

describe('readGzipFile', () => {
  it('reads a gzipped page as one html document', async () => {
    const events = await collect(readGzipFile(fixture('page.html.gz'), options));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event && 'doc' in event).toBe(true);
    if (event === undefined || !('doc' in event)) return;
    expect(event.doc.source).toBe(fixture('page.html.gz'));
    expect(event.doc.type).toBe('html');
    expect(event.doc.metadata).toEqual({});
    expect(event.doc.id).toBeUndefined();
    expect(text(event.doc.bytes)).toBe(PAGE);
  });

  it('joins the members of a multi-member gzip, typed text by .txt.gz', async () => {
    const [event] = await collect(readGzipFile(fixture('multi-member.txt.gz'), options));
    expect(event).toMatchObject({ doc: { type: 'text' } });
    if (event === undefined || !('doc' in event)) return;
    expect(text(event.doc.bytes)).toBe('First member, second member.\n');
  });

  it('lets --input-type override the extension', async () => {
    const [event] = await collect(readGzipFile(fixture('page.html.gz'), { ...options, inputType: 'text' }));
    expect(event).toMatchObject({ doc: { type: 'text' } });
  });

  it('reports truncated gzip, data that is not gzip, and a missing file', async () => {
    expect(await collect(readGzipFile(fixture('truncated.html.gz'), options))).toEqual([
      { error: { source: fixture('truncated.html.gz'), reason: 'truncated gzip' } },
    ]);
    expect(await collect(readGzipFile(fixture('not-gzip.html.gz'), options))).toEqual([
      { error: { source: fixture('not-gzip.html.gz'), reason: 'not gzip data' } },
    ]);
    const missing = await collect(readGzipFile(fixture('no-such-file.html.gz'), options));
    expect(missing).toEqual([
      { error: { source: fixture('no-such-file.html.gz'), reason: 'no such file or directory' } },
    ]);
  });

  it('refuses a document larger than --max-doc-size after decompression', async () => {
    const events = await collect(readGzipFile(fixture('page.html.gz'), { ...options, maxDocSize: 50 }));
    expect(events).toEqual([
      {
        error: {
          source: fixture('page.html.gz'),
          reason: 'larger than --max-doc-size (50 bytes) after decompression',
        },
      },
    ]);
    // Exactly at the limit is fine.
    const atLimit = await collect(readGzipFile(fixture('page.html.gz'), { ...options, maxDocSize: PAGE.length }));
    expect(atLimit[0]).toHaveProperty('doc');
  });

  it('stops reading a gzip bomb soon after the limit', async () => {
    // 16 MiB of zeros per member; up to 64 GiB in all, generated lazily.
    const member = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024));
    let membersPulled = 0;
    async function* bomb(): AsyncGenerator<Uint8Array> {
      for (let index = 0; index < 4096; index++) {
        membersPulled++;
        yield member;
      }
    }
    const started = performance.now();
    const events: ReadEvent[] = await collect(readGzipDocument(bomb(), 'bomb.html.gz', 'html', { ...options, maxDocSize: 4_000_000 }));
    expect(events).toEqual([
      { error: { source: 'bomb.html.gz', reason: 'larger than --max-doc-size (4000000 bytes) after decompression' } },
    ]);
    // The read-ahead window (4 MiB of compressed input) bounds what is pulled.
    expect(membersPulled * member.length).toBeLessThan(5 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('gives the same result whole and one byte at a time', async () => {
    for (const name of ['page.html.gz', 'multi-member.txt.gz', 'truncated.html.gz', 'not-gzip.html.gz']) {
      const bytes = readFileSync(fixture(name));
      const whole = await collect(readGzipDocument(wholeChunk(bytes), name, 'html', options));
      const tiny = await collect(readGzipDocument(oneByteChunks(bytes), name, 'html', options));
      expect(tiny, name).toEqual(whole);
    }
  });
});

describe('isGzipDocumentPath', () => {
  it('accepts gzipped html/htm/xhtml/txt only', () => {
    for (const path of ['a.html.gz', 'b.HTM.GZ', 'dir/c.xhtml.gz', 'd.txt.gz']) expect(isGzipDocumentPath(path), path).toBe(true);
    for (const path of ['a.warc.gz', 'b.jsonl.gz', 'c.json.gz', 'd.gz', 'e.html', 'f.tar.gz']) {
      expect(isGzipDocumentPath(path), path).toBe(false);
    }
  });
});

describe('gunzipMembers', () => {
  const members = ['alpha ', 'beta ', 'gamma'].map((part) => zlib.gzipSync(part));
  const multi = Buffer.concat(members);
  const offsets = [0, members[0]!.length, members[0]!.length + members[1]!.length];

  it('tells where each member starts', async () => {
    const result = await gunzipAll(wholeChunk(multi));
    expect(result).toEqual({ data: Buffer.from('alpha beta gamma'), errors: [], memberOffsets: offsets });
  });

  it('resumes at the next member after a corrupt one, when asked', async () => {
    const corrupt = Buffer.from(multi);
    // Member 2's deflate data: a stored-looking header with impossible lengths.
    for (let index = offsets[1]! + 10; index < offsets[2]! - 8; index++) corrupt[index] = 0xff;
    const resumed = await gunzipAll(wholeChunk(corrupt), true);
    expect(resumed.data.toString()).toBe('alpha gamma');
    expect(resumed.errors).toEqual([{ reason: expect.stringMatching(/^corrupt gzip data: /), offset: offsets[1] }]);
    const stopped = await gunzipAll(wholeChunk(corrupt), false);
    expect(stopped.data.toString()).toBe('alpha ');
    expect(stopped.errors).toHaveLength(1);
  });

  it('detects a checksum mismatch', async () => {
    const bad = Buffer.from(members[0]!);
    bad[bad.length - 8]! ^= 0xff; // CRC-32 in the trailer
    const result = await gunzipAll(wholeChunk(bad));
    expect(result.errors).toEqual([{ reason: 'corrupt gzip data: checksum mismatch', offset: 0 }]);
  });

  it('ignores zero padding after the last member but not other trailing data', async () => {
    const padded = await gunzipAll(wholeChunk(Buffer.concat([multi, Buffer.alloc(512)])));
    expect(padded.errors).toEqual([]);
    expect(padded.data.toString()).toBe('alpha beta gamma');
    const garbage = await gunzipAll(wholeChunk(Buffer.concat([multi, Buffer.from('trailing garbage')])));
    expect(garbage.errors).toEqual([{ reason: 'corrupt gzip data: garbage between members', offset: multi.length }]);
  });

  it('reports empty input and a header cut short', async () => {
    expect((await gunzipAll(wholeChunk(Buffer.alloc(0)))).errors).toEqual([
      { reason: 'not gzip data (empty input)', offset: 0 },
    ]);
    expect((await gunzipAll(wholeChunk(members[0]!.subarray(0, 5)))).errors).toEqual([
      { reason: 'not gzip data', offset: 0 },
    ]);
    expect((await gunzipAll(wholeChunk(Buffer.concat([members[0]!, members[1]!.subarray(0, 5)])))).errors).toEqual([
      { reason: 'truncated gzip', offset: offsets[1] },
    ]);
  });

  it('handles gzip header fields (name, comment, extra, header CRC)', async () => {
    const deflated = zlib.deflateRawSync('with header fields');
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(zlib.crc32('with header fields'), 0);
    trailer.writeUInt32LE('with header fields'.length, 4);
    const header = Buffer.concat([
      Buffer.from([0x1f, 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3]),
      Buffer.from([3, 0, 1, 2, 3]), // FEXTRA
      Buffer.from('name.txt\0'),
      Buffer.from('a comment\0'),
      Buffer.from([0xab, 0xcd]), // FHCRC (not checked)
    ]);
    const member = Buffer.concat([header, deflated, trailer]);
    for (const chunks of [wholeChunk(member), oneByteChunks(member)]) {
      const result = await gunzipAll(chunks);
      expect(result.errors).toEqual([]);
      expect(result.data.toString()).toBe('with header fields');
    }
  });

  describe('members too big for one synchronous inflate', () => {
    // 24 MiB of varied text: more than the 8 MiB one-shot output limit.
    const line = (index: number): string => `line ${index} of a long member, ${(index * 7919) % 1000}\n`;
    const bigText = Buffer.from(Array.from({ length: 600_000 }, (_, index) => line(index)).join(''));
    const bigMember = zlib.gzipSync(bigText, { level: 1 });
    const small = zlib.gzipSync('after the big one');

    it('stream the big member and go on', async () => {
      const input = Buffer.concat([small, bigMember, small]);
      const result = await gunzipAll(wholeChunk(input));
      expect(result.errors).toEqual([]);
      expect(result.memberOffsets).toEqual([0, small.length, small.length + bigMember.length]);
      expect(result.data.equals(Buffer.concat([Buffer.from('after the big one'), bigText, Buffer.from('after the big one')]))).toBe(
        true,
      );
    });

    it('report a big member cut short, after its data', async () => {
      const cut = bigMember.subarray(0, Math.floor(bigMember.length * 0.6));
      const result = await gunzipAll(Readable.from([cut.subarray(0, 100_000), cut.subarray(100_000)]));
      expect(result.errors).toEqual([{ reason: 'truncated gzip', offset: 0 }]);
      expect(result.data.length).toBeGreaterThan(8 * 1024 * 1024);
      expect(bigText.subarray(0, result.data.length).equals(result.data)).toBe(true);
    });

    it('survive input in small chunks', async () => {
      const input = Buffer.concat([bigMember, small]);
      const chunks: Buffer[] = [];
      for (let start = 0; start < input.length; start += 997) chunks.push(input.subarray(start, start + 997));
      const result = await gunzipAll(Readable.from(chunks));
      expect(result.errors).toEqual([]);
      expect(result.data.length).toBe(bigText.length + 'after the big one'.length);
    });
  });
});

describe('gunzipMembers on damaged input (property)', () => {
  const input = Buffer.concat(['first member\n', 'second member, a little longer\n', 'third\n'].map((part) => zlib.gzipSync(part)));

  it('never throws and gives the same events however the input is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (flips, cutAt, cuts) => {
          const bytes = Buffer.from(input);
          for (const [position, mask] of flips) bytes[position % bytes.length]! ^= mask;
          const damaged = cutAt === undefined ? bytes : bytes.subarray(0, cutAt % (bytes.length + 1));
          const points = [...new Set(cuts.map((cut) => cut % (damaged.length + 1)))].sort((a, b) => a - b);
          const chunks = [...points, damaged.length].map((end, index, ends) => damaged.subarray(index === 0 ? 0 : ends[index - 1], end));
          for (const resume of [true, false]) {
            const whole = await gunzipAll(Readable.from([damaged]), resume);
            const pieces = await gunzipAll(Readable.from(chunks), resume);
            expect(pieces).toEqual(whole);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

