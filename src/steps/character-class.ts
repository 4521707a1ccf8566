/**
 * What `remove-punctuation` does with each character, shared by the step and
 * by the fused pass of the default pipeline so that both classify alike.
 */
import { BMP_CLASS_RUNS } from './bmp-class-runs.js';

/** Letters, digits, white space, controls, unpaired surrogates: kept. */
export const KEEP = 0;
/** Unicode P*: deleted. */
export const PUNCTUATION = 1;
/** Unicode S*: deleted unless symbols are kept. */
export const SYMBOL = 2;
/** A mark (M*), the zero-width joiner or a tag character: it belongs to the character before it. */
export const ATTACHED = 3;
/** A surrogate code unit: the class is that of the whole code point, see {@link codePointClass}. */
export const SURROGATE = 4;

export type CharClass = typeof KEEP | typeof PUNCTUATION | typeof SYMBOL | typeof ATTACHED | typeof SURROGATE;

const PUNCTUATION_CHARACTER = /^\p{P}$/u;
const SYMBOL_CHARACTER = /^\p{S}$/u;
/**
 * Marks (including variation selectors and enclosing keycaps), the zero-width
 * joiner that glues emoji sequences, and the tag characters of flag
 * sequences: deleted with the character they lean on.
 */
const ATTACHED_CHARACTER = /^[\p{M}\u200D\u{E0020}-\u{E007F}]$/u;

/**
 * The class of every BMP code unit from the regular expressions of the
 * running JavaScript engine: one global regex pass per class over a string
 * of all BMP characters (65,536 separate tests took ~25 ms). The source of
 * {@link BMP_CLASS_RUNS}; scripts/generate-unicode-tables.ts writes them
 * out, and a test holds the two equal.
 */
export function classifyBmpByRegex(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const units: number[] = [];
  for (let unit = 0; unit < 0x10000; unit++) units.push(unit >= 0xd800 && unit <= 0xdfff ? 0x20 : unit);
  let allCharacters = '';
  for (let start = 0; start < units.length; start += 8192) allCharacters += String.fromCharCode(...units.slice(start, start + 8192));
  const mark = (pattern: RegExp, cls: CharClass): void => {
    for (const match of allCharacters.matchAll(pattern)) if (table[match.index] === KEEP) table[match.index] = cls;
  };
  mark(/\p{P}/gu, PUNCTUATION);
  mark(/\p{S}/gu, SYMBOL);
  mark(/[\p{M}\u200D]/gu, ATTACHED);
  table.fill(SURROGATE, 0xd800, 0xe000);
  return table;
}

/**
 * The class of every BMP code unit, for the hot loops to look up. Expanded
 * from the generated runs (816 of them): building it with regular
 * expressions took ~13 ms at the start of every thread, a tenth of the start
 * of the program.
 */
export const BMP_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  let unit = 0;
  for (let index = 0; index < BMP_CLASS_RUNS.length; index += 2) {
    const length = BMP_CLASS_RUNS[index + 1] as number;
    table.fill(BMP_CLASS_RUNS[index] as number, unit, unit + length);
    unit += length;
  }
  return table;
})();

/** The class of a code point; never {@link SURROGATE} (an unpaired surrogate is kept). */
export function codePointClass(codePoint: number): CharClass {
  if (codePoint < 0x10000) {
    const cls = BMP_CLASS[codePoint] as CharClass;
    return cls === SURROGATE ? KEEP : cls;
  }
  const char = String.fromCodePoint(codePoint);
  if (PUNCTUATION_CHARACTER.test(char)) return PUNCTUATION;
  if (SYMBOL_CHARACTER.test(char)) return SYMBOL;
  if (ATTACHED_CHARACTER.test(char)) return ATTACHED;
  return KEEP;
}
