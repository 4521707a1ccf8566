/**
 * JSON Lines reader (`.jsonl`, `.jsonl.gz`, dolma's `.json.gz`): one document
 * per line, its text in a configurable field. Lines are split by hand so that a
 * huge line costs at most --max-doc-size of memory.
 */
import type { RawDoc, ReadEvent, ReaderOptions } from '../types.js';
import { shortMessage } from './errors.js';
import { tooLargeReason } from './file.js';
import { gunzipMembers, readFileWith, sniffGzip } from './gzip.js';

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array(0);

/** One line of input, without its line end. */
export type SplitLine =
  | { lineNumber: number; bytes: Uint8Array; terminated: boolean }
  /** The line passed the byte limit; its bytes were dropped as they came. */
  | { lineNumber: number; tooLong: true; terminated: boolean };

/**
 * Splits chunks into lines on LF (dropping a CR before it), numbering them
 * from 1. A last line without a line end is still a line. A line longer than
 * `maxLineBytes` is reported as too long without being buffered.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<SplitLine> {
  let parts: Uint8Array[] = [];
  let partBytes = 0;
  let tooLong = false;
  let lineNumber = 1;
  const finishLine = (last: Uint8Array, terminated: boolean): SplitLine => {
    let line: SplitLine;
    // +1: a CR before the LF is part of the line end, not of the line.
    if (tooLong || partBytes + last.length > maxLineBytes + (terminated ? 1 : 0)) {
      line = { lineNumber, tooLong: true, terminated };
    } else {
      let bytes = parts.length === 0 ? last : Buffer.concat([...parts, last], partBytes + last.length);
      if (terminated && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, bytes.length - 1);
      line = bytes.length > maxLineBytes ? { lineNumber, tooLong: true, terminated } : { lineNumber, bytes, terminated };
    }
    parts = [];
    partBytes = 0;
    tooLong = false;
    lineNumber++;
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(LF); end >= 0; end = chunk.indexOf(LF, start)) {
      yield finishLine(chunk.subarray(start, end), true);
      start = end + 1;
    }
    if (start < chunk.length && !tooLong) {
      const rest = chunk.subarray(start);
      if (partBytes + rest.length > maxLineBytes + 1) {
        // Drop the line's bytes as they come: a 2 GB line must not be buffered.
        tooLong = true;
        parts = [];
        partBytes = 0;
      } else {
        parts.push(rest);
        partBytes += rest.length;
      }
    }
  }
  if (partBytes > 0 || tooLong) yield finishLine(EMPTY, false);
}

function isBlank(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== CR) return false;
  }
  return true;
}

const utf8 = new TextDecoder('utf-8');

type LineOutcome = { doc: RawDoc } | { error: string } | 'blank';

/**
 * One JSON object per line: the text field becomes `text` (already decoded,
 * so `bytes` stays empty), `id` (string or number) becomes the document id,
 * and every other field, plus `line`, goes into the metadata.
 */
function parseLine(bytes: Uint8Array, lineNumber: number, path: string, options: ReaderOptions): LineOutcome {
  if (isBlank(bytes)) return 'blank';
  let json = utf8.decode(bytes);
  if (lineNumber === 1 && json.startsWith('\uFEFF')) json = json.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { error: `invalid JSON: ${shortMessage(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'invalid JSON: not an object' };
  }
  const record = value as Record<string, unknown>;
  const text = record[options.textField];
  if (text === undefined) return { error: `missing text field "${options.textField}"` };
  if (typeof text !== 'string') return { error: `text field "${options.textField}" is not a string` };

  const metadata: Record<string, unknown> = {};
  let id: string | undefined;
  for (const [key, fieldValue] of Object.entries(record)) {
    if (key === options.textField) continue;
    if (key === 'id' && (typeof fieldValue === 'string' || (typeof fieldValue === 'number' && Number.isFinite(fieldValue)))) {
      id = String(fieldValue);
      continue;
    }
    metadata[key] = fieldValue;
  }
  // Ours wins over a field of the same name: the engine derives ids from source + line.
  metadata['line'] = lineNumber;
  const doc: RawDoc = {
    source: path,
    bytes: EMPTY,
    text,
    type: options.inputType ?? 'text',
    metadata,
    ...(id !== undefined ? { id } : {}),
  };
  return { doc };
}

/**
 * Reads JSON Lines from chunks, gunzipping them when they are gzip (decided by
 * the bytes). Bad lines are errors with source `path:line`; the others go on.
 */
export async function* readJsonlChunks(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  options: ReaderOptions,
): AsyncGenerator<ReadEvent> {
  const sniffed = await sniffGzip(chunks);
  let gzipError: string | undefined;
  async function* decompressed(): AsyncGenerator<Uint8Array> {
    for await (const event of gunzipMembers(sniffed.chunks)) {
      if (event.kind === 'error') {
        gzipError = event.reason;
        return;
      }
      yield event.bytes;
    }
  }
  const text = sniffed.gzip ? decompressed() : sniffed.chunks;
  for await (const line of splitLines(text, options.maxDocSize)) {
    // A last line cut short by broken gzip is not worth a second error.
    if (gzipError !== undefined && !line.terminated) break;
    const lineSource = `${path}:${line.lineNumber}`;
    if ('tooLong' in line) {
      yield { error: { source: lineSource, reason: `line ${tooLargeReason(options.maxDocSize)}` } };
      continue;
    }
    const outcome = parseLine(line.bytes, line.lineNumber, path, options);
    if (outcome === 'blank') continue;
    yield 'doc' in outcome ? outcome : { error: { source: lineSource, reason: outcome.error } };
  }
  if (gzipError !== undefined) yield { error: { source: path, reason: gzipError } };
}

export { isJsonlPath } from './paths.js';

/** Reads a JSON Lines file, plain or gzipped. */
export async function* readJsonlFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  yield* readFileWith(path, (chunks) => readJsonlChunks(chunks, path, options));
}
