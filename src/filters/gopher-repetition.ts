/**
 * Gopher's repetition rules (Rae et al. 2021, table A1), as datatrove's
 * `GopherRepetitionFilter` applies them: a document whose lines, paragraphs
 * or word n-grams repeat too much is rejected. Ratios of characters are
 * taken over the whole text's length in code points.
 */
import { pyStripBounds } from '../text/python.js';
import { duplicatePieces } from './duplicate-pieces.js';
import { IntPairTable, IntPositionTable } from './int-pair-table.js';
import { joinedHashes, ratio, textLength, wordIds, wordIdsOf, type WordIds } from './measures.js';
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

/**
 * Buffers reused from one document to the next (a thread filters one
 * document at a time): allocating and zeroing them for every n and every
 * document took a fifth of the filter's time.
 */
const scratch = new Map<string, Int32Array>();

/** A buffer of `size` numbers for one use (`key`), its contents undefined. */
function buffer(key: string, size: number): Int32Array {
  let held = scratch.get(key);
  if (held === undefined || held.length < size) {
    held = new Int32Array(Math.max(size, 1024, (held?.length ?? 0) * 2));
    scratch.set(key, held);
  }
  return held.subarray(0, size);
}

const table = new IntPairTable();
const positions = new IntPositionTable();

/**
 * The n-grams of a text for one n: `ids[i]` numbers the n-gram at position
 * i (equal numbers for equal word sequences, which hold no white space and
 * so are equal space-joined strings), numbered by first appearance;
 * `firstAt[id]` is where it first appears.
 */
interface Grams {
  n: number;
  ids: Int32Array;
  firstAt: Int32Array;
}

/** The (n+1)-grams from the n-grams: each is an n-gram and the word after it. */
function nextGrams(previous: Grams, words: WordIds): Grams {
  const n = previous.n + 1;
  const count = Math.max(0, words.ids.length - n + 1);
  const ids = buffer(`ids${n}`, count);
  const firstAt = buffer(`firstAt${n}`, count);
  const byPair = table.reset(count);
  for (let i = 0; i < count; i++) {
    let id = byPair.getOrAdd(previous.ids[i] as number, words.ids[i + n - 1] as number);
    if (id < 0) {
      id = -1 - id;
      firstAt[id] = i;
    }
    ids[i] = id;
  }
  return { n, ids, firstAt: firstAt.subarray(0, byPair.size) };
}

/**
 * Characters covered by the most frequent n-gram (words joined by spaces):
 * its length times its count; of equal counts, the n-gram seen first wins.
 * Also its count, which bounds the counts of every longer n-gram.
 */
function topGram(grams: Grams, words: WordIds): { chars: number; count: number } {
  const counts = buffer('counts', grams.firstAt.length).fill(0);
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
  if (best === -1) return { chars: 0, count: 0 };
  const start = grams.firstAt[best] as number;
  const length = (words.lengthBefore[start + grams.n] as number) - (words.lengthBefore[start] as number) + grams.n - 1;
  return { chars: length * bestCount, count: bestCount };
}

/** The most characters any n words in a row cover, joined by spaces. */
function longestWindow(words: WordIds, n: number): number {
  const { lengthBefore } = words;
  let longest = 0;
  for (let i = 0; i + n < lengthBefore.length; i++) longest = Math.max(longest, (lengthBefore[i + n] as number) - (lengthBefore[i] as number));
  return longest + n - 1;
}

/**
 * What bounds every n-gram's count times its characters (words joined by
 * spaces): an n-gram occurs no more often than any of its words, so `count`
 * times its characters is at most `n * wordChars + (n - 1) * count`, with
 * `wordChars` the most characters a word covers (its count times its
 * length) and `count` the most often a word occurs.
 */
function topGramBound(words: WordIds): { wordChars: number; count: number } {
  const { counts, lengths } = words;
  let wordChars = 0;
  let count = 0;
  for (let id = 0; id < counts.length; id++) {
    wordChars = Math.max(wordChars, (counts[id] as number) * (lengths[id] as number));
    count = Math.max(count, counts[id] as number);
  }
  return { wordChars, count };
}

/** The words at a position, joined with nothing between them. */
function joinedAt(words: WordIds, start: number, n: number): string {
  let joined = '';
  for (let k = 0; k < n; k++) joined += words.distinct[words.ids[start + k] as number] as string;
  return joined;
}

/** Whether the n words at two positions join to the same string (`ab|c` and `a|bc` do). */
function sameJoined(words: WordIds, a: number, b: number, n: number): boolean {
  let sameWords = true;
  for (let k = 0; k < n && sameWords; k++) sameWords = words.ids[a + k] === words.ids[b + k];
  return sameWords || joinedAt(words, a, n) === joinedAt(words, b, n);
}

/**
 * The hash of the words joined with nothing between them at every position,
 * for one n at a time: the hashes for n + 1 are those for n, each extended
 * by the word after it, in place. Equal joined strings have equal hashes.
 */
class JoinedGramHashes {
  /** `hashes[i]` is the hash of the n words from position i, for i below `count`. */
  readonly hashes: Int32Array;
  n = 1;
  private readonly wordHash: Int32Array;
  private readonly wordPower: Int32Array;

  constructor(readonly words: WordIds) {
    const { hash, power } = joinedHashes(words);
    const size = words.ids.length;
    // Each position's word hash and power side by side: the passes read them in order.
    this.wordHash = buffer('wordHash', size);
    this.wordPower = buffer('wordPower', size);
    this.hashes = buffer('gramHashes', size);
    for (let i = 0; i < size; i++) {
      const id = words.ids[i] as number;
      this.wordHash[i] = hash[id] as number;
      this.wordPower[i] = power[id] as number;
    }
    this.hashes.set(this.wordHash);
  }

  get count(): number {
    return Math.max(0, this.words.ids.length - this.n + 1);
  }

  /** The hashes of the `n`-grams: built on from the current n, or again from the words for a smaller one. */
  at(n: number): this {
    const { hashes, wordHash, wordPower } = this;
    if (n < this.n) {
      hashes.set(wordHash);
      this.n = 1;
    }
    for (; this.n < n; this.n++) {
      const last = this.n;
      const count = this.words.ids.length - last;
      for (let i = 0; i < count; i++) hashes[i] = (Math.imul(hashes[i] as number, wordPower[i + last] as number) + (wordHash[i + last] as number)) | 0;
    }
    return this;
  }
}

/**
 * Characters in repeated n-grams (words joined with nothing between them),
 * a repeat skipping its n words so no word counts twice, as datatrove's
 * `find_all_duplicate`. Each n-gram is looked up by the hash of its joined
 * characters, and a hit is checked against the n-gram first seen with that
 * hash, so the count is exact; it stops once it passes `stopAbove`
 * characters, where only "more than that" matters.
 */
function duplicateGramChars(grams: JoinedGramHashes, stopAbove: number): number {
  const { words, n, hashes } = grams;
  const total = grams.count;
  if (total <= 0) return 0;
  const firstAtByHash = positions.reset(total);
  /** Joined strings of n-grams whose hash an earlier, different n-gram holds. */
  let colliding: Set<string> | undefined;
  let repeated = 0;
  let i = 0;
  while (i < total) {
    const firstAt = firstAtByHash.getOrAdd(hashes[i] as number, i);
    let isRepeat = false;
    if (firstAt >= 0) {
      if (sameJoined(words, firstAt, i, n)) {
        isRepeat = true;
      } else {
        colliding ??= new Set();
        const joined = joinedAt(words, i, n);
        if (colliding.has(joined)) isRepeat = true;
        else colliding.add(joined);
      }
    }
    if (isRepeat) {
      repeated += (words.lengthBefore[i + n] as number) - (words.lengthBefore[i] as number);
      if (repeated > stopAbove) return repeated;
      i += n;
    } else {
      i++;
    }
  }
  return repeated;
}

/** The n-grams of a text for every n up to the largest asked for, each built from the one before. */
class GramLadder {
  private readonly levels: Grams[];

  constructor(readonly words: WordIds) {
    const unigrams: Grams = { n: 1, ids: words.ids, firstAt: new Int32Array(0) };
    this.levels = [unigrams, unigrams];
  }

  at(n: number): Grams {
    if (n === 1) return this.unigrams();
    for (let k = this.levels.length; k <= n; k++) this.levels.push(nextGrams(this.levels[k - 1] as Grams, this.words));
    return this.levels[n] as Grams;
  }

  /** Words numbered by first appearance are their own n-gram numbers. */
  private unigrams(): Grams {
    const firstAt = new Int32Array(this.words.distinct.length).fill(-1);
    this.words.ids.forEach((id, i) => {
      if (firstAt[id] === -1) firstAt[id] = i;
    });
    return { n: 1, ids: this.words.ids, firstAt };
  }
}

/** Characters covered by the most frequent n-gram (words joined by spaces): datatrove's `find_top_duplicate` over `get_n_grams`. */
export function topNGramChars(words: readonly string[], n: number): number {
  if (words.length < n) return 0;
  const ladder = new GramLadder(wordIds(words));
  return topGram(ladder.at(n), ladder.words).chars;
}

/**
 * Characters in repeated n-grams (words joined with nothing between them),
 * a repeat skipping its n words so no word counts twice: datatrove's
 * `find_all_duplicate`.
 */
export function duplicateNGramChars(words: readonly string[], n: number): number {
  return duplicateGramChars(new JoinedGramHashes(wordIds(words)).at(n), Number.POSITIVE_INFINITY);
}

export function gopherRepetition(options: GopherRepetitionOptions = {}): TextFilter {
  const o = { ...GOPHER_REPETITION_DEFAULTS, ...options };
  return (text) => {
    const length = textLength(text);
    // Paragraphs are the stripped text split at blank lines, lines the text split at line breaks (`\n{2,}` and `\n+`).
    const [from, to] = pyStripBounds(text);
    const paragraphRepeats = duplicatePieces(text, from, to, 2, length !== text.length);
    if (o.dup_para_frac && paragraphRepeats.elements / paragraphRepeats.pieces > o.dup_para_frac) return 'dup_para_frac';
    if (o.dup_para_char_frac && ratio(paragraphRepeats.chars, length) > o.dup_para_char_frac) return 'dup_para_char_frac';

    const lineRepeats = duplicatePieces(text, 0, text.length, 1, length !== text.length);
    if (o.dup_line_frac && lineRepeats.elements / lineRepeats.pieces > o.dup_line_frac) return 'dup_line_frac';
    if (o.dup_line_char_frac && ratio(lineRepeats.chars, length) > o.dup_line_char_frac) return 'dup_line_char_frac';

    if (o.top_n_grams.length === 0 && o.dup_n_grams.length === 0) return undefined;
    const ladder = new GramLadder(wordIdsOf(text, o.language));
    const wordCount = ladder.words.ids.length;
    const bound = o.top_n_grams.length > 0 ? topGramBound(ladder.words) : undefined;
    // The most frequent n-gram occurs no more often than the most frequent shorter one: the top counts known so far, by n.
    const topCounts = new Map<number, number>([[1, bound?.count ?? Number.POSITIVE_INFINITY]]);
    for (const [n, fraction] of o.top_n_grams) {
      if (wordCount < n) continue;
      // Most pages pass by a bound, and their n-grams need not be counted at all.
      if (bound !== undefined && ratio(n * bound.wordChars + (n - 1) * bound.count, length) <= fraction) continue;
      let countBound = Number.POSITIVE_INFINITY;
      for (const [shorter, count] of topCounts) if (shorter < n) countBound = Math.min(countBound, count);
      if (ratio(countBound * longestWindow(ladder.words, n), length) <= fraction) continue;
      const top = topGram(ladder.at(n), ladder.words);
      topCounts.set(n, top.count);
      if (ratio(top.chars, length) > fraction) return `top_${n}_gram`;
    }
    const grams = new JoinedGramHashes(ladder.words);
    for (const [n, fraction] of o.dup_n_grams) {
      // Counting stops past the threshold: only "over it" matters.
      if (ratio(duplicateGramChars(grams.at(n), fraction * length), length) > fraction) return `duplicated_${n}_n_grams`;
    }
    return undefined;
  };
}
