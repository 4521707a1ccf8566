/**
 * C4's line and page rules (Raffel et al. 2020), as datatrove's
 * `C4QualityFilter` applies them: lines that are too short, lack terminal
 * punctuation, mention javascript or a cookie/terms policy, or hold a word
 * of over 1000 characters are dropped; a page with "lorem ipsum" or a curly
 * bracket, or with too few sentences left, is rejected. The kept lines are
 * the new text.
 */
import { isPySpace, pyLen, pySplitlines, pyStrip } from '../text/python.js';
import { wordSplitter } from '../text/words.js';
import type { Doc } from '../types.js';
import type { DocumentStep } from './verdict.js';

export interface C4QualityOptions {
  /** Apply the rules to lines (C4's way); false applies them to Punkt sentences. @default true */
  split_paragraph?: boolean;
  /** Remove Wikipedia-style citations (`[1]`, `[edit]`, `[citation needed]`). @default true */
  remove_citations?: boolean;
  /** Drop lines that do not end in `.`, `?`, `!`, `"` or `'` (or end in `...`). @default true */
  filter_no_terminal_punct?: boolean;
  /** Reject a page with fewer sentences left than this; -1 turns it off. @default 5 */
  min_num_sentences?: number;
  /** Drop lines with fewer words than this; -1 turns it off. @default 3 */
  min_words_per_line?: number;
  /** Drop lines holding a word longer than this; -1 turns it off. @default 1000 */
  max_word_length?: number;
  /** Reject a page that says "lorem ipsum". @default true */
  filter_lorem_ipsum?: boolean;
  /** Drop lines that mention javascript. @default true */
  filter_javascript?: boolean;
  /** Reject a page with a `{`. @default true */
  filter_curly_bracket?: boolean;
  /** Drop lines about terms of use, privacy or cookie policies. @default true */
  filter_policy?: boolean;
  /** The language whose sentence splitting counts sentences. @default 'en' */
  language?: string;
}

export const C4_QUALITY_DEFAULTS = {
  split_paragraph: true,
  remove_citations: true,
  filter_no_terminal_punct: true,
  min_num_sentences: 5,
  min_words_per_line: 3,
  max_word_length: 1000,
  filter_lorem_ipsum: true,
  filter_javascript: true,
  filter_curly_bracket: true,
  filter_policy: true,
  language: 'en',
} as const satisfies Required<C4QualityOptions>;

const CITATION = /\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu;
const POLICY_PHRASES = ['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies'];

/**
 * The phrases, looked for without lower-casing the line: ASCII letters in
 * either case (a non-Unicode `i` flag folds ASCII only). Python's `lower()`
 * also turns the Kelvin sign into `k` and `İ` into `i` and a dot: a text
 * with either takes `toLowerCase` instead.
 */
const LOREM_IPSUM = /lorem ipsum/i;
const JAVASCRIPT = /javascript/i;
const POLICY = /terms of use|privacy policy|cookie policy|uses cookies|use of cookies|use cookies/i;
const LOWERS_TO_ASCII = /[\u0130\u212a]/;
/**
 * Matches every line that one of the three rules above matches, and few
 * others: one search of five words is faster than V8's search for the six
 * policy phrases alone, and it passes most lines.
 */
const ANY_PHRASE = /lorem ipsum|javascript|cookies|policy|of use/i;

/** Line boundaries of `str.splitlines()` other than `\n`, and the letters that lower-case to ASCII: a text with none is cut at `\n` alone and searched without lower-casing. */
const UNUSUAL = /[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029\u0130\u212a]/;

/**
 * Words of `text[start, end)` (runs of non-white space, as `str.split()`),
 * counted up to `enough` (only "fewer than the minimum" matters), or -1 when
 * one is longer than `maxLength` code points.
 */
function countWords(text: string, start: number, end: number, enough: number, maxLength: number): number {
  // A line no longer than the limit has no word over it: counting can stop early.
  const checkLength = maxLength !== -1 && end - start > maxLength;
  let count = 0;
  let wordStart = -1;
  for (let i = start; i <= end; i++) {
    if (i === end || isPySpace(text.charCodeAt(i))) {
      if (wordStart !== -1) {
        count++;
        // A word of more UTF-16 units than the limit may still be short enough in code points.
        if (checkLength && i - wordStart > maxLength && pyLen(text.slice(wordStart, i)) > maxLength) return -1;
        if (count >= enough && !checkLength) return count;
        wordStart = -1;
      }
    } else if (wordStart === -1) {
      wordStart = i;
    }
  }
  return count;
}

/** `line.endswith(('.', '?', '!', '"', "'"))` and not `line.endswith('...')`, for `text[start, end)`. */
function endsSentence(text: string, start: number, end: number): boolean {
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (last === 0x2e) return end - start < 3 || text.charCodeAt(end - 2) !== 0x2e || text.charCodeAt(end - 3) !== 0x2e;
  return last === 0x3f || last === 0x21 || last === 0x22 || last === 0x27;
}

export type C4Result = { text: string } | { reject: string };

/** The C4 rules over a text: the kept lines, or why the page is rejected. */
export function c4QualityText(options: C4QualityOptions = {}): (text: string) => C4Result {
  const o = { ...C4_QUALITY_DEFAULTS, ...options };
  const splitter = wordSplitter(o.language);
  return (text) => {
    const unusual = UNUSUAL.test(text);
    const lowerCased = unusual && LOWERS_TO_ASCII.test(text);
    const says = (line: string, phrase: RegExp, phrases: readonly string[]): boolean =>
      lowerCased ? phrases.some((text) => line.toLowerCase().includes(text)) : phrase.test(line);
    let sentences = 0;
    const kept: string[] = [];
    let bracket = -1;

    /** The rules on one line, `source[lineStart, lineEnd)`: why they reject the page, if they do. */
    const judge = (source: string, lineStart: number, lineEnd: number): string | undefined => {
      let start = lineStart;
      let end = lineEnd;
      while (start < end && isPySpace(source.charCodeAt(start))) start++;
      while (end > start && isPySpace(source.charCodeAt(end - 1))) end--;
      let line: string;
      if (bracket !== -1 && bracket < start) bracket = source.indexOf('[', start);
      if (o.remove_citations && bracket !== -1 && bracket < end) {
        // Citations come out before the punctuation test, and after the words were counted.
        const words = countWords(source, start, end, o.min_words_per_line, o.max_word_length);
        if (words === -1) return undefined;
        line = source.slice(start, end).replace(CITATION, '');
        if (o.filter_no_terminal_punct && !endsSentence(line, 0, line.length)) return undefined;
        if (words < o.min_words_per_line) return undefined;
      } else {
        // The cheapest test first: all three drop the line.
        if (o.filter_no_terminal_punct && !endsSentence(source, start, end)) return undefined;
        const words = countWords(source, start, end, o.min_words_per_line, o.max_word_length);
        if (words === -1 || words < o.min_words_per_line) return undefined;
        line = source.slice(start, end);
      }
      const mentions = lowerCased || ANY_PHRASE.test(line);
      if (mentions && o.filter_lorem_ipsum && says(line, LOREM_IPSUM, ['lorem ipsum'])) return 'lorem_ipsum';
      if (mentions && o.filter_javascript && says(line, JAVASCRIPT, ['javascript'])) return undefined;
      if (o.filter_curly_bracket && line.includes('{')) return 'curly_bracket';
      if (mentions && o.filter_policy && says(line, POLICY, POLICY_PHRASES)) return undefined;
      // Only whether the count reaches the minimum matters: counting stops there.
      if (o.min_num_sentences !== -1 && sentences < o.min_num_sentences) sentences += o.split_paragraph ? splitter.sentenceCount(line) : 1;
      kept.push(line);
      return undefined;
    };

    if (o.split_paragraph && !unusual) {
      // Lines found in place: only the kept ones are copied out of the text.
      bracket = o.remove_citations ? text.indexOf('[') : -1;
      let lineStart = 0;
      while (lineStart < text.length) {
        let lineEnd = text.indexOf('\n', lineStart);
        if (lineEnd === -1) lineEnd = text.length;
        const reject = judge(text, lineStart, lineEnd);
        if (reject !== undefined) return { reject };
        lineStart = lineEnd + 1;
      }
    } else {
      for (const unit of o.split_paragraph ? pySplitlines(text) : sentencesOf(text, o.language)) {
        bracket = o.remove_citations ? unit.indexOf('[') : -1;
        const reject = judge(unit, 0, unit.length);
        if (reject !== undefined) return { reject };
      }
    }
    if (sentences < o.min_num_sentences) return { reject: 'too_few_sentences' };
    return { text: pyStrip(kept.join(o.split_paragraph ? '\n' : ' ')) };
  };
}

/** Sentences of a text as datatrove's `split_into_sentences` cuts them: each runs to where the next begins. */
function sentencesOf(text: string, language: string): string[] {
  const spans = wordSplitter(language).sentenceSpans(text);
  if (spans.length === 0) return [text];
  const ends = spans.map(([, end]) => end);
  return ends.map((end, i) => text.slice(i === 0 ? 0 : (ends[i - 1] as number), i === ends.length - 1 ? text.length : end));
}

export function c4Quality(options: C4QualityOptions = {}): DocumentStep {
  const rules = c4QualityText(options);
  return (doc: Doc) => {
    const result = rules(doc.text);
    return 'reject' in result ? result : { doc: result.text === doc.text ? doc : { ...doc, text: result.text } };
  };
}
