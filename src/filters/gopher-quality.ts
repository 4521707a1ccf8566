/**
 * Gopher's quality rules (Rae et al. 2021), as datatrove's
 * `GopherQualityFilter` applies them: word count, mean word length, hash
 * and ellipsis density, bullet and ellipsis lines, words with letters, and
 * stop words.
 */
import { PUNCTUATION_SET } from '../text/punctuation.js';
import { hasSurrogates, pyCount, pyLstrip, pyRstrip, pySplitlines } from '../text/python.js';
import { ratio, wordsOf } from './measures.js';
import type { TextFilter } from './verdict.js';

export interface GopherQualityOptions {
  /** Reject with fewer words than this (symbol-only words not counted); 0 or null turns a rule off. @default 50 */
  min_doc_words?: number | null;
  /** Reject with more words than this. @default 100000 */
  max_doc_words?: number | null;
  /** Reject when the mean word length (code points) is under this. @default 3 */
  min_avg_word_length?: number | null;
  /** Reject when the mean word length is over this. @default 10 */
  max_avg_word_length?: number | null;
  /** Reject when `#`, or `...` and `…`, per word exceed this. @default 0.1 */
  max_symbol_word_ratio?: number | null;
  /** Reject when more than this fraction of lines start with `•` or `-`. @default 0.9 */
  max_bullet_lines_ratio?: number | null;
  /** Reject when more than this fraction of lines end with `...` or `…`. @default 0.3 */
  max_ellipsis_lines_ratio?: number | null;
  /** Reject when fewer than this fraction of words hold a letter (datatrove's name, kept). @default 0.8 */
  max_non_alpha_words_ratio?: number | null;
  /** Reject when fewer than this many different stop words occur. @default 2 */
  min_stop_words?: number | null;
  /** The stop words, matched case-sensitively as datatrove does. @default ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with'] */
  stop_words?: readonly string[] | null;
  /** The language whose word splitting counts words. @default 'en' */
  language?: string;
}

export const GOPHER_QUALITY_DEFAULTS = {
  min_doc_words: 50,
  max_doc_words: 100000,
  min_avg_word_length: 3,
  max_avg_word_length: 10,
  max_symbol_word_ratio: 0.1,
  max_bullet_lines_ratio: 0.9,
  max_ellipsis_lines_ratio: 0.3,
  max_non_alpha_words_ratio: 0.8,
  min_stop_words: 2,
  stop_words: ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with'],
  language: 'en',
} as const satisfies Required<GopherQualityOptions>;

const LETTER = /\p{L}/u;

/** Whether a word holds a character outside datatrove's punctuation set: Gopher counts only such words. */
export function isWord(word: string): boolean {
  for (const char of word) if (!PUNCTUATION_SET.has(char)) return true;
  return false;
}

/** An ASCII letter: a word that starts with one is a word and holds a letter, the common case decided without a lookup. */
function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** Code points in a word (Python's `len`): over a word a loop is faster than pyLen's regular expression. */
function codePoints(word: string): number {
  let length = word.length;
  for (let i = 1; i < word.length; i++) {
    if ((word.charCodeAt(i) & 0xfc00) === 0xdc00 && (word.charCodeAt(i - 1) & 0xfc00) === 0xd800) length--;
  }
  return length;
}

export function gopherQuality(options: GopherQualityOptions = {}): TextFilter {
  const o = { ...GOPHER_QUALITY_DEFAULTS, ...options };
  const stopWordList = [...new Set(o.stop_words ?? GOPHER_QUALITY_DEFAULTS.stop_words)];
  const stopWordIndex = new Map(stopWordList.map((word, index) => [word, index]));
  let shortestStopWord = Number.POSITIVE_INFINITY;
  let longestStopWord = 0;
  for (const word of stopWordList) {
    shortestStopWord = Math.min(shortestStopWord, word.length);
    longestStopWord = Math.max(longestStopWord, word.length);
  }
  const stopWordSeen = new Uint8Array(stopWordList.length);
  return (text) => {
    // Word by word rather than by distinct word: numbering the words costs more than this filter's own counting.
    const words = wordsOf(text, o.language);
    const total = words.length;
    // In a text without surrogate pairs every word's length is its length in code points.
    const lengthOf = hasSurrogates(text) ? codePoints : (word: string) => word.length;
    stopWordSeen.fill(0);
    let stopWordsFound = 0;
    // Only "fewer than the minimum" matters: looking up stop words can stop once enough were seen.
    const stopWordsNeeded = o.min_stop_words || 0;
    let wordCount = 0;
    let wordChars = 0;
    let withLetters = 0;
    for (let i = 0; i < total; i++) {
      const word = words[i] as string;
      if (isAsciiLetter(word.charCodeAt(0))) {
        wordCount++;
        wordChars += lengthOf(word);
        withLetters++;
      } else {
        if (isWord(word)) {
          wordCount++;
          wordChars += lengthOf(word);
        }
        if (LETTER.test(word)) withLetters++;
      }
      if (stopWordsFound < stopWordsNeeded && word.length >= shortestStopWord && word.length <= longestStopWord) {
        const index = stopWordIndex.get(word);
        if (index !== undefined && stopWordSeen[index] === 0) {
          stopWordSeen[index] = 1;
          stopWordsFound++;
        }
      }
    }
    if (o.min_doc_words && wordCount < o.min_doc_words) return 'gopher_short_doc';
    if (o.max_doc_words && wordCount > o.max_doc_words) return 'gopher_long_doc';

    // numpy's mean of no words is NaN, which passes both comparisons.
    const meanLength = wordChars / wordCount;
    if (o.min_avg_word_length && meanLength < o.min_avg_word_length) return 'gopher_below_avg_threshold';
    if (o.max_avg_word_length && meanLength > o.max_avg_word_length) return 'gopher_above_avg_threshold';

    if (o.max_symbol_word_ratio && ratio(pyCount(text, '#'), total) > o.max_symbol_word_ratio) return 'gopher_too_many_hashes';
    if (o.max_symbol_word_ratio && ratio(pyCount(text, '...') + pyCount(text, '…'), total) > o.max_symbol_word_ratio) {
      return 'gopher_too_many_ellipsis';
    }

    const lines = pySplitlines(text);
    if (o.max_bullet_lines_ratio) {
      let bullets = 0;
      for (const line of lines) {
        const start = pyLstrip(line);
        if (start.startsWith('•') || start.startsWith('-')) bullets++;
      }
      if (ratio(bullets, lines.length) > o.max_bullet_lines_ratio) return 'gopher_too_many_bullets';
    }
    if (o.max_ellipsis_lines_ratio) {
      let ellipses = 0;
      for (const line of lines) {
        const end = pyRstrip(line);
        if (end.endsWith('...') || end.endsWith('…')) ellipses++;
      }
      if (ratio(ellipses, lines.length) > o.max_ellipsis_lines_ratio) return 'gopher_too_many_end_ellipsis';
    }

    // datatrove divides by the word count; no words at all is no words with letters.
    if (o.max_non_alpha_words_ratio && (total === 0 ? 0 : withLetters / total) < o.max_non_alpha_words_ratio) return 'gopher_below_alpha_threshold';

    if (o.min_stop_words && stopWordsFound < o.min_stop_words) return 'gopher_enough_stop_words';
    return undefined;
  };
}
