/**
 * Words of one sentence as NLTK 3.8's `NLTKWordTokenizer` (the improved Penn
 * Treebank tokenizer behind `nltk.word_tokenize`) splits them: quotes,
 * punctuation, brackets, the final period and clitics (`n't`, `'s`, `can|not`)
 * come off as tokens of their own. The substitutions are NLTK's, in NLTK's
 * order, with Python's `\s`, `\w`, `\d` and `\b` spelled out for Unicode:
 * JavaScript's are ASCII-only or differ in which characters they take.
 */
import { isPySpace, PY_SPACE_CLASS, PY_WORD_CLASS, pySplitWhitespace } from './python.js';

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

/** Quote characters other than the apostrophe, and doubled apostrophes: a sentence with any takes the rules themselves. */
const QUOTES = /["`«»“”‘’„]|''/;
/**
 * An apostrophe that the starting-quote rule parts from one following word
 * character (`'a,` → `' a,`): rare, left to the rules.
 */
const APOSTROPHE_BEFORE_ONE_CHARACTER = new RegExp(`'(?!re|ve|ll|m|t|s|d|n)${W}(?!${W})`, 'iu');
/** Clitics the ending rules part from a word before a space: `'s`, `n't`, `'ll`… (and a lone trailing apostrophe). */
const CLITICS = ["'s", "'S", "'m", "'M", "'d", "'D", "'ll", "'LL", "'re", "'RE", "'ve", "'VE", "n't", "N'T"];

/** Characters that are always a token of their own: the rules put a space on each side. */
function isAlwaysAlone(code: number): boolean {
  switch (code) {
    case 0x3b: // ;
    case 0x40: // @
    case 0x23: // #
    case 0x24: // $
    case 0x25: // %
    case 0x26: // &
    case 0x3f: // ?
    case 0x21: // !
    case 0x2a: // *
    case 0x5b: // [
    case 0x5d: // ]
    case 0x28: // (
    case 0x29: // )
    case 0x7b: // {
    case 0x7d: // }
    case 0x3c: // <
    case 0x3e: // >
      return true;
    default:
      return false;
  }
}

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
function finalPeriodIndex(text: string): number {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
  let i = end - 1;
  for (; i >= 0; i--) {
    const code = text.charCodeAt(i);
    // ] ) } > ' and the space: what may stand between the final period and the end.
    if (code !== 0x5d && code !== 0x29 && code !== 0x7d && code !== 0x3e && code !== 0x27 && code !== 0x20) break;
  }
  if (i < 1 || text.charCodeAt(i) !== 0x2e || text.charCodeAt(i - 1) === 0x2e) return -1;
  return i;
}

/**
 * Pushes a word that the rules end with a space after it, parting a final
 * clitic or apostrophe from it as the ending rules do (`don't` → `do n't`).
 */
function pushBeforeSpace(tokens: string[], word: string): void {
  if (word.length > 1 && word.includes("'")) {
    if (word.endsWith("'")) {
      tokens.push(word.slice(0, -1), "'");
      return;
    }
    for (const clitic of CLITICS) {
      if (word.length > clitic.length && word.endsWith(clitic)) {
        tokens.push(word.slice(0, -clitic.length), clitic);
        return;
      }
    }
  }
  tokens.push(word);
}

/**
 * The rules' tokens for a sentence without quotes (but apostrophes) or
 * contractions, in one pass: what the substitutions would do, character by
 * character. Undefined for the cases it leaves to the rules (a `:` or `,`
 * before another, a word with two apostrophes).
 */
function scanPlainSentence(text: string): string[] | undefined {
  const tokens: string[] = [];
  const finalPeriod = finalPeriodIndex(text);
  let start = -1;
  let apostrophes = 0;
  /** Ends the word in progress; `beforeSpace`: the rules leave a space (not other white space) after it. */
  const flush = (end: number, beforeSpace = true): void => {
    if (start !== -1) {
      const word = text.slice(start, end);
      if (beforeSpace) pushBeforeSpace(tokens, word);
      else tokens.push(word);
      start = -1;
      apostrophes = 0;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isPySpace(code)) {
      flush(i, code === 0x20);
    } else if (code === 0x27) {
      if (++apostrophes > 1) return undefined;
      if (start === -1) start = i;
    } else if (isAlwaysAlone(code)) {
      flush(i);
      tokens.push(text[i] as string);
    } else if (code === 0x2c || code === 0x3a) {
      // , and : come off unless a digit follows (3,000 and 10:30 stay whole).
      const next = text.charCodeAt(i + 1);
      if (next === 0x2c || next === 0x3a || next === 0x27) return undefined;
      if (i + 1 < text.length && isDigitAt(text, i + 1)) {
        if (start === -1) start = i;
      } else {
        flush(i);
        tokens.push(text[i] as string);
      }
    } else if (code === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      flush(i);
      tokens.push('--');
      i++;
    } else if (code === 0x2e && (text.charCodeAt(i + 1) === 0x2e || i === finalPeriod)) {
      flush(i);
      let end = i + 1;
      while (text.charCodeAt(end) === 0x2e) end++;
      tokens.push(text.slice(i, end));
      i = end - 1;
    } else if (start === -1) {
      start = i;
    }
  }
  flush(text.length);
  return tokens;
}

/** The tokens of one sentence. */
export function treebankWords(sentence: string): string[] {
  if (!QUOTES.test(sentence) && !ANY_CONTRACTION.test(sentence) && !APOSTROPHE_BEFORE_ONE_CHARACTER.test(sentence)) {
    const tokens = scanPlainSentence(sentence);
    if (tokens !== undefined) return tokens;
  }
  return treebankWordsByRules(sentence);
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
