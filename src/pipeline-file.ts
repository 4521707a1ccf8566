/**
 * Pipeline files (`--pipeline FILE`, YAML or JSON) and presets: an ordered
 * list of steps, each with its options by datatrove's names, so that a
 * user can write FineWeb's or FineWeb-2's per-language recipes.
 *
 * ```yaml
 * steps:
 *   - strip-tags: { extract: main }
 *   - decode-entities
 *   - collapse-whitespace: { keep_newlines: true }
 *   - gopher-quality: { min_doc_words: 30 }
 * normalize: NFC
 * ```
 */
import { parse as parseYaml } from 'yaml';
import { DOCUMENT_STEPS, type StepSettings } from './filters/index.js';
import { ALL_STEP_NAMES, isDocumentStepName, isStepName, type PipelineStepName } from './step-names.js';
import type { StepOptions } from './steps/index.js';

/** A pipeline as a file describes it: the steps in order, the options of the text steps, and each document step's settings. */
export interface PipelineSpec {
  steps: PipelineStepName[];
  stepOptions: StepOptions;
  /** `stepSettings[i]`: the options of `steps[i]` when it is a document step. */
  stepSettings: Array<StepSettings | undefined>;
}

/** Raised for a pipeline file that cannot be used; the message is one line naming what is wrong. */
export class PipelineFileError extends Error {
  override name = 'PipelineFileError';
}

/** The options each text step takes in a file, and the CLI option each one sets. */
const TEXT_STEP_OPTIONS: Record<string, Record<string, { choices: readonly unknown[]; set: (options: StepOptions, value: never) => void }>> = {
  'strip-tags': { extract: { choices: ['all', 'main'], set: (o, v: 'all' | 'main') => (o.extract = v) } },
  'decode-entities': {},
  'collapse-whitespace': { keep_newlines: { choices: [true, false], set: (o, v: boolean) => (o.keepNewlines = v) } },
  'remove-punctuation': {
    keep_symbols: { choices: [true, false], set: (o, v: boolean) => (o.keepSymbols = v) },
    replace_with: { choices: ['nothing', 'space'], set: (o, v: 'nothing' | 'space') => (o.punctuationReplacement = v) },
  },
};

/** Document steps whose numeric thresholds take null for "off", as datatrove's Gopher filters do. */
const NULLABLE_NUMBERS = new Set(['gopher-repetition', 'gopher-quality']);

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

/** Checks one option of a document step against the type of its default; returns the value to use. */
function checkOption(step: string, key: string, value: unknown, fallback: unknown): unknown {
  const fail = (expected: string): never => {
    throw new PipelineFileError(`step ${step}: option ${key} must be ${expected}, not ${describe(value)}`);
  };
  if (typeof fallback === 'number') {
    if (value === null && NULLABLE_NUMBERS.has(step)) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(NULLABLE_NUMBERS.has(step) ? 'a number or null' : 'a number');
    return value;
  }
  if (typeof fallback === 'boolean') return typeof value === 'boolean' ? value : fail('true or false');
  if (typeof fallback === 'string') return typeof value === 'string' && value.length > 0 ? value : fail('a non-empty string');
  const isPairList = Array.isArray(fallback) && Array.isArray(fallback[0]);
  if (isPairList) {
    if (value === null && NULLABLE_NUMBERS.has(step)) return [];
    const pairs = Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && pair.every((n) => typeof n === 'number'));
    return pairs ? value : fail('a list of [n, fraction] pairs');
  }
  // A list of strings (or null where the default is null); a single string stands for a list of one.
  if (value === null && (fallback === null || NULLABLE_NUMBERS.has(step))) return null;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value;
  return fail(fallback === null ? 'a list of strings or null' : 'a list of strings');
}

function documentStepSettings(step: PipelineStepName & keyof typeof DOCUMENT_STEPS, given: Record<string, unknown>): StepSettings {
  const defaults: Readonly<Record<string, unknown>> = DOCUMENT_STEPS[step].defaults;
  const settings: StepSettings = {};
  for (const [key, value] of Object.entries(given)) {
    if (!Object.hasOwn(defaults, key)) {
      throw new PipelineFileError(`step ${step}: unknown option ${key} (valid: ${Object.keys(defaults).join(', ')})`);
    }
    settings[key] = checkOption(step, key, value, defaults[key]);
  }
  return settings;
}

function textStepOptions(step: string, given: Record<string, unknown>, stepOptions: StepOptions): void {
  const known = TEXT_STEP_OPTIONS[step] ?? {};
  for (const [key, value] of Object.entries(given)) {
    const option = known[key];
    if (option === undefined) {
      const valid = Object.keys(known);
      throw new PipelineFileError(`step ${step}: unknown option ${key} (${valid.length === 0 ? 'it takes none' : `valid: ${valid.join(', ')}`})`);
    }
    if (!option.choices.includes(value)) throw new PipelineFileError(`step ${step}: option ${key} must be one of ${option.choices.join(', ')}`);
    option.set(stepOptions, value as never);
  }
}

/** Turns a parsed pipeline document (a list of steps, or `{steps, normalize}`) into a spec. */
export function pipelineFromValue(value: unknown): PipelineSpec {
  const top = Array.isArray(value) ? { steps: value } : value;
  if (top === null || typeof top !== 'object' || !Array.isArray((top as { steps?: unknown }).steps)) {
    throw new PipelineFileError('expected a list of steps, or a mapping with a "steps" list');
  }
  const { steps: items, ...rest } = top as { steps: unknown[] } & Record<string, unknown>;
  const spec: PipelineSpec = { steps: [], stepOptions: {}, stepSettings: [] };
  for (const [key, setting] of Object.entries(rest)) {
    if (key !== 'normalize') throw new PipelineFileError(`unknown key ${key} (valid: steps, normalize)`);
    if (setting !== 'NFC' && setting !== 'NFKC' && setting !== 'none') throw new PipelineFileError('normalize must be NFC, NFKC or none');
    spec.stepOptions.normalize = setting;
  }
  if (items.length === 0) throw new PipelineFileError('the steps list is empty');
  for (const item of items) {
    let name: unknown = item;
    let options: unknown = {};
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const entries = Object.entries(item);
      if (entries.length !== 1) throw new PipelineFileError('each step is a name, or a mapping of one name to its options');
      [name, options] = entries[0] as [string, unknown];
      options ??= {};
    }
    if (typeof name !== 'string') throw new PipelineFileError('each step is a name, or a mapping of one name to its options');
    if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new PipelineFileError(`step ${name}: options must be a mapping`);
    if (isDocumentStepName(name)) {
      spec.steps.push(name);
      spec.stepSettings.push(documentStepSettings(name, options as Record<string, unknown>));
    } else if (isStepName(name)) {
      textStepOptions(name, options as Record<string, unknown>, spec.stepOptions);
      spec.steps.push(name);
      spec.stepSettings.push(undefined);
    } else {
      throw new PipelineFileError(`unknown step ${name} (valid: ${ALL_STEP_NAMES.join(', ')})`);
    }
  }
  return spec;
}

/** Parses a pipeline file's text: JSON when it starts with `{` or `[`, YAML otherwise (YAML reads JSON too). */
export function parsePipelineText(text: string): PipelineSpec {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    const message = (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/:$/, '');
    throw new PipelineFileError(`not valid YAML or JSON: ${message}`);
  }
  return pipelineFromValue(value);
}

export { FINEWEB_PIPELINE, PRESETS } from './presets.js';
