import type { Step } from '../types.js';
import {
  BLOCK_ELEMENTS,
  CELL_ELEMENTS,
  FOREIGN_BREAKOUT,
  FOREIGN_DROPPED,
  FOREIGN_HTML_HOLDERS,
  FOREIGN_ROOTS,
  HEAD_CONTENT,
  RAW_TEXT_DROPPED,
  RAW_TEXT_KEPT,
  SUBTREE_DROPPED,
} from './html-vocabulary.js';
import { extractMainContent } from '../extract/main-content.js';

/** Options of the `strip-tags` step. */
export interface StripTagsOptions {
  /**
   * `all` keeps every visible text of the page; `main` keeps only the main
   * content (article, thread, product text) and drops navigation, footers and
   * other boilerplate, falling back to the full text when no main content is
   * identifiable.
   * @default 'all'
   */
  extract?: 'all' | 'main';
}

/**
 * What the scanner does with an element's tags. Block boundaries become a line
 * break so that words never glue across them and `--keep-newlines` can keep
 * paragraphs; table cells become a space so a row stays on one line.
 */
const enum TagRole {
  Inline = 0,
  Block = 1,
  Cell = 2,
}

/** A boundary waiting to be written before the next text. */
const enum Break {
  None = 0,
  Space = 1,
  Line = 2,
}

const TAG_ROLE = new Map<string, TagRole>();
for (const name of BLOCK_ELEMENTS) TAG_ROLE.set(name, TagRole.Block);
for (const name of CELL_ELEMENTS) TAG_ROLE.set(name, TagRole.Cell);
const RAW_TEXT = new Map<string, boolean>();
for (const name of RAW_TEXT_DROPPED) RAW_TEXT.set(name, false);
for (const name of RAW_TEXT_KEPT) RAW_TEXT.set(name, true);
const DROPPED_SUBTREES = new Set(SUBTREE_DROPPED);

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const DASH = 0x2d;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

function isAsciiAlpha(code: number): boolean {
  return ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

/** HTML's ASCII white space: tab, LF, FF, CR, space. */
function isHtmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0c || code === 0x0d;
}

/** Index just past the end of a tag name that starts at `start`. */
function tagNameEnd(src: Buffer, start: number): number {
  let i = start;
  const n = src.length;
  while (i < n) {
    const code = src[i] as number;
    if (isHtmlSpace(code) || code === SLASH || code === GREATER_THAN) break;
    i++;
  }
  return i;
}

/**
 * Where the last unquoted attribute value read by {@link skipAttributes}
 * ended (the index of the white space or `>` after it), for
 * {@link isSelfClosing}.
 */
let unquotedValueEnd = -1;

/**
 * Skips the attributes of a tag, from just after its name, honouring quoted
 * values (a `>` inside quotes does not end the tag). Returns the index just
 * past the closing `>`, or -1 when the input ends inside the tag.
 */
function skipAttributes(src: Buffer, start: number): number {
  const n = src.length;
  let i = start;
  while (i < n) {
    const code = src[i] as number;
    if (code === GREATER_THAN) return i + 1;
    if (isHtmlSpace(code) || code === SLASH) {
      i++;
      continue;
    }
    // An attribute name: up to white space, `/`, `>` or `=` (its first
    // character may be `=`, as the tokenizer allows).
    i++;
    while (i < n) {
      const c = src[i] as number;
      if (isHtmlSpace(c) || c === SLASH || c === GREATER_THAN || c === EQUALS) break;
      i++;
    }
    while (i < n && isHtmlSpace(src[i] as number)) i++;
    if (i >= n || src[i] !== EQUALS) continue;
    i++;
    while (i < n && isHtmlSpace(src[i] as number)) i++;
    if (i >= n) return -1;
    const quote = src[i] as number;
    if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
      const close = src.indexOf(quote, i + 1);
      if (close === -1) return -1;
      i = close + 1;
    } else {
      while (i < n) {
        const c = src[i] as number;
        if (isHtmlSpace(c) || c === GREATER_THAN) break;
        i++;
      }
      unquotedValueEnd = i;
    }
  }
  return -1;
}

/**
 * Whether the tag that {@link skipAttributes} just read, ending at `tagEnd`,
 * is self-closing as the tokenizer sets the flag: it ends in `/>`, and that
 * `/` does not end an unquoted attribute value (in `<x a=b/>` the value is
 * `b/`).
 */
function isSelfClosing(src: Buffer, tagEnd: number): boolean {
  return src[tagEnd - 2] === SLASH && unquotedValueEnd !== tagEnd - 1;
}

/** Longest tag name the scanner has a rule for (`blockquote`, `figcaption`). */
const LONGEST_KNOWN_NAME = 10;

/**
 * A tag name of ASCII letters and digits, case folded, as an exact number
 * (base 37, at most 10 characters: below 2^53); -1 for any other name.
 */
function nameCode(bytes: ArrayLike<number>, start: number, end: number): number {
  if (end - start > LONGEST_KNOWN_NAME) return -1;
  let code = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] as number;
    const folded = byte | 0x20;
    let digit: number;
    if (byte >= 0x30 && byte <= 0x39) digit = byte - 0x30 + 27;
    else if (folded >= 0x61 && folded <= 0x7a) digit = folded - 0x60;
    else return -1;
    code = code * 37 + digit;
  }
  return code;
}

/** Every name some rule of the scanner mentions, by its {@link nameCode}. */
const KNOWN_NAMES = new Map<number, string>();
for (const name of [
  ...BLOCK_ELEMENTS, ...CELL_ELEMENTS, ...RAW_TEXT_DROPPED, ...RAW_TEXT_KEPT, ...SUBTREE_DROPPED, ...HEAD_CONTENT,
  ...FOREIGN_ROOTS, ...FOREIGN_DROPPED, ...FOREIGN_BREAKOUT, 'head', 'plaintext',
]) {
  const bytes = Buffer.from(name, 'latin1');
  KNOWN_NAMES.set(nameCode(bytes, 0, bytes.length), name);
}

/** The name of every element no rule mentions: they are all alike to the scanner. */
const UNKNOWN_ELEMENT = '\u0000';

/**
 * A tag name as the rules compare it (case folded), without building a
 * string per tag: a known name comes from a table, any other is
 * {@link UNKNOWN_ELEMENT}. Names of other characters (`<ünïcode>`) or
 * longer than every known name can never be known.
 */
function tagName(src: Buffer, start: number, end: number): string {
  const code = nameCode(src, start, end);
  return code === -1 ? UNKNOWN_ELEMENT : (KNOWN_NAMES.get(code) ?? UNKNOWN_ELEMENT);
}

const END_TAG_OPEN = Buffer.from('</');
const COMMENT_DASHES = Buffer.from('--');

/**
 * Finds the end tag that closes a raw-text element (`</name` in any case,
 * followed by white space, `/` or `>`). Returns the index of its `<`, or -1.
 */
function findRawTextEnd(src: Buffer, name: string, from: number): number {
  const n = src.length;
  let i = from;
  for (;;) {
    const lt = src.indexOf(END_TAG_OPEN, i);
    if (lt === -1) return -1;
    const nameStart = lt + 2;
    const after = nameStart + name.length;
    if (after <= n && matchesAsciiCaseless(src, nameStart, name)) {
      if (after === n) return lt;
      const code = src[after] as number;
      if (isHtmlSpace(code) || code === SLASH || code === GREATER_THAN) return lt;
    }
    i = lt + 2;
  }
}

/** Whether the bytes at `at` spell the lower-case ASCII `name` in any case. */
function matchesAsciiCaseless(src: Buffer, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) {
    const code = src[at + k] as number;
    const lower = code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
    if (lower !== name.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Index just past the end of a comment whose `<!--` starts at `lt`: the
 * first `-->` or `--!>`, found in one forward pass (looking for each of them
 * separately would rescan the rest of the page for every comment).
 */
function commentEnd(src: Buffer, lt: number): number {
  const bodyStart = lt + 4;
  // `<!-->` and `<!--->` are complete (empty) comments in HTML.
  if (src[bodyStart] === GREATER_THAN) return bodyStart + 1;
  if (src[bodyStart] === DASH && src[bodyStart + 1] === GREATER_THAN) return bodyStart + 2;
  let dashes = src.indexOf(COMMENT_DASHES, bodyStart);
  while (dashes !== -1) {
    const after = src[dashes + 2];
    if (after === GREATER_THAN) return dashes + 3;
    if (after === BANG && src[dashes + 3] === GREATER_THAN) return dashes + 4;
    dashes = src.indexOf(COMMENT_DASHES, dashes + 1);
  }
  return src.length;
}

const CDATA_OPEN = Buffer.from('[CDATA[');
const CDATA_CLOSE = Buffer.from(']]>');

/** Whether `bytes` occur in `src` at `at`. */
function isAt(src: Buffer, at: number, bytes: Buffer): boolean {
  return at + bytes.length <= src.length && src.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0;
}

/**
 * Index just past the `]]>` that ends a CDATA section, which only exists in
 * foreign content (in HTML content `<![CDATA[` is a bogus comment). Its text
 * is dropped like every CDATA section's.
 */
function cdataEnd(src: Buffer, from: number): number {
  const close = src.indexOf(CDATA_CLOSE, from);
  return close === -1 ? src.length : close + CDATA_CLOSE.length;
}

/** Index just past the `>` that ends a bogus comment, doctype or PI. */
function bogusCommentEnd(src: Buffer, from: number): number {
  const gt = src.indexOf(GREATER_THAN, from);
  return gt === -1 ? src.length : gt + 1;
}

/** The index of the next `byte` at or after `from`, or the length when there is none. */
function indexOrEnd(src: Buffer, byte: number, from: number): number {
  const index = src.indexOf(byte, from);
  return index === -1 ? src.length : index;
}

/** Whether the bytes are HTML white space only. */
function isBlank(src: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isHtmlSpace(src[i] as number)) return false;
  return true;
}

/** Longest text run copied byte by byte by the scanner. */
const SHORT_TEXT = 48;

/**
 * Scratch space for the text being gathered, reused across documents of a
 * thread so that each page does not allocate and collect a buffer of its
 * size. Only ever read back up to what the current call wrote; a huge page
 * gets a buffer of its own that grows with its text (text is a tenth of a
 * page's bytes), so a 200 MB page does not keep 200 MB of scratch alive.
 */
const REUSED_SCRATCH_LIMIT = 4 * 1024 * 1024;
let reusedScratch = Buffer.allocUnsafe(1 << 16);

/**
 * Text as UTF-8 bytes, `bytes[0, length)`. The scanner's result lives in a
 * buffer it reuses: it is valid until the scanner's next call.
 */
export interface Utf8Text {
  readonly bytes: Buffer;
  readonly length: number;
}

/** A growable byte buffer for the kept text. */
class TextBuffer implements Utf8Text {
  bytes: Buffer;
  length = 0;

  constructor(inputLength: number) {
    if (inputLength <= REUSED_SCRATCH_LIMIT) {
      if (reusedScratch.length < inputLength) reusedScratch = Buffer.allocUnsafe(Math.min(REUSED_SCRATCH_LIMIT, Math.max(inputLength, reusedScratch.length * 2)));
      this.bytes = reusedScratch;
    } else {
      this.bytes = Buffer.allocUnsafe(Math.ceil(inputLength / 8));
    }
  }

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.length + extra, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }
}

/**
 * HTML to text with a single pass of a purpose-built scanner over the UTF-8
 * bytes of the page: tags, comments, doctypes and processing instructions
 * are dropped; the content of script, style, noscript, template, head,
 * iframe and object is dropped; block elements become `\n`, table cells a
 * space; character references are left as they are for `decode-entities`.
 * Attributes and raw text are skipped without being materialised, and only
 * the text kept is ever decoded into a JavaScript string, once. Malformed
 * markup follows the HTML tokenizer: a `<` that does not start a tag is
 * text, a tag cut off by the end of the input is dropped, an unclosed
 * comment or script runs to the end. `bytes` must be valid UTF-8 (any
 * invalid sequence becomes U+FFFD).
 */
export function stripTagsUtf8(bytes: Uint8Array): string {
  const kept = stripTagsToUtf8(bytes);
  return kept.bytes.toString('utf8', 0, kept.length);
}

/**
 * {@link stripTagsUtf8} without the final decoding: the kept text as UTF-8
 * bytes, for a pass that goes on over bytes. Valid until the next call.
 */
export function stripTagsToUtf8(bytes: Uint8Array): Utf8Text {
  const src = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = src.length;
  const out = new TextBuffer(n);
  unquotedValueEnd = -1; // an index into the previous page would mean nothing here
  /** Start of the text run not yet emitted: a `<` that starts no tag stays inside the run. */
  let textStart = 0;
  let i = 0;
  let inHead = false;
  /** The element whose subtree is being dropped, and how deep in it we are. */
  let droppedElement = '';
  let droppedDepth = 0;
  /** For a dropped svg/math element: {@link foreignDepth} when it started; an end tag that closes that level ends it. */
  let droppedForeignDepth = 0;
  /** How many `svg`/`math` elements we are inside. */
  let foreignDepth = 0;
  /**
   * The strongest boundary met since the last text: a run of block and cell
   * boundaries becomes one separator, written only between two texts, so
   * 200,000 nested blocks cost one character, not 400,000.
   */
  let pendingBreak = Break.None;
  /** The next LF and CR of the page at or after the text last emitted (n when there is none). */
  let nextNewline = -1;
  let nextCarriageReturn = -1;

  const emitText = (from: number, to: number): void => {
    if (droppedDepth > 0 || to <= from) return;
    if (inHead || pendingBreak !== Break.None) {
      const blank = isBlank(src, from, to);
      if (inHead) {
        if (blank) return;
        inHead = false;
      }
      // White space next to a block boundary adds nothing to it.
      if (blank && pendingBreak !== Break.None) return;
    }
    out.reserve(to - from + 1);
    const bytes = out.bytes;
    if (pendingBreak !== Break.None) {
      if (out.length > 0) bytes[out.length++] = pendingBreak === Break.Line ? NEWLINE : SPACE;
      pendingBreak = Break.None;
    }
    const start = out.length;
    if (to - from <= SHORT_TEXT) {
      // Most runs between tags are a few bytes: a loop costs less than the
      // native copy and the line-break lookups of the long path.
      for (let k = from; k < to; k++) {
        const byte = src[k] as number;
        bytes[start + k - from] = byte === NEWLINE || byte === CARRIAGE_RETURN ? SPACE : byte;
      }
      out.length += to - from;
      return;
    }
    out.length += src.copy(bytes, start, from, to);
    // Newlines inside HTML text are ordinary white space; only block
    // boundaries break lines (else --keep-newlines would split a wrapped
    // line). The next line break of the page is found by memchr and
    // remembered, so text without one is copied and never looked at again.
    if (nextNewline < from) nextNewline = indexOrEnd(src, NEWLINE, from);
    if (nextCarriageReturn < from) nextCarriageReturn = indexOrEnd(src, CARRIAGE_RETURN, from);
    while (nextNewline < to) {
      bytes[start + nextNewline - from] = SPACE;
      nextNewline = indexOrEnd(src, NEWLINE, nextNewline + 1);
    }
    while (nextCarriageReturn < to) {
      bytes[start + nextCarriageReturn - from] = SPACE;
      nextCarriageReturn = indexOrEnd(src, CARRIAGE_RETURN, nextCarriageReturn + 1);
    }
  };

  const boundary = (role: TagRole | undefined): void => {
    if (role === TagRole.Block) pendingBreak = Break.Line;
    else if (role === TagRole.Cell && pendingBreak === Break.None) pendingBreak = Break.Space;
  };

  while (i < n) {
    const lt = src.indexOf(LESS_THAN, i);
    if (lt === -1) break;
    const next = src[lt + 1] ?? 0;

    if (isAsciiAlpha(next)) {
      const nameEnd = tagNameEnd(src, lt + 1);
      const tagEnd = skipAttributes(src, nameEnd);
      emitText(textStart, lt);
      if (tagEnd === -1) {
        textStart = n; // a tag cut off by the end of input is dropped
        break;
      }
      const name = tagName(src, lt + 1, nameEnd);
      i = textStart = tagEnd;
      if (inHead && !HEAD_CONTENT.has(name)) inHead = false;
      if (foreignDepth > 0) {
        if (FOREIGN_BREAKOUT.has(name)) {
          foreignDepth = 0;
          if (droppedDepth > 0 && !FOREIGN_HTML_HOLDERS.has(droppedElement)) droppedDepth = 0;
        } else {
          // `<title/>` in SVG is an empty element; nothing to enter.
          if (isSelfClosing(src, tagEnd)) continue;
          if (FOREIGN_ROOTS.has(name)) {
            foreignDepth++;
          } else if (droppedDepth > 0) {
            if (name === droppedElement) droppedDepth++;
          } else if (FOREIGN_DROPPED.has(name)) {
            droppedElement = name;
            droppedDepth = 1;
            droppedForeignDepth = foreignDepth;
          }
          continue;
        }
      }
      if (droppedDepth > 0) {
        if (name === droppedElement) droppedDepth++;
      } else if (name === 'head') {
        inHead = true;
      } else if (DROPPED_SUBTREES.has(name)) {
        droppedElement = name;
        droppedDepth = 1;
      } else if (FOREIGN_ROOTS.has(name)) {
        if (!isSelfClosing(src, tagEnd)) foreignDepth = 1;
        continue;
      } else {
        boundary(TAG_ROLE.get(name));
      }
      if (name === 'plaintext') break;
      const rawTextKept = RAW_TEXT.get(name);
      if (rawTextKept !== undefined) {
        const end = findRawTextEnd(src, name, i);
        const contentEnd = end === -1 ? n : end;
        if (rawTextKept) emitText(i, contentEnd);
        i = textStart = contentEnd; // the end tag itself is handled by the next iteration
      }
      continue;
    }

    if (next === SLASH) {
      const afterSlash = src[lt + 2] ?? 0;
      if (isAsciiAlpha(afterSlash)) {
        const nameEnd = tagNameEnd(src, lt + 2);
        const tagEnd = skipAttributes(src, nameEnd);
        emitText(textStart, lt);
        if (tagEnd === -1) {
          textStart = n;
          break;
        }
        const name = tagName(src, lt + 2, nameEnd);
        i = textStart = tagEnd;
        if (droppedDepth > 0) {
          if (name === droppedElement) {
            droppedDepth--;
          } else if (foreignDepth > 0 && FOREIGN_ROOTS.has(name)) {
            // `</svg>` closes every foreign element inside it, an unclosed svg `<title>` among them.
            foreignDepth--;
            if (foreignDepth < droppedForeignDepth) droppedDepth = 0;
          }
        } else if (foreignDepth > 0) {
          if (FOREIGN_ROOTS.has(name)) foreignDepth--;
        } else if (name === 'head') {
          inHead = false;
        } else {
          boundary(TAG_ROLE.get(name));
        }
      } else if (afterSlash === GREATER_THAN) {
        emitText(textStart, lt);
        i = textStart = lt + 3; // `</>` is ignored
      } else if (lt + 2 >= n) {
        i = n; // `</` at the very end is text
      } else {
        emitText(textStart, lt);
        i = textStart = bogusCommentEnd(src, lt + 2);
      }
      continue;
    }

    if (next === BANG || next === QUESTION) {
      emitText(textStart, lt);
      if (next === BANG && src[lt + 2] === DASH && src[lt + 3] === DASH) i = commentEnd(src, lt);
      else if (next === BANG && foreignDepth > 0 && isAt(src, lt + 2, CDATA_OPEN)) i = cdataEnd(src, lt + 2 + CDATA_OPEN.length);
      else i = bogusCommentEnd(src, lt + 2);
      textStart = i;
      continue;
    }
    // A `<` that starts no tag (`a < b`, `<3`, a lone `<` at the end) is text:
    // it stays in the current text run.
    i = lt + 1;
  }
  emitText(textStart, n);
  return out;
}

/**
 * {@link stripTagsUtf8} for a string: the scanner works on UTF-8 bytes, so
 * the string is encoded first (a lone surrogate becomes U+FFFD).
 */
export function stripTagsFull(html: string): string {
  return stripTagsUtf8(Buffer.from(html, 'utf8'));
}

/**
 * The `strip-tags` step: HTML to text, with character references left for
 * `decode-entities`.
 */
export function stripTags(options: StripTagsOptions = {}): Step {
  return options.extract === 'main' ? extractMainContent : stripTagsFull;
}
