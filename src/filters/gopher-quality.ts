/**
 * Gopher's quality rules (Rae et al. 2021), as datatrove's
 * `GopherQualityFilter` applies them: word count, mean word length, hash
 * and ellipsis density, bullet and ellipsis lines, words with letters, and
 * stop words.
 */
import { PUNCTUATION_SET } from '../text/punctuation.js';
import { pyCount, pyLstrip, pyRstrip, pySplitlines } from '../text/python.js';
import { ratio, wordIdsOf } from './measures.js';
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

/** Whether a word holds a character outside datatrove's punctuation set. */
function isWord(word: string): boolean {
  for (const char of word) if (!PUNCTUATION_SET.has(char)) return true;
  return false;
}

export function gopherQuality(options: GopherQualityOptions = {}): TextFilter {
  const o = { ...GOPHER_QUALITY_DEFAULTS, ...options };
  const stopWords = new Set(o.stop_words ?? GOPHER_QUALITY_DEFAULTS.stop_words);
  return (text) => {
    const words = wordIdsOf(text, o.language);
    // What each distinct word is, once: most words of a text are repeats.
    const distinct = words.distinct.length;
    const isWordOf = new Uint8Array(distinct);
    const hasLetterOf = new Uint8Array(distinct);
    const isStopWordOf = new Uint8Array(distinct);
    for (let id = 0; id < distinct; id++) {
      const word = words.distinct[id] as string;
      isWordOf[id] = isWord(word) ? 1 : 0;
      hasLetterOf[id] = LETTER.test(word) ? 1 : 0;
      isStopWordOf[id] = stopWords.has(word) ? 1 : 0;
    }
    const total = words.ids.length;
    let wordCount = 0;
    let wordChars = 0;
    let withLetters = 0;
    for (let i = 0; i < total; i++) {
      const id = words.ids[i] as number;
      if (isWordOf[id] === 1) {
        wordCount++;
        wordChars += words.lengths[id] as number;
      }
      withLetters += hasLetterOf[id] as number;
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

    if (o.min_stop_words) {
      let found = 0;
      for (let id = 0; id < distinct; id++) found += isStopWordOf[id] as number;
      if (found < o.min_stop_words) return 'gopher_enough_stop_words';
    }
    return undefined;
  };
}
