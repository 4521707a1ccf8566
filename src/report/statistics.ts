/**
 * The statistic each filter step thresholds, measured again on a written
 * document, so that the report can draw its distribution with the threshold
 * on it. One statistic a step: the one behind its most common rejection.
 * Each is counted by the same code the filter runs.
 */
import { c4QualityText } from '../filters/c4-quality.js';
import { duplicatePieces } from '../filters/duplicate-pieces.js';
import { lineEndTest } from '../filters/fineweb-quality.js';
import { isWord } from '../filters/gopher-quality.js';
import { DOCUMENT_STEPS, isDocumentStepName, type StepSettings } from '../filters/index.js';
import { textLength, wordsOf } from '../filters/measures.js';
import { pyStrip } from '../text/python.js';
import { wordSplitter } from '../text/words.js';

/** A step's thresholded statistic. */
export interface ThresholdStatistic {
  step: string;
  /** What is measured, for the chart's axis. */
  label: string;
  /** The step option that holds the threshold. */
  option: string;
  /** The reason the step gives when this threshold rejects. */
  reason: string;
  /** Whether a value over the threshold rejects; otherwise a value under it does. */
  rejectsAbove: boolean;
  /** Counts that span orders of magnitude are drawn on a log scale. */
  log: boolean;
  /** Measures a document's text with the step's settings; undefined where the statistic does not apply. */
  measure: (text: string, metadata: Readonly<Record<string, unknown>>) => number | undefined;
  /** The threshold the run used; undefined when the rule was off. */
  threshold: number | undefined;
}

type Definition = Omit<ThresholdStatistic, 'measure' | 'threshold' | 'step'> & {
  prepare(settings: Readonly<Record<string, unknown>>): ThresholdStatistic['measure'];
  /** The threshold, when the settings turn the rule on. */
  thresholdOf?(settings: Readonly<Record<string, unknown>>): number | undefined;
};

function languageOf(settings: Readonly<Record<string, unknown>>): string {
  return typeof settings['language'] === 'string' ? settings['language'] : 'en';
}

const DEFINITIONS: Readonly<Record<string, Definition>> = {
  language: {
    label: 'score of the identified language (where the run lists languages: documents identified as a listed one)',
    option: 'language_threshold',
    reason: 'below_language_threshold',
    rejectsAbove: false,
    log: false,
    prepare: (settings) => {
      // The score is the most likely language's: it is what the threshold judges only for a listed language.
      const listed = Array.isArray(settings['languages']) ? new Set(settings['languages'] as string[]) : undefined;
      return (_text, metadata) => {
        const score = metadata['language_score'];
        if (typeof score !== 'number') return undefined;
        return listed === undefined || listed.has(metadata['language'] as string) ? score : undefined;
      };
    },
    // Without a list of languages the step only annotates: no threshold rejects.
    thresholdOf: (settings) => (settings['languages'] === null || settings['languages'] === undefined ? undefined : (settings['language_threshold'] as number)),
  },
  'gopher-repetition': {
    label: 'fraction of lines that repeat an earlier line',
    option: 'dup_line_frac',
    reason: 'dup_line_frac',
    rejectsAbove: true,
    log: false,
    prepare: () => (text) => {
      // Counted as the filter counts them.
      const lines = duplicatePieces(text, 0, text.length, 1, textLength(text) !== text.length);
      return lines.elements / lines.pieces;
    },
  },
  'gopher-quality': {
    label: 'words (symbol-only words not counted)',
    option: 'min_doc_words',
    reason: 'gopher_short_doc',
    rejectsAbove: false,
    log: true,
    prepare: (settings) => {
      const language = languageOf(settings);
      return (text) => wordsOf(text, language).filter(isWord).length;
    },
  },
  'c4-quality': {
    label: 'sentences in the lines C4 keeps',
    option: 'min_num_sentences',
    reason: 'too_few_sentences',
    rejectsAbove: false,
    log: true,
    prepare: (settings) => {
      // The rules with the sentence minimum off give the kept lines; their sentences are counted here.
      const rules = c4QualityText({ ...settings, min_num_sentences: -1 });
      const splitter = wordSplitter(languageOf(settings));
      const byLine = settings['split_paragraph'] !== false;
      return (text) => {
        const result = rules(text);
        if ('reject' in result) return undefined;
        if (!byLine) return splitter.sentenceCount(result.text);
        let sentences = 0;
        for (const line of result.text.split('\n')) if (line !== '') sentences += splitter.sentenceCount(line);
        return sentences;
      };
    },
  },
  'fineweb-quality': {
    label: 'fraction of lines ending in terminal punctuation',
    option: 'line_punct_thr',
    reason: 'line_punct_ratio',
    rejectsAbove: false,
    log: false,
    prepare: (settings) => {
      const endsWithStop = lineEndTest((settings['stop_chars'] as readonly string[] | null | undefined) ?? null);
      return (text) => {
        const lines = text.split('\n').filter((line) => pyStrip(line) !== '');
        if (lines.length === 0) return undefined;
        return lines.filter(endsWithStop).length / lines.length;
      };
    },
  },
};

/** The thresholded statistics of the filter steps a run's pipeline holds, with the run's settings. */
export function statisticsOf(steps: readonly string[], settings: ReadonlyArray<StepSettings | undefined>): ThresholdStatistic[] {
  const statistics: ThresholdStatistic[] = [];
  steps.forEach((step, index) => {
    const definition = DEFINITIONS[step];
    if (definition === undefined || !isDocumentStepName(step)) return;
    const merged: Record<string, unknown> = { ...DOCUMENT_STEPS[step].defaults, ...settings[index] };
    const value = definition.thresholdOf === undefined ? merged[definition.option] : definition.thresholdOf(merged);
    const { prepare, thresholdOf: _, ...shown } = definition;
    statistics.push({
      ...shown,
      step,
      measure: prepare(merged),
      // 0 and null turn a rule off, as in the filters (-1 does for C4's sentences).
      threshold: typeof value === 'number' && value > 0 ? value : undefined,
    });
  });
  return statistics;
}
