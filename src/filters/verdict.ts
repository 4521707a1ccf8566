import type { Doc } from '../types.js';

/**
 * A document step's decision: the document goes on (its text or metadata
 * possibly changed), or is rejected with a reason, with what the step
 * measured of it where it says (`doc`).
 */
export type StepResult = { doc: Doc } | { reject: string; doc?: Doc };

/** A configured document step: pure and total, it never throws. */
export type DocumentStep = (doc: Doc) => StepResult;

/** A filter of text alone: the reason it rejects the text, or undefined to keep it. */
export type TextFilter = (text: string) => string | undefined;

/** A filter as a document step: text and metadata unchanged when kept. */
export function textFilterStep(filter: TextFilter): DocumentStep {
  return (doc) => {
    const reason = filter(doc.text);
    return reason === undefined ? { doc } : { reject: reason };
  };
}
