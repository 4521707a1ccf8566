import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  dechunk,
  decodeHttpBody,
  effectiveContentType,
  isHtmlContentType,
  parseHeaderLines,
  parseStatusLine,
  type HttpHead,
} from '../../src/readers/http.js';

const HTML = '<html><body><p>Body text.</p></body></html>';
const head = (...headers: Array<[string, string]>): HttpHead => ({ statusCode: 200, headers });
const decode = (body: Uint8Array, httpHead: HttpHead, maxBytes = 1_000_000): string | { error: string } => {
  const result = decodeHttpBody(body, httpHead, maxBytes);
  return 'error' in result ? result : Buffer.from(result.bytes).toString('latin1');
};

describe('parseStatusLine', () => {
  it('reads the status code of HTTP/1.x and HTTP/2 status lines', () => {
    expect(parseStatusLine('HTTP/1.1 200 OK')).toBe(200);
    expect(parseStatusLine('HTTP/1.0 404 Not Found\r')).toBe(404);
    expect(parseStatusLine('HTTP/2 301')).toBe(301);
    expect(parseStatusLine('GET / HTTP/1.1')).toBeUndefined();
    expect(parseStatusLine('HTTP/1.1 2000 OK')).toBeUndefined();
    expect(parseStatusLine('')).toBeUndefined();
  });
});

describe('parseHeaderLines', () => {
  it('lower-cases names, keeps repeats and joins folded lines', () => {
    expect(parseHeaderLines(['Content-Type: text/html', 'X-Long: first', '  second', 'no colon here', 'content-type:text/plain'])).toEqual([
      ['content-type', 'text/html'],
      ['x-long', 'first second'],
      ['content-type', 'text/plain'],
    ]);
  });
});

describe('effectiveContentType', () => {
  it('returns a single header as is', () => {
    expect(effectiveContentType(['text/html; charset=UTF-8'])).toBe('text/html; charset=UTF-8');
    expect(effectiveContentType([])).toBeUndefined();
  });

  it('takes the last of several, keeping an earlier charset of the same type', () => {
    expect(effectiveContentType(['text/html; charset=utf-8', 'text/html'])).toBe('text/html; charset=utf-8');
    expect(effectiveContentType(['text/html; charset=utf-8', 'text/plain'])).toBe('text/plain');
    expect(effectiveContentType(['text/html, text/html;charset=gbk'])).toBe('text/html;charset=gbk');
    expect(effectiveContentType(['text/html; charset=utf-8', 'garbage'])).toBe('text/html; charset=utf-8');
  });
});

describe('isHtmlContentType', () => {
  it('accepts text/html and application/xhtml+xml whatever the parameters and case', () => {
    expect(isHtmlContentType('text/html')).toBe(true);
    expect(isHtmlContentType('TEXT/HTML; charset=ISO-8859-1')).toBe(true);
    expect(isHtmlContentType('application/xhtml+xml')).toBe(true);
    expect(isHtmlContentType('text/plain')).toBe(false);
    expect(isHtmlContentType('application/json')).toBe(false);
  });
});

describe('dechunk', () => {
  const bytes = (value: string): Buffer => Buffer.from(value, 'latin1');
  const asText = (value: Uint8Array): string => Buffer.from(value).toString('latin1');

  it('joins chunks, ignoring extensions and trailers', () => {
    expect(asText(dechunk(bytes('5;name=value\r\nHello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n')))).toBe('Hello, world');
  });

  it('accepts bare LF and upper-case hex', () => {
    expect(asText(dechunk(bytes('A\nabcdefghij\n0\n\n')))).toBe('abcdefghij');
  });

  it('returns a body that is not chunked unchanged', () => {
    expect(asText(dechunk(bytes(HTML)))).toBe(HTML);
    // Starts like a chunk size but the chunk is not followed by a line end.
    expect(asText(dechunk(bytes('3\r\nabcdef')))).toBe('3\r\nabcdef');
  });

  it('keeps the chunks that arrived when the body is cut short', () => {
    expect(asText(dechunk(bytes('5\r\nHello\r\n10\r\nonly part')))).toBe('Helloonly part');
  });
});

describe('decodeHttpBody', () => {
  it('undoes chunked transfer coding then content coding', () => {
    const gz = zlib.gzipSync(HTML);
    const chunked = Buffer.concat([
      Buffer.from(`${(10).toString(16)}\r\n`),
      gz.subarray(0, 10),
      Buffer.from(`\r\n${(gz.length - 10).toString(16)}\r\n`),
      gz.subarray(10),
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    expect(decode(chunked, head(['transfer-encoding', 'chunked'], ['content-encoding', 'gzip']))).toBe(HTML);
  });

  it('uses the body as is when the content-encoding header lies', () => {
    for (const coding of ['gzip', 'x-gzip', 'deflate', 'br']) {
      expect(decode(Buffer.from(HTML), head(['content-encoding', coding])), coding).toBe(HTML);
    }
    expect(decode(Buffer.from(` \n${HTML}`), head(['content-encoding', 'br']))).toBe(` \n${HTML}`);
  });

  it('decodes gzip, zlib deflate, raw deflate and brotli', () => {
    expect(decode(zlib.gzipSync(HTML), head(['content-encoding', 'gzip']))).toBe(HTML);
    expect(decode(zlib.deflateSync(HTML), head(['content-encoding', 'deflate']))).toBe(HTML);
    expect(decode(zlib.deflateRawSync(HTML), head(['content-encoding', 'deflate']))).toBe(HTML);
    expect(decode(zlib.brotliCompressSync(HTML), head(['content-encoding', 'br']))).toBe(HTML);
  });

  it('undoes stacked codings in reverse order', () => {
    const twice = zlib.brotliCompressSync(zlib.gzipSync(HTML));
    expect(decode(twice, head(['content-encoding', 'gzip, br']))).toBe(HTML);
  });

  it('keeps what a truncated compressed body decodes to', () => {
    const long = `<html><body>${'<p>Some paragraph text that repeats.</p>'.repeat(200)}</body></html>`;
    const gz = zlib.gzipSync(long);
    const decoded = decode(gz.subarray(0, gz.length - 30), head(['content-encoding', 'gzip']));
    expect(typeof decoded).toBe('string');
    expect(long.startsWith(decoded as string)).toBe(true);
    expect((decoded as string).length).toBeGreaterThan(1000);
  });

  it('refuses output over the limit, without inflating a bomb fully', () => {
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(decode(bomb, head(['content-encoding', 'gzip']), 1_000_000)).toEqual({
      error: 'larger than --max-doc-size (1000000 bytes) after decompression',
      tooLarge: true,
    });
    expect(decode(Buffer.from(HTML), head(), 10)).toEqual({
      error: 'larger than --max-doc-size (10 bytes) after decompression',
      tooLarge: true,
    });
  });

  it('reports corrupt gzip and unsupported codings that are not plain markup', () => {
    const gz = Buffer.from(zlib.gzipSync(HTML));
    for (let index = 10; index < 20; index++) gz[index] = 0xff;
    expect(decode(gz, head(['content-encoding', 'gzip']))).toEqual({ error: 'corrupt gzip content-encoding' });
    expect(decode(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]), head(['content-encoding', 'zstd']))).toEqual({
      error: 'unsupported content-encoding zstd',
    });
    expect(decode(Buffer.from(HTML), head(['content-encoding', 'zstd']))).toBe(HTML);
    expect(decode(Buffer.from(HTML), head(['content-encoding', 'identity']))).toBe(HTML);
  });
});
