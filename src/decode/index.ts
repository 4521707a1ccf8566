/**
 * Bytes to text: finds a document's character encoding and decodes it the way
 * the WHATWG Encoding Standard does, so that a page reads the same here as in
 * a browser, with a few deliberate departures where browsers knowingly keep
 * mojibake (see {@link decodeBytes}).
 *
 * Decoders: UTF-8 and UTF-16 through `TextDecoder`; the single-byte encodings
 * through 256-entry tables taken from iconv-lite and patched where iconv-lite
 * differs from the WHATWG indexes; the CJK encodings through iconv-lite with
 * the codec WHATWG's definition corresponds to. Node's own `TextDecoder` is
 * not used for legacy encodings: its `windows-1252` is ISO-8859-1 (0x80–0x9F
 * become C1 controls instead of €, “, ’ …) and its CJK tables are ICU's, not
 * WHATWG's.
 *
 * The parts, one concern a file: `bom.ts`; `labels.ts` (the WHATWG label
 * table, an HTTP `charset`); `prescan.ts` (`<meta>` and the XML declaration);
 * `utf8.ts` and `utf16.ts` (their decoders, UTF-8 evidence, UTF-16 without
 * BOM); `iso-2022-jp.ts`; `single-byte.ts` and `multi-byte.ts` (the legacy
 * encodings); `decoders.ts` (all of them by name); `detect.ts` (chardet);
 * `libraries.ts` (chardet and iconv-lite, loaded on first use); `decoded.ts`
 * (what a decoder returns). This file holds the decision order.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import type { InputType } from '../types.js';
import { sniffBom } from './bom.js';
import { asBuffer, type Decoded } from './decoded.js';
import { decodeAs } from './decoders.js';
import { detectLegacyCharset } from './detect.js';
import { decodeIso2022Jp, looksLikeIso2022Jp } from './iso-2022-jp.js';
import { charsetFromContentType } from './labels.js';
import { MetaPrescan, PRESCAN_LIMIT } from './prescan.js';
import { decodeSingleByte } from './single-byte.js';
import { decodeUtf8, utf8Evidence } from './utf8.js';
import { sniffUtf16WithoutBom } from './utf16.js';

export { charsetFromContentType } from './labels.js';
export { replaceInvalidUtf8 } from './utf8.js';
export { asBuffer } from './decoded.js';

/**
 * Which rule chose the encoding: `bom`; `http` (Content-Type charset); `meta` (the `<meta>` prescan, or an
 * XML declaration); `utf8` (the bytes are valid UTF-8, also when that overrode a legacy declaration or the
 * last character was cut off); `detected` (content sniffing or statistics); `default` (windows-1252).
 */
export type CharsetSource = 'bom' | 'http' | 'meta' | 'utf8' | 'detected' | 'default';

export interface DecodeResult {
  /** Decoded text, byte order mark removed. */
  text: string;
  /** WHATWG canonical encoding name, lower-case: `utf-8`, `windows-1252`, `gbk`, `shift_jis`, `utf-16le`… */
  charset: string;
  /** Which rule chose `charset`. */
  charsetSource: CharsetSource;
  /** Byte sequences the decoder could not map, each replaced by U+FFFD. */
  invalidBytes: number;
}

export interface DecodeOptions {
  /** `html` also honours the HTTP header and `<meta>` declarations; `text` only looks at the bytes. */
  type: InputType;
  /**
   * The HTTP `Content-Type` header the document was served with; only its `charset` parameter matters.
   * @default undefined (no header: the document's own declarations and content decide)
   */
  httpContentType?: string;
}

/** Under this many ill-formed sequences per well-formed multi-byte one, flawed UTF-8 is still read as UTF-8. */
const UTF8_MULTIBYTE_PER_FLAW = 4;

/** Charsets that read ASCII bytes as ASCII: all but UTF-16 and the replacement encoding. */
function readsAsciiAsAscii(charset: string): boolean {
  return !charset.startsWith('utf-16') && charset !== 'replacement';
}

/**
 * What {@link decodeBytes} decides, before anything is decoded: the encoding,
 * the rule that chose it, and the decoding, run when asked for. `utf8From` is
 * set when the text is the UTF-8 reading of the bytes from that offset on
 * (valid UTF-8, UTF-8 with the flaws the rules accept, after a UTF-8 byte
 * order mark, or ASCII in a charset that reads ASCII as ASCII): a caller may
 * then scan those bytes itself and decode only what it keeps.
 */
export interface EncodingDecision {
  charset: string;
  charsetSource: CharsetSource;
  decode(): Decoded;
  utf8From?: number;
  /** With `utf8From`: the bytes are known to be valid UTF-8 (the decision already checked). */
  utf8Valid?: boolean;
}

/** The decision of {@link decodeBytes}, made once, without decoding where the text is UTF-8. Never throws. */
export function decideEncoding(bytes: Uint8Array, options: DecodeOptions): EncodingDecision {
  try {
    return decide(bytes, options);
  } catch {
    // A bug here must not lose the document: the default decoding cannot fail.
    return { charset: 'windows-1252', charsetSource: 'default', decode: () => decodeSingleByteSafely(bytes) };
  }
}

/** The U+FFFD that reading `bytes` as UTF-8 puts in, counted without decoding: as decodeUtf8 counts them. */
export function utf8InvalidCount(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return 0;
  const evidence = utf8Evidence(bytes);
  return evidence.invalid + (evidence.truncatedTail ? 1 : 0);
}

/**
 * Decodes a document, choosing its encoding in this order:
 *
 * 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
 * 2. HTML only: the `charset` of `httpContentType`, if its label is known;
 * 3. HTML only: a `<meta charset>` or `<meta http-equiv="Content-Type">` in the
 *    first 1024 bytes, found by the HTML Standard's prescan (a declared UTF-16
 *    means UTF-8, x-user-defined means windows-1252);
 * 4. UTF-8 when the bytes are valid UTF-8 (or valid but for a cut-off last
 *    character);
 * 5. detection: UTF-16 without BOM from its NULs, ISO-2022-JP from its escapes,
 *    UTF-8 with a few flaws, then chardet's statistics for legacy encodings;
 * 6. windows-1252.
 *
 * Departures from a browser, all for corpus quality: a declared (HTTP or meta)
 * legacy encoding gives way to UTF-8 when the bytes are valid UTF-8 and not
 * pure ASCII, which real legacy text practically never is; a declared UTF-8
 * gives way to detection when most multi-byte sequences are ill-formed; a
 * declared UTF-16 without BOM is ignored when the first 1024 bytes have no NUL.
 * Plain text (`type: 'text'`) skips rules 2 and 3. Never throws.
 */
export function decodeBytes(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  return decodeAsDecided(bytes, decideEncoding(bytes, options));
}

/** {@link decodeBytes} for a decision already made by {@link decideEncoding} on these bytes. Never throws. */
export function decodeAsDecided(bytes: Uint8Array, decision: EncodingDecision): DecodeResult {
  try {
    return result(decision.decode(), decision.charset, decision.charsetSource);
  } catch {
    // A bug here must not lose the document: the default decoding cannot fail.
    return { ...decodeSingleByteSafely(bytes), charset: 'windows-1252', charsetSource: 'default' };
  }
}

function decodeSingleByteSafely(bytes: Uint8Array): Decoded {
  try {
    return decodeSingleByte(bytes, 'windows-1252');
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), invalidBytes: 0 };
  }
}

function result(decoded: Decoded, charset: string, charsetSource: CharsetSource): DecodeResult {
  return { text: decoded.text, charset, charsetSource, invalidBytes: decoded.invalidBytes };
}

/** A decision whose decoding was already done (legacy encodings: the text is needed anyway). */
function decided(decoded: Decoded, charset: string, charsetSource: CharsetSource): EncodingDecision {
  return { charset, charsetSource, decode: () => decoded };
}

/** A decision to read the bytes from `from` on as UTF-8, decoded only if asked. */
function utf8(bytes: Uint8Array, charsetSource: CharsetSource, knownValid: boolean, from = 0): EncodingDecision {
  return {
    charset: 'utf-8',
    charsetSource,
    decode: () => decodeUtf8(from === 0 ? bytes : bytes.subarray(from), knownValid),
    utf8From: from,
    utf8Valid: knownValid,
  };
}

function decide(bytes: Uint8Array, options: DecodeOptions): EncodingDecision {
  const bom = sniffBom(bytes);
  if (bom !== undefined) {
    if (bom.charset === 'utf-8') return utf8(bytes, 'bom', false, bom.length);
    const body = bytes.subarray(bom.length);
    return decided(decodeAs(body, bom.charset)!, bom.charset, 'bom');
  }
  if (options.type === 'html') {
    const declared = declaredCharset(bytes, options.httpContentType);
    if (declared !== undefined) {
      const decision = honourDeclaration(bytes, declared.charset, declared.source);
      if (decision !== undefined) return decision;
    }
  }
  return fromContent(bytes, options.type);
}

interface Declaration {
  charset: string;
  source: 'http' | 'meta';
}

function declaredCharset(bytes: Uint8Array, httpContentType: string | undefined): Declaration | undefined {
  if (httpContentType !== undefined) {
    const charset = charsetFromContentType(httpContentType);
    const noNul = asBuffer(bytes).subarray(0, PRESCAN_LIMIT).indexOf(0) === -1;
    if (charset !== undefined && !(charset.startsWith('utf-16') && noNul)) {
      return { charset, source: 'http' };
    }
  }
  const charset = new MetaPrescan(bytes).run();
  return charset === undefined ? undefined : { charset, source: 'meta' };
}

/** The declared encoding, or undefined when the bytes plainly contradict it. */
function honourDeclaration(bytes: Uint8Array, charset: string, source: 'http' | 'meta'): EncodingDecision | undefined {
  if (charset === 'utf-8') {
    if (isUtf8(bytes)) return utf8(bytes, source, true);
    const evidence = utf8Evidence(bytes);
    if (evidence.invalid > evidence.multibyte && !evidence.truncatedTail) return undefined;
    return utf8(bytes, source, false);
  }
  if (!charset.startsWith('utf-16')) {
    if (isUtf8(bytes) && !isAscii(bytes)) return utf8(bytes, 'utf8', true);
    const utf16 = sniffUtf16WithoutBom(bytes);
    if (utf16 !== undefined) return decided(decodeAs(bytes, utf16)!, utf16, 'detected');
  }
  // ASCII reads the same in every charset but UTF-16, the replacement encoding and ISO-2022-JP (whose decoder
  // takes ESC, SO and SI for its own), provided the charset is one this module decodes (an empty input tells).
  if (readsAsciiAsAscii(charset) && charset !== 'iso-2022-jp' && isAscii(bytes) && decodeAs(new Uint8Array(0), charset) !== undefined) {
    return { charset, charsetSource: source, decode: () => decodeAs(bytes, charset)!, utf8From: 0, utf8Valid: true };
  }
  const decoded = decodeAs(bytes, charset);
  return decoded === undefined ? undefined : decided(decoded, charset, source);
}

/** How far into a page a late `<meta charset>` is looked for. */
const LATE_META_LIMIT = 256 * 1024;
const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?(?:<\/\1|$)/gi;

/**
 * A `<meta charset>` or `http-equiv` declaration after the first 1024 bytes
 * (after a long comment or script): the prescan's rules over the first 256 KB,
 * with the content of scripts and styles blanked, since the parser that meets
 * a late declaration never reads one there.
 */
function lateMetaCharset(bytes: Uint8Array): string | undefined {
  if (bytes.length <= PRESCAN_LIMIT) return undefined;
  const head = asBuffer(bytes).toString('latin1', 0, Math.min(bytes.length, LATE_META_LIMIT));
  const blanked = head.replace(SCRIPT_OR_STYLE, (element) => ' '.repeat(element.length));
  return new MetaPrescan(Buffer.from(blanked, 'latin1'), LATE_META_LIMIT).run();
}

function fromContent(bytes: Uint8Array, type: InputType): EncodingDecision {
  const utf16 = sniffUtf16WithoutBom(bytes);
  if (utf16 !== undefined) return decided(decodeAs(bytes, utf16)!, utf16, 'detected');
  if (isUtf8(bytes)) {
    const buffer = asBuffer(bytes);
    if (buffer.includes(0x1b) && isAscii(bytes) && looksLikeIso2022Jp(buffer)) {
      const decoded = decodeIso2022Jp(bytes);
      if (decoded !== undefined) return decided(decoded, 'iso-2022-jp', 'detected');
    }
    return utf8(bytes, 'utf8', true);
  }
  const evidence = utf8Evidence(bytes);
  // A download cut inside a character; with no whole multi-byte character before it, a lone high byte at the
  // end ("caf\xE9") is as likely legacy text, so that case is left to detection.
  if (evidence.invalid === 0 && evidence.truncatedTail && evidence.multibyte > 0) {
    return utf8(bytes, 'utf8', false);
  }
  if (evidence.invalid > 0 && evidence.multibyte >= UTF8_MULTIBYTE_PER_FLAW * evidence.invalid) {
    return utf8(bytes, 'detected', false);
  }
  // A <meta> past the prescan's 1024 bytes changes a guessed encoding, as browsers change it when the parser meets one.
  if (type === 'html') {
    const late = lateMetaCharset(bytes);
    const decision = late === undefined ? undefined : honourDeclaration(bytes, late, 'meta');
    if (decision !== undefined) return decision;
  }
  const detected = detectLegacyCharset(bytes, type);
  if (detected !== undefined) {
    const decoded = decodeAs(bytes, detected);
    if (decoded !== undefined) return decided(decoded, detected, 'detected');
  }
  return decided(decodeSingleByte(bytes, 'windows-1252'), 'windows-1252', 'default');
}
