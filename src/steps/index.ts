/**
 * The step registry: the names `--steps` accepts, in the order the README
 * documents them, each with the factory that configures it.
 */
import type { Step } from '../types.js';
import { collapseWhitespace } from './collapse-whitespace.js';
import { decodeEntities } from './decode-entities.js';
import { removePunctuation } from './remove-punctuation.js';
import { stripTags } from './strip-tags.js';

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
    summary: 'HTML to text: drop markup and non-text elements, separate blocks',
    markupOnly: true,
    create: (o) => stripTags(o.extract === undefined ? {} : { extract: o.extract }),
  },
  'decode-entities': {
    summary: 'decode HTML character references once (&amp; &eacute; &#x80; …)',
    markupOnly: true,
    create: () => decodeEntities(),
  },
  'collapse-whitespace': {
    summary: 'each run of Unicode white space becomes one space (or \\n with --keep-newlines); trimmed',
    markupOnly: false,
    create: (o) => collapseWhitespace(o.keepNewlines === undefined ? {} : { keepNewlines: o.keepNewlines }),
  },
  'remove-punctuation': {
    summary: 'delete Unicode punctuation and symbols (P*, S*) with their marks; letters, marks, numbers stay',
    markupOnly: false,
    create: (o) =>
      removePunctuation({
        ...(o.keepSymbols === undefined ? {} : { keepSymbols: o.keepSymbols }),
        ...(o.punctuationReplacement === undefined ? {} : { replaceWith: o.punctuationReplacement }),
      }),
  },
} satisfies Record<string, StepDefinition>;

export type StepName = keyof typeof STEPS;

export const STEP_NAMES = Object.keys(STEPS) as StepName[];

export function isStepName(name: string): name is StepName {
  return Object.hasOwn(STEPS, name);
}
