/**
 * The steps by name, with the line `--help` and the README give each, and
 * none of their code: the command line checks a step list and prints its
 * help from here, and only a thread that cleans loads the steps themselves.
 * Loading them all (their tables, regular expressions and models) cost the
 * main thread of every run about 60 ms at its start.
 */

/** The text steps (text → text), in the order the README documents them. */
export const TEXT_STEP_SUMMARIES = {
  'strip-tags': 'HTML to text: drop markup and non-text elements, separate blocks',
  'decode-entities': 'decode HTML character references once (&amp; &eacute; &#x80; …)',
  'collapse-whitespace': 'each run of Unicode white space becomes one space (or \\n with --keep-newlines); trimmed',
  'remove-punctuation': 'delete Unicode punctuation and symbols (P*, S*) with their marks; letters, marks, numbers stay',
} as const;

/** The document steps (keep, change, annotate or reject a document), in the order the README documents them. */
export const DOCUMENT_STEP_SUMMARIES = {
  language: 'identify the language: metadata.language and language_score; with --languages, reject the rest',
  'gopher-repetition': "reject repetitive documents: datatrove's GopherRepetitionFilter",
  'gopher-quality': "reject by word count, word length, symbols, bullets, letters, stop words: datatrove's GopherQualityFilter",
  'c4-quality': "drop C4's bad lines and reject pages with too few sentences: datatrove's C4QualityFilter (rewrites the text)",
  'fineweb-quality': "reject by line punctuation, short lines, repeated lines, list-likeness: datatrove's FineWebQualityFilter",
  pii: "replace e-mail and public IP addresses: datatrove's PIIFormatter",
} as const;

export type StepName = keyof typeof TEXT_STEP_SUMMARIES;

export type DocumentStepName = keyof typeof DOCUMENT_STEP_SUMMARIES;

/** Any step a pipeline can hold: a text step (text → text) or a document step (keep, change, annotate or reject). */
export type PipelineStepName = StepName | DocumentStepName;

export function isStepName(name: string): name is StepName {
  return Object.hasOwn(TEXT_STEP_SUMMARIES, name);
}

export function isDocumentStepName(name: string): name is DocumentStepName {
  return Object.hasOwn(DOCUMENT_STEP_SUMMARIES, name);
}

/**
 * The default pipeline, the classic recipe done right:
 * 1. `strip-tags`: markup out, blocks separated, script/style content dropped;
 * 2. `decode-entities`: once, after tags are gone, so `&lt;b&gt;` stays text;
 * 3. `collapse-whitespace`: every Unicode white-space run to one space;
 * 4. `remove-punctuation`: P* and S* out, marks of every script kept.
 */
export const DEFAULT_STEPS: readonly StepName[] = [
  'strip-tags',
  'decode-entities',
  'collapse-whitespace',
  'remove-punctuation',
];

/** Every step name, text steps first, in the order the README documents them. */
export const ALL_STEP_NAMES: readonly PipelineStepName[] = [
  ...(Object.keys(TEXT_STEP_SUMMARIES) as StepName[]),
  ...(Object.keys(DOCUMENT_STEP_SUMMARIES) as DocumentStepName[]),
];

/** Raised for a step list the CLI must reject as a usage error. */
export class UnknownStepError extends Error {
  constructor(readonly unknown: string) {
    super(`unknown step "${unknown}"; valid steps: ${ALL_STEP_NAMES.join(', ')}`);
    this.name = 'UnknownStepError';
  }
}

/** Parses `a,b,c` into step names; throws {@link UnknownStepError}. */
export function parseStepList(list: string): PipelineStepName[] {
  const names = list
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  for (const name of names) if (!isStepName(name) && !isDocumentStepName(name)) throw new UnknownStepError(name);
  return names as PipelineStepName[];
}
