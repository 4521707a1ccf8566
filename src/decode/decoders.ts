/** Every decoder behind one call, by WHATWG encoding name. */
import { isAscii } from 'node:buffer';
import { REPLACEMENT_CHARACTER, type Decoded } from './decoded.js';
import { decodeIso2022Jp } from './iso-2022-jp.js';
import { decodeMultiByte, MULTI_BYTE_LEGACY } from './multi-byte.js';
import { decodeSingleByte, SINGLE_BYTE } from './single-byte.js';
import { decodeUtf16 } from './utf16.js';
import { decodeUtf8, utf8Decoder } from './utf8.js';

/** Decodes bytes (BOM already removed) with a WHATWG encoding; undefined for one this module cannot decode. */
export function decodeAs(bytes: Uint8Array, charset: string): Decoded | undefined {
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
