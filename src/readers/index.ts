import type { ReadEvent, ReaderOptions } from '../types.js';
import { readWholeFile } from './file.js';
import { isGzipDocumentPath, readGzipFile } from './gzip.js';
import { isJsonlPath, readJsonlFile } from './jsonl.js';
import { isParquetPath, readParquetFile } from './parquet.js';
import { isWarcPath, readWarcFile } from './warc.js';

/** Whether a path is read as one document (not an archive, a JSONL or Parquet file or a gzip file). */
export function isWholeFileInput(path: string): boolean {
  return !isWarcPath(path) && !isJsonlPath(path) && !isParquetPath(path) && !isGzipDocumentPath(path);
}

/** Picks the reader for a path by its name and yields its events. */
export function readInput(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  if (isWarcPath(path)) return readWarcFile(path, options);
  if (isJsonlPath(path)) return readJsonlFile(path, options);
  if (isParquetPath(path)) return readParquetFile(path, options);
  if (isGzipDocumentPath(path)) return readGzipFile(path, options);
  return readWholeFile(path, options);
}
