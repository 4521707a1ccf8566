import type { ReadEvent, ReaderOptions } from '../types.js';
import { readWholeFile } from './file.js';

/** Picks the reader for a path by its name and yields its events. */
export function readInput(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  return readWholeFile(path, options);
}
