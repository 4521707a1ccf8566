/** Statistical detection (chardet) of a legacy encoding that nothing declares. */
import type { InputType } from '../types.js';
import { decodeAs } from './decoders.js';
import { encodingForLabel } from './labels.js';
import { legacyLibraries } from './libraries.js';
import { MULTI_BYTE_LEGACY } from './multi-byte.js';

/**
 * Bytes of text given to the detector at most. chardet reads about 3.5 MB/s; on the evaluation set 4 KB
 * already decided as well as 64 KB.
 */
const DETECTION_SAMPLE_BYTES = 16 * 1024;
/** Markup looked at before stripping it down to the detection sample. */
const DETECTION_MARKUP_BYTES = 512 * 1024;

/**
 * Guesses the legacy encoding of bytes that declare none and are not UTF-8.
 *
 * chardet, not jschardet, by measurement on 135 pages: 22 language/encoding
 * pairs at five text lengths (30 to 3000 characters) plus 25 real legacy pages
 * (shared encodings corpus, Common Crawl excerpt, web-dev). jschardet got
 * 105 right (106 on tag-stripped text): it reads windows-1250 and ISO-8859-2
 * as windows-1252 (2 of 20), and Turkish and Arabic not at all. chardet got
 * 108 on raw bytes and 125 on tag-stripped text, all 25 real pages; rejecting
 * a multi-byte answer that does not decode cleanly (Thai read as EUC-JP)
 * brings it to 127. Left wrong: IBM866 (chardet has no model for it) and a
 * few 30-character samples.
 */
export function detectLegacyCharset(bytes: Uint8Array, type: InputType): string | undefined {
  const sample = type === 'html' ? textOfMarkup(bytes) : bytes.subarray(0, DETECTION_SAMPLE_BYTES);
  let best: { charset: string; flaws: number } | undefined;
  let considered = 0;
  for (const candidate of legacyLibraries().rankCharsets(sample)) {
    const charset = encodingForLabel(candidate.name);
    if (charset === undefined || !isLegacyDecodable(charset)) continue;
    if (MULTI_BYTE_LEGACY.has(charset) && !decodesCleanly(sample, charset)) continue;
    // The likeliest decoding that yields no C1 control, U+FFFD or unassigned character wins; failing that, the one with fewest.
    const flaws = flawsOf(sample, charset);
    if (flaws === 0) return charset;
    if (best === undefined || flaws < best.flaws) best = { charset, flaws };
    if (++considered === CANDIDATES_CONSIDERED) break;
  }
  return best?.charset;
}

/** Candidates of chardet's ranking weighed against each other at most, the likeliest first. */
const CANDIDATES_CONSIDERED = 8;
const FLAWED = /[\u0080-\u009f\ufffd]|\p{Cn}/gu;

/**
 * What speaks against a decoding: the C1 controls (text never holds them;
 * windows-1252 makes them of GB18030's and UTF-8's lead bytes), replacement
 * characters and unassigned code points it yields.
 */
function flawsOf(sample: Uint8Array, charset: string): number {
  const decoded = decodeAs(sample, charset);
  if (decoded === undefined) return Number.POSITIVE_INFINITY;
  return decoded.text.match(FLAWED)?.length ?? 0;
}

/** A legacy encoding this module can decode and that says something about the bytes (not the replacement encoding). */
function isLegacyDecodable(charset: string): boolean {
  return charset !== 'utf-8' && charset !== 'replacement' && !charset.startsWith('utf-16');
}

/** At most one error per thousand characters, the sample's cut-off last character aside. */
function decodesCleanly(sample: Uint8Array, charset: string): boolean {
  const decoded = decodeAs(sample, charset);
  if (decoded === undefined) return false;
  return decoded.invalidBytes <= 1 + decoded.text.length / 1000;
}

/**
 * The text of an HTML byte stream as bytes again: markup, scripts, styles,
 * comments and entities dropped, text runs that hold non-ASCII bytes first
 * (a page's ASCII navigation says nothing about its encoding and would crowd
 * the text out of the sample). Works for any ASCII-compatible encoding: '<'
 * and '>' are never trail bytes of the CJK encodings, whose trail bytes start
 * at 0x40.
 */
function textOfMarkup(bytes: Uint8Array): Uint8Array {
  const markup = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, DETECTION_MARKUP_BYTES)).toString(
    'latin1',
  );
  const lowered = markup.toLowerCase();
  const withHighBytes: string[] = [];
  const asciiOnly: string[] = [];
  let kept = 0;
  let position = 0;
  while (position < markup.length && kept < DETECTION_SAMPLE_BYTES) {
    const open = markup.indexOf('<', position);
    const text = markup.slice(position, open === -1 ? markup.length : open).replace(ENTITIES_AND_SPACES, ' ');
    if (/[^\x00-\x7f]/.test(text)) {
      withHighBytes.push(text);
      kept += text.length;
    } else if (text.trim() !== '') {
      asciiOnly.push(text);
    }
    if (open === -1) break;
    let close = open + 1;
    if (lowered.startsWith('<!--', open)) close = endAfter(lowered, '-->', open + 4);
    else if (lowered.startsWith('<script', open)) close = endAfter(lowered, '</script', open + 7);
    else if (lowered.startsWith('<style', open)) close = endAfter(lowered, '</style', open + 6);
    const tagEnd = markup.indexOf('>', close);
    position = tagEnd === -1 ? markup.length : tagEnd + 1;
  }
  if (withHighBytes.length === 0) {
    // The non-ASCII bytes are all in markup (attributes, comments, scripts): let the detector see them there.
    const firstHigh = markup.search(/[^\x00-\x7f]/);
    const start = Math.max(0, firstHigh - 1024);
    return Buffer.from(markup.slice(start, start + DETECTION_SAMPLE_BYTES), 'latin1');
  }
  const text = [...withHighBytes, ...asciiOnly].join(' ');
  return Buffer.from(text.slice(0, DETECTION_SAMPLE_BYTES), 'latin1');
}

const ENTITIES_AND_SPACES = /&#?[a-z0-9]{1,32};|[ \t\r\n\f]+/gi;

function endAfter(haystack: string, needle: string, from: number): number {
  const found = haystack.indexOf(needle, from);
  return found === -1 ? haystack.length : found + needle.length;
}
