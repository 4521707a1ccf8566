/**
 * Words of one sentence as NLTK 3.8's `NLTKWordTokenizer` (the improved Penn
 * Treebank tokenizer behind `nltk.word_tokenize`) splits them: quotes,
 * punctuation, brackets, the final period and clitics (`n't`, `'s`, `can|not`)
 * come off as tokens of their own. The substitutions are NLTK's, in NLTK's
 * order, with Python's `\s`, `\w`, `\d` and `\b` spelled out for Unicode:
 * JavaScript's are ASCII-only or differ in which characters they take.
 */
import { PY_SPACE_CLASS, PY_WORD_CLASS, pySplitWhitespace } from './python.js';

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

/** The tokens of one sentence. */
export function treebankWords(sentence: string): string[] {
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
