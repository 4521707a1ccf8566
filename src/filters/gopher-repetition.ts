/**
 * Gopher's repetition rules (Rae et al. 2021, table A1), as datatrove's
 * `GopherRepetitionFilter` applies them: a document whose lines, paragraphs
 * or word n-grams repeat too much is rejected. Ratios of characters are
 * taken over the whole text's length in code points.
 */
import { pyLen, pyStrip } from '../text/python.js';
import { findDuplicates, ratio, wordsOf } from './measures.js';
import type { TextFilter } from './verdict.js';

export interface GopherRepetitionOptions {
  /** Reject when more than this fraction of lines are repeats (`dup_line_frac`); 0 or null turns a rule off. @default 0.3 */
  dup_line_frac?: number | null;
  /** The same for paragraphs (text split at blank lines). @default 0.3 */
  dup_para_frac?: number | null;
  /** Reject when repeated lines hold more than this fraction of the characters. @default 0.2 */
  dup_line_char_frac?: number | null;
  /** The same for paragraphs. @default 0.2 */
  dup_para_char_frac?: number | null;
  /** `[n, fraction]`: reject when the most frequent word n-gram covers more than the fraction of the characters. @default [[2, 0.2], [3, 0.18], [4, 0.16]] */
  top_n_grams?: ReadonlyArray<readonly [number, number]>;
  /** `[n, fraction]`: reject when repeated word n-grams cover more than the fraction of the characters. @default [[5, 0.15], [6, 0.14], [7, 0.13], [8, 0.12], [9, 0.11], [10, 0.1]] */
  dup_n_grams?: ReadonlyArray<readonly [number, number]>;
  /** The language whose word splitting counts n-grams. @default 'en' */
  language?: string;
}

export const GOPHER_REPETITION_DEFAULTS = {
  dup_line_frac: 0.3,
  dup_para_frac: 0.3,
  dup_line_char_frac: 0.2,
  dup_para_char_frac: 0.2,
  top_n_grams: [
    [2, 0.2],
    [3, 0.18],
    [4, 0.16],
  ],
  dup_n_grams: [
    [5, 0.15],
    [6, 0.14],
    [7, 0.13],
    [8, 0.12],
    [9, 0.11],
    [10, 0.1],
  ],
  language: 'en',
} as const satisfies Required<GopherRepetitionOptions>;

const PARAGRAPH_BREAK = /\n{2,}/;
const LINE_BREAKS = /\n+/;

/** Characters covered by the most frequent n-gram (words joined by spaces): its length times its count; of equal counts, the n-gram seen first wins. */
export function topNGramChars(words: readonly string[], n: number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [gram, count] of counts) {
    if (count > bestCount) {
      bestCount = count;
      best = gram;
    }
  }
  return pyLen(best) * bestCount;
}

/**
 * Characters in repeated n-grams (words joined with nothing between them),
 * a repeat skipping its n words so no word counts twice.
 */
export function duplicateNGramChars(words: readonly string[], n: number): number {
  const seen = new Set<string>();
  let repeated = 0;
  let i = 0;
  while (i < words.length - n + 1) {
    const gram = words.slice(i, i + n).join('');
    if (seen.has(gram)) {
      repeated += pyLen(gram);
      i += n;
    } else {
      seen.add(gram);
      i++;
    }
  }
  return repeated;
}

export function gopherRepetition(options: GopherRepetitionOptions = {}): TextFilter {
  const o = { ...GOPHER_REPETITION_DEFAULTS, ...options };
  return (text) => {
    const length = pyLen(text);
    const paragraphs = pyStrip(text).split(PARAGRAPH_BREAK);
    const paragraphRepeats = findDuplicates(paragraphs);
    if (o.dup_para_frac && paragraphRepeats.elements / paragraphs.length > o.dup_para_frac) return 'dup_para_frac';
    if (o.dup_para_char_frac && ratio(paragraphRepeats.chars, length) > o.dup_para_char_frac) return 'dup_para_char_frac';

    const lines = text.split(LINE_BREAKS);
    const lineRepeats = findDuplicates(lines);
    if (o.dup_line_frac && lineRepeats.elements / lines.length > o.dup_line_frac) return 'dup_line_frac';
    if (o.dup_line_char_frac && ratio(lineRepeats.chars, length) > o.dup_line_char_frac) return 'dup_line_char_frac';

    const words = wordsOf(text, o.language);
    for (const [n, fraction] of o.top_n_grams) {
      if (words.length < n) continue;
      if (ratio(topNGramChars(words, n), length) > fraction) return `top_${n}_gram`;
    }
    for (const [n, fraction] of o.dup_n_grams) {
      if (ratio(duplicateNGramChars(words, n), length) > fraction) return `duplicated_${n}_n_grams`;
    }
    return undefined;
  };
}
