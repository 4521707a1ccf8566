import type { InputError, RawDoc, ReadEvent, ReaderOptions } from '../types.js';
import { readWholeFile, readWholeFileSync } from './file.js';
import { isGzipDocumentPath, readGzipFile } from './gzip.js';
import { isJsonlPath, readJsonlFile } from './jsonl.js';
import { isParquetPath, readParquetFile } from './parquet.js';
import { isWarcPath, readWarcFile } from './warc.js';

export { isOneDocumentFile } from './paths.js';

/**
 * Reads a file that {@link isOneDocumentFile} accepts, with the readers the
 * main thread uses, so that a document read in a worker is the same document
 * with the same errors.
 */
export async function readOneDocumentFile(path: string, options: ReaderOptions): Promise<{ doc: RawDoc } | { error: InputError }> {
  if (!isGzipDocumentPath(path)) return readWholeFileSync(path, options);
  for await (const event of readGzipFile(path, options)) {
    if ('doc' in event || 'error' in event) return event;
  }
  return { error: { source: path, reason: 'no document in the file' } };
}

/** Picks the reader for a path by its name and yields its events. */
export function readInput(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  if (isWarcPath(path)) return readWarcFile(path, options);
  if (isJsonlPath(path)) return readJsonlFile(path, options);
  if (isParquetPath(path)) return readParquetFile(path, options);
  if (isGzipDocumentPath(path)) return readGzipFile(path, options);
  return readWholeFile(path, options);
}
