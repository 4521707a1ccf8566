import { decodeHTML } from 'entities';
import { ATTACHED, BMP_CLASS, codePointClass, PUNCTUATION, SYMBOL } from './steps/character-class.js';
import { isWhiteSpace } from './steps/unicode.js';

/**
 * `decode-entities`, `collapse-whitespace` and `remove-punctuation` (their
 * default options, or with symbols kept) in one pass over the UTF-8 bytes that
 * `strip-tags` keeps, or over plain text with the last two, so that the
 * default pipeline decodes its text into a JavaScript string once instead of
 * building four strings.
 *
 * It rests on what the composition yields: collapsing leaves words separated
 * by single spaces, and removing punctuation then deletes every run of
 * deletable characters (with the marks and joiners that follow them) and,
 * where a whole word was such a run, one of the spaces around it. So the
 * result is the words, each without its deletable runs, the empty ones left
 * out, joined by single spaces. The differential tests in
 * test/fused-path.test.ts hold it to the composed steps.
 */

/** What the pass does with an ASCII byte. */
const ASCII_KEEP = 0;
const ASCII_WHITE_SPACE = 1;
const ASCII_DELETABLE = 2;
const ASCII_SYMBOL = 3;
const ASCII_AMPERSAND = 4;

const ASCII_ACTION = (() => {
  const table = new Uint8Array(0x80);
  for (let byte = 0; byte < 0x80; byte++) {
    const cls = BMP_CLASS[byte];
    if (isWhiteSpace(byte)) table[byte] = ASCII_WHITE_SPACE;
    else if (cls === PUNCTUATION) table[byte] = ASCII_DELETABLE;
    else if (cls === SYMBOL) table[byte] = ASCII_SYMBOL;
  }
  table[0x26] = ASCII_AMPERSAND;
  return table;
})();

/** A BMP character's class for the pass: one of character-class.ts, or white space. */
const WHITE_SPACE = 5;
const BMP_ACTION = (() => {
  const table = BMP_CLASS.slice();
  for (let unit = 0; unit < 0x10000; unit++) if (isWhiteSpace(unit)) table[unit] = WHITE_SPACE;
  return table;
})();

/** Whether a byte can continue a character reference after its `&`: `#`, ASCII letters and digits. */
const REFERENCE_BYTE = (() => {
  const table = new Uint8Array(0x100);
  for (const range of ['09', 'AZ', 'az']) {
    for (let byte = range.charCodeAt(0); byte <= range.charCodeAt(1); byte++) table[byte] = 1;
  }
  table[0x23] = 1;
  return table;
})();

/**
 * Whether each BMP code point may change under NFC in some context: 0 not yet
 * known, 1 never, 2 maybe. Filled lazily, one test per distinct character met.
 */
const NFC_STATUS = new Uint8Array(0x10000);
const NFC_STABLE = 1;
const NFC_UNSTABLE = 2;

/**
 * A character outside this set leaves text in NFC: quick check Yes and
 * canonical combining class 0. Checked against the Unicode data: every
 * character with a non-zero combining class is a mark (M*), every second
 * part of a canonical composition is a mark or a Hangul jamo, and a character
 * whose quick check is No is not its own NFC.
 */
function isNfcUnstable(codePoint: number): boolean {
  if (codePoint >= 0x10000) return true;
  // CJK ideographs and Hangul syllables, thousands of distinct characters in
  // a Chinese or Korean page, are all stable: no need to ask ICU one by one.
  if ((codePoint >= 0x3400 && codePoint <= 0x9fff) || (codePoint >= 0xac00 && codePoint <= 0xd7a3)) return false;
  let status = NFC_STATUS[codePoint];
  if (status === 0) {
    const char = String.fromCharCode(codePoint);
    const unstable = BMP_CLASS[codePoint] === ATTACHED || (codePoint >= 0x1100 && codePoint <= 0x11ff) || char.normalize('NFC') !== char;
    status = unstable ? NFC_UNSTABLE : NFC_STABLE;
    NFC_STATUS[codePoint] = status;
  }
  return status === NFC_UNSTABLE;
}

/**
 * References decoded so far in this thread. Pages repeat a few (`&nbsp;`,
 * `&amp;`, `&#8217;`: 144 distinct among 39,000 in the benchmark corpus),
 * and a lookup is far cheaper than the decoder, above all before the JIT
 * has compiled it.
 */
const decodedReferences = new Map<string, string>();
const DECODED_REFERENCES_LIMIT = 4096;
/** Longer than any real reference (the longest name has 31 letters): a run of letters after a `&` is not cached. */
const CACHED_REFERENCE_LENGTH = 40;

function decodeReference(reference: string): string {
  let decoded = decodedReferences.get(reference);
  if (decoded === undefined) {
    decoded = decodeHTML(reference);
    if (reference.length <= CACHED_REFERENCE_LENGTH && decodedReferences.size < DECODED_REFERENCES_LIMIT) decodedReferences.set(reference, decoded);
  }
  return decoded;
}

/** The cleaned text, and whether it is surely in NFC already (so normalizing it is a no-op). */
export interface FusedText {
  text: string;
  isNfc: boolean;
}

const REUSED_OUTPUT_LIMIT = 4 * 1024 * 1024;
let reusedOutput = Buffer.allocUnsafe(1 << 16);

/**
 * Runs the three text steps over `src[0, length)`, UTF-8 text as `strip-tags`
 * leaves it, or without `decode-entities` (plain text, or a step list
 * without it). Undefined when the bytes are not valid UTF-8: the caller then
 * decodes them and composes the steps.
 */
export function cleanTextUtf8(src: Buffer, length: number, keepSymbols: boolean, decodeReferences = true): FusedText | undefined {
  // A space between words stands for white space read, and the most a
  // character reference grows is by a fifth (`&nGt;`, 5 bytes, decodes to 6).
  const capacity = length + (length >> 2) + 8;
  let out = reusedOutput;
  if (out.length < capacity) {
    out = Buffer.allocUnsafe(Math.max(capacity, Math.min(REUSED_OUTPUT_LIMIT, out.length * 2)));
    if (out.length <= REUSED_OUTPUT_LIMIT) reusedOutput = out;
  }
  const asciiSymbolAction = keepSymbols ? ASCII_KEEP : ASCII_DELETABLE;
  // Module constants read in the loop, as locals: V8 then need not reload them from the module scope.
  const asciiAction = ASCII_ACTION;
  const bmpAction = BMP_ACTION;
  const referenceByte = REFERENCE_BYTE;
  let written = 0;
  /** Whether the current word has written a character. */
  let wordHasOutput = false;
  /** Whether white space came after a word that wrote something: a space goes before the next character written. */
  let spacePending = false;
  /** Whether the characters just read were deleted (marks after them go too). */
  let inRun = false;
  let isNfc = true;
  /** Text that a character reference decoded to, read before going on in `src`. */
  let decoded = '';
  let decodedIndex = 0;
  let i = 0;
  for (;;) {
    let codePoint: number;
    if (decodedIndex < decoded.length) {
      codePoint = decoded.codePointAt(decodedIndex) as number;
      decodedIndex += codePoint > 0xffff ? 2 : 1;
    } else {
      if (i >= length) break;
      const byte = src[i] as number;
      if (byte < 0x80) {
        let action = asciiAction[byte] as number;
        if (action === ASCII_SYMBOL) action = asciiSymbolAction;
        if (action === ASCII_KEEP) {
          if (!wordHasOutput) {
            if (spacePending) out[written++] = 0x20;
            spacePending = false;
            wordHasOutput = true;
          }
          out[written++] = byte;
          inRun = false;
          i++;
          // The rest of an ASCII word, without going round the main loop for each letter.
          while (i < length) {
            const next = src[i] as number;
            if (next >= 0x80 || asciiAction[next] !== ASCII_KEEP) break;
            out[written++] = next;
            i++;
          }
          continue;
        }
        if (action === ASCII_WHITE_SPACE) {
          if (wordHasOutput) spacePending = true;
          wordHasOutput = false;
          inRun = false;
          i++;
          continue;
        }
        if (action === ASCII_AMPERSAND && decodeReferences) {
          // A reference is `&`, then `#`, letters and digits, then maybe `;`:
          // decoding only that much decodes as the whole text would, since a
          // reference ends at the first other character.
          let end = i + 1;
          while (end < length && referenceByte[src[end] as number] === 1) end++;
          if (end > i + 1) {
            if (end < length && src[end] === 0x3b) end++;
            decoded = decodeReference(src.toString('latin1', i, end));
            decodedIndex = 0;
            i = end;
            continue;
          }
        }
        inRun = true;
        i++;
        continue;
      }
      // A multi-byte sequence, validated as the WHATWG decoder does.
      if (byte >= 0xc2 && byte <= 0xdf) {
        const b1 = src[i + 1] as number;
        if (i + 1 >= length || (b1 & 0xc0) !== 0x80) return undefined;
        codePoint = ((byte & 0x1f) << 6) | (b1 & 0x3f);
        i += 2;
      } else if (byte >= 0xe0 && byte <= 0xef) {
        const b1 = src[i + 1] as number;
        const b2 = src[i + 2] as number;
        const low = byte === 0xe0 ? 0xa0 : 0x80;
        const high = byte === 0xed ? 0x9f : 0xbf;
        if (i + 2 >= length || b1 < low || b1 > high || (b2 & 0xc0) !== 0x80) return undefined;
        codePoint = ((byte & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
        i += 3;
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        const b1 = src[i + 1] as number;
        const b2 = src[i + 2] as number;
        const b3 = src[i + 3] as number;
        const low = byte === 0xf0 ? 0x90 : 0x80;
        const high = byte === 0xf4 ? 0x8f : 0xbf;
        if (i + 3 >= length || b1 < low || b1 > high || (b2 & 0xc0) !== 0x80 || (b3 & 0xc0) !== 0x80) return undefined;
        codePoint = ((byte & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
        i += 4;
      } else {
        return undefined;
      }
    }

    // One table lookup for the BMP, where nearly every character is.
    const cls = codePoint < 0x10000 ? (bmpAction[codePoint] as number) : codePointClass(codePoint);
    if (cls === WHITE_SPACE) {
      if (wordHasOutput) spacePending = true;
      wordHasOutput = false;
      inRun = false;
      continue;
    }
    if (cls === PUNCTUATION || (cls === SYMBOL && !keepSymbols)) {
      inRun = true;
      continue;
    }
    if (cls === ATTACHED) {
      if (inRun) continue;
    } else {
      inRun = false;
    }
    if (!wordHasOutput) {
      if (spacePending) out[written++] = 0x20;
      spacePending = false;
      wordHasOutput = true;
    }
    if (codePoint >= 0x300 && isNfc && isNfcUnstable(codePoint)) isNfc = false;
    if (codePoint < 0x80) {
      out[written++] = codePoint;
    } else if (codePoint < 0x800) {
      out[written++] = 0xc0 | (codePoint >> 6);
      out[written++] = 0x80 | (codePoint & 0x3f);
    } else if (codePoint < 0x10000) {
      out[written++] = 0xe0 | (codePoint >> 12);
      out[written++] = 0x80 | ((codePoint >> 6) & 0x3f);
      out[written++] = 0x80 | (codePoint & 0x3f);
    } else {
      out[written++] = 0xf0 | (codePoint >> 18);
      out[written++] = 0x80 | ((codePoint >> 12) & 0x3f);
      out[written++] = 0x80 | ((codePoint >> 6) & 0x3f);
      out[written++] = 0x80 | (codePoint & 0x3f);
    }
  }
  return { text: out.toString('utf8', 0, written), isNfc };
}
