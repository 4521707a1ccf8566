/**
 * Text measures the quality filters share, counted as datatrove counts them
 * (code points, Python's line and white-space rules), so that no two
 * filters count one thing two ways.
 */
import { pyLen } from '../text/python.js';
import { wordSplitter } from '../text/words.js';

/** Elements seen before, and the characters (code points) they hold: datatrove's `find_duplicates`. */
export function findDuplicates(elements: readonly string[]): { elements: number; chars: number } {
  const seen = new Set<string>();
  let duplicateElements = 0;
  let duplicateChars = 0;
  for (const element of elements) {
    if (seen.has(element)) {
      duplicateElements++;
      duplicateChars += pyLen(element);
    } else {
      seen.add(element);
    }
  }
  return { elements: duplicateElements, chars: duplicateChars };
}

/**
 * A ratio that is total where datatrove divides by zero (and crashes): no
 * part of nothing is 0, some part of nothing is more than any threshold.
 */
export function ratio(part: number, whole: number): number {
  if (whole !== 0) return part / whole;
  return part === 0 ? 0 : Number.POSITIVE_INFINITY;
}

let lastText: string | undefined;
let lastLanguage: string | undefined;
let lastWords: string[] = [];

/**
 * The words of a text, remembered for the next call: the filters of one
 * pipeline usually look at the same text one after another, and splitting
 * is the most expensive thing they do (datatrove caches it too).
 */
export function wordsOf(text: string, language: string): readonly string[] {
  if (text !== lastText || language !== lastLanguage) {
    lastWords = wordSplitter(language).words(text);
    lastText = text;
    lastLanguage = language;
  }
  return lastWords;
}
