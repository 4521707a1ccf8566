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
/** Punkt's own word splitting: punctuation other than periods comes off words. */
const PUNKT_WORD = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NOT_S}+?(?=${S}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${S}|${NON_WORD}|${MULTI_CHAR}))|${NOT_S}`,
  'gu',
);
/** A possible sentence end, with what follows it: other punctuation, or white space and the next token. */
const PERIOD_CONTEXT = new RegExp(`[.?!](?=(?<after>${NON_WORD}|${S}+(?<next>${NOT_S}+)))`, 'gu');
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
const SIMPLE_NEXT = /^([\p{L}\p{N}](?:[\p{L}\p{N}]|-(?=[\p{L}\p{N}]))*)([)";}\]*:@'({[?!,]?)$/u;
/** Closing punctuation after a break that belongs to the sentence before (`(Sent1.) Sent2.`). Python's `$` under MULTILINE: before `\n` or at the end. */
const BOUNDARY_REALIGNMENT = new RegExp(`["')\\]}]+?(?:${S}+|(?=--)|(?=\\n|(?![\\s\\S])))`, 'yu');

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

/** `string.whitespace`: the last index of ASCII white space, or 0 when there is none (NLTK's own convention). */
function lastAsciiWhitespaceIndex(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return i;
  }
  return 0;
}

/** Sentence spans of a text, as `PunktSentenceTokenizer.span_tokenize` gives them for one trained model. */
export class PunktSentenceSplitter {
  private readonly abbreviations: Set<string>;
  private readonly collocations: Set<string>;
  private readonly sentenceStarters: Set<string>;
  private readonly orthoContext: Map<string, number>;

  constructor(parameters: PunktParameters) {
    this.abbreviations = new Set(parameters.abbrevTypes);
    this.collocations = new Set(parameters.collocations.map(([first, second]) => `${first}\u0000${second}`));
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

  private slices(text: string): Array<[number, number]> {
    const slices: Array<[number, number]> = [];
    let lastBreak = 0;
    for (const { match, context } of this.potentialEndContexts(text)) {
      if (this.containsSentenceBreak(context)) {
        const end = match.index + 1;
        slices.push([lastBreak, end]);
        const next = match.groups?.['next'];
        // The next token ends the lookahead: it starts that many characters before its end.
        lastBreak = next !== undefined ? end + (match.groups?.['after'] as string).length - next.length : end;
      }
    }
    let end = text.length;
    while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
    slices.push([lastBreak, end]);
    return slices;
  }

  private *potentialEndContexts(text: string): Generator<{ match: RegExpExecArray; context: string | string[] }> {
    let previousSlice: [number, number] = [0, 0];
    let previousMatch: RegExpExecArray | undefined;
    /** The context of a candidate: its tokens where they are plain to see (most candidates), else its text for Punkt's word splitting. */
    const contextOf = (match: RegExpExecArray, slice: [number, number]): string | string[] => {
      const word = text.slice(slice[0], slice[1]);
      const after = match.groups?.['after'] ?? '';
      const next = match.groups?.['next'];
      const before = SIMPLE_WORD.exec(word);
      const following = next === undefined ? undefined : SIMPLE_NEXT.exec(next);
      if (before === null || (next !== undefined && following === null)) return word + match[0] + after;
      const tokens = Array.from(before[1] as string);
      if (match[0] === '.') tokens.push(`${before[2] as string}.`);
      else tokens.push(before[2] as string, match[0]);
      if (following === undefined) tokens.push(after);
      else if (following !== null) {
        tokens.push(following[1] as string);
        if ((following[2] as string).length > 0) tokens.push(following[2] as string);
      }
      return tokens;
    };
    PERIOD_CONTEXT.lastIndex = 0;
    for (let match = PERIOD_CONTEXT.exec(text); match !== null; match = PERIOD_CONTEXT.exec(text)) {
      const before = text.slice(previousSlice[1], match.index);
      let wordStart = lastAsciiWhitespaceIndex(before);
      wordStart = wordStart !== 0 ? wordStart + previousSlice[1] + 1 : previousSlice[0];
      const wordSlice: [number, number] = [wordStart, match.index];
      if (previousMatch !== undefined && previousSlice[1] <= wordSlice[0]) yield { match: previousMatch, context: contextOf(previousMatch, previousSlice) };
      previousMatch = match;
      previousSlice = wordSlice;
    }
    if (previousMatch !== undefined) yield { match: previousMatch, context: contextOf(previousMatch, previousSlice) };
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
      BOUNDARY_REALIGNMENT.lastIndex = 0;
      const match = BOUNDARY_REALIGNMENT.exec(text.slice(second[0], second[1]));
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
      PUNKT_WORD.lastIndex = 0;
      for (const match of line.matchAll(PUNKT_WORD)) tokens.push(makeToken(match[0]));
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
