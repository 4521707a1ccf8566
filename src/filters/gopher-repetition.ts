/**
 * Gopher's repetition rules (Rae et al. 2021, table A1), as datatrove's
 * `GopherRepetitionFilter` applies them: a document whose lines, paragraphs
 * or word n-grams repeat too much is rejected. Ratios of characters are
 * taken over the whole text's length in code points.
 */
import { pyLen, pyStrip } from '../text/python.js';
import { IntPairTable } from './int-pair-table.js';
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

/**
 * The words of a text as numbers, for n-gram counting without building
 * n-gram strings: `ids[i]` numbers `words[i]` by first appearance.
 */
export interface WordIds {
  ids: Int32Array;
  /** The distinct words, by id. */
  distinct: string[];
  /** `lengthBefore[i]`: code points in the words before position i. */
  lengthBefore: Float64Array;
}

export function wordIds(words: readonly string[]): WordIds {
  const byWord = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const distinct: string[] = [];
  const lengths: number[] = [];
  const lengthBefore = new Float64Array(words.length + 1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let id = byWord.get(word);
    if (id === undefined) {
      id = distinct.length;
      byWord.set(word, id);
      distinct.push(word);
      lengths.push(pyLen(word));
    }
    ids[i] = id;
    lengthBefore[i + 1] = (lengthBefore[i] as number) + (lengths[id] as number);
  }
  return { ids, distinct, lengthBefore };
}

/**
 * The n-grams of a text, for one n: `ids[i]` numbers the n-gram at position
 * i (equal numbers for equal word sequences, numbered by first appearance),
 * `firstAt[id]` is where it first appears, and `hash[id]` is a 32-bit
 * polynomial hash of its words' characters joined with nothing between them.
 */
interface Grams {
  n: number;
  ids: Int32Array;
  firstAt: Int32Array;
  hash: Int32Array;
  /** The base raised to the number of UTF-16 units of the joined words, modulo 2^32. */
  power: Int32Array;
}

const HASH_BASE = 0x01000193;

/** Unigrams: the words themselves. */
function unigrams(words: WordIds): Grams {
  const size = words.distinct.length;
  const firstAt = new Int32Array(size).fill(-1);
  for (let i = 0; i < words.ids.length; i++) if (firstAt[words.ids[i] as number] === -1) firstAt[words.ids[i] as number] = i;
  const hash = new Int32Array(size);
  const power = new Int32Array(size);
  for (let id = 0; id < size; id++) {
    const word = words.distinct[id] as string;
    let h = 0;
    let p = 1;
    for (let i = 0; i < word.length; i++) {
      h = (Math.imul(h, HASH_BASE) + word.charCodeAt(i)) | 0;
      p = Math.imul(p, HASH_BASE);
    }
    hash[id] = h;
    power[id] = p;
  }
  return { n: 1, ids: words.ids, firstAt, hash, power };
}

/** The (n+1)-grams, from the n-grams and the words: each is an n-gram and the word after it. */
function nextGrams(previous: Grams, words: WordIds, unigram: Grams): Grams {
  const n = previous.n + 1;
  const count = Math.max(0, words.ids.length - n + 1);
  const ids = new Int32Array(count);
  const firstAt = new Int32Array(count);
  const hash = new Int32Array(count);
  const power = new Int32Array(count);
  const byPair = new IntPairTable(count);
  for (let i = 0; i < count; i++) {
    const head = previous.ids[i] as number;
    const last = words.ids[i + n - 1] as number;
    let id = byPair.getOrAdd(head, last);
    if (id < 0) {
      id = -1 - id;
      firstAt[id] = i;
      hash[id] = (Math.imul(previous.hash[head] as number, unigram.power[last] as number) + (unigram.hash[last] as number)) | 0;
      power[id] = Math.imul(previous.power[head] as number, unigram.power[last] as number);
    }
    ids[i] = id;
  }
  const distinct = byPair.size;
  return { n, ids, firstAt: firstAt.subarray(0, distinct), hash: hash.subarray(0, distinct), power: power.subarray(0, distinct) };
}

/** Characters covered by the most frequent n-gram (words joined by spaces): its length times its count; of equal counts, the n-gram seen first wins. */
function topGramChars(grams: Grams, words: WordIds): number {
  const counts = new Int32Array(grams.firstAt.length);
  for (let i = 0; i < grams.ids.length; i++) {
    const id = grams.ids[i] as number;
    counts[id] = (counts[id] as number) + 1;
  }
  let best = -1;
  let bestCount = 0;
  // Ids number n-grams by first appearance: of equal counts, the lowest id was seen first.
  for (let id = 0; id < counts.length; id++) {
    if ((counts[id] as number) > bestCount) {
      bestCount = counts[id] as number;
      best = id;
    }
  }
  if (best === -1) return 0;
  const start = grams.firstAt[best] as number;
  const length = (words.lengthBefore[start + grams.n] as number) - (words.lengthBefore[start] as number) + grams.n - 1;
  return length * bestCount;
}

/** The words at a position, joined with nothing between them. */
function joinedAt(words: WordIds, start: number, n: number): string {
  let joined = '';
  for (let k = 0; k < n; k++) joined += words.distinct[words.ids[start + k] as number] as string;
  return joined;
}

/**
 * Numbers for the n-grams joined with nothing between them: different word
 * sequences can join to one string (`ab|c` and `a|bc`), so the n-grams are
 * grouped by the hash of their joined characters, and n-grams with equal
 * hashes by their strings.
 */
function joinedClasses(grams: Grams, words: WordIds): Int32Array {
  const classes = new Int32Array(grams.firstAt.length);
  const byHash = new IntPairTable(classes.length);
  const firstOfHash: number[] = [];
  let byString: Map<string, number> | undefined;
  let next = 0;
  for (let id = 0; id < classes.length; id++) {
    // The table numbers hashes by first appearance; the first id of each hash is kept beside it.
    const seen = byHash.getOrAdd(grams.hash[id] as number, 0);
    if (seen < 0) {
      firstOfHash.push(id);
      classes[id] = next++;
      continue;
    }
    const other = firstOfHash[seen] as number;
    // A hash seen before: the strings decide (rare but for the repeats that the word sequences already tell apart).
    byString ??= new Map();
    const firstString = joinedAt(words, grams.firstAt[other] as number, grams.n);
    if (!byString.has(firstString)) byString.set(firstString, classes[other] as number);
    const joined = joinedAt(words, grams.firstAt[id] as number, grams.n);
    let known = byString.get(joined);
    if (known === undefined) {
      known = next++;
      byString.set(joined, known);
    }
    classes[id] = known;
  }
  return classes;
}

/**
 * Characters in repeated n-grams (words joined with nothing between them),
 * a repeat skipping its n words so no word counts twice; it stops once it
 * passes `stopAbove` characters, where only "more than that" matters.
 */
function duplicateGramChars(grams: Grams, words: WordIds, stopAbove: number): number {
  const classes = joinedClasses(grams, words);
  const seen = new Uint8Array(grams.firstAt.length);
  const { n } = grams;
  let repeated = 0;
  let i = 0;
  while (i < grams.ids.length) {
    const joined = classes[grams.ids[i] as number] as number;
    if (seen[joined] === 1) {
      repeated += (words.lengthBefore[i + n] as number) - (words.lengthBefore[i] as number);
      if (repeated > stopAbove) return repeated;
      i += n;
    } else {
      seen[joined] = 1;
      i++;
    }
  }
  return repeated;
}

/** The n-grams of a text for every n up to the largest asked for, each built from the one before. */
class GramLadder {
  private readonly levels: Grams[];

  constructor(readonly words: WordIds) {
    const unigram = unigrams(words);
    this.levels = [unigram, unigram];
  }

  at(n: number): Grams {
    for (let k = this.levels.length; k <= n; k++) this.levels.push(nextGrams(this.levels[k - 1] as Grams, this.words, this.levels[1] as Grams));
    return this.levels[n] as Grams;
  }
}

/** Characters covered by the most frequent n-gram (words joined by spaces): datatrove's `find_top_duplicate` over `get_n_grams`. */
export function topNGramChars(words: readonly string[], n: number): number {
  if (words.length < n) return 0;
  const ladder = new GramLadder(wordIds(words));
  return topGramChars(ladder.at(n), ladder.words);
}

/**
 * Characters in repeated n-grams (words joined with nothing between them),
 * a repeat skipping its n words so no word counts twice: datatrove's
 * `find_all_duplicate`.
 */
export function duplicateNGramChars(words: readonly string[], n: number): number {
  if (words.length < n) return 0;
  const ladder = new GramLadder(wordIds(words));
  return duplicateGramChars(ladder.at(n), ladder.words, Number.POSITIVE_INFINITY);
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
    if (o.top_n_grams.length === 0 && o.dup_n_grams.length === 0) return undefined;
    const ladder = new GramLadder(wordIds(words));
    for (const [n, fraction] of o.top_n_grams) {
      if (words.length < n) continue;
      if (ratio(topGramChars(ladder.at(n), ladder.words), length) > fraction) return `top_${n}_gram`;
    }
    for (const [n, fraction] of o.dup_n_grams) {
      if (words.length < n) continue;
      // Counting stops past the threshold: only "over it" matters.
      if (ratio(duplicateGramChars(ladder.at(n), ladder.words, fraction * length), length) > fraction) return `duplicated_${n}_n_grams`;
    }
    return undefined;
  };
}
