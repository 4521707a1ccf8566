import type { Readable } from 'node:stream';
import type { ReadEvent, ReaderOptions } from '../types.js';
import { tooLargeReason } from './file.js';

/** The name stdin goes by in records and messages. */
export const STDIN_SOURCE = '<stdin>';

/**
 * Standard input is one document. Its type is decided by content unless
 * `--input-type` says; reading stops at `--max-doc-size`.
 */
export async function* readStdin(stdin: Readable, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.length;
      if (size > options.maxDocSize) {
        stdin.destroy();
        yield { error: { source: STDIN_SOURCE, reason: tooLargeReason(options.maxDocSize) } };
        return;
      }
      chunks.push(buffer);
    }
  } catch (error) {
    yield { error: { source: STDIN_SOURCE, reason: error instanceof Error ? error.message : String(error) } };
    return;
  }
  yield { doc: { source: STDIN_SOURCE, bytes: Buffer.concat(chunks, size), type: options.inputType ?? 'auto', metadata: {} } };
}
