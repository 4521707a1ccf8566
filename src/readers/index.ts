import type { ReadEvent, ReaderOptions } from '../types.js';
import { readWholeFile } from './file.js';
import { isGzipDocumentPath, readGzipFile } from './gzip.js';
import { isJsonlPath, readJsonlFile } from './jsonl.js';
import { isWarcPath, readWarcFile } from './warc.js';

/** Picks the reader for a path by its name and yields its events. */
export function readInput(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  if (isWarcPath(path)) return readWarcFile(path, options);
  if (isJsonlPath(path)) return readJsonlFile(path, options);
  if (isGzipDocumentPath(path)) return readGzipFile(path, options);
  return readWholeFile(path, options);
}
