/** UTF-8: decoding, and the evidence for reading flawed bytes as UTF-8 all the same. */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { countOccurrences, countReplacements, type Decoded } from './decoded.js';

export const utf8Decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const ENCODED_REPLACEMENT_UTF8 = Buffer.from([0xef, 0xbf, 0xbd]);

/** UTF-8; the replacement characters are only counted when the native validity check has already failed. */
export function decodeUtf8(bytes: Uint8Array, knownValid?: boolean): Decoded {
  const text = utf8Decoder.decode(bytes);
  if (knownValid === true || isUtf8(bytes)) return { text, invalidBytes: 0 };
  const introduced = countReplacements(text) - countOccurrences(bytes, ENCODED_REPLACEMENT_UTF8);
  return { text, invalidBytes: Math.max(0, introduced) };
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
export function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
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

const REPLACEMENT_UTF8 = [0xef, 0xbf, 0xbd] as const;

/**
 * The bytes with each ill-formed sequence replaced by the UTF-8 of U+FFFD:
 * what decoding them with replacement (one U+FFFD per maximal subpart, as the
 * WHATWG decoder and {@link utf8Evidence} count) and encoding the text again
 * gives, without building the text. `replacements` is that count
 * (`utf8InvalidCount`), which sizes the result.
 */
export function replaceInvalidUtf8(bytes: Uint8Array, replacements: number): Buffer {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // A replaced subpart of one byte grows by two; longer ones by less.
  const out = Buffer.allocUnsafe(source.length + 2 * replacements);
  let written = 0;
  let copiedUpTo = 0;
  const replace = (from: number, to: number): void => {
    written += source.copy(out, written, copiedUpTo, from);
    for (const byte of REPLACEMENT_UTF8) out[written++] = byte;
    copiedUpTo = to;
  };
  const length = source.length;
  let index = 0;
  while (index < length) {
    const lead = source[index]!;
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
      replace(index, index + 1);
      index++;
      continue;
    }
    let seen = 0;
    let cursor = index + 1;
    while (seen < needed && cursor < length) {
      const byte = source[cursor]!;
      if (byte < lower || byte > upper) break;
      lower = 0x80;
      upper = 0xbf;
      seen++;
      cursor++;
    }
    if (seen < needed) replace(index, cursor);
    index = cursor;
  }
  written += source.copy(out, written, copiedUpTo, length);
  return out.subarray(0, written);
}
