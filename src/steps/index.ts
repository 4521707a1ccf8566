/**
 * The step registry: the names `--steps` accepts, in the order the README
 * documents them, each with the factory that configures it.
 */
import type { Step } from '../types.js';
import { collapseWhitespace } from './collapse-whitespace.js';
import { decodeEntities } from './decode-entities.js';
import { removePunctuation } from './remove-punctuation.js';
import { stripTags } from './strip-tags.js';
import { TEXT_STEP_SUMMARIES, type StepName } from '../step-names.js';

export { collapseWhitespace, collapseWhitespaceText, collapseWhitespaceKeepingNewlines } from './collapse-whitespace.js';
export type { CollapseWhitespaceOptions } from './collapse-whitespace.js';
export { decodeEntities, decodeEntitiesText } from './decode-entities.js';
export { removePunctuation, removePunctuationWith } from './remove-punctuation.js';
export type { RemovePunctuationOptions } from './remove-punctuation.js';
export { stripTags, stripTagsFull } from './strip-tags.js';
export { normalizeUnicode } from './normalize-unicode.js';
export type { NormalizeUnicodeOptions } from './normalize-unicode.js';
export type { StripTagsOptions } from './strip-tags.js';

/** Every option a named step can take, as the CLI gathers them. */
export interface StepOptions {
  /** `strip-tags`: which text of the page to keep. @default 'all' */
  extract?: 'all' | 'main';
  /** `collapse-whitespace`: keep paragraph breaks as `\n`. @default false */
  keepNewlines?: boolean;
  /** `remove-punctuation`: keep S* symbols. @default false */
  keepSymbols?: boolean;
  /** `remove-punctuation`: what a deleted run becomes. @default 'nothing' */
  punctuationReplacement?: 'nothing' | 'space';
  /** The Unicode normalization the pipeline applies after its steps. @default 'NFC' */
  normalize?: 'NFC' | 'NFKC' | 'none';
}

export interface StepDefinition {
  /** One line for `--help` and the README. */
  summary: string;
  /** Markup steps apply to HTML documents only; plain text is taken literally. */
  markupOnly: boolean;
  create(options: StepOptions): Step;
}

export const STEPS = {
  'strip-tags': {
    summary: TEXT_STEP_SUMMARIES['strip-tags'],
    markupOnly: true,
    create: (o) => stripTags(o.extract === undefined ? {} : { extract: o.extract }),
  },
  'decode-entities': {
    summary: TEXT_STEP_SUMMARIES['decode-entities'],
    markupOnly: true,
    create: () => decodeEntities(),
  },
  'collapse-whitespace': {
    summary: TEXT_STEP_SUMMARIES['collapse-whitespace'],
    markupOnly: false,
    create: (o) => collapseWhitespace(o.keepNewlines === undefined ? {} : { keepNewlines: o.keepNewlines }),
  },
  'remove-punctuation': {
    summary: TEXT_STEP_SUMMARIES['remove-punctuation'],
    markupOnly: false,
    create: (o) =>
      removePunctuation({
        ...(o.keepSymbols === undefined ? {} : { keepSymbols: o.keepSymbols }),
        ...(o.punctuationReplacement === undefined ? {} : { replaceWith: o.punctuationReplacement }),
      }),
  },
} satisfies Record<StepName, StepDefinition>;

export { isStepName, type StepName } from '../step-names.js';

export const STEP_NAMES = Object.keys(STEPS) as StepName[];
