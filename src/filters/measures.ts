/**
 * Text measures the quality filters share, counted as datatrove counts them
 * (code points, Python's line and white-space rules), so that no two
 * filters count one thing two ways.
 */
import { hasSurrogates, pyLen } from '../text/python.js';
import { WORD_HASH_BASE, WordNumbering, type NumberedTokens } from '../text/token-sink.js';
import { wordSplitter } from '../text/words.js';

/** Elements seen before, and the characters (code points) they hold: datatrove's `find_duplicates`. */
export function findDuplicates(elements: readonly string[]): { elements: number; chars: number } {
  // One element repeats nothing, and hashing a whole text to find that out is not free.
  if (elements.length < 2) return { elements: 0, chars: 0 };
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

let surrogatesText: string | undefined;
let textHasSurrogates = false;

/**
 * Whether a text holds surrogates, remembered for the next call on the same
 * text: a filter asks it once to count the text's length and once to count
 * its words', and each asking reads the whole text.
 */
function surrogatesIn(text: string): boolean {
  if (text !== surrogatesText) {
    surrogatesText = text;
    textHasSurrogates = hasSurrogates(text);
  }
  return textHasSurrogates;
}

/** `len(text)` in code points, as {@link pyLen}, for a whole text whose words may be counted next. */
export function textLength(text: string): number {
  return surrogatesIn(text) ? pyLen(text) : text.length;
}

let lastText: string | undefined;
let lastLanguage: string | undefined;
let lastWords: readonly string[] | undefined;
let lastIds: WordIds | undefined;

/** Forgets the last text's words when another text (or language) comes. */
function remember(text: string, language: string): void {
  if (text !== lastText || language !== lastLanguage) {
    lastText = text;
    lastLanguage = language;
    lastWords = undefined;
    lastIds = undefined;
  }
}

/**
 * The words of a text, remembered for the next call: the filters of one
 * pipeline usually look at the same text one after another, and splitting
 * is the most expensive thing they do (datatrove caches it too).
 */
export function wordsOf(text: string, language: string): readonly string[] {
  remember(text, language);
  if (lastWords === undefined) {
    const numbered = lastIds;
    lastWords = numbered === undefined ? wordSplitter(language).words(text) : Array.from(numbered.ids, (id) => numbered.distinct[id] as string);
  }
  return lastWords;
}

/** The words of a text as numbers ({@link WordIds}), remembered with the words. */
export function wordIdsOf(text: string, language: string): WordIds {
  remember(text, language);
  lastIds ??= withLengths(lastWords === undefined ? wordSplitter(language).numberedWords(text) : numberTokens(lastWords), !surrogatesIn(text));
  return lastIds;
}

/**
 * The words of a text as numbers, for counting without comparing strings
 * again: `ids[i]` numbers the i-th word by first appearance.
 */
export interface WordIds extends NumberedTokens {
  /** Each distinct word's length in code points. */
  lengths: Int32Array;
  /** `lengthBefore[i]`: code points in the words before position i (a text's length fits 32 bits: V8's strings are shorter). */
  lengthBefore: Int32Array;
  /** How often each distinct word occurs. */
  counts: Int32Array;
  /** Filled by {@link joinedHashes} when first asked for. */
  joined?: JoinedHashes;
}

/**
 * For each distinct word, a 32-bit polynomial hash of its UTF-16 units
 * (`hash`, {@link wordHash}) and the base raised to its length (`power`),
 * modulo 2^32: the hash of words joined with nothing between them is
 * folded from theirs.
 */
export interface JoinedHashes {
  hash: Int32Array;
  power: Int32Array;
}

function numberTokens(words: readonly string[]): NumberedTokens {
  const numbering = new WordNumbering();
  for (const word of words) numbering.token(word);
  return numbering.take();
}

/** `surrogateFree`: the words come from a text without surrogates, so their lengths need no counting. */
function withLengths(numbered: NumberedTokens, surrogateFree: boolean): WordIds {
  const { ids, distinct } = numbered;
  const lengths = new Int32Array(distinct.length);
  for (let id = 0; id < distinct.length; id++) lengths[id] = surrogateFree ? (distinct[id] as string).length : pyLen(distinct[id] as string);
  const lengthBefore = new Int32Array(ids.length + 1);
  const counts = new Int32Array(distinct.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    lengthBefore[i + 1] = (lengthBefore[i] as number) + (lengths[id] as number);
    counts[id] = (counts[id] as number) + 1;
  }
  return { ...numbered, lengths, lengthBefore, counts };
}

/** Words as numbers, by first appearance. */
export function wordIds(words: readonly string[]): WordIds {
  return withLengths(numberTokens(words), false);
}

/** The words' {@link JoinedHashes}, computed once per text. */
export function joinedHashes(words: WordIds): JoinedHashes {
  if (words.joined !== undefined) return words.joined;
  const power = new Int32Array(words.distinct.length);
  for (let id = 0; id < power.length; id++) {
    let p = 1;
    for (let i = (words.distinct[id] as string).length; i > 0; i--) p = Math.imul(p, WORD_HASH_BASE);
    power[id] = p;
  }
  words.joined = { hash: words.hashes, power };
  return words.joined;
}
