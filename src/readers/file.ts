import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { InputError, InputType, RawDoc, ReadEvent, ReaderOptions } from '../types.js';
import { describeFsError } from './errors.js';

/** The document type a file name implies, or `auto` to decide by content. */
export function typeFromName(path: string): InputType | 'auto' {
  const lower = path.toLowerCase().replace(/\.gz$/, '');
  if (lower.endsWith('.html') || lower.endsWith('.htm') || lower.endsWith('.xhtml')) return 'html';
  if (lower.endsWith('.txt')) return 'text';
  return 'auto';
}

function fileKind(stats: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isDirectory(): boolean }): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'not a regular file (FIFO)';
  if (stats.isSocket()) return 'not a regular file (socket)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'not a regular file (device)';
  return 'not a regular file';
}

/**
 * Opens a file for reading without ever blocking on a FIFO (`O_NONBLOCK`
 * makes the open return at once) and refuses anything but a regular file.
 */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number } | { reason: string }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: describeFsError(error) };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      return { reason: fileKind(stats) };
    }
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    return { reason: describeFsError(error) };
  }
}

export function tooLargeReason(maxDocSize: number): string {
  return `larger than --max-doc-size (${maxDocSize} bytes)`;
}

/**
 * A plain file is one document. Read with synchronous calls: for the many
 * small files of a crawl, the promise machinery of open/stat/read/close cost
 * more than the reads themselves (profiled: `close` alone took 5% of a run).
 */
export async function* readWholeFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  yield readWholeFileSync(path, options);
}

/** {@link readWholeFile}'s one event, read at once: worker threads read the files they clean with it. */
export function readWholeFileSync(path: string, options: ReaderOptions): { doc: RawDoc } | { error: InputError } {
  const read = readRegularFileSync(path, options.maxDocSize);
  if ('reason' in read) return { error: { source: path, reason: read.reason } };
  return { doc: { source: path, bytes: read.bytes, type: options.inputType ?? typeFromName(path), metadata: {} } };
}

function readRegularFileSync(path: string, maxDocSize: number): { bytes: Uint8Array } | { reason: string } {
  return readRegularFileAtOnce(path, maxDocSize) ?? { reason: tooLargeReason(maxDocSize) };
}

/**
 * A regular file's bytes, read with synchronous calls; undefined when it
 * holds more than `limit` bytes (for the caller to refuse, or to stream).
 */
export function readRegularFileAtOnce(path: string, limit: number): { bytes: Uint8Array } | { reason: string } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: describeFsError(error) };
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { reason: fileKind(stats) };
    if (stats.size > limit) return undefined;
    const bytes = readFileSync(fd);
    // The file may have grown between stat and read.
    if (bytes.byteLength > limit) return undefined;
    return { bytes };
  } catch (error) {
    return { reason: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}
