import type { Doc, InputType, Step } from './types.js';
import { asBuffer } from './decode/decoded.js';
import { DOCUMENT_STEPS, type StepSettings } from './filters/index.js';
import type { DocumentStep } from './filters/verdict.js';
import { cleanTextUtf8, type FusedText } from './fused-text.js';
import { stripTagsToUtf8, stripTagsUtf8 } from './steps/strip-tags.js';
import { extractMainContentUtf8 } from './extract/main-content.js';
import { STEPS, normalizeUnicode, type StepOptions } from './steps/index.js';
import { DEFAULT_STEPS, isDocumentStepName, type DocumentStepName, type PipelineStepName, type StepName } from './step-names.js';

export { ALL_STEP_NAMES, DEFAULT_STEPS, parseStepList, UnknownStepError } from './step-names.js';
export type { PipelineStepName } from './step-names.js';

/** Applies steps left to right. */
export function compose(steps: readonly Step[]): Step {
  if (steps.length === 0) return (text) => text;
  if (steps.length === 1) return steps[0] as Step;
  return (text) => {
    let result = text;
    for (const step of steps) result = step(result);
    return result;
  };
}

/** What the document steps made of a document: kept (perhaps changed), or rejected by a step with a reason. */
export type DocumentOutcome = { doc: Doc } | { rejected: Doc; filter: DocumentStepName; reason: string };

/**
 * A configured pipeline: one composed step per document type, each ending
 * with the Unicode normalization of `options.normalize` (NFC by default), so
 * the same text has the same code points whatever its source wrote.
 */
export interface Pipeline {
  names: readonly PipelineStepName[];
  /** The steps for a document of this type (markup steps skip plain text). */
  forType(type: InputType): Step;
  /**
   * The HTML steps applied straight to the valid UTF-8 bytes of a page, when
   * the list starts with `strip-tags`: in full text the scanner reads the
   * bytes and decodes only the text it keeps; for main content the page is
   * decoded in small chunks, not one large string. Equal to decoding the
   * bytes and applying {@link forType}('html') (a differential test holds it to that).
   */
  fromUtf8Html?: (bytes: Uint8Array) => string;
  /**
   * The text steps applied straight to the valid UTF-8 bytes of a plain
   * text document, when they are those the one-pass text function runs.
   * Equal to decoding the bytes and applying {@link forType}('text').
   */
  fromUtf8Text?: (bytes: Uint8Array) => string;
  /**
   * The steps from the first document step on, applied to the document the
   * text steps before it made: undefined for a list of text steps only.
   */
  documentSteps?: (doc: Doc) => DocumentOutcome;
}

/**
 * Builds a pipeline. `settings[i]` holds the options of the document step
 * `names[i]` (datatrove's names, as a pipeline file gives them).
 */
export function buildPipeline(
  names: readonly PipelineStepName[] = DEFAULT_STEPS,
  options: StepOptions = {},
  settings: ReadonlyArray<StepSettings | undefined> = [],
): Pipeline {
  const firstDocumentStep = names.findIndex((name) => isDocumentStepName(name));
  if (firstDocumentStep === -1) return buildTextPipeline(names as readonly StepName[], options);
  const pipeline = buildTextPipeline(names.slice(0, firstDocumentStep) as StepName[], options);
  return {
    ...pipeline,
    names,
    documentSteps: buildDocumentSteps(names.slice(firstDocumentStep), settings.slice(firstDocumentStep), options),
  };
}

type Stage = { name: DocumentStepName; step: DocumentStep } | { html: Step; text: Step };

/**
 * The document steps, and the text steps between and after them (each run
 * of text steps ending with the pipeline's normalization, as the first does).
 */
function buildDocumentSteps(
  names: readonly PipelineStepName[],
  settings: ReadonlyArray<StepSettings | undefined>,
  options: StepOptions,
): (doc: Doc) => DocumentOutcome {
  const stages: Stage[] = [];
  for (let i = 0; i < names.length; ) {
    const name = names[i] as PipelineStepName;
    if (isDocumentStepName(name)) {
      stages.push({ name, step: DOCUMENT_STEPS[name].create(settings[i] ?? {}) });
      i++;
      continue;
    }
    let end = i;
    while (end < names.length && !isDocumentStepName(names[end] as string)) end++;
    const run = buildTextPipeline(names.slice(i, end) as StepName[], options);
    stages.push({ html: run.forType('html'), text: run.forType('text') });
    i = end;
  }
  return (input) => {
    let doc = input;
    for (const stage of stages) {
      if ('step' in stage) {
        const result = stage.step(doc);
        if ('reject' in result) return { rejected: result.doc ?? doc, filter: stage.name, reason: result.reject };
        doc = result.doc;
      } else {
        const text = (doc.type === 'html' ? stage.html : stage.text)(doc.text);
        if (text !== doc.text) doc = { ...doc, text };
      }
    }
    return { doc };
  };
}

function buildTextPipeline(names: readonly StepName[], options: StepOptions): Pipeline {
  const normalize = normalizeUnicode(options.normalize === undefined ? {} : { form: options.normalize });
  const html = compose([...names.map((name) => STEPS[name].create(options)), normalize]);
  const textNames = names.filter((name) => !STEPS[name].markupOnly);
  const text = compose([...textNames.map((name) => STEPS[name].create(options)), normalize]);
  const pipeline: Pipeline = { names, forType: (type) => (type === 'html' ? html : text) };
  const keepSymbols = options.keepSymbols === true;
  const finish = (fused: FusedText): string => (fused.isNfc && options.normalize !== 'NFKC' ? fused.text : normalize(fused.text));
  if (names[0] === 'strip-tags' && options.extract !== 'main') {
    const rest = compose([...names.slice(1).map((name) => STEPS[name].create(options)), normalize]);
    const pass = fusedTextPass(names.slice(1), options);
    pipeline.fromUtf8Html =
      pass === undefined
        ? (bytes) => rest(stripTagsUtf8(bytes))
        : (bytes) => {
            const kept = stripTagsToUtf8(bytes);
            const fused = cleanTextUtf8(kept.bytes, kept.length, keepSymbols, pass.decodeReferences);
            return fused === undefined ? rest(kept.bytes.toString('utf8', 0, kept.length)) : finish(fused);
          };
  }
  if (names[0] === 'strip-tags' && options.extract === 'main') {
    const rest = compose([...names.slice(1).map((name) => STEPS[name].create(options)), normalize]);
    pipeline.fromUtf8Html = (bytes) => rest(extractMainContentUtf8(bytes));
  }
  if (fusedTextPass(textNames, options)?.decodeReferences === false) {
    pipeline.fromUtf8Text = (bytes) => {
      const buffer = asBuffer(bytes);
      const fused = cleanTextUtf8(buffer, buffer.length, keepSymbols, false);
      return fused === undefined ? text(buffer.toString('utf8')) : finish(fused);
    };
  }
  return pipeline;
}

/**
 * Whether {@link cleanTextUtf8} runs these text steps in one pass, and
 * whether it decodes references first: `collapse-whitespace` then
 * `remove-punctuation`, after `decode-entities` or not, with the options
 * it supports (not --keep-newlines, not --punctuation space).
 */
function fusedTextPass(names: readonly StepName[], options: StepOptions): { decodeReferences: boolean } | undefined {
  if (options.keepNewlines === true || options.punctuationReplacement === 'space') return undefined;
  const list = names.join(',');
  if (list === 'decode-entities,collapse-whitespace,remove-punctuation') return { decodeReferences: true };
  if (list === 'collapse-whitespace,remove-punctuation') return { decodeReferences: false };
  return undefined;
}

/** One-shot helper: cleans an HTML string with the default pipeline (or the given text steps). */
export function cleanHtml(html: string, names: readonly StepName[] = DEFAULT_STEPS, options: StepOptions = {}): string {
  return buildPipeline(names, options).forType('html')(html);
}

/** One-shot helper: cleans plain text with the non-markup steps of the list. */
export function cleanText(text: string, names: readonly StepName[] = DEFAULT_STEPS, options: StepOptions = {}): string {
  return buildPipeline(names, options).forType('text')(text);
}
