/** The single-byte encodings: 256-entry tables from iconv-lite, patched to the WHATWG indexes. */
import { TextDecoder } from 'node:util';
import type { Decoded } from './decoded.js';
import { ICONV_NAMES, legacyLibraries } from './libraries.js';

/** Where the WHATWG indexes differ from iconv-lite's tables beyond 0x80–0x9F (checked against the indexes). */
const SINGLE_BYTE_PATCHES: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  // Apple's current mapping: Ω is the Greek letter, 0xDB the euro (not ¤), 0xF0 the Apple logo.
  macintosh: { 0xbd: 0x03a9, 0xdb: 0x20ac, 0xf0: 0xf8ff },
  // WHATWG's x-mac-cyrillic is the Mac OS Ukrainian variant.
  'x-mac-cyrillic': { 0xa2: 0x0490, 0xb6: 0x0491, 0xff: 0x20ac },
  // WHATWG's koi8-u is KOI8-RU: ў and Ў instead of two box-drawing characters.
  'koi8-u': { 0xae: 0x045e, 0xbe: 0x040e },
};

export const SINGLE_BYTE = new Set([
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

export function decodeSingleByte(bytes: Uint8Array, charset: string): Decoded {
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
