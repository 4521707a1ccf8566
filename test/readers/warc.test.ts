import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWarcPath, readWarcChunks, readWarcFile } from '../../src/readers/warc.js';
import type { ReadEvent, ReaderOptions } from '../../src/types.js';
import { collect, oneByteChunks } from './stream-helpers.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/readers');
const fixture = (name: string): string => join(FIXTURES, name);
/** Record offsets, written by make-fixtures.mjs as it wrote the files. */
const OFFSETS = JSON.parse(readFileSync(fixture('offsets.json'), 'utf8')) as Record<string, number[]>;
const options: ReaderOptions = { maxDocSize: 1_000_000, textField: 'text' };
const DATE = '2024-01-02T03:04:05Z';
const recordId = (counter: number): string => `<urn:uuid:00000000-0000-4000-8000-${String(counter).padStart(12, '0')}>`;



/** Events with document bytes as latin1 strings, so they compare and print well. */
type Plain = ReturnType<typeof plain>;
function plain(event: ReadEvent) {
  if (!('doc' in event)) return event;
  return { doc: { ...event.doc, bytes: Buffer.from(event.doc.bytes).toString('latin1') } };
}

async function readFixture(name: string, readerOptions: ReaderOptions = options): Promise<Plain[]> {
  return (await collect(readWarcFile(fixture(name), readerOptions))).map(plain);
}

function offsetOf(name: string, index: number): number {
  const offset = OFFSETS[name]?.[index];
  if (offset === undefined) throw new Error(`no offset ${index} for ${name}`);
  return offset;
}

/** The document an HTML 200 response of the fixtures becomes. */
function htmlDoc(name: string, index: number, uri: string, counter: number, body: string, contentType: string): Plain {
  return {
    doc: {
      source: uri,
      id: recordId(counter),
      bytes: body,
      type: 'html',
      contentType,
      metadata: {
        warcRecordId: recordId(counter),
        warcDate: DATE,
        warcFile: fixture(name),
        offset: offsetOf(name, index),
        httpContentType: contentType,
      },
    },
  };
}

function errorAt(name: string, index: number, reason: string | RegExp): Plain {
  return {
    error: {
      source: `${fixture(name)}@${offsetOf(name, index)}`,
      reason: typeof reason === 'string' ? reason : (expect.stringMatching(reason) as unknown as string),
    },
  };
}

/** What mixed.warc and mixed.warc.gz hold (see make-fixtures.mjs). */
function expectedMixed(name: string): Plain[] {
  return [
    { skipped: 'warc-warcinfo', source: `${fixture(name)}@0` },
    { skipped: 'warc-request', source: 'http://example.org/chunked' },
    htmlDoc(name, 2, 'http://example.org/chunked', 3, '<html><body><p>Chunked page.</p></body></html>', 'text/html; charset=utf-8'),
    htmlDoc(name, 3, 'http://example.org/lying-gzip', 4, '<html><body><p>Header says gzip, body is plain.</p></body></html>', 'text/html'),
    htmlDoc(
      name,
      4,
      'http://example.org/real-gzip',
      5,
      '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Really gzipped XHTML.</p></body></html>',
      'application/xhtml+xml',
    ),
    htmlDoc(name, 5, 'http://example.org/brotli', 6, '<html><body><p>Brotli page.</p></body></html>', 'text/html'),
    htmlDoc(name, 6, 'http://example.org/deflate', 7, '<html><body><p>Deflate page.</p></body></html>', 'text/html'),
    { skipped: 'warc-revisit', source: 'http://example.org/chunked' },
    { skipped: 'http-status', source: 'http://example.org/missing' },
    { skipped: 'non-html', source: 'http://example.org/style.css' },
    { skipped: 'warc-metadata', source: 'http://example.org/chunked' },
    { skipped: 'warc-resource', source: 'http://example.org/resource.html' },
    { skipped: 'non-http', source: 'dns:example.org' },
    htmlDoc(
      name,
      13,
      'http://example.org/latin1',
      14,
      '<html><body><p>Caf\u00e9 cr\u00e8me, two Content-Type headers.</p></body></html>',
      'text/html; charset=iso-8859-1',
    ),
    {
      doc: {
        source: 'http://example.org/converted',
        id: recordId(15),
        bytes: 'Converted text of a page.\nSecond line.\n',
        type: 'text',
        contentType: 'text/plain',
        metadata: { warcRecordId: recordId(15), warcDate: DATE, warcFile: fixture(name), offset: offsetOf(name, 14), contentLanguage: 'eng' },
      },
    },
  ];
}

describe('readWarcFile on the fixtures', () => {
  it('mixed.warc: HTML 200 responses become documents, everything else is skipped', async () => {
    expect(await readFixture('mixed.warc')).toEqual(expectedMixed('mixed.warc'));
  });

  it('mixed.warc.gz (one gzip member per record): the same, with member offsets', async () => {
    expect(await readFixture('mixed.warc.gz')).toEqual(expectedMixed('mixed.warc.gz'));
  });

  it('broken.warc: each framing problem costs its record only', async () => {
    const name = 'broken.warc';
    const okHtml = (label: string): string => `<html><body><p>${label}</p></body></html>`;
    expect(await readFixture(name, { ...options, maxDocSize: 1000 })).toEqual([
      htmlDoc(name, 0, 'http://example.org/before', 16, okHtml('Before the damage.'), 'text/html'),
      errorAt(name, 1, 'wrong Content-Length 97: the block is not followed by a blank line'),
      htmlDoc(name, 2, 'http://example.org/after-short', 18, okHtml('Recovered after a short length.'), 'text/html'),
      errorAt(name, 3, 'wrong Content-Length 142: the block is not followed by a blank line'),
      { skipped: 'warc-request', source: 'http://example.org/after-long' },
      errorAt(name, 5, 'unexpected data between records (27 bytes skipped)'),
      errorAt(name, 6, 'malformed WARC header: missing or invalid Content-Length'),
      errorAt(name, 7, 'larger than --max-doc-size (1000 bytes)'),
      htmlDoc(name, 8, 'http://example.org/last-good', 23, okHtml('Last good record.'), 'text/html'),
      errorAt(name, 9, 'truncated record: Content-Length 477 but the input ends after 51 bytes'),
    ]);
  });

  it('broken.warc.gz: a corrupt member, a length running into the next member, a truncated member', async () => {
    const name = 'broken.warc.gz';
    const okHtml = (label: string): string => `<html><body><p>${label}</p></body></html>`;
    expect(await readFixture(name)).toEqual([
      htmlDoc(name, 0, 'http://example.org/gz-first', 25, okHtml('First member.'), 'text/html'),
      errorAt(name, 1, /^corrupt gzip data: /),
      htmlDoc(name, 2, 'http://example.org/gz-after-corrupt', 27, okHtml('After the corrupt member.'), 'text/html'),
      errorAt(name, 3, 'wrong Content-Length 130: the block is not followed by a blank line'),
      { skipped: 'warc-request', source: 'http://example.org/gz-after-long' },
      errorAt(name, 5, 'truncated gzip'),
    ]);
  });

  it('legacy-lf.warc: a WARC/0.18 record with bare LF line ends is read', async () => {
    const name = 'legacy-lf.warc';
    const legacy = htmlDoc(name, 0, 'http://example.org/legacy', 999, '<html><body><p>WARC/0.18 with bare LF.</p></body></html>', 'text/html');
    expect(await readFixture(name)).toEqual([
      legacy,
      htmlDoc(name, 1, 'http://example.org/after-legacy', 31, '<html><body><p>After the legacy record.</p></body></html>', 'text/html'),
    ]);
  });

  it('sample.warc.wet.gz: conversion records become text documents', async () => {
    const name = 'sample.warc.wet.gz';
    const conversion = (index: number, uri: string, counter: number, text: string, language: string): Plain => ({
      doc: {
        source: uri,
        id: recordId(counter),
        bytes: Buffer.from(text).toString('latin1'),
        type: 'text',
        contentType: 'text/plain',
        metadata: { warcRecordId: recordId(counter), warcDate: DATE, warcFile: fixture(name), offset: offsetOf(name, index), contentLanguage: language },
      },
    });
    expect(await readFixture(name)).toEqual([
      { skipped: 'warc-warcinfo', source: `${fixture(name)}@0` },
      conversion(1, 'https://example.org/a', 33, 'Page A text.\nIts second line.\n', 'eng'),
      conversion(2, 'https://example.org/b', 34, 'Texte de la page B, été.\n', 'fra'),
    ]);
  });

  it('gives the same events whole and one byte at a time', async () => {
    for (const name of Object.keys(OFFSETS)) {
      const bytes = readFileSync(fixture(name));
      const whole = await collect(readWarcChunks(Readable.from([bytes]), name, { ...options, maxDocSize: 1000 }));
      const tiny = await collect(readWarcChunks(oneByteChunks(bytes), name, { ...options, maxDocSize: 1000 }));
      expect(tiny.map(plain), name).toEqual(whole.map(plain));
      expect(whole.length, name).toBeGreaterThan(1);
    }
  });

  it('reads a WARC gzipped as a single member (offsets are then all 0)', async () => {
    const single = zlib.gzipSync(readFileSync(fixture('mixed.warc')));
    const events = (await collect(readWarcChunks(Readable.from([single]), fixture('mixed.warc'), options))).map(plain);
    const expected = expectedMixed('mixed.warc').map((event) =>
      'doc' in event ? { doc: { ...event.doc, metadata: { ...event.doc.metadata, offset: 0 } } } : event,
    );
    expect(events).toEqual(expected);
  });

  it('lets --input-type force the document type', async () => {
    const asText = await readFixture('mixed.warc', { ...options, inputType: 'text' });
    const asHtml = await readFixture('mixed.warc', { ...options, inputType: 'html' });
    const types = (events: Plain[]): string[] => events.flatMap((event) => ('doc' in event ? [event.doc.type] : []));
    expect(types(asText)).toEqual(Array(7).fill('text'));
    expect(types(asHtml)).toEqual(Array(7).fill('html'));
  });

  it('reports a directory', async () => {
    expect(await collect(readWarcFile(FIXTURES, options))).toEqual([{ error: { source: FIXTURES, reason: 'is a directory' } }]);
  });

  it('reports a missing file', async () => {
    expect(await readFixture('missing.warc')).toEqual([
      { error: { source: fixture('missing.warc'), reason: 'no such file or directory' } },
    ]);
  });
});

/** A WARC record built in memory. */
function warcRecord(headers: string[], block: string | Buffer): Buffer {
  const blockBytes = typeof block === 'string' ? Buffer.from(block, 'latin1') : block;
  return Buffer.concat([
    Buffer.from(['WARC/1.0', ...headers, `Content-Length: ${blockBytes.length}`, '', ''].join('\r\n')),
    blockBytes,
    Buffer.from('\r\n\r\n'),
  ]);
}

describe('readWarcChunks edge cases', () => {
  const read = async (input: Buffer, readerOptions: ReaderOptions = options): Promise<Plain[]> =>
    (await collect(readWarcChunks(Readable.from([input]), 'in.warc', readerOptions))).map(plain);
  const html = '<html><body>page</body></html>';

  it('reads nothing from empty input', async () => {
    expect(await read(Buffer.alloc(0))).toEqual([]);
  });

  it('unwraps <…> target URIs (wget) and falls back to path@offset without one', async () => {
    const input = Buffer.concat([
      warcRecord(['WARC-Type: response', 'WARC-Target-URI: <https://example.org/wrapped>'], `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${html}`),
      warcRecord(['WARC-Type: response'], `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${html}`),
    ]);
    const events = await read(input);
    expect(events.map((event) => ('doc' in event ? event.doc.source : event))).toEqual([
      'https://example.org/wrapped',
      `in.warc@${input.indexOf('WARC/1.0', 10)}`,
    ]);
    expect(events.map((event) => ('doc' in event ? event.doc.id : 'x'))).toEqual([undefined, undefined]);
  });

  it("uses Common Crawl's identified payload type when the Content-Type header is missing", async () => {
    const block = `HTTP/1.1 200 OK\r\nServer: x\r\n\r\n${html}`;
    const identified = await read(warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://a/', 'WARC-Identified-Payload-Type: text/html'], block));
    expect(identified).toEqual([{ doc: expect.objectContaining({ source: 'http://a/', bytes: html }) as unknown }]);
    expect(identified[0] && 'doc' in identified[0] ? identified[0].doc.contentType : 'none').toBeUndefined();
    expect(await read(warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://a/'], block))).toEqual([
      { skipped: 'non-html', source: 'http://a/' },
    ]);
  });

  it('keeps WARC-Truncated in the metadata', async () => {
    const events = await read(
      warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://a/', 'WARC-Truncated: length'], `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${html}`),
    );
    expect(events).toEqual([{ doc: expect.objectContaining({ metadata: expect.objectContaining({ warcTruncated: 'length' }) as unknown }) as unknown }]);
  });

  it('counts a response without HTTP headers as non-http and an empty HTTP head as no body', async () => {
    expect(await read(warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://a/'], ''))).toEqual([
      { skipped: 'non-http', source: 'http://a/' },
    ]);
    expect(await read(warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://a/'], 'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n'))).toEqual([
      { doc: expect.objectContaining({ bytes: '' }) as unknown },
    ]);
  });

  it('reports junk before the first record and a record without WARC-Type', async () => {
    const record = warcRecord(['WARC-Target-URI: http://a/'], 'x');
    const events = await read(Buffer.concat([Buffer.from('junk\r\nmore junk\r\n\r\n'), record]));
    expect(events).toEqual([
      { error: { source: 'in.warc@0', reason: 'unexpected data between records (17 bytes skipped)' } },
      { error: { source: 'in.warc@19', reason: 'malformed WARC header: missing WARC-Type' } },
    ]);
  });

  it('reads a .warc.gz whose first member is damaged from its second member on', async () => {
    const damaged = readFileSync(fixture('mixed.warc.gz'));
    damaged[0] = 0x00;
    const events = (await collect(readWarcChunks(Readable.from([damaged]), 'mixed.warc.gz', options))).map(plain);
    expect(events[0]).toEqual({ error: { source: 'mixed.warc.gz@0', reason: 'not gzip data' } });
    expect(events.slice(1).map((event) => ('doc' in event ? event.doc.source : 'skipped' in event ? event.skipped : event))).toEqual(
      expectedMixed('mixed.warc.gz')
        .slice(1)
        .map((event) => ('doc' in event ? event.doc.source : 'skipped' in event ? event.skipped : event)),
    );
  });

  it('reports input ending inside a WARC header', async () => {
    expect(await read(Buffer.from('WARC/1.0\r\nWARC-Type: resp'))).toEqual([
      { error: { source: 'in.warc@0', reason: 'truncated record: the input ends inside the WARC header' } },
    ]);
  });

  it('forgives a missing record end at the end of input, and extra blank lines between records', async () => {
    const first = warcRecord(['WARC-Type: request', 'WARC-Target-URI: http://a/'], 'GET / HTTP/1.1\r\n\r\n');
    const last = warcRecord(['WARC-Type: request', 'WARC-Target-URI: http://b/'], 'GET / HTTP/1.1\r\n\r\n');
    const events = await read(Buffer.concat([first, Buffer.from('\r\n\r\n'), last.subarray(0, last.length - 3)]));
    expect(events).toEqual([
      { skipped: 'warc-request', source: 'http://a/' },
      { skipped: 'warc-request', source: 'http://b/' },
    ]);
  });

  describe('large bodies are not buffered', () => {
    const megabyte = Buffer.alloc(1024 * 1024, 'a');
    async function* bigRecordThenSmall(contentType: string, bodyMegabytes: number): AsyncGenerator<Uint8Array> {
      const head = `HTTP/1.1 200 OK\r\nContent-Type: ${contentType}\r\n\r\n`;
      const blockLength = head.length + bodyMegabytes * megabyte.length;
      yield Buffer.from(
        ['WARC/1.0', 'WARC-Type: response', 'WARC-Target-URI: http://big/', `Content-Length: ${blockLength}`, '', head].join('\r\n'),
      );
      for (let index = 0; index < bodyMegabytes; index++) yield megabyte;
      yield Buffer.from('\r\n\r\n');
      yield warcRecord(['WARC-Type: response', 'WARC-Target-URI: http://small/'], `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n${html}`);
    }

    for (const [contentType, expected] of [
      ['text/html', { error: { source: 'in.warc@0', reason: 'larger than --max-doc-size (1000000 bytes)' } }],
      ['image/png', { skipped: 'non-html', source: 'http://big/' }],
    ] as const) {
      it(`${contentType}: 512 MB body with a 1 MB limit`, async () => {
        const heapBefore = process.memoryUsage().heapUsed;
        const events = (await collect(readWarcChunks(bigRecordThenSmall(contentType, 512), 'in.warc', options))).map(plain);
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
        expect(events).toEqual([expected, { doc: expect.objectContaining({ source: 'http://small/', bytes: html }) as unknown }]);
      });
    }
  });
});

describe('damaged input (property)', () => {
  /** Splits bytes at the given cut points. */
  function chunked(bytes: Buffer, cuts: number[]): Readable {
    const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
    const chunks: Buffer[] = [];
    let start = 0;
    for (const point of [...points, bytes.length]) {
      chunks.push(bytes.subarray(start, point));
      start = point;
    }
    return Readable.from(chunks);
  }

  const damage = fc.record({
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 6 }),
    cutAt: fc.option(fc.nat(), { nil: undefined }),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
  });

  for (const name of ['mixed.warc', 'mixed.warc.gz']) {
    it(`${name}: never throws, ends, and the chunking does not change the events`, async () => {
      const original = readFileSync(fixture(name));
      await fc.assert(
        fc.asyncProperty(damage, async ({ flips, cutAt, cuts }) => {
          const bytes = Buffer.from(original);
          for (const [position, mask] of flips) bytes[position % bytes.length]! ^= mask;
          const damaged = cutAt === undefined ? bytes : bytes.subarray(0, cutAt % (bytes.length + 1));
          const whole = (await collect(readWarcChunks(Readable.from([damaged]), name, options))).map(plain);
          const pieces = (await collect(readWarcChunks(chunked(damaged, cuts), name, options))).map(plain);
          expect(pieces).toEqual(whole);
          for (const event of whole) {
            const ok = 'doc' in event || ('error' in event && event.error.reason.length > 0) || ('skipped' in event && event.source.length > 0);
            expect(ok).toBe(true);
          }
          // Undamaged records around the damage survive: a single flip costs at most two records.
          if (flips.length === 1 && cutAt === undefined) {
            expect(whole.filter((event) => !('error' in event)).length).toBeGreaterThanOrEqual(expectedMixed(name).length - 2);
          }
        }),
        { numRuns: Number(process.env['WARC_DAMAGE_RUNS'] ?? 150) },
      );
    });
  }
});

describe('isWarcPath', () => {
  it('accepts .warc, .warc.gz, .wet, .wet.gz and .warc.wet.gz', () => {
    for (const path of ['a.warc', 'b.warc.gz', 'c.WARC.GZ', 'd.wet', 'e.wet.gz', 'CC-MAIN-1.warc.wet.gz']) expect(isWarcPath(path), path).toBe(true);
    for (const path of ['a.warc.wat.gz', 'b.html.gz', 'c.jsonl.gz', 'd.warcx']) expect(isWarcPath(path), path).toBe(false);
  });
});
