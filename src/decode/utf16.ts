/** UTF-16: decoding, and recognising it without a byte order mark. */
import { TextDecoder } from 'node:util';
import { asBuffer, countReplacements, REPLACEMENT_CHARACTER, type Decoded } from './decoded.js';

const utf16leDecoder = new TextDecoder('utf-16le', { fatal: false, ignoreBOM: true });

export function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): Decoded {
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

/** Bytes looked at for the UTF-16 NUL pattern; enough for any page's first lines of markup. */
const UTF16_SNIFF_BYTES = 4096;

/**
 * UTF-16 without a BOM, recognised by its NULs: ASCII characters (markup,
 * digits, spaces, line breaks) have a NUL high byte, which sits at odd offsets
 * in little-endian and at even offsets in big-endian text. Text in an
 * ASCII-compatible encoding has no NULs, or has them without that regularity.
 */
export function sniffUtf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
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
