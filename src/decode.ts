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
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { createRequire } from 'node:module';
import type { analyse as ChardetAnalyse } from 'chardet';
import type IconvLite from 'iconv-lite';
import type { InputType } from './types.js';

/**
 * chardet and iconv-lite are needed only for pages that are not UTF-8 (a few
 * percent of a crawl): they load on first use, so every thread does not pay
 * for them at start-up.
 */
const requireCommonJs = createRequire(import.meta.url);
let legacy: { rankCharsets: typeof ChardetAnalyse; iconv: typeof IconvLite } | undefined;
function legacyLibraries(): { rankCharsets: typeof ChardetAnalyse; iconv: typeof IconvLite } {
  legacy ??= {
    rankCharsets: (requireCommonJs('chardet') as { analyse: typeof ChardetAnalyse }).analyse,
    iconv: requireCommonJs('iconv-lite') as typeof IconvLite,
  };
  return legacy;
}

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

// ---------------------------------------------------------------------------
// Labels (WHATWG Encoding Standard, "Encodings" table)

/** Every WHATWG encoding name with its labels. */
const LABELS_BY_ENCODING: Readonly<Record<string, string>> = {
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  ibm866: '866 cp866 csibm866 ibm866',
  'iso-8859-2': 'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2',
  'iso-8859-3': 'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3',
  'iso-8859-4': 'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4',
  'iso-8859-5':
    'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988',
  'iso-8859-6':
    'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e ' +
    'iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987',
  'iso-8859-7':
    'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 ' +
    'iso_8859-7 iso_8859-7:1987 sun_eu_greek',
  'iso-8859-8':
    'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 ' +
    'iso_8859-8 iso_8859-8:1988 visual',
  'iso-8859-8-i': 'csiso88598i iso-8859-8-i logical',
  'iso-8859-10': 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6',
  'iso-8859-13': 'iso-8859-13 iso8859-13 iso885913',
  'iso-8859-14': 'iso-8859-14 iso8859-14 iso885914',
  'iso-8859-15': 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9',
  'iso-8859-16': 'iso-8859-16',
  'koi8-r': 'cskoi8r koi koi8 koi8-r koi8_r',
  'koi8-u': 'koi8-ru koi8-u',
  macintosh: 'csmacintosh mac macintosh x-mac-roman',
  'windows-874': 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874',
  'windows-1250': 'cp1250 windows-1250 x-cp1250',
  'windows-1251': 'cp1251 windows-1251 x-cp1251',
  'windows-1252':
    'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 ' +
    'iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252',
  'windows-1253': 'cp1253 windows-1253 x-cp1253',
  'windows-1254':
    'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 ' +
    'latin5 windows-1254 x-cp1254',
  'windows-1255': 'cp1255 windows-1255 x-cp1255',
  'windows-1256': 'cp1256 windows-1256 x-cp1256',
  'windows-1257': 'cp1257 windows-1257 x-cp1257',
  'windows-1258': 'cp1258 windows-1258 x-cp1258',
  'x-mac-cyrillic': 'x-mac-cyrillic x-mac-ukrainian',
  gbk: 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk',
  gb18030: 'gb18030',
  big5: 'big5 big5-hkscs cn-big5 csbig5 x-x-big5',
  'euc-jp': 'cseucpkdfmtjapanese euc-jp x-euc-jp',
  'iso-2022-jp': 'csiso2022jp iso-2022-jp',
  shift_jis: 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis',
  'euc-kr':
    'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949',
  replacement: 'csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement',
  'utf-16be': 'unicodefffe utf-16be',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
  'x-user-defined': 'x-user-defined',
};

const ENCODING_BY_LABEL: ReadonlyMap<string, string> = new Map(
  Object.entries(LABELS_BY_ENCODING).flatMap(([name, labels]) =>
    labels.split(' ').map((label): [string, string] => [label, name]),
  ),
);

const ASCII_WHITESPACE_AT_ENDS = /^[\t\n\f\r ]+|[\t\n\f\r ]+$/g;

/**
 * WHATWG "get an encoding": trims ASCII white space, compares ASCII
 * case-insensitively. Any non-ASCII character means no match (plain
 * `toLowerCase` would turn the Kelvin sign into `k`).
 */
function encodingForLabel(label: string): string | undefined {
  const trimmed = label.replace(ASCII_WHITESPACE_AT_ENDS, '');
  if (trimmed.length === 0 || trimmed.length > 40 || !/^[\x21-\x7e]+$/.test(trimmed)) return undefined;
  return ENCODING_BY_LABEL.get(trimmed.toLowerCase());
}

/**
 * The encoding named by the `charset` parameter of an HTTP `Content-Type`
 * value, as a WHATWG canonical name; undefined when there is no such parameter
 * or its label is unknown.
 */
export function charsetFromContentType(contentType: string): string | undefined {
  try {
    const value = charsetParameter(contentType);
    return value === undefined ? undefined : encodingForLabel(value);
  } catch {
    return undefined;
  }
}

const isHttpWhitespace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\r';

/** The first `charset=` parameter's value, quoted-string aware (Fetch's MIME type parser, leniently). */
function charsetParameter(contentType: string): string | undefined {
  let position = contentType.indexOf(';');
  while (position !== -1 && position < contentType.length) {
    position++; // past the ';'
    while (isHttpWhitespace(contentType[position])) position++;
    let name = '';
    while (position < contentType.length && contentType[position] !== ';' && contentType[position] !== '=') {
      name += contentType[position];
      position++;
    }
    if (contentType[position] !== '=') continue; // a name without a value, or the end
    position++;
    while (isHttpWhitespace(contentType[position])) position++;
    let value = '';
    if (contentType[position] === '"') {
      position++;
      while (position < contentType.length && contentType[position] !== '"') {
        if (contentType[position] === '\\' && position + 1 < contentType.length) position++;
        value += contentType[position];
        position++;
      }
      position = contentType.indexOf(';', position);
    } else {
      const end = contentType.indexOf(';', position);
      value = contentType.slice(position, end === -1 ? undefined : end).replace(/[ \t\n\r]+$/, '');
      position = end;
    }
    // Fetch would ignore "charset = x"; servers send it, so white space around the name is tolerated.
    if (name.replace(/[ \t\n\r]+$/, '').toLowerCase() === 'charset' && value !== '') return value;
  }
  return undefined;
}

/** A Buffer over the same memory: Buffer's indexOf is memchr, a plain Uint8Array's is a slow generic loop. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// ---------------------------------------------------------------------------
// Byte order mark

interface BomMatch {
  charset: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

function sniffBom(bytes: Uint8Array): BomMatch | undefined {
  const [first, second, third] = [bytes[0], bytes[1], bytes[2]];
  if (first === 0xef && second === 0xbb && third === 0xbf) return { charset: 'utf-8', length: 3 };
  if (first === 0xfe && second === 0xff) return { charset: 'utf-16be', length: 2 };
  if (first === 0xff && second === 0xfe) return { charset: 'utf-16le', length: 2 };
  return undefined;
}

// ---------------------------------------------------------------------------
// <meta> prescan (HTML Standard, "prescan a byte stream to determine its encoding")

/** The HTML Standard has user agents look at no more than this many bytes. */
const PRESCAN_LIMIT = 1024;

const isPrescanSpace = (byte: number | undefined): boolean =>
  byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || byte === 0x20;
const isAsciiLetter = (byte: number | undefined): boolean =>
  byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
/** ASCII upper-case letters lower-cased, every other byte kept as the code point of the same value. */
const lowerByte = (byte: number): string => String.fromCharCode(byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte);

/** Thrown inside the prescan when it runs out of bytes: the spec then gives up on `<meta>`. */
class EndOfPrescan extends Error {}

interface Attribute {
  name: string;
  value: string;
}

/** One run of the prescan over at most {@link PRESCAN_LIMIT} bytes. */
class MetaPrescan {
  private position = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes.subarray(0, PRESCAN_LIMIT);
  }

  /** The declared encoding, or undefined. Running out of bytes anywhere ends the search unsuccessfully. */
  run(): string | undefined {
    const { bytes } = this;
    if (startsWith(bytes, 0, [0x3c, 0x00, 0x3f, 0x00, 0x78, 0x00])) return 'utf-16le';
    if (startsWith(bytes, 0, [0x00, 0x3c, 0x00, 0x3f, 0x00, 0x78])) return 'utf-16be';
    try {
      while (this.position < bytes.length) {
        const declared = this.step();
        if (declared !== undefined) return declared;
        this.position++;
      }
    } catch (error) {
      if (!(error instanceof EndOfPrescan)) throw error;
    }
    return xmlDeclarationEncoding(bytes);
  }

  /** One iteration of the prescan loop; leaves `position` on the last byte it consumed. */
  private step(): string | undefined {
    const { bytes, position } = this;
    if (bytes[position] !== 0x3c) return undefined;
    const next = bytes[position + 1];
    if (startsWith(bytes, position, [0x3c, 0x21, 0x2d, 0x2d])) {
      // The comment ends at the first '>' preceded by '--'; those hyphens may be the ones of '<!--'.
      let end = position + 4;
      while (end < bytes.length && !(bytes[end] === 0x3e && bytes[end - 1] === 0x2d && bytes[end - 2] === 0x2d)) end++;
      if (end >= bytes.length) throw new EndOfPrescan();
      this.position = end;
      return undefined;
    }
    if (this.isMetaStart(position)) {
      this.position = position + 5;
      return this.metaCharset();
    }
    if (isAsciiLetter(next) || (next === 0x2f && isAsciiLetter(bytes[position + 2]))) {
      this.position = position + 2;
      while (!isPrescanSpace(this.byteAt(this.position)) && this.byteAt(this.position) !== 0x3e) this.position++;
      while (this.attribute() !== undefined) {
        // Other tags' attributes are read only to skip them: a '>' inside a quoted value does not end the tag.
      }
      return undefined;
    }
    if (next === 0x21 || next === 0x2f || next === 0x3f) {
      const end = bytes.indexOf(0x3e, position + 1);
      if (end === -1) throw new EndOfPrescan();
      this.position = end;
    }
    return undefined;
  }

  private isMetaStart(position: number): boolean {
    const { bytes } = this;
    return (
      (bytes[position + 1] === 0x4d || bytes[position + 1] === 0x6d) &&
      (bytes[position + 2] === 0x45 || bytes[position + 2] === 0x65) &&
      (bytes[position + 3] === 0x54 || bytes[position + 3] === 0x74) &&
      (bytes[position + 4] === 0x41 || bytes[position + 4] === 0x61) &&
      (isPrescanSpace(bytes[position + 5]) || bytes[position + 5] === 0x2f)
    );
  }

  /** The attributes of a `<meta>` tag, reduced to the encoding they declare. */
  private metaCharset(): string | undefined {
    const seen = new Set<string>();
    let gotPragma = false;
    let needPragma: boolean | undefined;
    let charset: string | 'failure' | undefined;
    for (let attribute = this.attribute(); attribute !== undefined; attribute = this.attribute()) {
      if (seen.has(attribute.name)) continue;
      seen.add(attribute.name);
      if (attribute.name === 'http-equiv') {
        if (attribute.value === 'content-type') gotPragma = true;
      } else if (attribute.name === 'content') {
        const fromContent = encodingFromMetaContent(attribute.value);
        if (fromContent !== undefined && charset === undefined) {
          charset = fromContent;
          needPragma = true;
        }
      } else if (attribute.name === 'charset') {
        charset = encodingForLabel(attribute.value) ?? 'failure';
        needPragma = false;
      }
    }
    if (needPragma === undefined || (needPragma && !gotPragma)) return undefined;
    if (charset === undefined || charset === 'failure') return undefined;
    if (charset === 'utf-16le' || charset === 'utf-16be') return 'utf-8';
    if (charset === 'x-user-defined') return 'windows-1252';
    return charset;
  }

  private byteAt(position: number): number {
    const byte = this.bytes[position];
    if (byte === undefined) throw new EndOfPrescan();
    return byte;
  }

  /** HTML Standard "get an attribute"; undefined when the tag has no more. Leaves `position` after it. */
  private attribute(): Attribute | undefined {
    let byte = this.byteAt(this.position);
    while (isPrescanSpace(byte) || byte === 0x2f) byte = this.byteAt(++this.position);
    if (byte === 0x3e) return undefined;
    let name = '';
    let value = '';
    // Name: up to '=', white space, '/' or '>'. A leading '=' belongs to the name.
    for (;;) {
      if (byte === 0x3d && name !== '') {
        byte = this.byteAt(++this.position);
        break;
      }
      if (isPrescanSpace(byte)) {
        while (isPrescanSpace(byte)) byte = this.byteAt(++this.position);
        if (byte !== 0x3d) return { name, value };
        byte = this.byteAt(++this.position);
        break;
      }
      if (byte === 0x2f || byte === 0x3e) return { name, value };
      name += lowerByte(byte);
      byte = this.byteAt(++this.position);
    }
    // Value.
    while (isPrescanSpace(byte)) byte = this.byteAt(++this.position);
    if (byte === 0x22 || byte === 0x27) {
      const quote = byte;
      for (byte = this.byteAt(++this.position); byte !== quote; byte = this.byteAt(++this.position)) {
        value += lowerByte(byte);
      }
      this.position++;
      return { name, value };
    }
    if (byte === 0x3e) return { name, value };
    while (!isPrescanSpace(byte) && byte !== 0x3e) {
      value += lowerByte(byte);
      byte = this.byteAt(++this.position);
    }
    return { name, value };
  }
}

function startsWith(bytes: Uint8Array, offset: number, prefix: readonly number[]): boolean {
  if (offset + prefix.length > bytes.length) return false;
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}

/** HTML Standard "algorithm for extracting a character encoding from a meta element" (`content="…; charset=…"`). */
function encodingFromMetaContent(content: string): string | undefined {
  const lowered = content.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  const isSpace = (char: string | undefined): boolean =>
    char === '\t' || char === '\n' || char === '\f' || char === '\r' || char === ' ';
  let position = 0;
  for (;;) {
    const found = lowered.indexOf('charset', position);
    if (found === -1) return undefined;
    let cursor = found + 7;
    while (isSpace(lowered[cursor])) cursor++;
    if (lowered[cursor] !== '=') {
      position = cursor;
      continue;
    }
    cursor++;
    while (isSpace(lowered[cursor])) cursor++;
    const first = lowered[cursor];
    if (first === undefined) return undefined;
    if (first === '"' || first === "'") {
      const closing = lowered.indexOf(first, cursor + 1);
      return closing === -1 ? undefined : encodingForLabel(lowered.slice(cursor + 1, closing));
    }
    let end = cursor;
    while (end < lowered.length && !isSpace(lowered[end]) && lowered[end] !== ';') end++;
    return encodingForLabel(lowered.slice(cursor, end));
  }
}

/** HTML Standard "get an XML encoding": the prescan's answer when no `<meta>` declares one. */
function xmlDeclarationEncoding(bytes: Uint8Array): string | undefined {
  if (!startsWith(bytes, 0, [0x3c, 0x3f, 0x78, 0x6d, 0x6c])) return undefined;
  const declarationEnd = bytes.indexOf(0x3e);
  if (declarationEnd === -1) return undefined;
  const declaration = Buffer.from(bytes.buffer, bytes.byteOffset, declarationEnd).toString('latin1');
  const keyword = declaration.indexOf('encoding');
  if (keyword === -1) return undefined;
  let cursor = keyword + 8;
  while (cursor < declaration.length && declaration.charCodeAt(cursor) <= 0x20) cursor++;
  if (declaration[cursor] !== '=') return undefined;
  cursor++;
  while (cursor < declaration.length && declaration.charCodeAt(cursor) <= 0x20) cursor++;
  const quote = declaration[cursor];
  if (quote !== '"' && quote !== "'") return undefined;
  const closing = declaration.indexOf(quote, cursor + 1);
  if (closing === -1) return undefined;
  const label = declaration.slice(cursor + 1, closing);
  if (/[\x00-\x20]/.test(label)) return undefined;
  const encoding = encodingForLabel(label);
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? 'utf-8' : encoding;
}

// ---------------------------------------------------------------------------
// Content sniffing: UTF-16 without BOM, ISO-2022-JP, UTF-8 with flaws

/** Bytes looked at for the UTF-16 NUL pattern; enough for any page's first lines of markup. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * UTF-16 without a BOM, recognised by its NULs: ASCII characters (markup,
 * digits, spaces, line breaks) have a NUL high byte, which sits at odd offsets
 * in little-endian and at even offsets in big-endian text. Text in an
 * ASCII-compatible encoding has no NULs, or has them without that regularity.
 */
function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = asBuffer(bytes).subarray(0, Math.min(bytes.length, UTF16_SNIFF_BYTES) & ~1);
  if (sample.length < 4 || sample.indexOf(0) === -1) return undefined;
  let nulsAtEven = 0;
  let nulsAtOdd = 0;
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) nulsAtEven++;
    if (sample[index + 1] === 0) nulsAtOdd++;
  }
  const units = sample.length / 2;
  // A few stray NULs in ASCII text are not UTF-16: ask for a real pattern, even in a short sample.
  const minimum = Math.max(Math.min(8, units / 2), units * 0.05);
  if (nulsAtOdd >= minimum && nulsAtEven * 20 <= nulsAtOdd) return 'utf-16le';
  if (nulsAtEven >= minimum && nulsAtOdd * 20 <= nulsAtEven) return 'utf-16be';
  return undefined;
}

/**
 * ISO-2022-JP is 7-bit, so it passes as ASCII (and as valid UTF-8); its escape
 * sequences give it away: ESC $ @, ESC $ B (JIS X 0208), ESC ( J, ESC ( I.
 */
function looksLikeIso2022Jp(bytes: Buffer): boolean {
  for (let escape = bytes.indexOf(0x1b); escape !== -1; escape = bytes.indexOf(0x1b, escape + 1)) {
    const [first, second] = [bytes[escape + 1], bytes[escape + 2]];
    if (first === 0x24 && (second === 0x40 || second === 0x42)) return true;
    if (first === 0x28 && (second === 0x4a || second === 0x49)) return true;
  }
  return false;
}

interface Utf8Evidence {
  /** Well-formed sequences of two to four bytes. */
  multibyte: number;
  /** Ill-formed sequences (maximal subparts, as the WHATWG decoder counts them), not counting a cut-off tail. */
  invalid: number;
  /** The input ends inside a sequence that was well-formed so far, as a truncated download does. */
  truncatedTail: boolean;
}

/**
 * Tallies UTF-8 structure byte by byte. Only called once `isUtf8` has said no,
 * so the fast path never pays for it.
 */
function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
  let multibyte = 0;
  let invalid = 0;
  let index = 0;
  const length = bytes.length;
  while (index < length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    let needed: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) needed = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) lower = 0xa0;
      if (lead === 0xed) upper = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) lower = 0x90;
      if (lead === 0xf4) upper = 0x8f;
    } else {
      invalid++;
      index++;
      continue;
    }
    let seen = 0;
    let cursor = index + 1;
    while (seen < needed && cursor < length) {
      const byte = bytes[cursor]!;
      if (byte < lower || byte > upper) break;
      lower = 0x80;
      upper = 0xbf;
      seen++;
      cursor++;
    }
    if (seen === needed) multibyte++;
    else if (cursor >= length) return { multibyte, invalid, truncatedTail: true };
    else invalid++;
    index = cursor;
  }
  return { multibyte, invalid, truncatedTail: false };
}

// ---------------------------------------------------------------------------
// Statistical detection (chardet)

/**
 * Bytes of text given to the detector at most. chardet reads about 3.5 MB/s; on the evaluation set 4 KB
 * already decided as well as 64 KB.
 */
const DETECTION_SAMPLE_BYTES = 16 * 1024;
/** Markup looked at before stripping it down to the detection sample. */
const DETECTION_MARKUP_BYTES = 512 * 1024;

const MULTI_BYTE_LEGACY = new Set(['gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr']);

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
function detectLegacyCharset(bytes: Uint8Array, type: InputType): string | undefined {
  const sample = type === 'html' ? textOfMarkup(bytes) : bytes.subarray(0, DETECTION_SAMPLE_BYTES);
  for (const candidate of legacyLibraries().rankCharsets(sample)) {
    const charset = encodingForLabel(candidate.name);
    if (charset === undefined || !isLegacyDecodable(charset)) continue;
    if (MULTI_BYTE_LEGACY.has(charset) && !decodesCleanly(sample, charset)) continue;
    return charset;
  }
  return undefined;
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

// ---------------------------------------------------------------------------
// Decoders

interface Decoded {
  text: string;
  invalidBytes: number;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const utf16leDecoder = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });
const REPLACEMENT_CHARACTER = '\uFFFD';
const ENCODED_REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

function countReplacements(text: string): number {
  let count = 0;
  for (let index = text.indexOf(REPLACEMENT_CHARACTER); index !== -1; index = text.indexOf(REPLACEMENT_CHARACTER, index + 1)) {
    count++;
  }
  return count;
}

function countOccurrences(bytes: Uint8Array, needle: Uint8Array): number {
  const haystack = asBuffer(bytes);
  let count = 0;
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + needle.length)) {
    count++;
  }
  return count;
}

/** UTF-8; the replacement characters are only counted when the native validity check has already failed. */
function decodeUtf8(bytes: Uint8Array, knownValid?: boolean): Decoded {
  const text = utf8Decoder.decode(bytes);
  if (knownValid === true || isUtf8(bytes)) return { text, invalidBytes: 0 };
  const introduced = countReplacements(text) - countOccurrences(bytes, ENCODED_REPLACEMENT_UTF8);
  return { text, invalidBytes: Math.max(0, introduced) };
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): Decoded {
  let units: Uint8Array = bytes;
  if (bigEndian) {
    // Byte-swapped copy decoded as little-endian: one code path, and no reliance on ICU having UTF-16BE.
    units = Buffer.from(bytes.subarray(0, bytes.length & ~1));
    (units as Buffer).swap16();
  }
  let text = utf16leDecoder.decode(units);
  if (bigEndian && bytes.length % 2 === 1) text += REPLACEMENT_CHARACTER;
  if (!text.includes(REPLACEMENT_CHARACTER)) return { text, invalidBytes: 0 };
  let literal = 0;
  const [high, low] = bigEndian ? [0xff, 0xfd] : [0xfd, 0xff];
  for (let index = 0; index + 1 < bytes.length; index += 2) {
    if (bytes[index] === high && bytes[index + 1] === low) literal++;
  }
  return { text, invalidBytes: Math.max(0, countReplacements(text) - literal) };
}

/** Where the WHATWG indexes differ from iconv-lite's tables beyond 0x80–0x9F (checked against the indexes). */
const SINGLE_BYTE_PATCHES: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  // Apple's current mapping: Ω is the Greek letter, 0xDB the euro (not ¤), 0xF0 the Apple logo.
  macintosh: { 0xbd: 0x03a9, 0xdb: 0x20ac, 0xf0: 0xf8ff },
  // WHATWG's x-mac-cyrillic is the Mac OS Ukrainian variant.
  'x-mac-cyrillic': { 0xa2: 0x0490, 0xb6: 0x0491, 0xff: 0x20ac },
  // WHATWG's koi8-u is KOI8-RU: ў and Ў instead of two box-drawing characters.
  'koi8-u': { 0xae: 0x045e, 0xbe: 0x040e },
};

/** iconv-lite's name for a WHATWG encoding where the two differ. */
const ICONV_NAMES: Readonly<Record<string, string>> = {
  'iso-8859-8-i': 'iso-8859-8', // same bytes, only the text direction differs
  'x-mac-cyrillic': 'maccyrillic',
  // WHATWG's gbk decoder is its gb18030 decoder.
  gbk: 'gb18030',
  gb18030: 'gb18030',
  // WHATWG big5 is Big5-HKSCS; iconv-lite's big5hkscs table was built from WHATWG's index.
  big5: 'big5hkscs',
  shift_jis: 'shiftjis',
  'euc-jp': 'eucjp',
  // WHATWG euc-kr is Windows code page 949 (Unified Hangul Code).
  'euc-kr': 'cp949',
};

const SINGLE_BYTE = new Set([
  'ibm866', 'iso-8859-2', 'iso-8859-3', 'iso-8859-4', 'iso-8859-5', 'iso-8859-6', 'iso-8859-7', 'iso-8859-8',
  'iso-8859-8-i', 'iso-8859-10', 'iso-8859-13', 'iso-8859-14', 'iso-8859-15', 'iso-8859-16', 'koi8-r', 'koi8-u',
  'macintosh', 'windows-874', 'windows-1250', 'windows-1251', 'windows-1252', 'windows-1253', 'windows-1254',
  'windows-1255', 'windows-1256', 'windows-1257', 'windows-1258', 'x-mac-cyrillic', 'x-user-defined',
]);

const singleByteTables = new Map<string, Uint16Array>();

/**
 * The 256 code points of a single-byte encoding. Built from iconv-lite once,
 * then corrected to the WHATWG index: every WHATWG single-byte index maps the
 * bytes 0x80–0x9F the Windows code page leaves undefined to the C1 control of
 * the same value, where iconv-lite has U+FFFD.
 */
function singleByteTable(charset: string): Uint16Array {
  const cached = singleByteTables.get(charset);
  if (cached !== undefined) return cached;
  const table = new Uint16Array(256);
  if (charset === 'x-user-defined') {
    for (let byte = 0; byte < 256; byte++) table[byte] = byte < 0x80 ? byte : 0xf780 + byte - 0x80;
  } else {
    const allBytes = Buffer.alloc(256);
    for (let byte = 0; byte < 256; byte++) allBytes[byte] = byte;
    const decoded = legacyLibraries().iconv.decode(allBytes, ICONV_NAMES[charset] ?? charset);
    if (decoded.length !== 256) throw new Error(`iconv-lite's ${charset} is not a single-byte table`);
    for (let byte = 0; byte < 256; byte++) {
      const codePoint = decoded.charCodeAt(byte);
      table[byte] = byte >= 0x80 && byte <= 0x9f && codePoint === 0xfffd ? byte : codePoint;
    }
    for (const [byte, codePoint] of Object.entries(SINGLE_BYTE_PATCHES[charset] ?? {})) table[Number(byte)] = codePoint;
  }
  singleByteTables.set(charset, table);
  return table;
}

const littleEndianPlatform = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const platformUtf16Decoder = new TextDecoder(littleEndianPlatform ? 'utf-16le' : 'utf-16be', { ignoreBOM: true });

function decodeSingleByte(bytes: Uint8Array, charset: string): Decoded {
  const table = singleByteTable(charset);
  const units = new Uint16Array(bytes.length);
  let invalidBytes = 0;
  for (let index = 0; index < bytes.length; index++) {
    const unit = table[bytes[index]!]!;
    units[index] = unit;
    if (unit === 0xfffd) invalidBytes++;
  }
  return { text: platformUtf16Decoder.decode(units), invalidBytes };
}

/**
 * GB18030-2022 moved 18 two-byte codes from the Private Use Area to standard
 * code points, and WHATWG's gb18030 index follows it; iconv-lite still has the
 * 2005 mapping. Those PUA code points come only from these two-byte codes.
 */
const GB18030_2022_REMAPPED: ReadonlyMap<string, string> = new Map(
  [
    [0xe78d, 0xfe10], [0xe78e, 0xfe12], [0xe78f, 0xfe11], [0xe790, 0xfe13], [0xe791, 0xfe14], [0xe792, 0xfe15],
    [0xe793, 0xfe16], [0xe794, 0xfe17], [0xe795, 0xfe18], [0xe796, 0xfe19], [0xe81e, 0x9fb4], [0xe826, 0x9fb5],
    [0xe82b, 0x9fb6], [0xe82c, 0x9fb7], [0xe832, 0x9fb8], [0xe843, 0x9fb9], [0xe854, 0x9fba], [0xe864, 0x9fbb],
  ].map(([from, to]): [string, string] => [String.fromCharCode(from!), String.fromCharCode(to!)]),
);
const GB18030_2022_PATTERN = /[\uE78D-\uE796\uE81E\uE826\uE82B\uE82C\uE832\uE843\uE854\uE864]/g;
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;
const ENCODED_REPLACEMENT_GB18030 = Buffer.from([0x84, 0x31, 0xa4, 0x37]);

function decodeMultiByte(bytes: Uint8Array, charset: string): Decoded {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = legacyLibraries().iconv.decode(buffer, ICONV_NAMES[charset] ?? charset, { stripBOM: false });
  const isGb18030 = charset === 'gbk' || charset === 'gb18030';
  if (isGb18030) {
    text = text.replace(GB18030_2022_PATTERN, (char) => GB18030_2022_REMAPPED.get(char) ?? char);
    // iconv-lite turns four-byte codes beyond U+10FFFF into lone surrogates; WHATWG makes them errors.
    if (LONE_SURROGATE.test(text)) text = text.replace(LONE_SURROGATES, REPLACEMENT_CHARACTER);
  }
  if (!text.includes(REPLACEMENT_CHARACTER)) return { text, invalidBytes: 0 };
  const literal = isGb18030 ? countOccurrences(bytes, ENCODED_REPLACEMENT_GB18030) : 0;
  return { text, invalidBytes: Math.max(0, countReplacements(text) - literal) };
}

let iso2022JpDecoder: TextDecoder | null | undefined;

/** ISO-2022-JP is not in iconv-lite; Node's ICU has it unless built with small-icu. */
function decodeIso2022Jp(bytes: Uint8Array): Decoded | undefined {
  if (iso2022JpDecoder === undefined) {
    try {
      iso2022JpDecoder = new TextDecoder('iso-2022-jp');
    } catch {
      iso2022JpDecoder = null;
    }
  }
  if (iso2022JpDecoder === null) return undefined;
  const text = iso2022JpDecoder.decode(bytes);
  return { text, invalidBytes: countReplacements(text) };
}

/** Decodes bytes (BOM already removed) with a WHATWG encoding; undefined for one this module cannot decode. */
function decodeAs(bytes: Uint8Array, charset: string): Decoded | undefined {
  if (charset === 'utf-8') return decodeUtf8(bytes);
  if (charset === 'utf-16le') return decodeUtf16(bytes, false);
  if (charset === 'utf-16be') return decodeUtf16(bytes, true);
  if ((SINGLE_BYTE.has(charset) || MULTI_BYTE_LEGACY.has(charset)) && isAscii(bytes)) {
    // Every one of these maps 0x00–0x7F to ASCII; the native decoder is much faster than a table walk.
    return { text: utf8Decoder.decode(bytes), invalidBytes: 0 };
  }
  if (SINGLE_BYTE.has(charset)) return decodeSingleByte(bytes, charset);
  if (MULTI_BYTE_LEGACY.has(charset)) return decodeMultiByte(bytes, charset);
  if (charset === 'iso-2022-jp') return decodeIso2022Jp(bytes);
  if (charset === 'replacement') {
    // WHATWG: encodings browsers refuse (ISO-2022-KR, HZ…) decode to a single U+FFFD, so nothing is misread.
    return bytes.length === 0 ? { text: '', invalidBytes: 0 } : { text: REPLACEMENT_CHARACTER, invalidBytes: bytes.length };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The decision

/** Under this many ill-formed sequences per well-formed multi-byte one, flawed UTF-8 is still read as UTF-8. */
const UTF8_MULTIBYTE_PER_FLAW = 4;

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
/** Charsets that read ASCII bytes as ASCII: all but UTF-16 and the replacement encoding. */
function readsAsciiAsAscii(charset: string): boolean {
  return !charset.startsWith('utf-16') && charset !== 'replacement';
}

/**
 * The decision {@link decodeBytes} would take, made without decoding, for
 * bytes that are valid UTF-8 and whose text is their UTF-8 reading: so a
 * caller may scan the bytes itself and decode only what it keeps (the fused
 * strip-tags path). Undefined whenever the full decision is needed (a BOM,
 * a UTF-16 NUL pattern, ISO-2022-JP escapes, invalid UTF-8, a declaration
 * that would change the text). Never throws.
 */
export function validUtf8Decision(bytes: Uint8Array, options: DecodeOptions): Omit<DecodeResult, 'text'> | undefined {
  try {
    if (sniffBom(bytes) !== undefined || !isUtf8(bytes)) return undefined;
    const ascii = isAscii(bytes);
    if (sniffUtf16WithoutBom(bytes) !== undefined) return undefined;
    if (ascii && asBuffer(bytes).includes(0x1b)) return undefined;
    if (options.type === 'html') {
      const declared = declaredCharset(bytes, options.httpContentType);
      if (declared !== undefined) {
        if (declared.charset === 'utf-8') return { charset: 'utf-8', charsetSource: declared.source, invalidBytes: 0 };
        if (declared.charset.startsWith('utf-16')) return undefined;
        if (!ascii) return { charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 0 };
        // ASCII reads the same in the declared charset: keep its name.
        return readsAsciiAsAscii(declared.charset) ? { charset: declared.charset, charsetSource: declared.source, invalidBytes: 0 } : undefined;
      }
    }
    return { charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 0 };
  } catch {
    return undefined;
  }
}

export function decodeBytes(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  try {
    return decide(bytes, options);
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

function decide(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  const bom = sniffBom(bytes);
  if (bom !== undefined) {
    const body = bytes.subarray(bom.length);
    return result(decodeAs(body, bom.charset)!, bom.charset, 'bom');
  }
  if (options.type === 'html') {
    const declared = declaredCharset(bytes, options.httpContentType);
    if (declared !== undefined) {
      const decided = honourDeclaration(bytes, declared.charset, declared.source);
      if (decided !== undefined) return decided;
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

/** The declared encoding's decoding, or undefined when the bytes plainly contradict it. */
function honourDeclaration(bytes: Uint8Array, charset: string, source: 'http' | 'meta'): DecodeResult | undefined {
  if (charset === 'utf-8') {
    if (isUtf8(bytes)) return result(decodeUtf8(bytes, true), 'utf-8', source);
    const evidence = utf8Evidence(bytes);
    if (evidence.invalid > evidence.multibyte && !evidence.truncatedTail) return undefined;
    return result(decodeUtf8(bytes), 'utf-8', source);
  }
  if (!charset.startsWith('utf-16')) {
    if (isUtf8(bytes) && !isAscii(bytes)) return result(decodeUtf8(bytes, true), 'utf-8', 'utf8');
    const utf16 = sniffUtf16WithoutBom(bytes);
    if (utf16 !== undefined) return result(decodeAs(bytes, utf16)!, utf16, 'detected');
  }
  const decoded = decodeAs(bytes, charset);
  return decoded === undefined ? undefined : result(decoded, charset, source);
}

function fromContent(bytes: Uint8Array, type: InputType): DecodeResult {
  const utf16 = sniffUtf16WithoutBom(bytes);
  if (utf16 !== undefined) return result(decodeAs(bytes, utf16)!, utf16, 'detected');
  if (isUtf8(bytes)) {
    const buffer = asBuffer(bytes);
    if (buffer.includes(0x1b) && isAscii(bytes) && looksLikeIso2022Jp(buffer)) {
      const decoded = decodeIso2022Jp(bytes);
      if (decoded !== undefined) return result(decoded, 'iso-2022-jp', 'detected');
    }
    return result(decodeUtf8(bytes, true), 'utf-8', 'utf8');
  }
  const evidence = utf8Evidence(bytes);
  // A download cut inside a character; with no whole multi-byte character before it, a lone high byte at the
  // end ("caf\xE9") is as likely legacy text, so that case is left to detection.
  if (evidence.invalid === 0 && evidence.truncatedTail && evidence.multibyte > 0) {
    return result(decodeUtf8(bytes), 'utf-8', 'utf8');
  }
  if (evidence.invalid > 0 && evidence.multibyte >= UTF8_MULTIBYTE_PER_FLAW * evidence.invalid) {
    return result(decodeUtf8(bytes), 'utf-8', 'detected');
  }
  const detected = detectLegacyCharset(bytes, type);
  if (detected !== undefined) {
    const decoded = decodeAs(bytes, detected);
    if (decoded !== undefined) return result(decoded, detected, 'detected');
  }
  return result(decodeSingleByte(bytes, 'windows-1252'), 'windows-1252', 'default');
}
