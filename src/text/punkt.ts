/**
 * Sentence boundaries as NLTK's Punkt tokenizer finds them with a trained
 * model (Kiss and Strunk 2006): a candidate at `.`, `?` or `!` is a break
 * unless the word before is a known abbreviation, an initial or a number
 * that the orthographic heuristic, the collocations or the frequent sentence
 * starters say continues the sentence. datatrove's NLTK word splitting
 * (FineWeb's) cuts a text into sentences this way before it splits words,
 * and C4's sentence count is Punkt's; the rules below follow NLTK 3.8's
 * `PunktSentenceTokenizer.span_tokenize` step by step so the spans agree.
 */
import { isPySpace, PY_SPACE_CLASS, pyStrip } from './python.js';

/** A trained Punkt model: what `PunktParameters` holds. */
export interface PunktParameters {
  /** Abbreviations, lower case, without their final period. */
  abbrevTypes: string[];
  /** Pairs of types where a period after the first does not end the sentence. */
  collocations: Array<[string, string]>;
  /** Types that often start a sentence. */
  sentStarters: string[];
  /** Per type, the orthographic contexts it was seen in (bit flags). */
  orthoContext: Record<string, number>;
}

const ORTHO_BEG_UC = 1 << 1;
const ORTHO_MID_UC = 1 << 2;
const ORTHO_UNK_UC = 1 << 3;
const ORTHO_BEG_LC = 1 << 4;
const ORTHO_MID_LC = 1 << 5;
const ORTHO_UNK_LC = 1 << 6;
const ORTHO_UC = ORTHO_BEG_UC + ORTHO_MID_UC + ORTHO_UNK_UC;
const ORTHO_LC = ORTHO_BEG_LC + ORTHO_MID_LC + ORTHO_UNK_LC;

const S = `[${PY_SPACE_CLASS}]`;
const NOT_S = `[^${PY_SPACE_CLASS}]`;
/** Characters that cannot appear within words: `PunktLanguageVars._re_non_word_chars`. */
const NON_WORD = `(?:[)";}\\]*:@'({\\[?!])`;
/** Hyphen runs and ellipses, also spaced ones (`. . .`). */
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.${S}){2,}\\.)`;
const WORD_START = '[^("`{\\[:;&#*@)}\\]\\-,]';
/** Punkt's own word splitting, as NLTK's regular expression: {@link punktWords} does the same in a loop (a test holds the two equal). */
export const PUNKT_WORD = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NOT_S}+?(?=${S}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${S}|${NON_WORD}|${MULTI_CHAR}))|${NOT_S}`,
  'gu',
);
/** A possible sentence end, with what follows it: other punctuation, or white space and the next token. */
/**
 * The word before a candidate, when Punkt's word splitting would make it
 * single characters that cannot end a sentence (`(`, `"`, `[`, `{`, a
 * backquote) and one word of letters and digits with single inner periods
 * and hyphens (`U.S`, `co-op`).
 */
const SIMPLE_WORD = /^([("[{`]*)([\p{L}\p{N}](?:[\p{L}\p{N}]|[.-](?=[\p{L}\p{N}]))*)$/u;
/**
 * The token after a candidate, when Punkt's word splitting would make it one
 * word of letters and digits with single inner hyphens and, perhaps, one
 * character that comes off it (`,` at the end, or a character that cannot
 * be in a word).
 */
/** Letters only: a word that is neither an initial (with two or more) nor a number. */
const LETTERS = /^\p{L}+$/u;

const LOWER_ASCII_LETTERS = 0;
const ASCII_LETTERS = 1;
const NOT_ASCII_LETTERS = 2;

/**
 * Whether `text[start, end)` is ASCII letters, lower-case ones only, or
 * neither (then {@link LETTERS} decides): found without a regular expression
 * or a lower-cased copy, for the word before nearly every period.
 */
function asciiLetters(text: string, start: number, end: number): number {
  let kind = LOWER_ASCII_LETTERS;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x61 && code <= 0x7a) continue;
    if (code >= 0x41 && code <= 0x5a) kind = ASCII_LETTERS;
    else return NOT_ASCII_LETTERS;
  }
  return kind;
}
const SIMPLE_NEXT = /^([\p{L}\p{N}](?:[\p{L}\p{N}]|-(?=[\p{L}\p{N}]))*)([)";}\]*:@'({[?!,]?)$/u;
/** Closing punctuation after a break that belongs to the sentence before (`(Sent1.) Sent2.`). Python's `$` under MULTILINE: before `\n` or at the end. */
const BOUNDARY_REALIGNMENT = new RegExp(`["')\\]}]+?(?:${S}+|(?=--)|(?=\\n|(?![\\s\\S])))`, 'yu');

/** What {@link BOUNDARY_REALIGNMENT} can begin with: " ' ) ] } */
const REALIGNS_AFTER = [0x22, 0x27, 0x29, 0x5d, 0x7d];

function realignmentAt(sentence: string): RegExpExecArray | null {
  BOUNDARY_REALIGNMENT.lastIndex = 0;
  return BOUNDARY_REALIGNMENT.exec(sentence);
}

const NUMERIC = /^-?[.,]?\p{Nd}[\p{Nd},.-]*\.?$/u;
const INITIAL = /^[\p{L}\p{Nl}\p{No}_]\.$/u;
const ELLIPSIS = /^\.\.+$/;
const UPPER_FIRST = /^\p{Uppercase}/u;
const LOWER_FIRST = /^\p{Lowercase}/u;
const SENTENCE_INTERNAL = new Set([';', ':', ',', '.', '!', '?']);

interface Token {
  tok: string;
  type: string;
  periodFinal: boolean;
  sentbreak: boolean;
  abbr: boolean;
  ellipsis: boolean;
}

function makeToken(tok: string): Token {
  const lower = tok.toLowerCase();
  return {
    tok,
    type: NUMERIC.test(lower) ? '##number##' : lower,
    periodFinal: tok.endsWith('.'),
    sentbreak: false,
    abbr: false,
    ellipsis: false,
  };
}

function typeNoPeriod(token: Token): string {
  return token.type.length > 1 && token.type.endsWith('.') ? token.type.slice(0, -1) : token.type;
}

function typeNoSentperiod(token: Token): string {
  return token.sentbreak ? typeNoPeriod(token) : token.type;
}

/** Characters that cannot start a word token: ( " ` { [ : ; & # * @ ) } ] - , */
const NOT_WORD_START = new Set(Array.from('("`{[:;&#*@)}]-,', (char) => char.charCodeAt(0)));

/** Where a multi-character punctuation mark (`--`…, `..`…, `. . .`) starting at `at` ends, or -1. */
function multiCharEnd(line: string, at: number): number {
  const code = line.charCodeAt(at);
  if (code === 0x2d && line.charCodeAt(at + 1) === 0x2d) {
    let end = at + 2;
    while (line.charCodeAt(end) === 0x2d) end++;
    return end;
  }
  if (code !== 0x2e) return -1;
  if (line.charCodeAt(at + 1) === 0x2e) {
    let end = at + 2;
    while (line.charCodeAt(end) === 0x2e) end++;
    return end;
  }
  // `(?:\.\s){2,}\.`: periods each followed by one white space character, at least three periods.
  let end = at;
  let pairs = 0;
  while (line.charCodeAt(end) === 0x2e && isPySpace(line.charCodeAt(end + 1))) {
    pairs++;
    end += 2;
  }
  while (pairs >= 2 && line.charCodeAt(end) !== 0x2e) {
    pairs--;
    end -= 2;
  }
  return pairs >= 2 ? end + 1 : -1;
}

/** Whether a word token ends before `at`: white space, the end, a character that cannot be in a word, a multi-character mark, or a comma that ends a word. */
function wordEndsAt(line: string, at: number): boolean {
  if (at >= line.length) return true;
  const code = line.charCodeAt(at);
  if (isPySpace(code) || NON_WORD_CHARS.has(code) || multiCharEnd(line, at) !== -1) return true;
  if (code !== 0x2c) return false;
  const next = at + 1;
  return next >= line.length || isPySpace(line.charCodeAt(next)) || NON_WORD_CHARS.has(line.charCodeAt(next)) || multiCharEnd(line, next) !== -1;
}

/** Punkt's word splitting of one line (`PunktLanguageVars.word_tokenize`): punctuation other than periods comes off words. */
export function punktWords(line: string): string[] {
  const words: string[] = [];
  let at = 0;
  while (at < line.length) {
    const code = line.charCodeAt(at);
    if (isPySpace(code)) {
      at++;
      continue;
    }
    const multi = multiCharEnd(line, at);
    if (multi !== -1) {
      words.push(line.slice(at, multi));
      at = multi;
      continue;
    }
    // A word runs lazily to the first place where one may end; a character that cannot start one stands alone.
    let end = at + 1;
    if (!NOT_WORD_START.has(code)) while (!wordEndsAt(line, end)) end++;
    words.push(line.slice(at, end));
    at = end;
  }
  return words;
}

/** A possible sentence end: the `.`, `?` or `!` at `at`, what follows it up to `afterEnd`, where the next token starts (-1: a character that cannot be in a word follows), and where the word before starts. */
interface Candidate {
  at: number;
  afterEnd: number;
  nextStart: number;
  wordStart: number;
}

/** Characters that cannot appear within words (`PunktLanguageVars._re_non_word_chars`): ) " ; } ] * : @ ' ( { [ ? ! */
const NON_WORD_CHARS = new Set([0x29, 0x22, 0x3b, 0x7d, 0x5d, 0x2a, 0x3a, 0x40, 0x27, 0x28, 0x7b, 0x5b, 0x3f, 0x21]);

/** The candidate at a `.`, `?` or `!`, if what follows makes it one. */
function candidateAt(text: string, at: number): Candidate | undefined {
  const next = text.charCodeAt(at + 1);
  if (NON_WORD_CHARS.has(next)) return { at, afterEnd: at + 2, nextStart: -1, wordStart: 0 };
  if (Number.isNaN(next) || !isPySpace(next)) return undefined;
  let start = at + 2;
  while (start < text.length && isPySpace(text.charCodeAt(start))) start++;
  if (start >= text.length) return undefined;
  let end = start + 1;
  while (end < text.length && !isPySpace(text.charCodeAt(end))) end++;
  return { at, afterEnd: end, nextStart: start, wordStart: 0 };
}

/** Sentence spans of a text, as `PunktSentenceTokenizer.span_tokenize` gives them for one trained model. */
export class PunktSentenceSplitter {
  private readonly abbreviations: Set<string>;
  private readonly collocations: Set<string>;
  /** The first types of the collocations: a word that starts none cannot be undone by one. */
  private readonly collocationStarts: Set<string>;
  private readonly sentenceStarters: Set<string>;
  private readonly orthoContext: Map<string, number>;

  /**
   * `splitContexts`: split every candidate's context with Punkt's own word
   * splitting, never the shortcut for plain words (the differential tests'
   * reference). @default false
   */
  constructor(
    parameters: PunktParameters,
    private readonly splitContexts = false,
  ) {
    this.abbreviations = new Set(parameters.abbrevTypes);
    this.collocations = new Set(parameters.collocations.map(([first, second]) => `${first}\u0000${second}`));
    this.collocationStarts = new Set(parameters.collocations.map(([first]) => first));
    this.sentenceStarters = new Set(parameters.sentStarters);
    this.orthoContext = new Map(Object.entries(parameters.orthoContext));
  }

  /** `[start, end)` of each sentence, in order; none for a text of white space only. */
  spans(text: string): Array<[number, number]> {
    const slices = this.slices(text);
    return this.realign(text, slices);
  }

  /** The number of sentences, as datatrove's `split_into_sentences` counts them (never fewer than one). */
  count(text: string): number {
    if (!/[.?!]/.test(text)) return 1;
    return Math.max(1, this.spans(text).length);
  }

  /**
   * The sentence slices before realignment: NLTK's `_slices_from_text` over
   * `_match_potential_end_contexts`, with the candidates found by a loop
   * rather than its regular expression (`[.?!]` followed by a character that
   * cannot be in a word, or by white space and a token).
   */
  private slices(text: string): Array<[number, number]> {
    const slices: Array<[number, number]> = [];
    let lastBreak = 0;
    let pending: Candidate | undefined;
    let previousSliceStart = 0;
    let previousSliceEnd = 0;
    const decide = (candidate: Candidate): void => {
      const plain = this.splitContexts ? undefined : this.plainDecision(text, candidate);
      if (plain ?? this.containsSentenceBreak(this.contextOf(text, candidate))) {
        slices.push([lastBreak, candidate.at + 1]);
        lastBreak = candidate.nextStart === -1 ? candidate.at + 1 : candidate.nextStart;
      }
    };
    // The next `.`, `?` and `!`, each found with indexOf (a memchr): faster than a loop over every character.
    let period = text.indexOf('.');
    let question = text.indexOf('?');
    let exclamation = text.indexOf('!');
    for (;;) {
      let at = period;
      if (question !== -1 && (at === -1 || question < at)) at = question;
      if (exclamation !== -1 && (at === -1 || exclamation < at)) at = exclamation;
      if (at === -1) break;
      if (at === period) period = text.indexOf('.', at + 1);
      else if (at === question) question = text.indexOf('?', at + 1);
      else exclamation = text.indexOf('!', at + 1);
      const candidate = candidateAt(text, at);
      if (candidate === undefined) continue;
      // The word before: back to the last ASCII white space after the previous word (NLTK's rule, where index 0 means none).
      let space = -1;
      for (let i = at - 1; i >= previousSliceEnd; i--) {
        const before = text.charCodeAt(i);
        if (before === 0x20 || (before >= 0x09 && before <= 0x0d)) {
          space = i;
          break;
        }
      }
      candidate.wordStart = space > previousSliceEnd ? space + 1 : previousSliceStart;
      if (pending !== undefined && previousSliceEnd <= candidate.wordStart) decide(pending);
      pending = candidate;
      previousSliceStart = candidate.wordStart;
      previousSliceEnd = at;
    }
    if (pending !== undefined) decide(pending);
    let end = text.length;
    while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
    slices.push([lastBreak, end]);
    return slices;
  }

  /**
   * The decision for the commonest candidates, without splitting their
   * context into tokens: at `?` or `!` there is always a break (that mark is
   * a token of its own, a sentence break, and never the last of its context);
   * at a period after a word of two or more letters that is no known
   * abbreviation (so neither an initial nor a number), the first pass breaks
   * and only a known collocation with the next token undoes it. Undefined
   * for the others.
   */
  private plainDecision(text: string, candidate: Candidate): boolean | undefined {
    const mark = text.charCodeAt(candidate.at);
    if (mark !== 0x2e) return true;
    if (candidate.at - candidate.wordStart < 2) return undefined;
    const letters = asciiLetters(text, candidate.wordStart, candidate.at);
    const word = text.slice(candidate.wordStart, candidate.at);
    if (letters === NOT_ASCII_LETTERS && !LETTERS.test(word)) return undefined;
    // Most words before a period are lower-case ASCII: they are their own type.
    const type = letters === LOWER_ASCII_LETTERS ? word : word.toLowerCase();
    if (this.abbreviations.has(type)) return undefined;
    if (!this.collocationStarts.has(type)) return true;
    if (candidate.nextStart === -1) return !this.collocations.has(`${type}\u0000${text[candidate.at + 1] as string}`);
    const following = SIMPLE_NEXT.exec(text.slice(candidate.nextStart, candidate.afterEnd));
    if (following === null) return undefined;
    return !this.collocations.has(`${type}\u0000${makeToken(following[1] as string).type}`);
  }

  /** The context of a candidate: its tokens where they are plain to see (most candidates), else its text for Punkt's word splitting. */
  private contextOf(text: string, candidate: Candidate): string | string[] {
    const word = text.slice(candidate.wordStart, candidate.at);
    const punctuation = text[candidate.at] as string;
    const after = text.slice(candidate.at + 1, candidate.afterEnd);
    const next = candidate.nextStart === -1 ? undefined : text.slice(candidate.nextStart, candidate.afterEnd);
    if (this.splitContexts) return word + punctuation + after;
    const before = SIMPLE_WORD.exec(word);
    const following = next === undefined ? undefined : SIMPLE_NEXT.exec(next);
    if (before === null || following === null) return word + punctuation + after;
    const tokens = before[1] === '' ? [] : Array.from(before[1] as string);
    if (punctuation === '.') tokens.push(`${before[2] as string}.`);
    else tokens.push(before[2] as string, punctuation);
    if (following === undefined) tokens.push(after);
    else {
      tokens.push(following[1] as string);
      if ((following[2] as string).length > 0) tokens.push(following[2] as string);
    }
    return tokens;
  }

  private realign(text: string, slices: Array<[number, number]>): Array<[number, number]> {
    const spans: Array<[number, number]> = [];
    let realign = 0;
    for (let i = 0; i < slices.length; i++) {
      const [start, stop] = slices[i] as [number, number];
      const first: [number, number] = [start + realign, stop];
      const second = slices[i + 1];
      if (second === undefined) {
        if (first[0] < first[1]) spans.push(first);
        continue;
      }
      // The expression is anchored and begins with a closing quote or bracket: most sentences begin with neither.
      const match = REALIGNS_AFTER.includes(text.charCodeAt(second[0])) ? realignmentAt(text.slice(second[0], second[1])) : null;
      if (match !== null) {
        spans.push([first[0], second[0] + match[0].replace(new RegExp(`${S}+$`, 'u'), '').length]);
        realign = match.index + match[0].length;
      } else {
        realign = 0;
        if (first[0] < first[1]) spans.push(first);
      }
    }
    return spans;
  }

  /** Whether a token other than the last of the context ends a sentence. */
  private containsSentenceBreak(context: string | string[]): boolean {
    const tokens = typeof context === 'string' ? this.tokens(context) : context.map(makeToken);
    for (const token of tokens) this.firstPass(token);
    for (let i = 0; i < tokens.length - 1; i++) {
      const token = tokens[i] as Token;
      this.secondPass(token, tokens[i + 1] as Token);
      if (token.sentbreak) return true;
    }
    return false;
  }

  private tokens(text: string): Token[] {
    const tokens: Token[] = [];
    for (const line of text.split('\n')) {
      if (pyStrip(line).length === 0) continue;
      for (const word of punktWords(line)) tokens.push(makeToken(word));
    }
    return tokens;
  }

  private firstPass(token: Token): void {
    const { tok } = token;
    if (tok === '.' || tok === '?' || tok === '!') {
      token.sentbreak = true;
    } else if (ELLIPSIS.test(tok)) {
      token.ellipsis = true;
    } else if (token.periodFinal && !tok.endsWith('..')) {
      const base = tok.slice(0, -1).toLowerCase();
      const lastPart = base.slice(base.lastIndexOf('-') + 1);
      if (this.abbreviations.has(base) || this.abbreviations.has(lastPart)) token.abbr = true;
      else token.sentbreak = true;
    }
  }

  private secondPass(token: Token, next: Token): void {
    if (!token.periodFinal) return;
    const type = typeNoPeriod(token);
    const nextType = typeNoSentperiod(next);
    const isInitial = INITIAL.test(token.tok);
    if (this.collocations.has(`${type}\u0000${nextType}`)) {
      token.sentbreak = false;
      token.abbr = true;
      return;
    }
    if ((token.abbr || token.ellipsis) && !isInitial) {
      const startsSentence = this.orthographicHeuristic(next);
      if (startsSentence === true) {
        token.sentbreak = true;
        return;
      }
      if (UPPER_FIRST.test(next.tok) && this.sentenceStarters.has(nextType)) {
        token.sentbreak = true;
        return;
      }
    }
    if (isInitial || type === '##number##') {
      const startsSentence = this.orthographicHeuristic(next);
      if (startsSentence === false) {
        token.sentbreak = false;
        token.abbr = true;
        return;
      }
      if (startsSentence === 'unknown' && isInitial && UPPER_FIRST.test(next.tok) && ((this.orthoContext.get(nextType) ?? 0) & ORTHO_LC) === 0) {
        token.sentbreak = false;
        token.abbr = true;
      }
    }
  }

  /** Whether the token starts a sentence, by the cases its type was seen in: true, false or 'unknown'. */
  private orthographicHeuristic(token: Token): boolean | 'unknown' {
    if (SENTENCE_INTERNAL.has(token.tok)) return false;
    const context = this.orthoContext.get(typeNoSentperiod(token)) ?? 0;
    if (UPPER_FIRST.test(token.tok) && (context & ORTHO_LC) !== 0 && (context & ORTHO_MID_UC) === 0) return true;
    if (LOWER_FIRST.test(token.tok) && ((context & ORTHO_UC) !== 0 || (context & ORTHO_BEG_LC) === 0)) return false;
    return 'unknown';
  }
}
