import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { InputType, ReadEvent, ReaderOptions } from '../types.js';
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

/** A plain file is one document. */
export async function* readWholeFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  const opened = await openRegularFile(path);
  if ('reason' in opened) {
    yield { error: { source: path, reason: opened.reason } };
    return;
  }
  const { handle, size } = opened;
  try {
    if (size > options.maxDocSize) {
      yield { error: { source: path, reason: tooLargeReason(options.maxDocSize) } };
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = await handle.readFile();
    } catch (error) {
      yield { error: { source: path, reason: describeFsError(error) } };
      return;
    }
    // The file may have grown between stat and read.
    if (bytes.byteLength > options.maxDocSize) {
      yield { error: { source: path, reason: tooLargeReason(options.maxDocSize) } };
      return;
    }
    yield { doc: { source: path, bytes, type: options.inputType ?? typeFromName(path), metadata: {} } };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
