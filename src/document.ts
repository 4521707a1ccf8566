import { createHash } from 'node:crypto';
import { binarySignature, looksBinary } from './binary.js';
import { asBuffer, decideEncoding, decodeAsDecided, decodeBytes, replaceInvalidUtf8, utf8InvalidCount, type EncodingDecision } from './decode.js';
import type { Pipeline } from './pipeline.js';
import { collapseWhitespaceText } from './steps/collapse-whitespace.js';
import { decodeEntitiesText } from './steps/decode-entities.js';
import type { Doc, InputType, RawDoc } from './types.js';

/**
 * A stable document id derived from where the document came from: the same
 * input gives the same id in every run, whatever the scheduling.
 */
export function documentId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** The key a document's id is derived from: its source, plus its place inside a container. */
function idKey(raw: RawDoc): string {
  const line = raw.metadata['line'];
  const row = raw.metadata['row'];
  const offset = raw.metadata['offset'];
  if (typeof line === 'number') return `${raw.source}:${line}`;
  if (typeof row === 'number') return `${raw.source}#${row}`;
  if (typeof offset === 'number') return `${raw.source}@${offset}`;
  return raw.source;
}

/** Markup starts, after white space, with `<`; anything else is taken as text. */
export function sniffType(text: string): InputType {
  for (let i = 0; i < text.length && i < 4096; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3c) return 'html';
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d && code !== 0x0c && code !== 0xfeff) return 'text';
  }
  return 'text';
}

/** Title elements are looked for only near the top, where they belong; a page is never scanned twice for one. */
const TITLE_SEARCH_CHARS = 65_536;
const TITLE_FIRST_LOOK_BYTES = 8_192;
const TITLE = /<title\b[^>]*>([^<]*)<\/title/i;

function cleanTitle(raw: string): string | undefined {
  const title = collapseWhitespaceText(decodeEntitiesText(raw));
  return title.length > 0 ? title : undefined;
}

/** The page's `<title>` among its first 64 K characters, decoded and collapsed, or undefined. */
export function pageTitle(html: string): string | undefined {
  const match = TITLE.exec(html.length > TITLE_SEARCH_CHARS ? html.slice(0, TITLE_SEARCH_CHARS) : html);
  return match === null ? undefined : cleanTitle(match[1] ?? '');
}

/**
 * The `<title>` among the first 64 KB of a UTF-8 page, found without
 * decoding the page: the search runs on a byte-for-character (latin1) view,
 * where `<`, `>` and the tag name are the same bytes, and only the title's
 * own bytes are decoded.
 */
function pageTitleOfUtf8(bytes: Buffer): string | undefined {
  // Most titles sit in the first few KB: look there first, and at the whole 64 KB only when needed.
  for (const limit of [TITLE_FIRST_LOOK_BYTES, TITLE_SEARCH_CHARS]) {
    const head = bytes.toString('latin1', 0, Math.min(bytes.length, limit));
    const match = TITLE.exec(head);
    if (match !== null) {
      const start = match.index + match[0].length - (match[1] ?? '').length - '</title'.length;
      return cleanTitle(bytes.toString('utf8', start, start + (match[1] ?? '').length));
    }
    if (bytes.length <= limit) return undefined;
  }
  return undefined;
}

/**
 * Decodes a raw document's bytes into a {@link Doc}, recording what was
 * decided; `decision` is the encoding decision when it was already made for
 * these bytes ({@link decideEncoding}).
 */
export function decodeDocument(raw: RawDoc, decision?: EncodingDecision): Doc {
  const metadata: Record<string, unknown> = { ...raw.metadata };
  let text: string;
  if (raw.text !== undefined) {
    text = raw.text;
  } else {
    const decoded = decision === undefined ? decodeBytes(raw.bytes, decodeOptionsOf(raw, bytesType(raw))) : decodeAsDecided(raw.bytes, decision);
    text = decoded.text;
    metadata['charset'] = decoded.charset;
    metadata['charsetSource'] = decoded.charsetSource;
    if (decoded.invalidBytes > 0) metadata['invalidBytes'] = decoded.invalidBytes;
  }
  const type = raw.type === 'auto' ? sniffType(text) : raw.type;
  metadata['inputType'] = type;
  metadata['bytesIn'] = raw.text !== undefined ? Buffer.byteLength(raw.text) : raw.bytes.byteLength;
  if (type === 'html') {
    const title = pageTitle(text);
    if (title !== undefined) metadata['title'] = title;
  }
  return { id: raw.id ?? documentId(idKey(raw)), source: raw.source, type, text, metadata };
}

/** The type a raw document is decoded as: its own, or sniffed from its first bytes. */
function bytesType(raw: RawDoc): InputType {
  return raw.type === 'auto' ? sniffTypeOfBytes(raw.bytes) : raw.type;
}

function decodeOptionsOf(raw: RawDoc, type: InputType): { type: InputType; httpContentType?: string } {
  return { type, ...(raw.contentType === undefined ? {} : { httpContentType: raw.contentType }) };
}

function sniffTypeOfBytes(bytes: Uint8Array): InputType {
  // UTF-16 text with a BOM: decode a little to look past the BOM and NULs.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 4096));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return sniffType(decodeBytes(head, { type: 'text' }).text);
  }
  return sniffType(head.toString('latin1'));
}

/** The outcome of cleaning one document; a rejected one is as the rejecting step saw it. */
export type CleanOutcome = { doc: Doc } | { empty: Doc } | { rejected: Doc; filter: string; reason: string } | { failure: string };

/**
 * NUL characters end strings in C tools and mean nothing in text: they are
 * dropped, and counted in the metadata.
 */
function dropNuls(doc: Doc, raw: RawDoc): Doc {
  // Searching the bytes is a memchr; only text whose bytes hold a zero (UTF-16, or real NULs) is scanned.
  if (raw.text === undefined && Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset, raw.bytes.byteLength).indexOf(0) === -1) return doc;
  if (doc.text.indexOf('\0') === -1) return doc;
  const text = doc.text.replace(/\0/g, '');
  return { ...doc, text, metadata: { ...doc.metadata, nulCharacters: doc.text.length - text.length } };
}

/** Characters of a page looked at for binary garbage: {@link looksBinary} reads at most 4096, which 16 KB of UTF-8 always holds. */
const BINARY_SNIFF_BYTES = 16_384;

/**
 * The fused path for a document whose text is the UTF-8 reading of its bytes
 * (valid UTF-8, UTF-8 with the flaws the decoder accepts, or after a UTF-8
 * BOM) and whose steps run on bytes: an HTML page whose pipeline starts with
 * full-text `strip-tags` (only the text kept is decoded), or plain text whose
 * steps are those of the one-pass text function. Undefined when the document
 * needs the general path.
 */
function cleanUtf8(raw: RawDoc, bytes: Buffer, decision: EncodingDecision, pipeline: Pipeline): CleanOutcome | undefined {
  // NUL bytes need counting and dropping: the general path does that.
  if (decision.utf8From === undefined || bytes.indexOf(0) !== -1) return undefined;
  const read = bytes.subarray(decision.utf8From);
  const invalidBytes = decision.utf8Valid === true ? 0 : utf8InvalidCount(read);
  // Flawed UTF-8: the ill-formed sequences become U+FFFD first, as decoding
  // would make them, so that fragments the scanner joins never form a character.
  const text = invalidBytes === 0 ? read : replaceInvalidUtf8(read, invalidBytes);
  // The first characters, as the decoded text begins: what sniffType and looksBinary read of it.
  const head = text.toString('utf8', 0, Math.min(text.length, BINARY_SNIFF_BYTES));
  const type = raw.type === 'auto' ? sniffType(head) : raw.type;
  const fromUtf8 = type === 'html' ? pipeline.fromUtf8Html : pipeline.fromUtf8Text;
  if (fromUtf8 === undefined) return undefined;
  if (looksBinary(head)) return { failure: 'binary content' };
  const metadata: Record<string, unknown> = {
    ...raw.metadata,
    charset: decision.charset,
    charsetSource: decision.charsetSource,
    ...(invalidBytes > 0 ? { invalidBytes } : {}),
    inputType: type,
    bytesIn: bytes.length,
  };
  if (type === 'html') {
    const title = pageTitleOfUtf8(text);
    if (title !== undefined) metadata['title'] = title;
  }
  const doc: Doc = { id: raw.id ?? documentId(idKey(raw)), source: raw.source, type, text: fromUtf8(text), metadata };
  return doc.text.trim().length === 0 ? { empty: doc } : { doc };
}

/**
 * Decodes and cleans one document; a document with no text left is `empty`,
 * a binary file (by its first bytes, or by the garbage its decoding gives)
 * fails as `binary content`.
 */
export function cleanDocument(raw: RawDoc, pipeline: Pipeline): CleanOutcome {
  const outcome = decodeAndClean(raw, pipeline);
  if (pipeline.documentSteps === undefined || !('doc' in outcome)) return outcome;
  const result = pipeline.documentSteps(outcome.doc);
  if ('rejected' in result) return result;
  return result.doc.text.trim().length === 0 ? { empty: result.doc } : result;
}

/** Decodes a document and applies the text steps before the first document step. */
function decodeAndClean(raw: RawDoc, pipeline: Pipeline): CleanOutcome {
  if (raw.text === undefined) {
    const signature = binarySignature(raw.bytes);
    if (signature !== undefined) return { failure: `binary content (${signature})` };
  }
  let decision: EncodingDecision | undefined;
  if (raw.text === undefined && (pipeline.fromUtf8Html !== undefined || pipeline.fromUtf8Text !== undefined)) {
    const bytes = asBuffer(raw.bytes);
    decision = decideEncoding(bytes, decodeOptionsOf(raw, bytesType(raw)));
    const fused = cleanUtf8(raw, bytes, decision, pipeline);
    if (fused !== undefined) return fused;
  }
  const decoded = decodeDocument(raw, decision);
  if (raw.text === undefined && looksBinary(decoded.text)) return { failure: 'binary content' };
  const doc = dropNuls(decoded, raw);
  // Decoded HTML takes the fused path too, as UTF-8: the same text (the
  // string strip-tags encodes its input to UTF-8 first), in fewer passes.
  const text =
    doc.type === 'html' && pipeline.fromUtf8Html !== undefined
      ? pipeline.fromUtf8Html(Buffer.from(doc.text, 'utf8'))
      : pipeline.forType(doc.type)(doc.text);
  const cleaned: Doc = { ...doc, text };
  return text.trim().length === 0 ? { empty: cleaned } : { doc: cleaned };
}
