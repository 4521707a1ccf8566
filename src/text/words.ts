/**
 * Words and sentences, one way for every filter (and for dedup's shingles),
 * so that two rules never count words two ways:
 * - English: NLTK's `word_tokenize` (Punkt sentences, then the Treebank rules
 *   on each), which is what FineWeb ran through datatrove;
 * - Chinese, Japanese and Thai, written without spaces: `Intl.Segmenter`
 *   (ICU's dictionary segmentation, built into Node);
 * - other languages: the Treebank rules on Punkt sentences found without a
 *   trained model (no abbreviations known), so punctuation still comes off
 *   words at their boundaries.
 */
import { PUNKT_ENGLISH } from './punkt-english.js';
import { PunktSentenceSplitter } from './punkt.js';
import { pySplitCount, pyStrip } from './python.js';
import { TokenList, WordNumbering, type NumberedTokens } from './token-sink.js';
import { pushTreebankWords } from './treebank.js';

/** Splits text into words and counts its sentences, for one language. */
export interface WordSplitter {
  /** Tokens, punctuation tokens included, none empty or white space. */
  words(text: string): string[];
  /** The same tokens as numbers (equal tokens, equal numbers), without making a string of each. */
  numberedWords(text: string): NumberedTokens;
  /** A number of words the text has at least, found without splitting it (0 where none is known). */
  minimumWordCount(text: string): number;
  /** Sentences in the text (at least one). */
  sentenceCount(text: string): number;
  /** `[start, end)` of each sentence. */
  sentenceSpans(text: string): Array<[number, number]>;
}

/** Languages written without spaces between words, segmented by ICU's dictionaries. */
const SEGMENTED_LANGUAGES = new Set(['zh', 'ja', 'th', 'lo', 'km', 'my']);

class PunktTreebankSplitter implements WordSplitter {
  constructor(private readonly sentences: PunktSentenceSplitter) {}

  private readonly numbering = new WordNumbering();

  words(text: string): string[] {
    const words = new TokenList();
    for (const [start, end] of this.sentences.spans(text)) pushTreebankWords(text, start, end, words);
    return words.tokens;
  }

  numberedWords(text: string): NumberedTokens {
    for (const [start, end] of this.sentences.spans(text)) pushTreebankWords(text, start, end, this.numbering);
    return this.numbering.take();
  }

  /** The rules never join what white space parts and never drop a character: each run of non-white space is a word or more. */
  minimumWordCount(text: string): number {
    return pySplitCount(text);
  }

  sentenceCount(text: string): number {
    return this.sentences.count(text);
  }

  sentenceSpans(text: string): Array<[number, number]> {
    return this.sentences.spans(text);
  }
}

class SegmenterSplitter implements WordSplitter {
  private readonly wordSegmenter: Intl.Segmenter;
  private readonly sentenceSegmenter: Intl.Segmenter;

  constructor(language: string) {
    this.wordSegmenter = new Intl.Segmenter(language, { granularity: 'word' });
    this.sentenceSegmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
  }

  words(text: string): string[] {
    const words: string[] = [];
    for (const { segment } of this.wordSegmenter.segment(text)) {
      const word = pyStrip(segment);
      if (word.length > 0) words.push(word);
    }
    return words;
  }

  numberedWords(text: string): NumberedTokens {
    const numbering = new WordNumbering();
    for (const word of this.words(text)) numbering.token(word);
    return numbering.take();
  }

  /** ICU's segments are not known never to span white space. */
  minimumWordCount(): number {
    return 0;
  }

  sentenceCount(text: string): number {
    return Math.max(1, this.sentenceSpans(text).length);
  }

  sentenceSpans(text: string): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    for (const { segment, index } of this.sentenceSegmenter.segment(text)) {
      if (pyStrip(segment).length > 0) spans.push([index, index + segment.length]);
    }
    return spans;
  }
}

const splitters = new Map<string, WordSplitter>();

/** The splitter for a language code (ISO 639-1 where one exists); English when none is given. */
export function wordSplitter(language = 'en'): WordSplitter {
  const code = language.toLowerCase().split(/[-_]/)[0] ?? 'en';
  let splitter = splitters.get(code);
  if (splitter === undefined) {
    if (SEGMENTED_LANGUAGES.has(code)) splitter = new SegmenterSplitter(code);
    else if (code === 'en') splitter = new PunktTreebankSplitter(new PunktSentenceSplitter(PUNKT_ENGLISH));
    else splitter = new PunktTreebankSplitter(new PunktSentenceSplitter({ abbrevTypes: [], collocations: [], sentStarters: [], orthoContext: {} }));
    splitters.set(code, splitter);
  }
  return splitter;
}
