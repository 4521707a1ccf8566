/** UTF-8: decoding, and the evidence for reading flawed bytes as UTF-8 all the same. */
import { isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { asBuffer, countOccurrences, countReplacements, type Decoded } from './decoded.js';

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

/** How a multi-byte sequence read: whole, ill-formed (a maximal subpart), or cut off by the end of the input. */
const WELL_FORMED = 0;
const ILL_FORMED = 1;
const CUT_OFF = 2;

/**
 * Reads the sequence whose lead byte (0x80 or above) is at `index`, as the
 * WHATWG decoder does. Returns `end * 4 + outcome`: `end` is just past the
 * sequence, or past its maximal ill-formed subpart (the byte that broke it is
 * not part of it and is read again as a lead).
 */
function readMultibyte(bytes: Uint8Array, index: number): number {
  const length = bytes.length;
  const lead = bytes[index]!;
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
    return (index + 1) * 4 + ILL_FORMED;
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
  const outcome = seen === needed ? WELL_FORMED : cursor >= length ? CUT_OFF : ILL_FORMED;
  return cursor * 4 + outcome;
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
    if (bytes[index]! < 0x80) {
      index++;
      continue;
    }
    const read = readMultibyte(bytes, index);
    const outcome = read % 4;
    if (outcome === WELL_FORMED) multibyte++;
    else if (outcome === CUT_OFF) return { multibyte, invalid, truncatedTail: true };
    else invalid++;
    index = (read - outcome) / 4;
  }
  return { multibyte, invalid, truncatedTail: false };
}

/**
 * The bytes with each ill-formed sequence replaced by the UTF-8 of U+FFFD:
 * what decoding them with replacement (one U+FFFD per maximal subpart, as the
 * WHATWG decoder and {@link utf8Evidence} count) and encoding the text again
 * gives, without building the text. `replacements` is that count
 * (`utf8InvalidCount`), which sizes the result.
 */
export function replaceInvalidUtf8(bytes: Uint8Array, replacements: number): Buffer {
  const source = asBuffer(bytes);
  // A replaced subpart of one byte grows by two; longer ones by less.
  const out = Buffer.allocUnsafe(source.length + 2 * replacements);
  let written = 0;
  let copiedUpTo = 0;
  let index = 0;
  while (index < source.length) {
    if (source[index]! < 0x80) {
      index++;
      continue;
    }
    const read = readMultibyte(source, index);
    const outcome = read % 4;
    const end = (read - outcome) / 4;
    if (outcome !== WELL_FORMED) {
      written += source.copy(out, written, copiedUpTo, index);
      written += ENCODED_REPLACEMENT_UTF8.copy(out, written);
      copiedUpTo = end;
    }
    index = end;
  }
  written += source.copy(out, written, copiedUpTo, source.length);
  return out.subarray(0, written);
}
