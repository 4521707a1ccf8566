/**
 * The two normalizations of dedup: the light one under which two texts are
 * exact duplicates, and datatrove's `simplify_text`, under which their word
 * 5-grams are compared for near duplicates.
 */
import { collapseWhitespaceText } from '../steps/collapse-whitespace.js';
import { PUNCTUATION } from '../text/punctuation.js';
import { PY_SPACE_CLASS, pyStrip } from '../text/python.js';

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
  let simple = text.toLowerCase().replace(NUMBERS, '0').replace(PUNCTUATION_CHARACTERS, ' ');
  simple = pyStrip(simple).replace(SPACE_RUNS, ' ');
  simple = simple.normalize('NFD').replace(NONSPACING_MARKS, '');
  return pyStrip(simple);
}
