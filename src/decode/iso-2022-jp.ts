/** ISO-2022-JP: recognised by its escape sequences, decoded by Node's ICU. */
import { TextDecoder } from 'node:util';
import { countReplacements, type Decoded } from './decoded.js';

/**
 * ISO-2022-JP is 7-bit, so it passes as ASCII (and as valid UTF-8); its escape
 * sequences give it away: ESC $ @, ESC $ B (JIS X 0208), ESC ( J, ESC ( I.
 */
export function looksLikeIso2022Jp(bytes: Buffer): boolean {
  for (let escape = bytes.indexOf(0x1b); escape !== -1; escape = bytes.indexOf(0x1b, escape + 1)) {
    const [first, second] = [bytes[escape + 1], bytes[escape + 2]];
    if (first === 0x24 && (second === 0x40 || second === 0x42)) return true;
    if (first === 0x28 && (second === 0x4a || second === 0x49)) return true;
  }
  return false;
}

let iso2022JpDecoder: TextDecoder | null | undefined;

/** ISO-2022-JP is not in iconv-lite; Node's ICU has it unless built with small-icu. */
export function decodeIso2022Jp(bytes: Uint8Array): Decoded | undefined {
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
