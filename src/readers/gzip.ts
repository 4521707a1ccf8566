/**
 * Gzip input: a member-by-member gunzip that knows where each member starts
 * (WARC offsets, recovery after a corrupt member), and the reader for gzipped
 * single documents (`page.html.gz`).
 */
import zlib from 'node:zlib';
import type { InputType, ReadEvent, ReaderOptions } from '../types.js';
import { describeFsError } from './errors.js';
import { openRegularFile, readRegularFileAtOnce, tooLargeReason } from './file.js';

/** What {@link gunzipMembers} yields, in input order. */
export type GzipEvent =
  /** Decompressed bytes of the member that starts at `memberOffset` in the compressed input. */
  | { kind: 'data'; bytes: Uint8Array; memberOffset: number }
  /** A problem at compressed offset `offset`: 'not gzip data', 'truncated gzip' or 'corrupt gzip data: …'. */
  | { kind: 'error'; reason: string; offset: number };

export interface GunzipOptions {
  /**
   * After a corrupt member, look for the next gzip member and go on instead of
   * stopping. WARC files compress each record as its own member, so one bad
   * member should cost one record.
   * @default false
   */
  resumeAfterError?: boolean;
}

const GZIP_MAGIC_1 = 0x1f;
const GZIP_MAGIC_2 = 0x8b;
const DEFLATE_METHOD = 8;
const GZIP_TRAILER_BYTES = 8;
/** The first three bytes of every gzip member we can read (magic + deflate method). */
const GZIP_MEMBER_START = Buffer.from([GZIP_MAGIC_1, GZIP_MAGIC_2, DEFLATE_METHOD]);

/**
 * Below this many buffered compressed bytes we read more before inflating a
 * member, so that most members (a Common Crawl record is 5–100 KiB compressed)
 * are whole in memory and can be inflated in one synchronous call, which costs
 * a tenth of setting up a zlib stream per member.
 */
const WINDOW_LOW_WATER = 512 * 1024;
/** How much compressed input we buffer when we refill. */
const WINDOW_HIGH_WATER = 4 * 1024 * 1024;
/**
 * Largest output of the one-shot path; a member that inflates to more (a big
 * record, a gzip bomb) goes through the streaming path, whose memory is bounded.
 */
const ONE_SHOT_MAX_OUTPUT = 8 * 1024 * 1024;
/** Compressed bytes per write on the streaming path; bounds the output in flight. */
const STREAMING_SLICE_BYTES = 16 * 1024;
/** A gzip header longer than this (a huge FNAME/FEXTRA) is treated as garbage. */
const MAX_GZIP_HEADER_BYTES = 64 * 1024;

/** Compressed input buffered contiguously, with its offset in the file. */
class InputWindow {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly source: AsyncIterator<Uint8Array>;
  /** Offset in the compressed input of `bytes[0]`. */
  offset = 0;
  exhausted = false;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  get bytes(): Buffer {
    return this.buffer;
  }

  /** Reads until at least `minBytes` are buffered or the input ends. */
  async fill(minBytes: number): Promise<void> {
    if (this.buffer.length >= minBytes || this.exhausted) return;
    const parts: Uint8Array[] = [this.buffer];
    let total = this.buffer.length;
    while (total < minBytes) {
      const next = await this.source.next();
      if (next.done === true) {
        this.exhausted = true;
        break;
      }
      if (next.value.length === 0) continue;
      parts.push(next.value);
      total += next.value.length;
    }
    this.buffer = parts.length === 1 ? this.buffer : Buffer.concat(parts, total);
  }

  /** Keeps enough input buffered for the one-shot path without re-copying the window for every member. */
  async refillIfLow(): Promise<void> {
    if (this.buffer.length < WINDOW_LOW_WATER) await this.fill(WINDOW_HIGH_WATER);
  }

  consume(byteCount: number): void {
    this.buffer = this.buffer.subarray(byteCount);
    this.offset += byteCount;
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }
}

type HeaderParse = { headerBytes: number } | 'incomplete' | 'invalid';

/** Parses the gzip member header (RFC 1952 §2.3) at the start of `bytes`. */
function parseGzipHeader(bytes: Uint8Array): HeaderParse {
  if (bytes.length >= 1 && bytes[0] !== GZIP_MAGIC_1) return 'invalid';
  if (bytes.length >= 2 && bytes[1] !== GZIP_MAGIC_2) return 'invalid';
  if (bytes.length >= 3 && bytes[2] !== DEFLATE_METHOD) return 'invalid';
  if (bytes.length < 10) return 'incomplete';
  const flags = bytes[3] ?? 0;
  const FHCRC = 0x02;
  const FEXTRA = 0x04;
  const FNAME = 0x08;
  const FCOMMENT = 0x10;
  const RESERVED = 0xe0;
  if ((flags & RESERVED) !== 0) return 'invalid';
  let position = 10;
  if ((flags & FEXTRA) !== 0) {
    if (bytes.length < position + 2) return 'incomplete';
    position += 2 + ((bytes[position] ?? 0) | ((bytes[position + 1] ?? 0) << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if ((flags & flag) === 0) continue;
    const terminator = bytes.indexOf(0, position);
    if (terminator < 0) return 'incomplete';
    position = terminator + 1;
  }
  if ((flags & FHCRC) !== 0) position += 2;
  if (bytes.length < position) return 'incomplete';
  return { headerBytes: position };
}

function zlibErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** CRC-32 of the member output, when this Node has `zlib.crc32` (20.15+). */
const crc32: ((data: Uint8Array, previous?: number) => number) | undefined =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : undefined;

type InflateOutcome = { ok: true; crc: number; size: number } | { ok: false; reason: string };

/**
 * Inflates one member's deflate data from a zlib stream, a slice at a time,
 * reading output as it comes so zlib's backpressure bounds memory. Consumes
 * from `window` exactly the compressed bytes zlib used.
 */
async function* inflateStreaming(window: InputWindow): AsyncGenerator<Uint8Array, InflateOutcome> {
  const inflater = zlib.createInflateRaw();
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const nextEvent = (): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  inflater.on('readable', notify);
  inflater.on('end', () => {
    ended = true;
    notify();
  });
  inflater.on('error', (error: Error) => {
    failure = error;
    notify();
  });

  let crc = 0;
  let size = 0;
  // Events fired while we are suspended in a `yield` are not lost: the loops
  // re-check the flags and drain until read() returns null before waiting.
  async function* drain(): AsyncGenerator<Uint8Array> {
    let chunk: Buffer | null;
    while ((chunk = inflater.read() as Buffer | null) !== null) {
      size += chunk.length;
      if (crc32 !== undefined) crc = crc32(chunk, crc);
      yield chunk;
    }
  }
  async function* untilEnded(): AsyncGenerator<Uint8Array> {
    for (;;) {
      yield* drain();
      if (ended || failure !== undefined) return;
      await nextEvent();
    }
  }

  try {
    let consumedBefore = 0;
    for (;;) {
      await window.fill(1);
      if (window.bytes.length === 0) {
        // Input ended; let zlib tell us whether the deflate stream was complete.
        inflater.end();
        yield* untilEnded();
        break;
      }
      const slice = window.bytes.subarray(0, STREAMING_SLICE_BYTES);
      let written = false;
      inflater.write(slice, () => {
        written = true;
        notify();
      });
      for (;;) {
        yield* drain();
        if (written || failure !== undefined) break;
        await nextEvent();
      }
      if (failure !== undefined) break;
      const consumedNow = inflater.bytesWritten - consumedBefore;
      consumedBefore = inflater.bytesWritten;
      window.consume(consumedNow);
      if (consumedNow < slice.length) {
        // zlib stopped taking input: the deflate data ended inside this slice.
        yield* untilEnded();
        break;
      }
    }
    if (failure !== undefined) {
      const code = zlibErrorCode(failure);
      return code === 'Z_BUF_ERROR'
        ? { ok: false, reason: 'truncated gzip' }
        : { ok: false, reason: `corrupt gzip data: ${failure.message}` };
    }
    return { ok: true, crc, size };
  } finally {
    inflater.destroy();
  }
}

/**
 * Decompresses gzip input member by member, telling where each member starts.
 * Multi-member files (`cat a.gz b.gz`, one member per WARC record) come out as
 * their concatenation. Memory stays bounded whatever the compression ratio.
 */
export async function* gunzipMembers(
  chunks: AsyncIterable<Uint8Array>,
  options: GunzipOptions = {},
): AsyncGenerator<GzipEvent> {
  const resumeAfterError = options.resumeAfterError ?? false;
  const window = new InputWindow(chunks);
  let membersSeen = 0;

  /** Skips to the next gzip member header after a bad member; false when the input ends first. */
  const skipToNextMember = async (): Promise<boolean> => {
    window.consume(Math.min(1, window.bytes.length)); // never find the member we are leaving again
    for (;;) {
      await window.fill(GZIP_MEMBER_START.length);
      const found = window.bytes.indexOf(GZIP_MEMBER_START);
      if (found >= 0) {
        window.consume(found);
        return true;
      }
      if (window.exhausted) {
        window.consume(window.bytes.length);
        return false;
      }
      // Keep the tail: a member start may be split across reads.
      window.consume(window.bytes.length - (GZIP_MEMBER_START.length - 1));
      await window.fill(window.bytes.length + 1);
    }
  };

  try {
    for (;;) {
      await window.refillIfLow();
      if (window.bytes.length === 0) {
        if (membersSeen === 0) yield { kind: 'error', reason: 'not gzip data (empty input)', offset: 0 };
        return;
      }
      const memberOffset = window.offset;

      let header = parseGzipHeader(window.bytes);
      while (header === 'incomplete' && !window.exhausted && window.bytes.length < MAX_GZIP_HEADER_BYTES) {
        await window.fill(window.bytes.length + 1);
        header = parseGzipHeader(window.bytes);
      }
      if (header === 'incomplete' && window.exhausted) {
        yield { kind: 'error', reason: membersSeen === 0 ? 'not gzip data' : 'truncated gzip', offset: memberOffset };
        return;
      }
      if (header === 'invalid' || header === 'incomplete') {
        if (membersSeen > 0 && (await onlyZerosRemain(window))) return; // block padding after the last member
        yield {
          kind: 'error',
          reason: membersSeen === 0 ? 'not gzip data' : 'corrupt gzip data: garbage between members',
          offset: memberOffset,
        };
        if (!resumeAfterError || !(await skipToNextMember())) return;
        continue;
      }
      membersSeen++;
      const { headerBytes } = header;

      // The one-shot path leaves the member in the window until its trailer
      // checks out, so that a member whose damage zlib did not notice (its
      // data then runs into the next members) costs only itself: scanning
      // resumes one byte after its start.
      let oneShot = inflateOneShot(window.bytes.subarray(headerBytes));
      if (oneShot.kind === 'truncated' && !window.exhausted && window.bytes.length < WINDOW_HIGH_WATER) {
        await window.fill(WINDOW_HIGH_WATER);
        oneShot = inflateOneShot(window.bytes.subarray(headerBytes));
      }
      if (oneShot.kind === 'done') {
        const trailerStart = headerBytes + oneShot.consumed;
        await window.fill(trailerStart + GZIP_TRAILER_BYTES);
        if (window.bytes.length < trailerStart + GZIP_TRAILER_BYTES) {
          window.consume(window.bytes.length);
          if (oneShot.output.length > 0) yield { kind: 'data', bytes: oneShot.output, memberOffset };
          yield { kind: 'error', reason: 'truncated gzip', offset: memberOffset };
          return;
        }
        if (!trailerMatches(window.bytes.subarray(trailerStart), oneShot.crc, oneShot.output.length)) {
          yield { kind: 'error', reason: 'corrupt gzip data: checksum mismatch', offset: memberOffset };
          if (!resumeAfterError || !(await skipToNextMember())) return;
          continue;
        }
        window.consume(trailerStart + GZIP_TRAILER_BYTES);
        if (oneShot.output.length > 0) yield { kind: 'data', bytes: oneShot.output, memberOffset };
        continue;
      }
      if (oneShot.kind === 'corrupt') {
        yield { kind: 'error', reason: oneShot.reason, offset: memberOffset };
        if (!resumeAfterError || !(await skipToNextMember())) return;
        continue;
      }
      if (oneShot.kind === 'truncated' && window.exhausted) {
        // Give the reader what could be decompressed; it decides what a partial record is worth.
        const partial = inflatePartial(window.bytes.subarray(headerBytes));
        window.consume(window.bytes.length);
        if (partial.length > 0) yield { kind: 'data', bytes: partial, memberOffset };
        yield { kind: 'error', reason: 'truncated gzip', offset: memberOffset };
        return;
      }

      // Bigger than the window or than the one-shot output limit: stream it.
      window.consume(headerBytes);
      const streaming = inflateStreaming(window);
      let outcome: InflateOutcome;
      for (;;) {
        const step = await streaming.next();
        if (step.done === true) {
          outcome = step.value;
          break;
        }
        yield { kind: 'data', bytes: step.value, memberOffset };
      }
      if (!outcome.ok) {
        yield { kind: 'error', reason: outcome.reason, offset: memberOffset };
        if (outcome.reason === 'truncated gzip' || !resumeAfterError || !(await skipToNextMember())) return;
        continue;
      }
      await window.fill(GZIP_TRAILER_BYTES);
      if (window.bytes.length < GZIP_TRAILER_BYTES) {
        window.consume(window.bytes.length);
        yield { kind: 'error', reason: 'truncated gzip', offset: memberOffset };
        return;
      }
      const trailerOk = trailerMatches(window.bytes, outcome.crc, outcome.size);
      window.consume(GZIP_TRAILER_BYTES);
      if (!trailerOk) {
        yield { kind: 'error', reason: 'corrupt gzip data: checksum mismatch', offset: memberOffset };
        if (!resumeAfterError) return;
      }
    }
  } finally {
    await window.close();
  }
}

type OneShot =
  | { kind: 'done'; output: Buffer; consumed: number; crc: number }
  | { kind: 'truncated' }
  | { kind: 'too-large' }
  | { kind: 'corrupt'; reason: string };

/** Whether a member trailer (CRC-32 and size mod 2^32, little-endian) matches the output. */
function trailerMatches(trailer: Buffer, crc: number, size: number): boolean {
  const crcOk = crc32 === undefined || trailer.readUInt32LE(0) === crc >>> 0;
  return crcOk && trailer.readUInt32LE(4) === size % 2 ** 32;
}

/** Inflates deflate data that is all in memory, in one synchronous call. */
function inflateOneShot(deflateData: Buffer): OneShot {
  try {
    // With `info: true` Node returns the engine too (its typings don't say so); its
    // bytesWritten is how much input the deflate data took, i.e. where the trailer starts.
    const result = zlib.inflateRawSync(deflateData, {
      info: true,
      maxOutputLength: ONE_SHOT_MAX_OUTPUT,
    }) as unknown as { buffer: Buffer; engine: zlib.InflateRaw };
    const output = result.buffer;
    return {
      kind: 'done',
      output,
      consumed: result.engine.bytesWritten,
      crc: crc32 !== undefined ? crc32(output) : 0,
    };
  } catch (error) {
    const code = zlibErrorCode(error);
    if (code === 'Z_BUF_ERROR') return { kind: 'truncated' };
    if (code === 'ERR_BUFFER_TOO_LARGE') return { kind: 'too-large' };
    return { kind: 'corrupt', reason: `corrupt gzip data: ${errorMessage(error)}` };
  }
}

/** What a truncated deflate stream decompresses to (bounded like the one-shot path). */
function inflatePartial(bytes: Uint8Array): Buffer {
  try {
    return zlib.inflateRawSync(bytes, {
      finishFlush: zlib.constants.Z_SYNC_FLUSH,
      maxOutputLength: ONE_SHOT_MAX_OUTPUT,
    });
  } catch {
    return Buffer.alloc(0);
  }
}

/** True when the rest of the input is zero bytes (tape/block padding), which gzip tools ignore. */
async function onlyZerosRemain(window: InputWindow): Promise<boolean> {
  for (;;) {
    if (window.bytes.some((byte) => byte !== 0)) return false;
    window.consume(window.bytes.length);
    await window.fill(1);
    if (window.bytes.length === 0) return true;
  }
}

/**
 * A gzipped document up to this size is read with one synchronous call: a
 * crawl's many small `.html.gz` files spent a third of a run waiting for the
 * asynchronous open, stat, reads and close of a stream (profiled, one core).
 */
const GZIP_DOCUMENT_AT_ONCE_BYTES = 16 * 1024 * 1024;

/** Bytes per read from a file. */
const FILE_CHUNK_BYTES = 256 * 1024;

/**
 * Opens a regular file (never blocking on a FIFO) as a stream of chunks, or
 * says why it cannot. The file closes when the stream ends or is abandoned.
 */
export async function openFileChunks(path: string): Promise<{ chunks: AsyncIterable<Uint8Array> } | { reason: string }> {
  const opened = await openRegularFile(path);
  if ('reason' in opened) return opened;
  return { chunks: opened.handle.createReadStream({ highWaterMark: FILE_CHUNK_BYTES }) };
}

/**
 * Runs a chunk reader over a file: unopenable files and read errors become
 * error events for the path, as readers never throw.
 */
export async function* readFileWith(
  path: string,
  readChunks: (chunks: AsyncIterable<Uint8Array>) => AsyncGenerator<ReadEvent>,
): AsyncGenerator<ReadEvent> {
  const opened = await openFileChunks(path);
  if ('reason' in opened) {
    yield { error: { source: path, reason: opened.reason } };
    return;
  }
  try {
    yield* readChunks(opened.chunks);
  } catch (error) {
    yield { error: { source: path, reason: describeFsError(error) } };
  }
}

/**
 * The first `byteCount` bytes of the input (fewer if it is shorter), and the
 * chunks to read instead of the ones peeked at.
 */
export async function peekPrefix(
  chunks: AsyncIterable<Uint8Array>,
  byteCount: number,
): Promise<{ prefix: Buffer; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const peeked: Uint8Array[] = [];
  let peekedBytes = 0;
  let done = false;
  while (peekedBytes < byteCount) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    peeked.push(next.value);
    peekedBytes += next.value.length;
  }
  const prefix = Buffer.concat(peeked).subarray(0, byteCount);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* peeked;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { prefix, chunks: replay() };
}

/** Whether bytes start with the gzip magic. */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC_1 && bytes[1] === GZIP_MAGIC_2;
}

/** Whether the input starts with the gzip magic; returns the chunks to read instead of the ones peeked at. */
export async function sniffGzip(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ gzip: boolean; chunks: AsyncIterable<Uint8Array> }> {
  const peeked = await peekPrefix(chunks, 2);
  return { gzip: hasGzipMagic(peeked.prefix), chunks: peeked.chunks };
}

/** Extensions read as one gzipped document, and the type each implies. */
const GZIP_DOCUMENT_EXTENSIONS: ReadonlyMap<string, InputType> = new Map([
  ['html', 'html'],
  ['htm', 'html'],
  ['xhtml', 'html'],
  ['txt', 'text'],
]);

function innerExtension(path: string): string | undefined {
  const match = /\.([a-z0-9]+)\.gz$/i.exec(path);
  return match?.[1]?.toLowerCase();
}

/** `.html.gz`, `.htm.gz`, `.xhtml.gz`, `.txt.gz` (any case). */
export function isGzipDocumentPath(path: string): boolean {
  const extension = innerExtension(path);
  return extension !== undefined && GZIP_DOCUMENT_EXTENSIONS.has(extension);
}

/**
 * Reads gzipped chunks as one document, refusing it as soon as its
 * decompressed size passes `options.maxDocSize` (so a gzip bomb costs little).
 */
export async function* readGzipDocument(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
  type: InputType,
  options: ReaderOptions,
): AsyncGenerator<ReadEvent> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const event of gunzipMembers(chunks)) {
    if (event.kind === 'error') {
      yield { error: { source, reason: event.reason } };
      return;
    }
    size += event.bytes.length;
    if (size > options.maxDocSize) {
      yield { error: { source, reason: `${tooLargeReason(options.maxDocSize)} after decompression` } };
      return;
    }
    parts.push(event.bytes);
  }
  const bytes = parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts, size);
  yield { doc: { source, bytes, type, metadata: {} } };
}

/** Reads a gzipped document file (`.html.gz`, `.txt.gz`, …): one document, typed by the inner extension. */
export async function* readGzipFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  const type = options.inputType ?? GZIP_DOCUMENT_EXTENSIONS.get(innerExtension(path) ?? '') ?? 'html';
  const whole = readRegularFileAtOnce(path, GZIP_DOCUMENT_AT_ONCE_BYTES);
  if (whole === undefined) {
    yield* readFileWith(path, (chunks) => readGzipDocument(chunks, path, type, options));
  } else if ('reason' in whole) {
    yield { error: { source: path, reason: whole.reason } };
  } else {
    yield* readGzipDocument(
      (async function* () {
        yield whole.bytes;
      })(),
      path,
      type,
      options,
    );
  }
}
