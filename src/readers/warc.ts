/**
 * WARC and WET reader: a streaming record parser over plain or gzipped input
 * (one gzip member per record, as Common Crawl writes them, or one member for
 * the whole file). HTML 200 responses and WET conversions become documents;
 * every other record is counted as skipped. A broken record costs that record
 * only: reading resumes at the next `WARC/` line.
 */
import type { RawDoc, ReadEvent, ReaderOptions } from '../types.js';
import { tooLargeReason } from './file.js';
import { gunzipMembers, hasGzipMagic, peekPrefix, readFileWith } from './gzip.js';
import {
  decodeHttpBody,
  effectiveContentType,
  headerValues,
  isHtmlContentType,
  parseHeaderLines,
  parseStatusLine,
  type HttpHead,
} from './http.js';

/** Why a record is not a document; used as counter keys. */
export type WarcSkipReason =
  | 'warc-request'
  | 'warc-revisit'
  | 'warc-metadata'
  | 'warc-warcinfo'
  | 'warc-resource'
  | 'warc-continuation'
  | 'warc-other'
  | 'http-status'
  | 'non-html'
  | 'non-http';

const SKIP_REASON_BY_WARC_TYPE: ReadonlyMap<string, WarcSkipReason> = new Map([
  ['request', 'warc-request'],
  ['revisit', 'warc-revisit'],
  ['metadata', 'warc-metadata'],
  ['warcinfo', 'warc-warcinfo'],
  ['resource', 'warc-resource'],
  ['continuation', 'warc-continuation'],
]);

/** Longest header line (WARC or HTTP) we accept; target URIs and cookies can be long. */
const MAX_HEADER_LINE_BYTES = 64 * 1024;
/** Largest WARC header block. */
const MAX_HEADER_BYTES = 256 * 1024;
/**
 * Blocks up to this size are kept while read, so that when their
 * Content-Length proves wrong we can look inside them for the next record.
 */
const RETAIN_LIMIT = 1024 * 1024;
/** Chunked transfer coding adds a few bytes per chunk; allow for it before refusing a body unread. */
const chunkedOverheadAllowance = (maxDocSize: number): number => Math.ceil(maxDocSize / 16) + 64 * 1024;

const LF = 0x0a;
const CR = 0x0d;

/** Input bytes and where they came from: a file offset (plain) or the offset of their gzip member. */
interface Piece {
  bytes: Uint8Array;
  offset: number;
}

type ContainerEvent = Piece | { fault: string; offset: number };

/** The container (gzip) is broken here; whatever record is being read is lost. */
class ContainerFault extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

interface Line {
  bytes: Uint8Array;
  /** Offset of the line's first byte (of its gzip member, for gzipped input). */
  offset: number;
  /** False when cut at the length limit or by the end of input. */
  terminated: boolean;
}

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  return Buffer.concat(parts, length);
}

/**
 * Pull-based reading of lines and byte runs from container events, with
 * push-back for resynchronising after a bad record.
 */
class RecordStream {
  private queue: Piece[] = [];
  private queuedBytes = 0;
  private ended = false;
  /** A fault met while peeking, raised by the next read that needs bytes past it. */
  private pendingFault: ContainerFault | undefined;

  /** @param positional plain input, where offsets advance with every byte (gzip pieces share their member's offset) */
  constructor(
    private readonly events: AsyncIterator<ContainerEvent>,
    private readonly positional: boolean,
  ) {}

  private slice(piece: Piece, start: number, end?: number): Piece {
    return {
      bytes: piece.bytes.subarray(start, end),
      offset: this.positional ? piece.offset + start : piece.offset,
    };
  }

  /** Queues one more piece; false at the end of input or at a fault (kept in `pendingFault`). */
  private async pull(): Promise<boolean> {
    while (!this.ended && this.pendingFault === undefined) {
      const next = await this.events.next();
      if (next.done === true) {
        this.ended = true;
        break;
      }
      const event = next.value;
      if ('fault' in event) {
        this.pendingFault = new ContainerFault(event.fault, event.offset);
        break;
      }
      if (event.bytes.length === 0) continue;
      this.queue.push(event);
      this.queuedBytes += event.bytes.length;
      return true;
    }
    return false;
  }

  /**
   * Like pull, but a fault is thrown: the caller needed bytes that are lost.
   * What is still queued is the broken member's unfinished line; dropping it
   * keeps it from being glued to the next member's `WARC/` line.
   */
  private async more(): Promise<boolean> {
    if (await this.pull()) return true;
    const fault = this.pendingFault;
    if (fault === undefined) return false;
    this.pendingFault = undefined;
    this.queue = [];
    this.queuedBytes = 0;
    throw fault;
  }

  /** Removes up to `byteCount` bytes from the front of the queue. */
  private take(byteCount: number): Piece[] {
    const taken: Piece[] = [];
    let wanted = byteCount;
    while (wanted > 0) {
      const first = this.queue[0];
      if (first === undefined) break;
      if (first.bytes.length <= wanted) {
        taken.push(first);
        this.queue.shift();
        wanted -= first.bytes.length;
        this.queuedBytes -= first.bytes.length;
      } else {
        taken.push(this.slice(first, 0, wanted));
        this.queue[0] = this.slice(first, wanted);
        this.queuedBytes -= wanted;
        wanted = 0;
      }
    }
    return taken;
  }

  /** Reads a line with its line end, cut at `maxBytes`; null at the end of input. */
  async readLine(maxBytes: number): Promise<Line | null> {
    let searched = 0; // bytes of the queue already known to hold no LF
    for (;;) {
      let position = 0;
      for (const piece of this.queue) {
        if (position + piece.bytes.length > searched) {
          const from = Math.max(0, searched - position);
          const found = piece.bytes.indexOf(LF, from);
          if (found >= 0 && position + found < maxBytes) return this.takeLine(position + found + 1, true);
        }
        position += piece.bytes.length;
        if (position >= maxBytes) break;
      }
      searched = Math.min(position, this.queuedBytes);
      if (this.queuedBytes >= maxBytes) return this.takeLine(maxBytes, false);
      if (!(await this.more())) {
        return this.queuedBytes === 0 ? null : this.takeLine(this.queuedBytes, false);
      }
    }
  }

  private takeLine(byteCount: number, terminated: boolean): Line {
    const offset = this.queue[0]?.offset ?? 0;
    const pieces = this.take(byteCount);
    return { bytes: concatBytes(pieces.map((piece) => piece.bytes), byteCount), offset, terminated };
  }

  /** Reads up to `byteCount` bytes (fewer at the end of input); dropped unless `keep`. */
  async read(byteCount: number, keep: boolean): Promise<{ pieces: Piece[]; length: number }> {
    const pieces: Piece[] = [];
    let length = 0;
    while (length < byteCount) {
      if (this.queuedBytes === 0 && !(await this.more())) break;
      const taken = this.take(Math.min(byteCount - length, this.queuedBytes));
      for (const piece of taken) {
        length += piece.bytes.length;
        if (keep) pieces.push(piece);
      }
    }
    return { pieces, length };
  }

  /**
   * The next `byteCount` bytes without consuming them (fewer at the end of
   * input). Never throws: a fault in what follows belongs to the next read.
   */
  async peek(byteCount: number): Promise<Uint8Array> {
    while (this.queuedBytes < byteCount && (await this.pull()));
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const piece of this.queue) {
      if (length >= byteCount) break;
      const part = piece.bytes.subarray(0, byteCount - length);
      parts.push(part);
      length += part.length;
    }
    return concatBytes(parts, length);
  }

  skip(byteCount: number): void {
    this.take(byteCount);
  }

  /** Puts bytes back in front, to be read again. */
  unread(pieces: readonly Piece[]): void {
    const nonEmpty = pieces.filter((piece) => piece.bytes.length > 0);
    this.queue = [...nonEmpty, ...this.queue];
    for (const piece of nonEmpty) this.queuedBytes += piece.bytes.length;
  }

  async close(): Promise<void> {
    await this.events.return?.();
  }
}

/** A record's block (its Content-Length bytes), read through a budget. */
class BlockCursor {
  /** What has been read, while the block is small enough to keep; undefined once something was dropped. */
  kept: Piece[] | undefined = [];
  consumed = 0;
  /** The input ended before the block did. */
  truncated = false;

  constructor(
    private readonly stream: RecordStream,
    readonly length: number,
  ) {}

  get remaining(): number {
    return this.length - this.consumed;
  }

  /** A line inside the block; null when the block (or the input) ends. */
  async readLine(maxBytes: number): Promise<Line | null> {
    if (this.remaining === 0) return null;
    const line = await this.stream.readLine(Math.min(maxBytes, this.remaining));
    if (line === null) {
      this.truncated = true;
      return null;
    }
    this.consumed += line.bytes.length;
    this.kept?.push({ bytes: line.bytes, offset: line.offset });
    return line;
  }

  /** The rest of the block, in memory (callers check its size first). */
  async readRest(): Promise<Uint8Array> {
    const wanted = this.remaining;
    const { pieces, length } = await this.stream.read(wanted, true);
    this.consumed += length;
    if (length < wanted) this.truncated = true;
    this.kept?.push(...pieces);
    return concatBytes(
      pieces.map((piece) => piece.bytes),
      length,
    );
  }

  /** Skips the rest of the block, keeping it only while small. */
  async skipRest(): Promise<void> {
    const wanted = this.remaining;
    const keep = this.kept !== undefined && this.length <= RETAIN_LIMIT;
    if (!keep) this.kept = undefined;
    const { pieces, length } = await this.stream.read(wanted, keep);
    this.consumed += length;
    if (length < wanted) this.truncated = true;
    this.kept?.push(...pieces);
  }
}

const utf8 = new TextDecoder('utf-8');

function withoutLineEnd(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (bytes[end - 1] === LF) end--;
  if (bytes[end - 1] === CR) end--;
  return bytes.subarray(0, end);
}

/**
 * A copy when `bytes` is a small view of a big buffer (a 256 KiB read chunk),
 * so that documents waiting in the engine do not pin whole chunks.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteLength * 2 < bytes.buffer.byteLength ? new Uint8Array(bytes) : bytes;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function isBlankLine(bytes: Uint8Array): boolean {
  return withoutLineEnd(bytes).length === 0 && bytes.length > 0;
}

/** `WARC/1.0`, `WARC/1.1`, and the pre-standard `WARC/0.17`/`0.18`, whose named fields are the same. */
const VERSION_LINE = /^WARC\/\d+\.\d+[ \t]*$/;

function isVersionLine(line: Line): boolean {
  return line.terminated && line.bytes.length < 32 && VERSION_LINE.test(latin1(withoutLineEnd(line.bytes)));
}

/** wget (and the WARC 1.0 grammar it followed) wraps target URIs in `<…>`. */
function cleanTargetUri(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  const unwrapped = trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
  return unwrapped.length > 0 ? unwrapped : undefined;
}

const VERSION_PREFIX = Buffer.from('WARC/');

/**
 * After the block comes CRLF CRLF (LF LF in bare-LF files). Also accepted: the
 * next record starting right away (some writers count the separator in the
 * block), and a missing end at the end of input.
 */
async function consumeRecordEnd(stream: RecordStream): Promise<boolean> {
  const next = await stream.peek(VERSION_PREFIX.length);
  if (Buffer.from(next.buffer, next.byteOffset, next.byteLength).equals(VERSION_PREFIX)) return true;
  if (next[0] === CR && next[1] === LF && next[2] === CR && next[3] === LF) {
    stream.skip(4);
    return true;
  }
  if (next[0] === LF && next[1] === LF) {
    stream.skip(2);
    return true;
  }
  if (next.length < 4 && next.every((byte) => byte === CR || byte === LF)) {
    stream.skip(next.length);
    return true;
  }
  return false;
}

interface RecordOutcome {
  event: ReadEvent;
  /** The record's framing is broken: skip to the next `WARC/` line. */
  resync: boolean;
}

interface RecordContext {
  stream: RecordStream;
  block: BlockCursor;
  headers: HttpHead['headers'];
  path: string;
  offset: number;
  options: ReaderOptions;
}

function warcHeader(context: RecordContext, name: string): string | undefined {
  return context.headers.find(([headerName]) => headerName === name)?.[1];
}

/** Where a record is, for error reports: `path@offset`. */
function recordLocation(context: { path: string; offset: number }): string {
  return `${context.path}@${context.offset}`;
}

function recordError(context: { path: string; offset: number }, reason: string, resync = false): RecordOutcome {
  return { event: { error: { source: recordLocation(context), reason } }, resync };
}

function recordSource(context: RecordContext): string {
  return cleanTargetUri(warcHeader(context, 'warc-target-uri')) ?? recordLocation(context);
}

function skipped(context: RecordContext, reason: WarcSkipReason): RecordOutcome {
  return { event: { skipped: reason, source: recordSource(context) }, resync: false };
}

/** Metadata common to documents from WARC records; absent headers are left out. */
function recordMetadata(context: RecordContext): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  const recordId = warcHeader(context, 'warc-record-id');
  const date = warcHeader(context, 'warc-date');
  if (recordId !== undefined) metadata['warcRecordId'] = recordId;
  if (date !== undefined) metadata['warcDate'] = date;
  metadata['warcFile'] = context.path;
  metadata['offset'] = context.offset;
  const truncated = warcHeader(context, 'warc-truncated');
  if (truncated !== undefined) metadata['warcTruncated'] = truncated;
  return metadata;
}

function tooLarge(context: RecordContext): RecordOutcome {
  return recordError(context, tooLargeReason(context.options.maxDocSize));
}

/** A `response` record: a document when it is an HTML 200, skipped otherwise. */
async function readResponse(context: RecordContext): Promise<RecordOutcome> {
  const { block, options } = context;
  const statusLine = await block.readLine(MAX_HEADER_LINE_BYTES);
  const statusCode = statusLine === null ? undefined : parseStatusLine(latin1(withoutLineEnd(statusLine.bytes)));
  if (statusCode === undefined) {
    // dns:, ftp: and other non-HTTP captures.
    await block.skipRest();
    return skipped(context, 'non-http');
  }
  const headerLines: string[] = [];
  let headBytes = statusLine?.bytes.length ?? 0;
  for (;;) {
    const line = await block.readLine(MAX_HEADER_LINE_BYTES);
    if (line === null) break; // the block ends inside the head: a response without a body
    headBytes += line.bytes.length;
    if (!line.terminated && block.remaining > 0) {
      await block.skipRest();
      return recordError(context, 'malformed HTTP response: header line too long');
    }
    if (headBytes > MAX_HEADER_BYTES) {
      await block.skipRest();
      return recordError(context, 'malformed HTTP response: header too long');
    }
    if (isBlankLine(line.bytes)) break;
    headerLines.push(latin1(withoutLineEnd(line.bytes)));
  }
  const head: HttpHead = { statusCode, headers: parseHeaderLines(headerLines) };
  if (statusCode !== 200) {
    await block.skipRest();
    return skipped(context, 'http-status');
  }
  const contentType = effectiveContentType(headerValues(head, 'content-type'));
  // Common Crawl records what it detected; it stands in for a missing header.
  const typeForDecision = contentType ?? warcHeader(context, 'warc-identified-payload-type');
  if (typeForDecision === undefined || !isHtmlContentType(typeForDecision)) {
    await block.skipRest();
    return skipped(context, 'non-html');
  }
  if (block.remaining > options.maxDocSize + chunkedOverheadAllowance(options.maxDocSize)) {
    await block.skipRest();
    return tooLarge(context);
  }
  const body = await block.readRest();
  if (block.truncated) return recordError(context, 'truncated record'); // replaced by the caller's message
  const decoded = decodeHttpBody(body, head, options.maxDocSize);
  if ('error' in decoded) return decoded.tooLarge === true ? tooLarge(context) : recordError(context, decoded.error);

  const metadata = recordMetadata(context);
  if (contentType !== undefined) metadata['httpContentType'] = contentType;
  const recordId = warcHeader(context, 'warc-record-id');
  const doc: RawDoc = {
    source: recordSource(context),
    bytes: ownBytes(decoded.bytes),
    type: options.inputType ?? 'html',
    metadata,
    ...(recordId !== undefined ? { id: recordId } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
  return { event: { doc }, resync: false };
}

/** A WET `conversion` record: extracted plain text. */
async function readConversion(context: RecordContext): Promise<RecordOutcome> {
  const { block, options } = context;
  if (block.length > options.maxDocSize) {
    await block.skipRest();
    return tooLarge(context);
  }
  const bytes = await block.readRest();
  const metadata = recordMetadata(context);
  const language = warcHeader(context, 'warc-identified-content-language');
  if (language !== undefined) metadata['contentLanguage'] = language;
  const recordId = warcHeader(context, 'warc-record-id');
  const contentType = warcHeader(context, 'content-type');
  const doc: RawDoc = {
    source: recordSource(context),
    bytes: ownBytes(bytes),
    type: options.inputType ?? 'text',
    metadata,
    ...(recordId !== undefined ? { id: recordId } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
  return { event: { doc }, resync: false };
}

/** Reads one record after its version line. */
async function readRecord(
  stream: RecordStream,
  versionLine: Line,
  path: string,
  options: ReaderOptions,
): Promise<RecordOutcome> {
  const location = { path, offset: versionLine.offset };
  const headerLines: string[] = [];
  let headerBytes = versionLine.bytes.length;
  for (;;) {
    const line = await stream.readLine(MAX_HEADER_LINE_BYTES);
    if (line === null) return recordError(location, 'truncated record: the input ends inside the WARC header', true);
    headerBytes += line.bytes.length;
    if (!line.terminated && line.bytes.length < MAX_HEADER_LINE_BYTES) {
      return recordError(location, 'truncated record: the input ends inside the WARC header', true);
    }
    if (!line.terminated || headerBytes > MAX_HEADER_BYTES) {
      return recordError(location, 'malformed WARC header: too long', true);
    }
    if (isBlankLine(line.bytes)) break;
    headerLines.push(utf8.decode(withoutLineEnd(line.bytes)));
  }
  const headers = parseHeaderLines(headerLines);
  const lengthText = headers.find(([name]) => name === 'content-length')?.[1];
  if (lengthText === undefined || !/^\d{1,15}$/.test(lengthText)) {
    return recordError(location, 'malformed WARC header: missing or invalid Content-Length', true);
  }
  const block = new BlockCursor(stream, Number(lengthText));
  const context: RecordContext = { stream, block, headers, path, offset: versionLine.offset, options };
  const warcType = warcHeader(context, 'warc-type')?.toLowerCase();

  let outcome: RecordOutcome;
  if (warcType === 'response') {
    outcome = await readResponse(context);
  } else if (warcType === 'conversion') {
    outcome = await readConversion(context);
  } else {
    await block.skipRest();
    outcome =
      warcType === undefined
        ? recordError(location, 'malformed WARC header: missing WARC-Type')
        : skipped(context, SKIP_REASON_BY_WARC_TYPE.get(warcType) ?? 'warc-other');
  }

  if (block.truncated) {
    // Perhaps only the Content-Length is wrong: look for the next record inside what was read.
    stream.unread(block.kept ?? []);
    return recordError(
      location,
      `truncated record: Content-Length ${block.length} but the input ends after ${block.consumed} bytes`,
      true,
    );
  }
  if (!(await consumeRecordEnd(stream))) {
    stream.unread(block.kept ?? []);
    return recordError(
      location,
      `wrong Content-Length ${block.length}: the block is not followed by a blank line`,
      true,
    );
  }
  return outcome;
}

async function* plainEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ContainerEvent> {
  let offset = 0;
  for await (const bytes of chunks) {
    yield { bytes, offset };
    offset += bytes.length;
  }
}

async function* gzipEvents(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ContainerEvent> {
  for await (const event of gunzipMembers(chunks, { resumeAfterError: true })) {
    yield event.kind === 'data'
      ? { bytes: event.bytes, offset: event.memberOffset }
      : { fault: event.reason, offset: event.offset };
  }
}

/**
 * Reads WARC/WET records from chunks of a file, gzipped or not (decided by the
 * bytes, not the name). Yields, in order, one event per record (document,
 * skipped or error) plus errors for data between records. Offsets are byte
 * offsets of records in plain files and of their gzip members in gzipped files
 * (what CDX indexes record).
 */
export async function* readWarcChunks(
  chunks: AsyncIterable<Uint8Array>,
  path: string,
  options: ReaderOptions,
): AsyncGenerator<ReadEvent> {
  const peeked = await peekPrefix(chunks, VERSION_PREFIX.length);
  // The bytes decide; when they are neither gzip nor a WARC record (a damaged
  // first member, junk), the name does, so a .warc.gz still resumes at its
  // next gzip member.
  const gzip =
    hasGzipMagic(peeked.prefix) ||
    (!peeked.prefix.equals(VERSION_PREFIX) && peeked.prefix.length > 0 && /\.gz$/i.test(path));
  const events = gzip ? gzipEvents(peeked.chunks) : plainEvents(peeked.chunks);
  const stream = new RecordStream(events, !gzip);
  let resyncing = false;
  let junk: { offset: number; bytes: number } | undefined;
  const junkError = (run: { offset: number; bytes: number }): ReadEvent => ({
    error: {
      source: `${path}@${run.offset}`,
      reason: `unexpected data between records (${run.bytes} bytes skipped)`,
    },
  });
  try {
    for (;;) {
      let line: Line | null;
      try {
        line = await stream.readLine(MAX_HEADER_LINE_BYTES);
      } catch (error) {
        if (!(error instanceof ContainerFault)) throw error;
        yield { error: { source: `${path}@${error.offset}`, reason: error.reason } };
        resyncing = true;
        continue;
      }
      if (line === null) break;
      if (isBlankLine(line.bytes)) continue;
      if (!isVersionLine(line)) {
        // Right after a bad record this is its remains, already reported.
        if (!resyncing) {
          junk ??= { offset: line.offset, bytes: 0 };
          junk.bytes += line.bytes.length;
        }
        continue;
      }
      if (junk !== undefined) {
        yield junkError(junk);
        junk = undefined;
      }
      resyncing = false;
      let outcome: RecordOutcome;
      try {
        outcome = await readRecord(stream, line, path, options);
      } catch (error) {
        if (!(error instanceof ContainerFault)) throw error;
        outcome = recordError({ path, offset: line.offset }, error.reason, true);
      }
      yield outcome.event;
      resyncing = outcome.resync;
    }
    if (junk !== undefined) yield junkError(junk);
  } finally {
    await stream.close();
  }
}

export { isWarcPath } from './paths.js';

/** Reads a WARC or WET file, streaming. */
export async function* readWarcFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  yield* readFileWith(path, (chunks) => readWarcChunks(chunks, path, options));
}
