/**
 * Parquet reader (`.parquet`): FineWeb's shards, the Hugging Face hub's,
 * clean-corpus's own. One document a row, its text in `--text-field`, `id`
 * as its id, every other column in the metadata (a `metadata` column of JSON
 * text, as clean-corpus writes it, is read back into an object), and `row`
 * for the row's number. Read a row group at a time, so memory holds one row
 * group however large the file. hyparquet reads; hyparquet-compressors
 * decompresses zstd, gzip, brotli and LZ4 pages.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { RawDoc, ReadEvent, ReaderOptions } from '../types.js';
import { describeFsError, shortMessage } from './errors.js';
import { tooLargeReason } from './file.js';

export { isParquetPath } from './paths.js';

/** A column value as JSON can hold it: 64-bit integers as numbers where exact, else as text; dates as ISO text; bytes as base64. */
function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, jsonValue(field)]));
  }
  return value;
}

/** clean-corpus's own `metadata` column: JSON text of an object, read back as the object. */
function metadataObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || !value.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The file as hyparquet reads it: byte ranges read on demand through one handle. */
function fileBuffer(handle: FileHandle, size: number): { byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> } {
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < bytes.length) {
        const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return bytes.buffer;
    },
  };
}

/** Reads a Parquet file, a row group at a time. A file that is not Parquet is one error; a bad row is one error for that row. */
export async function* readParquetFile(path: string, options: ReaderOptions): AsyncGenerator<ReadEvent> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    yield { error: { source: path, reason: describeFsError(error) } };
    return;
  }
  try {
    const size = (await handle.stat()).size;
    const [{ parquetMetadataAsync, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
    const file = fileBuffer(handle, size);
    let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (error) {
      yield { error: { source: path, reason: `not a Parquet file: ${shortMessage(error)}` } };
      return;
    }
    const columns = metadata.schema.slice(1).map((element) => element.name);
    if (!columns.includes(options.textField)) {
      yield { error: { source: path, reason: `missing text column "${options.textField}" (columns: ${columns.join(', ')})` } };
      return;
    }
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: Array<Record<string, unknown>>;
      try {
        rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors, utf8: true });
      } catch (error) {
        yield { error: { source: `${path}:${rowStart + 1}`, reason: `unreadable row group: ${shortMessage(error)}` } };
        rowStart = rowEnd;
        continue;
      }
      for (let i = 0; i < rows.length; i++) {
        const event = rowEvent(rows[i] as Record<string, unknown>, rowStart + i + 1, path, options);
        if (event !== undefined) yield event;
      }
      rowStart = rowEnd;
    }
  } catch (error) {
    yield { error: { source: path, reason: shortMessage(error) } };
  } finally {
    await handle.close();
  }
}

/** One row as a document, or why it is not one; nothing for a row without text. */
function rowEvent(row: Record<string, unknown>, rowNumber: number, path: string, options: ReaderOptions): ReadEvent | undefined {
  const source = `${path}:${rowNumber}`;
  const text = row[options.textField];
  if (text === null || text === undefined) return { error: { source, reason: `text column "${options.textField}" is empty` } };
  if (typeof text !== 'string') return { error: { source, reason: `text column "${options.textField}" is not a string` } };
  if (Buffer.byteLength(text) > options.maxDocSize) return { error: { source, reason: `text ${tooLargeReason(options.maxDocSize)}` } };
  const metadata: Record<string, unknown> = {};
  let id: string | undefined;
  for (const [key, value] of Object.entries(row)) {
    if (key === options.textField) continue;
    if (key === 'id' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')) {
      id = String(value);
      continue;
    }
    const own = key === 'metadata' ? metadataObject(value) : undefined;
    metadata[key] = own ?? jsonValue(value);
  }
  // Ours wins over a column of the same name: the engine derives ids from source + row.
  metadata['row'] = rowNumber;
  const doc: RawDoc = { source: path, bytes: new Uint8Array(0), text, type: options.inputType ?? 'text', metadata, ...(id !== undefined ? { id } : {}) };
  return { doc };
}
