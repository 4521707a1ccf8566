/**
 * Text measures the quality filters share, counted as datatrove counts them
 * (code points, Python's line and white-space rules), so that no two
 * filters count one thing two ways.
 */
import { hasSurrogates, pyLen } from '../text/python.js';
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
let lastIds: WordIds | undefined;

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
    lastIds = undefined;
  }
  return lastWords;
}

/** The words of a text as numbers ({@link wordIds}), remembered with the words. */
export function wordIdsOf(text: string, language: string): WordIds {
  const words = wordsOf(text, language);
  lastIds ??= wordIds(words, !hasSurrogates(text));
  return lastIds;
}

/**
 * The words of a text as numbers, for counting without comparing strings
 * again: `ids[i]` numbers `words[i]` by first appearance.
 */
export interface WordIds {
  ids: Int32Array;
  /** The distinct words, by id. */
  distinct: string[];
  /** Each distinct word's length in code points. */
  lengths: Int32Array;
  /** `lengthBefore[i]`: code points in the words before position i. */
  lengthBefore: Float64Array;
  /** Filled by {@link joinedHashes} when first asked for. */
  hashes?: JoinedHashes;
}

/**
 * For each distinct word, a 32-bit polynomial hash of its UTF-16 units
 * (`hash`) and the base raised to its length (`power`), modulo 2^32: the
 * hash of words joined with nothing between them is folded from theirs.
 */
export interface JoinedHashes {
  hash: Int32Array;
  power: Int32Array;
}

/** The polynomial's base (FNV's prime). */
const HASH_BASE = 0x01000193;

/** `surrogateFree`: the words come from a text without surrogates, so their lengths need no counting. */
export function wordIds(words: readonly string[], surrogateFree = false): WordIds {
  const byWord = new Map<string, number>();
  const ids = new Int32Array(words.length);
  const distinct: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    let id = byWord.get(word);
    if (id === undefined) {
      id = distinct.length;
      byWord.set(word, id);
      distinct.push(word);
    }
    ids[i] = id;
  }
  const lengths = new Int32Array(distinct.length);
  for (let id = 0; id < distinct.length; id++) lengths[id] = surrogateFree ? (distinct[id] as string).length : pyLen(distinct[id] as string);
  const lengthBefore = new Float64Array(words.length + 1);
  for (let i = 0; i < words.length; i++) lengthBefore[i + 1] = (lengthBefore[i] as number) + (lengths[ids[i] as number] as number);
  return { ids, distinct, lengths, lengthBefore };
}

/** The words' {@link JoinedHashes}, computed once per text. */
export function joinedHashes(words: WordIds): JoinedHashes {
  if (words.hashes !== undefined) return words.hashes;
  const size = words.distinct.length;
  const hashes: JoinedHashes = { hash: new Int32Array(size), power: new Int32Array(size) };
  for (let id = 0; id < size; id++) {
    const word = words.distinct[id] as string;
    let h = 0;
    let p = 1;
    for (let i = 0; i < word.length; i++) {
      h = (Math.imul(h, HASH_BASE) + word.charCodeAt(i)) | 0;
      p = Math.imul(p, HASH_BASE);
    }
    hashes.hash[id] = h;
    hashes.power[id] = p;
  }
  words.hashes = hashes;
  return hashes;
}
