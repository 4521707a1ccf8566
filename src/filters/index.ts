/**
 * The document steps `--steps` and pipeline files accept beside the text
 * steps: filters that keep or reject a document with a reason, and steps
 * that rewrite or annotate it. Each takes its options by datatrove's names.
 */
import { c4Quality, C4_QUALITY_DEFAULTS } from './c4-quality.js';
import { fineWebQuality, FINEWEB_QUALITY_DEFAULTS } from './fineweb-quality.js';
import { gopherQuality, GOPHER_QUALITY_DEFAULTS } from './gopher-quality.js';
import { gopherRepetition, GOPHER_REPETITION_DEFAULTS } from './gopher-repetition.js';
import { languageStep, LANGUAGE_DEFAULTS } from './language.js';
import { pii, PII_DEFAULTS } from './pii.js';
import { textFilterStep, type DocumentStep } from './verdict.js';
import { DOCUMENT_STEP_SUMMARIES, type DocumentStepName } from '../step-names.js';

export { gopherRepetition, GOPHER_REPETITION_DEFAULTS } from './gopher-repetition.js';
export type { GopherRepetitionOptions } from './gopher-repetition.js';
export { gopherQuality, GOPHER_QUALITY_DEFAULTS } from './gopher-quality.js';
export type { GopherQualityOptions } from './gopher-quality.js';
export { c4Quality, c4QualityText, C4_QUALITY_DEFAULTS } from './c4-quality.js';
export type { C4QualityOptions, C4Result } from './c4-quality.js';
export { fineWebQuality, FINEWEB_QUALITY_DEFAULTS } from './fineweb-quality.js';
export type { FineWebQualityOptions } from './fineweb-quality.js';
export { pii, piiText, PII_DEFAULTS } from './pii.js';
export type { PiiOptions } from './pii.js';
export { languageStep, identifyLanguage, LANGUAGE_DEFAULTS } from './language.js';
export type { LanguageOptions, LanguageGuess } from './language.js';
export type { DocumentStep, StepResult, TextFilter } from './verdict.js';

/** Settings of one document step, as a pipeline file gives them. */
export type StepSettings = Record<string, unknown>;

export interface DocumentStepDefinition {
  /** One line for `--help` and the README. */
  summary: string;
  /** Every option the step takes, with its default: the names a pipeline file may use. */
  defaults: Readonly<Record<string, unknown>>;
  create(settings: StepSettings): DocumentStep;
}

export const DOCUMENT_STEPS = {
  language: {
    summary: DOCUMENT_STEP_SUMMARIES.language,
    defaults: LANGUAGE_DEFAULTS,
    create: (settings) => languageStep(settings),
  },
  'gopher-repetition': {
    summary: DOCUMENT_STEP_SUMMARIES['gopher-repetition'],
    defaults: GOPHER_REPETITION_DEFAULTS,
    create: (settings) => textFilterStep(gopherRepetition(settings)),
  },
  'gopher-quality': {
    summary: DOCUMENT_STEP_SUMMARIES['gopher-quality'],
    defaults: GOPHER_QUALITY_DEFAULTS,
    create: (settings) => textFilterStep(gopherQuality(settings)),
  },
  'c4-quality': {
    summary: DOCUMENT_STEP_SUMMARIES['c4-quality'],
    defaults: C4_QUALITY_DEFAULTS,
    create: (settings) => c4Quality(settings),
  },
  'fineweb-quality': {
    summary: DOCUMENT_STEP_SUMMARIES['fineweb-quality'],
    defaults: FINEWEB_QUALITY_DEFAULTS,
    create: (settings) => textFilterStep(fineWebQuality(settings)),
  },
  pii: {
    summary: DOCUMENT_STEP_SUMMARIES.pii,
    defaults: PII_DEFAULTS,
    create: (settings) => pii(settings),
  },
} satisfies Record<DocumentStepName, DocumentStepDefinition>;

export { isDocumentStepName, type DocumentStepName } from '../step-names.js';
