/**
 * Cleaning a document into the bytes of its output record, where it is
 * cleaned: in a worker thread, or in the main thread with `--jobs 1`.
 */
import { cleanDocument } from './document.js';
import { buildPipeline, type Pipeline } from './pipeline.js';
import type { CleanedFile, CleanedRecord, Cleaner, WorkerSetup } from './pool.js';
import { readOneDocumentFile } from './readers/index.js';
import type { RawDoc, ReaderOptions } from './types.js';
import { serializeRecord, toRecord, type RecordFormat } from './writers/record.js';

/** Cleans a document and serializes the result. */
export function cleanToRecord(raw: RawDoc, pipeline: Pipeline, output: RecordFormat): CleanedRecord {
  const outcome = cleanDocument(raw, pipeline);
  if ('doc' in outcome) return { record: serializeRecord(toRecord(outcome.doc), output) };
  if ('empty' in outcome) return { empty: true };
  if ('rejected' in outcome) {
    const { rejected, filter, reason } = outcome;
    const metadata = { ...rejected.metadata, filter, filter_reason: reason };
    return { rejected: serializeRecord(toRecord({ ...rejected, metadata }), output), filter, reason };
  }
  return outcome;
}

/** Reads a file that is one document (plain or gzipped), and cleans it. */
export async function cleanFileToRecord(file: string, reader: ReaderOptions, pipeline: Pipeline, output: RecordFormat): Promise<CleanedFile> {
  const read = await readOneDocumentFile(file, reader);
  if ('error' in read) return { readError: read.error.reason };
  return { ...cleanToRecord(read.doc, pipeline, output), bytesIn: read.doc.bytes.byteLength };
}

/** `--jobs 1`: cleans in the calling thread, one core, no messaging. */
export class InlineCleaner implements Cleaner {
  private readonly pipeline: Pipeline;

  constructor(private readonly setup: WorkerSetup) {
    this.pipeline = buildPipeline(setup.steps, setup.stepOptions, setup.stepSettings);
  }

  clean(raw: RawDoc): Promise<CleanedRecord> {
    try {
      return Promise.resolve(cleanToRecord(raw, this.pipeline, this.setup.output));
    } catch (error) {
      return Promise.resolve({ failure: `cleaning failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

