/**
 * The HTTP layer of archived responses: the status line and headers, and
 * undoing chunked transfer coding and gzip/deflate/br content coding, trusting
 * the bytes over the headers (crawlers often store bodies already decoded).
 */
import zlib from 'node:zlib';

/** An HTTP response head; header names lower-cased, in order, repeats kept. */
export interface HttpHead {
  statusCode: number;
  headers: ReadonlyArray<readonly [name: string, value: string]>;
}

const STATUS_LINE = /^HTTP\/\d+(?:\.\d+)?[ \t]+(\d{3})(?:[ \t]|$)/;

/** The status code of an HTTP status line (`HTTP/1.1 200 OK`, `HTTP/2 404`), or undefined when it is not one. */
export function parseStatusLine(line: string): number | undefined {
  const match = STATUS_LINE.exec(line.trim());
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Parses header lines (without their line ends). Obsolete folded lines are
 * joined to the header above; lines without a colon are dropped.
 */
export function parseHeaderLines(lines: readonly string[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    const previous = headers.at(-1);
    if ((line.startsWith(' ') || line.startsWith('\t')) && previous !== undefined) {
      previous[1] = `${previous[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** All values of a header, in order. */
export function headerValues(head: HttpHead, name: string): string[] {
  const wanted = name.toLowerCase();
  return head.headers.filter(([headerName]) => headerName === wanted).map(([, value]) => value);
}

/** Splits a header value on commas outside double quotes. */
function splitList(value: string): string[] {
  const items: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of value) {
    if (character === '"') quoted = !quoted;
    if (character === ',' && !quoted) {
      items.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  items.push(current);
  return items.map((item) => item.trim()).filter((item) => item.length > 0);
}

/** The lower-cased `type/subtype` of a media type, without parameters. */
export function mimeEssence(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

function charsetParameter(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2];
}

/**
 * The effective Content-Type when a response has several (servers do send
 * `text/html; charset=utf-8` and then `text/html`): the last valid one, keeping
 * an earlier charset for the same type, as browsers do (WHATWG Fetch, "extract
 * a MIME type"). One header comes back unchanged.
 */
export function effectiveContentType(values: readonly string[]): string | undefined {
  const candidates = values.flatMap(splitList).filter((value) => /^[^\s/;]+\/[^\s/;]+$/.test(mimeEssence(value)));
  if (candidates.length <= 1) return candidates[0] ?? values[0];
  let essence = '';
  let charset: string | undefined;
  let chosen = '';
  for (const candidate of candidates) {
    const candidateEssence = mimeEssence(candidate);
    if (candidateEssence === '*/*') continue;
    const candidateCharset = charsetParameter(candidate);
    if (candidateEssence !== essence) {
      essence = candidateEssence;
      charset = candidateCharset;
    } else if (candidateCharset !== undefined) {
      charset = candidateCharset;
    }
    chosen = candidate;
  }
  if (charset !== undefined && charsetParameter(chosen) === undefined) chosen = `${chosen}; charset=${charset}`;
  return chosen;
}

const HTML_ESSENCES: ReadonlySet<string> = new Set(['text/html', 'application/xhtml+xml']);

/** text/html or application/xhtml+xml, whatever the parameters. */
export function isHtmlContentType(contentType: string): boolean {
  return HTML_ESSENCES.has(mimeEssence(contentType));
}

const CR = 0x0d;
const LF = 0x0a;

/** Hex digits of a chunk size, optionally followed by `;extensions`; bounded so the size stays exact. */
const CHUNK_SIZE_LINE = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/;

/**
 * Undoes chunked transfer coding. A body that does not start like chunked
 * data comes back unchanged (the crawler stored it decoded but kept the
 * header); a body cut short keeps the chunks that arrived.
 */
export function dechunk(body: Uint8Array): Uint8Array {
  const pieces: Uint8Array[] = [];
  let position = 0;
  let decodedBytes = 0;
  const decoder = new TextDecoder('latin1');
  while (position < body.length) {
    const lineEnd = body.indexOf(LF, position);
    const rawLine = body.subarray(position, lineEnd < 0 ? Math.min(body.length, position + 64) : lineEnd);
    const match = CHUNK_SIZE_LINE.exec(decoder.decode(rawLine).replace(/\r$/, '').trim());
    if (lineEnd < 0 || match?.[1] === undefined) {
      if (pieces.length === 0) return body;
      break;
    }
    const chunkSize = Number.parseInt(match[1], 16);
    position = lineEnd + 1;
    if (chunkSize === 0) break; // the last chunk; trailers do not belong to the body
    const chunk = body.subarray(position, Math.min(body.length, position + chunkSize));
    pieces.push(chunk);
    decodedBytes += chunk.length;
    position += chunkSize;
    if (body[position] === CR && body[position + 1] === LF) position += 2;
    else if (body[position] === LF) position += 1;
    else if (position < body.length) {
      // Not a chunk boundary. After the first chunk that means the body was never chunked.
      if (pieces.length === 1) return body;
      break;
    }
  }
  return Buffer.concat(pieces, decodedBytes);
}

/** Whether the bytes start (after a BOM and white space) with `<`: plain markup, not compressed data. */
function looksLikeMarkup(bytes: Uint8Array): boolean {
  let position = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) position = 3;
  else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) position = 2;
  while (position < bytes.length && position < 4096) {
    const byte = bytes[position];
    if (byte === 0x3c) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x00) return false;
    position++;
  }
  return false;
}

function isZlibHeader(bytes: Uint8Array): boolean {
  const first = bytes[0];
  const second = bytes[1];
  if (first === undefined || second === undefined) return false;
  return (first & 0x0f) === 8 && first >> 4 <= 7 && ((first << 8) | second) % 31 === 0;
}

/** A decoded body, or why it could not be decoded (`tooLarge` when over the size limit). */
export type BodyResult = { bytes: Uint8Array } | { error: string; tooLarge?: true };

function tooLargeError(maxBytes: number): BodyResult {
  return { error: `larger than --max-doc-size (${maxBytes} bytes) after decompression`, tooLarge: true };
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

/**
 * Undoes one content coding. `decode` gets the output cap; truncated input
 * gives what it decodes to (crawlers cut long bodies short).
 */
function decodeOneCoding(bytes: Uint8Array, coding: string, maxBytes: number): BodyResult {
  const maxOutputLength = maxBytes + 1;
  const attempt = (decode: () => Buffer, onFailure: BodyResult): BodyResult => {
    try {
      const output = decode();
      return output.length > maxBytes ? tooLargeError(maxBytes) : { bytes: output };
    } catch (error) {
      return isTooLarge(error) ? tooLargeError(maxBytes) : onFailure;
    }
  };
  const syncFlush = { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength };
  switch (coding) {
    case 'identity':
    case '':
      return { bytes };
    case 'gzip':
    case 'x-gzip':
      // The gzip magic decides: without it the header lies and the body is stored decoded.
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return { bytes };
      return attempt(() => zlib.gunzipSync(bytes, syncFlush), { error: 'corrupt gzip content-encoding' });
    case 'deflate':
    case 'x-deflate':
      if (isZlibHeader(bytes)) {
        return attempt(() => zlib.inflateSync(bytes, syncFlush), { error: 'corrupt deflate content-encoding' });
      }
      // Some servers send raw deflate; raw deflate has no magic, so only try it on what is not markup.
      if (looksLikeMarkup(bytes)) return { bytes };
      return attempt(() => zlib.inflateRawSync(bytes, syncFlush), { bytes });
    case 'br':
      if (looksLikeMarkup(bytes)) return { bytes };
      return attempt(
        () =>
          zlib.brotliDecompressSync(bytes, {
            finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
            maxOutputLength,
          }),
        { bytes },
      );
    default:
      return looksLikeMarkup(bytes) ? { bytes } : { error: `unsupported content-encoding ${coding}` };
  }
}

/**
 * The body as the server meant it: chunked transfer coding undone, then each
 * content coding undone in reverse order when the bytes really are encoded.
 * Fails when the result passes `maxBytes` (checked while decompressing).
 */
export function decodeHttpBody(body: Uint8Array, head: HttpHead, maxBytes: number): BodyResult {
  const transferCodings = headerValues(head, 'transfer-encoding').flatMap(splitList).map((coding) => coding.toLowerCase());
  let bytes = transferCodings.includes('chunked') ? dechunk(body) : body;
  const contentCodings = headerValues(head, 'content-encoding')
    .flatMap(splitList)
    .map((coding) => coding.toLowerCase());
  for (const coding of contentCodings.reverse()) {
    const result = decodeOneCoding(bytes, coding, maxBytes);
    if ('error' in result) return result;
    bytes = result.bytes;
  }
  return bytes.length > maxBytes ? tooLargeError(maxBytes) : { bytes };
}
