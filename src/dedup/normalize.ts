/**
 * The two normalizations of dedup: the light one under which two texts are
 * exact duplicates, and datatrove's `simplify_text`, under which their word
 * 5-grams are compared for near duplicates.
 */
import { collapseWhitespaceText } from '../steps/collapse-whitespace.js';
import { PUNCTUATION } from '../text/punctuation.js';
import { hasSurrogates, isPySpace, PY_SPACE_CLASS, pyStrip } from '../text/python.js';

/** Exact duplicates are equal after this: NFC, every run of white space one space, trimmed. */
export function exactText(text: string): string {
  return collapseWhitespaceText(text.normalize('NFC'));
}

/** Numbers in any script, with one decimal separator: datatrove's `NUMBERS_PATTERN`. */
const NUMBERS = /\p{Nd}+(?:[.,،٫⎖⎗⎘]\p{Nd}+)?/gu;
const PUNCTUATION_CHARACTERS = new RegExp(`[${Array.from(PUNCTUATION, (char) => `\\u{${(char.codePointAt(0) as number).toString(16)}}`).join('')}]`, 'gu');
const SPACE_RUNS = new RegExp(`[${PY_SPACE_CLASS}]+`, 'gu');
const NONSPACING_MARKS = /\p{Mn}/gu;

/**
 * datatrove's `simplify_text` with its default settings, in its order:
 * lower case; every number (digits of any script, with one decimal
 * separator) to `0`; its punctuation to spaces; white space collapsed and
 * trimmed; NFD with the non-spacing marks dropped.
 */
export function simplifyText(text: string): string {
  const lower = text.toLowerCase();
  let simple = hasSurrogates(lower) ? simplifyByExpressions(lower) : simplifyInOnePass(lower);
  if (NON_ASCII.test(simple)) simple = simple.normalize('NFD').replace(NONSPACING_MARKS, '');
  return pyStrip(simple);
}

/** {@link simplifyText} by datatrove's substitutions one after another: the reference the one pass is tested against. */
export function simplifyTextByExpressions(text: string): string {
  return pyStrip(simplifyByExpressions(text.toLowerCase()).normalize('NFD').replace(NONSPACING_MARKS, ''));
}

/** The three substitutions as datatrove writes them (for text with characters beyond the BMP, which the one pass does not classify). */
function simplifyByExpressions(lower: string): string {
  return pyStrip(lower.replace(NUMBERS, '0').replace(PUNCTUATION_CHARACTERS, ' ')).replace(SPACE_RUNS, ' ');
}

const NON_ASCII = /[^\x00-\x7f]/;

const enum Kind {
  Other = 0,
  Digit,
  /** Punctuation becomes a space, and spaces collapse: the same to the one pass. */
  Space,
  Separator,
}

let kinds: Uint8Array | undefined;

/** What each BMP character is to {@link simplifyInOnePass}: made on first use, not at every start of the program. */
function kindsOfCharacters(): Uint8Array {
  if (kinds !== undefined) return kinds;
  kinds = new Uint8Array(0x10000);
  const digit = /\p{Nd}/u;
  for (let code = 0; code < 0x10000; code++) {
    const char = String.fromCharCode(code);
    if (digit.test(char)) kinds[code] = Kind.Digit;
    else if (PUNCTUATION.has(char) || isPySpace(code)) kinds[code] = Kind.Space;
  }
  // Decimal separators inside a number (`3.14`, `1,000`, Arabic ٫); elsewhere what they are.
  for (const char of '.,،٫⎖⎗⎘') kinds[char.charCodeAt(0)] = Kind.Separator;
  return kinds;
}
const SEPARATOR_IS_PUNCTUATION = new Set(Array.from('.,،٫⎖⎗⎘').filter((char) => PUNCTUATION.has(char)));

/**
 * Numbers to `0`, punctuation and white space runs to one space, trimmed,
 * in one pass over a lower-cased text of BMP characters.
 */
function simplifyInOnePass(lower: string): string {
  const KINDS = kindsOfCharacters();
  let out = '';
  let runStart = 0;
  let pendingSpace = false;
  const length = lower.length;
  let i = 0;
  // Characters kept as they are are copied in runs.
  const emit = (piece: string): void => {
    if (pendingSpace && out.length > 0) out += ' ';
    pendingSpace = false;
    out += piece;
  };
  while (i < length) {
    const kind = KINDS[lower.charCodeAt(i)] as Kind;
    if (kind === Kind.Other) {
      runStart = i;
      while (i < length && KINDS[lower.charCodeAt(i)] === Kind.Other) i++;
      emit(lower.slice(runStart, i));
    } else if (kind === Kind.Digit) {
      while (i < length && KINDS[lower.charCodeAt(i)] === Kind.Digit) i++;
      if (i + 1 < length && KINDS[lower.charCodeAt(i)] === Kind.Separator && KINDS[lower.charCodeAt(i + 1)] === Kind.Digit) {
        i++;
        while (i < length && KINDS[lower.charCodeAt(i)] === Kind.Digit) i++;
      }
      emit('0');
    } else if (kind === Kind.Separator && !SEPARATOR_IS_PUNCTUATION.has(lower[i] as string)) {
      runStart = i;
      i++;
      emit(lower.slice(runStart, i));
    } else {
      pendingSpace = true;
      i++;
    }
  }
  return out;
}
