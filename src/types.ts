/** Whether a document's text is HTML markup or plain text. */
export type InputType = 'html' | 'text';

/**
 * A document as a reader yields it: undecoded bytes plus what the container
 * told us about them. Readers never decode; `decode.ts` does.
 */
export interface RawDoc {
  /** Input path (for JSONL the file; the line is in `metadata.line`), or the target URI of a WARC record. */
  source: string;
  /** Stable identifier; when absent the engine derives one from `source`. */
  id?: string;
  bytes: Uint8Array;
  /** Declared type, from the file extension, a flag or the container. */
  type: InputType | 'auto';
  /** The HTTP `Content-Type` header, for documents that came with one (WARC). */
  contentType?: string;
  /** Already-decoded text (JSONL fields are JSON strings, so UTF-16 already). */
  text?: string;
  metadata: Record<string, unknown>;
}

/** A decoded document travelling through the steps. */
export interface Doc {
  id: string;
  source: string;
  type: InputType;
  text: string;
  metadata: Record<string, unknown>;
}

/** A configured cleaning step: pure, total, never throws. */
export type Step = (text: string) => string;

/** Builds a configured step from its options. */
export type StepFactory<O> = (options?: O) => Step;

/** A problem with one input; reported and counted, never thrown past a reader. */
export interface InputError {
  source: string;
  reason: string;
}

/** What a reader yields, in input order. */
export type ReadEvent =
  | { doc: RawDoc }
  | { error: InputError }
  /** A record deliberately not turned into a document (a WARC request, a 404…), counted by reason. */
  | { skipped: string; source: string };

/** Options every reader understands. */
export interface ReaderOptions {
  /** Largest document accepted, in bytes after decompression. */
  maxDocSize: number;
  /** JSONL field that holds the text. */
  textField: string;
  /** Forces the type of every document (`--input-type`); otherwise decided per input. */
  inputType?: InputType;
}
