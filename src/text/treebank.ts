/**
 * Words of one sentence as NLTK 3.8's `NLTKWordTokenizer` (the improved Penn
 * Treebank tokenizer behind `nltk.word_tokenize`) splits them: quotes,
 * punctuation, brackets, the final period and clitics (`n't`, `'s`, `can|not`)
 * come off as tokens of their own. The substitutions are NLTK's, in NLTK's
 * order, with Python's `\s`, `\w`, `\d` and `\b` spelled out for Unicode:
 * JavaScript's are ASCII-only or differ in which characters they take.
 */
import { isPySpace, PY_SPACE_CLASS, PY_WORD_CLASS, pySplitWhitespace } from './python.js';
import { TokenList, type TokenSink } from './token-sink.js';

const S = `[${PY_SPACE_CLASS}]`;
const W = `[${PY_WORD_CLASS}]`;
/** Python's `\b`: between a word character and a non-word character (or an end). */
const B = `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))`;

type Rule = readonly [RegExp, string];

const rule = (pattern: string, replacement: string, flags = ''): Rule => [new RegExp(pattern, `gu${flags}`), replacement];

const STARTING_QUOTES: readonly Rule[] = [
  rule('([«“‘„]|[`]+)', ' $1 '),
  rule('^"', '``'),
  rule('(``)', ' $1 '),
  rule(`([ ([{<])("|'{2})`, '$1 `` '),
  // `\b` after one word character is "no word character follows".
  rule(`(')(?!re|ve|ll|m|t|s|d|n)(${W})(?!${W})`, '$1 $2', 'i'),
];

const PUNCTUATION: readonly Rule[] = [
  rule(`([^.])(\\.)([\\])}>"'»”’ ]*)${S}*$`, '$1 $2 $3 '),
  rule('([:,])([^\\p{Nd}])', ' $1 $2'),
  rule('([:,])(?=\\n?$)', ' $1 '),
  rule('\\.{2,}', ' $& '),
  rule('[;@#$%&]', ' $& '),
  rule(`([^.])(\\.)([\\])}>"']*)${S}*$`, '$1 $2$3 '),
  rule('[?!]', ' $& '),
  rule("([^'])' ", "$1 ' "),
  rule('[*]', ' $& '),
];

const PARENS_BRACKETS = rule('[\\][(){}<>]', ' $& ');
const DOUBLE_DASHES = rule('--', ' -- ');

const ENDING_QUOTES: readonly Rule[] = [
  rule('([»”’])', ' $1 '),
  rule("''", " '' "),
  rule('"', " '' "),
  rule("([^' ])('[sS]|'[mM]|'[dD]|') ", '$1 $2 '),
  rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", '$1 $2 '),
];

/** Robert MacIntyre's contractions, split in two: can|not, gim|me, gon|na… */
const CONTRACTIONS: readonly Rule[] = [
  rule(`${B}(can)(not)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(d)('ye)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(gim)(me)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(gon)(na)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(got)(ta)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(lem)(me)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(more)('n)${B}`, ' $1 $2 ', 'i'),
  rule(`${B}(wan)(na)(?=${S})`, ' $1 $2 ', 'i'),
  rule(` ('t)(is)${B}`, ' $1 $2 ', 'i'),
  rule(` ('t)(was)${B}`, ' $1 $2 ', 'i'),
];

/** Whether any contraction rule can match: most sentences have none, and the rules' word boundaries are slow to search for. */
const ANY_CONTRACTION = /cannot|d'ye|gimme|gonna|gotta|lemme|more'n|wanna|'tis|'twas/i;
/** The contractions spelled without an apostrophe, which a word of the one-pass scanner may hold. */
const PLAIN_CONTRACTIONS = CONTRACTIONS.filter(([pattern]) => !pattern.source.includes("'"));
const PLAIN_CONTRACTION = /cannot|gimme|gonna|gotta|lemme|wanna/i;

/**
 * Pushes a word of the one-pass scanner that may hold a contraction without
 * an apostrophe (`cannot`, `gonna`…): the rules apply within one
 * space-separated word, so applying them to the word alone, spaced as the
 * rules space it, splits it as they would.
 */
function pushContracted(sink: TokenSink, word: string): void {
  if (!PLAIN_CONTRACTION.test(word)) {
    sink.token(word);
    return;
  }
  for (const token of pySplitWhitespace(apply(` ${word} `, PLAIN_CONTRACTIONS))) sink.token(token);
}

function apply(text: string, rules: readonly Rule[]): string {
  let result = text;
  for (const [pattern, replacement] of rules) result = result.replace(pattern, replacement);
  return result;
}

/** Whether a rule group can change a sentence: each runs only when one of the characters it looks for is there. */
const NEEDS_STARTING_QUOTES = /[«“‘„`"']/;
const NEEDS_PUNCTUATION = /[.:,;@#$%&?!'*]/;
const NEEDS_PARENS_BRACKETS = /[\][(){}<>]/;
const NEEDS_ENDING_QUOTES = /[»”’'"]/;

/**
 * An apostrophe that the starting-quote rule parts from one following word
 * character (`'a,` → `' a,`): rare, left to the rules.
 */
const APOSTROPHE_BEFORE_ONE_CHARACTER = new RegExp(`'(?!re|ve|ll|m|t|s|d|n)${W}(?!${W})`, 'iu');
/** Clitics the ending rules part from a word before a space: `'s`, `n't`, `'ll`… (and a lone trailing apostrophe). */
const CLITICS = ["'s", "'S", "'m", "'M", "'d", "'D", "'ll", "'LL", "'re", "'RE", "'ve", "'VE", "n't", "N'T"];

/** What the scanner does with a character (BMP code units; surrogates are ordinary). */
const enum Kind {
  Ordinary = 0,
  /** U+0020: the rules' own separator. */
  Space,
  /** Other white space to Python: separates, but is not a space to the rules' patterns. */
  OtherSpace,
  /** Always a token of its own: ; @ # $ % & ? ! * [ ] ( ) { } < > */
  Alone,
  CommaOrColon,
  Hyphen,
  Period,
  Apostrophe,
  /** ": opening (``) at the start or after a space or an opening bracket, closing ('') elsewhere. */
  DoubleQuote,
  /** « “ ‘ „ » ” ’: always a token of their own, as they are. */
  FancyQuote,
  /** `: runs of backquotes have rules of their own: a sentence with one takes the rules themselves. */
  Backquote,
}

const KINDS = (() => {
  const kinds = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) if (isPySpace(code)) kinds[code] = Kind.OtherSpace;
  kinds[0x20] = Kind.Space;
  for (const char of ';@#$%&?!*[](){}<>') kinds[char.charCodeAt(0)] = Kind.Alone;
  kinds[0x2c] = Kind.CommaOrColon;
  kinds[0x3a] = Kind.CommaOrColon;
  kinds[0x2d] = Kind.Hyphen;
  kinds[0x2e] = Kind.Period;
  kinds[0x27] = Kind.Apostrophe;
  kinds[0x22] = Kind.DoubleQuote;
  for (const char of '«“‘„»”’') kinds[char.charCodeAt(0)] = Kind.FancyQuote;
  kinds[0x60] = Kind.Backquote;
  return kinds;
})();

const DECIMAL_DIGIT = /\p{Nd}/u;

/** Whether the character at `index` (a whole code point) is a decimal digit, as Python's `\d`. */
function isDigitAt(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code >= 0x30 && code <= 0x39) return true;
  if (code < 0x660 || Number.isNaN(code)) return false;
  return DECIMAL_DIGIT.test(String.fromCodePoint(text.codePointAt(index) as number));
}

/**
 * The index of the sentence's final period when the rules split it off (a
 * period after a non-period, followed only by closing brackets and white
 * space), or -1.
 */
function finalPeriodIndex(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isPySpace(text.charCodeAt(end - 1))) end--;
  let i = end - 1;
  for (; i >= from; i--) {
    const code = text.charCodeAt(i);
    // ] ) } > " ' » ” ’ and the space: what may stand between the final period and the end
    // (a " that the starting rules made an opening `` is not among them).
    if (!FINAL_PERIOD_CLOSERS.includes(code) || (code === 0x22 && isOpeningQuote(text, i, from))) break;
  }
  if (i < from + 1 || text.charCodeAt(i) !== 0x2e || text.charCodeAt(i - 1) === 0x2e) return -1;
  return i;
}

const FINAL_PERIOD_CLOSERS = [0x5d, 0x29, 0x7d, 0x3e, 0x22, 0x27, 0xbb, 0x201d, 0x2019, 0x20];

/** Characters before a " that make it an opening quote: the rules' `[ ([{<]`, and « “ ‘ „, which the rules space out first. */
const OPENS_QUOTE = [0x20, 0x28, 0x5b, 0x7b, 0x3c, 0xab, 0x201c, 0x2018, 0x201e];

/** Whether the " at `index` of the sentence starting at `from` becomes an opening `` (the starting rules), not a closing '' (the ending rules). */
function isOpeningQuote(text: string, index: number, from: number): boolean {
  if (index === from) return true;
  // After a " that opens the sentence: the rules turned that one into `` with spaces around it.
  if (index === from + 1 && text.charCodeAt(from) === 0x22) return true;
  return OPENS_QUOTE.includes(text.charCodeAt(index - 1));
}

/**
 * Pushes a word that the rules end with a space after it, parting a final
 * clitic or apostrophe from it as the ending rules do (`don't` → `do n't`).
 */
function pushBeforeSpace(sink: TokenSink, word: string): void {
  if (word.endsWith("'")) {
    if (word.length > 1) sink.token(word.slice(0, -1));
    sink.token("'");
    return;
  }
  for (const clitic of CLITICS) {
    if (word.length > clitic.length && word.endsWith(clitic)) {
      sink.token(word.slice(0, -clitic.length));
      sink.token(clitic);
      return;
    }
  }
  sink.token(word);
}

/** Whether three lower-cased letters are those of a contraction's word without an apostrophe: caNNOt, giMME, leMME, goNNA, waNNA, goTTA. */
function isContractionTriple(first: number, second: number, third: number): boolean {
  if (first !== second) return false;
  if (first === 0x6e) return third === 0x6f || third === 0x61;
  if (first === 0x6d) return third === 0x65;
  return first === 0x74 && third === 0x61;
}

/**
 * Whether the apostrophe at `at` closes a word in single quotes that began at
 * `start` (`'word'`, a word with no other apostrophe in it): the word began
 * with an apostrophe, holds something between the two, and ends here, so
 * that the rules part the closing quote from it and nothing else, whatever
 * separator follows.
 */
function closesQuotedWord(text: string, start: number, at: number, to: number, finalPeriod: number): boolean {
  if (text.charCodeAt(start) !== 0x27 || at < start + 2) return false;
  const after = at + 1;
  if (after >= to) return true;
  switch (KINDS[text.charCodeAt(after)] as Kind) {
    case Kind.Space:
    case Kind.OtherSpace:
    case Kind.Alone:
    case Kind.FancyQuote:
    case Kind.DoubleQuote:
      return true;
    case Kind.CommaOrColon:
      return !(after + 1 < to && isDigitAt(text, after + 1));
    case Kind.Hyphen:
      return after + 1 < to && text.charCodeAt(after + 1) === 0x2d;
    case Kind.Period:
      return after === finalPeriod || (after + 1 < to && text.charCodeAt(after + 1) === 0x2e);
    default:
      return false;
  }
}

/**
 * The rules' tokens for a sentence without quotes (but apostrophes) or
 * contractions, in one pass: what the substitutions would do, character by
 * character, given to `sink`. False, with `sink` as it was, for the
 * cases it leaves to the rules (quotes, contractions, a `:` or `,` before
 * another, a word with two apostrophes).
 */
function scanPlainSentence(text: string, from: number, to: number, sink: TokenSink): boolean {
  const before = sink.length;
  const finalPeriod = finalPeriodIndex(text, from, to);
  /** The character after `i` in the sentence, NaN past its end. */
  const nextCode = (i: number): number => (i + 1 < to ? text.charCodeAt(i + 1) : Number.NaN);
  let start = -1;
  let apostrophes = 0;
  let sawApostrophe = false;
  /** The word in progress holds caNNOt, giMMe, goNNa-like letters: it may be a contraction. */
  let mayContract = false;
  let secondLast = -1;
  let last = -1;
  const flushWord = (end: number): void => {
    if (start === -1) return;
    if (apostrophes === 2) {
      // A word in single quotes: the closing one comes off, the opening one stays ('proper' → 'proper ').
      sink.span(text, start, end - 1);
      sink.span(text, end - 1, end);
    } else if (apostrophes > 0) pushBeforeSpace(sink, text.slice(start, end));
    else if (mayContract) pushContracted(sink, text.slice(start, end));
    else sink.span(text, start, end);
    start = -1;
    apostrophes = 0;
    mayContract = false;
  };
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    const kind = KINDS[code] as Kind;
    if (kind === Kind.Ordinary) {
      if (start === -1) start = i;
      const lower = code | 0x20;
      if (isContractionTriple(secondLast, last, lower)) mayContract = true;
      secondLast = last;
      last = lower;
      continue;
    }
    secondLast = -1;
    last = -1;
    switch (kind) {
      case Kind.Space:
      case Kind.OtherSpace:
        // Only a space (not other white space) after a word lets the ending rules part its clitic.
        if (start !== -1 && kind === Kind.OtherSpace && apostrophes > 0) {
          sink.span(text, start, i);
          start = -1;
          apostrophes = 0;
          mayContract = false;
        }
        flushWord(i);
        break;
      case Kind.Alone:
      case Kind.FancyQuote:
      case Kind.DoubleQuote:
        flushWord(i);
        if (kind !== Kind.DoubleQuote) sink.span(text, i, i + 1);
        else sink.token(isOpeningQuote(text, i, from) ? '``' : "''");
        break;
      case Kind.CommaOrColon: {
        // , and : come off unless a digit follows (3,000 and 10:30 stay whole).
        const next = KINDS[nextCode(i)];
        if (next === Kind.CommaOrColon || next === Kind.Apostrophe) {
          sink.truncate(before);
          return false;
        }
        if (i + 1 < to && isDigitAt(text, i + 1)) {
          if (start === -1) start = i;
        } else {
          flushWord(i);
          sink.span(text, i, i + 1);
        }
        break;
      }
      case Kind.Hyphen:
        if (nextCode(i) === 0x2d) {
          flushWord(i);
          sink.token('--');
          i++;
        } else if (start === -1) {
          start = i;
        }
        break;
      case Kind.Period:
        if (nextCode(i) === 0x2e || i === finalPeriod) {
          flushWord(i);
          let end = i + 1;
          while (end < to && text.charCodeAt(end) === 0x2e) end++;
          sink.span(text, i, end);
          i = end - 1;
        } else if (start === -1) {
          start = i;
        }
        break;
      case Kind.Apostrophe:
        // Of words with two apostrophes the scanner takes one in single quotes alone: 'like', 'this'.
        if (++apostrophes > 1 && !(apostrophes === 2 && closesQuotedWord(text, start, i, to, finalPeriod))) {
          sink.truncate(before);
          return false;
        }
        sawApostrophe = true;
        if (start === -1) start = i;
        break;
      default:
        sink.truncate(before);
        return false;
    }
  }
  flushWord(to);
  // Contractions with an apostrophe ('tis, d'ye) and an apostrophe before one letter are the rules' to split.
  if (sawApostrophe) {
    const sentence = text.slice(from, to);
    if (ANY_CONTRACTION.test(sentence) || APOSTROPHE_BEFORE_ONE_CHARACTER.test(sentence)) {
      sink.truncate(before);
      return false;
    }
  }
  return true;
}

/** Gives the tokens of the sentence `text[from, to)` to `sink`. */
export function pushTreebankWords(text: string, from: number, to: number, sink: TokenSink): void {
  if (scanPlainSentence(text, from, to, sink)) return;
  for (const token of treebankWordsByRules(text.slice(from, to))) sink.token(token);
}

/** The tokens of one sentence. */
export function treebankWords(sentence: string): string[] {
  const tokens = new TokenList();
  pushTreebankWords(sentence, 0, sentence.length, tokens);
  return tokens.tokens;
}

/** The tokens of one sentence by NLTK's substitutions themselves. */
export function treebankWordsByRules(sentence: string): string[] {
  let text = sentence;
  if (NEEDS_STARTING_QUOTES.test(text)) text = apply(text, STARTING_QUOTES);
  if (NEEDS_PUNCTUATION.test(text)) text = apply(text, PUNCTUATION);
  if (NEEDS_PARENS_BRACKETS.test(text)) text = text.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]);
  if (text.includes('--')) text = text.replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = ` ${text} `;
  if (NEEDS_ENDING_QUOTES.test(text)) text = apply(text, ENDING_QUOTES);
  if (ANY_CONTRACTION.test(text)) text = apply(text, CONTRACTIONS);
  return pySplitWhitespace(text);
}
