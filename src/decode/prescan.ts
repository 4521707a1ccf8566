/** <meta> prescan (HTML Standard, "prescan a byte stream to determine its encoding"). */
import { encodingForLabel } from './labels.js';

/** The HTML Standard has user agents look at no more than this many bytes. */
export const PRESCAN_LIMIT = 1024;

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

/** One run of the prescan over at most `limit` bytes ({@link PRESCAN_LIMIT}, as the standard has it, unless told). */
export class MetaPrescan {
  private position = 0;
  private readonly bytes: Uint8Array;

  constructor(bytes: Uint8Array, limit = PRESCAN_LIMIT) {
    this.bytes = bytes.subarray(0, limit);
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
