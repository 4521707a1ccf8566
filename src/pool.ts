import type { Worker } from 'node:worker_threads';
import { cleanDocument } from './document.js';
import { startWorkerScript, workerThreadsFor } from './start-worker.js';
import type { StepSettings } from './filters/index.js';
import { buildPipeline, type Pipeline, type PipelineStepName } from './pipeline.js';
import type { StepOptions } from './steps/index.js';
import { readOneDocumentFile } from './readers/index.js';
import type { RawDoc, ReaderOptions } from './types.js';
import { serializeRecord, toRecord, type RecordFormat } from './writers/record.js';

export interface WorkerSetup {
  steps: readonly PipelineStepName[];
  stepOptions: StepOptions;
  /** The options of each document step, by its place in `steps`. */
  stepSettings: ReadonlyArray<StepSettings | undefined>;
  /** How the cleaned documents are serialized for the output. */
  output: RecordFormat;
  /** How files given by path are read. */
  reader: ReaderOptions;
}
/** A document to clean, or a file that is one document, for the worker to read. */
export type WorkerRequest = { seq: number; raw: RawDoc } | { seq: number; file: string };
export type WorkerResponse = { seq: number; outcome: CleanedFile | CleanedRecord } | { seq: number; failure: string };

/**
 * A document cleaned and serialized for the output, or why nothing is
 * written for it. Serializing where the document was cleaned keeps the main
 * thread, which all workers wait on, to writing bytes: a worker hands them
 * over without a copy, where the cleaned text would be copied across and
 * then turned into JSON there.
 */
export type CleanedRecord =
  | { record: Uint8Array<ArrayBuffer> }
  | { empty: true }
  /** Rejected by a document step: the record for the rejected shards, with `metadata.filter` and `metadata.filter_reason`. */
  | { rejected: Uint8Array<ArrayBuffer>; filter: string; reason: string }
  | { failure: string };

/**
 * A file read and cleaned as one document: the record and the file's size
 * (unknown when the worker failed: it crashed, or ran out of time), or why it
 * could not be read (an input error, not a document).
 */
export type CleanedFile = (CleanedRecord & { bytesIn?: number }) | { readError: string };

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

/** Cleans documents, possibly in parallel; results are awaited in submission order by the caller. */
export interface Cleaner {
  clean(raw: RawDoc): Promise<CleanedRecord>;
  /**
   * Reads and cleans a file that is one document, where the cleaning
   * happens: worker threads read their files themselves, so that the bytes
   * never pass through the main thread. Undefined for a cleaner that cleans
   * in the calling thread, whose caller reads the file as any other input.
   */
  cleanFile?: (file: string) => Promise<CleanedFile>;
  close(): Promise<void>;
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

interface Pending {
  seq: number;
  work: { raw: RawDoc } | { file: string };
  resolve(result: CleanedFile | CleanedRecord): void;
}

interface Slot {
  worker: Worker;
  /** Documents sent to this worker, in the order it cleans them; the first is in progress. */
  assigned: Pending[];
  timer: NodeJS.Timeout | undefined;
}

/**
 * Documents sent ahead to each worker. With one at a time a worker idled
 * while its result crossed to the main thread and the next document crossed
 * back (profiled: workers 20-25% idle, --jobs 2 no faster than --jobs 1).
 * With 3, workers still waited ~200 ms per 100 MB: with both cores busy,
 * the main thread is not scheduled at once to hand out the next document
 * (timed in the workers: the gaps were documents sent just before they
 * arrived). The bytes of the documents that wait are copies, bounded with
 * the rest of the work in flight.
 */
const DOCUMENTS_AHEAD_PER_WORKER = 16;

/** The bytes' own buffer, when the view covers all of it and so can be moved rather than copied. */
function movableBuffer(raw: RawDoc): ArrayBuffer | undefined {
  const { bytes } = raw;
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && buffer.byteLength > 0) {
    return buffer;
  }
  return undefined;
}

/**
 * `--jobs N`: N worker threads, each with a few documents sent ahead. A
 * document that runs past the time limit, or whose worker dies, fails alone:
 * its worker is replaced, and the documents sent ahead to it go to the
 * others.
 */
export class WorkerPool implements Cleaner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextSeq = 0;
  private closed = false;

  constructor(
    private readonly setup: WorkerSetup,
    size: number,
    /** Milliseconds a document may take; 0 for no limit. */
    private readonly docTimeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  clean(raw: RawDoc): Promise<CleanedRecord> {
    return new Promise((resolve) => {
      // A worker answers a document with a CleanedRecord; the pool's own failures are one too.
      this.queue.push({ seq: this.nextSeq++, work: { raw }, resolve: resolve as (result: CleanedFile | CleanedRecord) => void });
      this.dispatch();
    });
  }

  cleanFile = (file: string): Promise<CleanedFile> =>
    new Promise((resolve) => {
      this.queue.push({ seq: this.nextSeq++, work: { file }, resolve });
      this.dispatch();
    });

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startWorkerScript('worker', this.setup);
    const slot: Slot = { worker, assigned: [], timer: undefined };
    worker.on('message', (response: WorkerResponse) => {
      if (slot.assigned[0]?.seq !== response.seq) return;
      this.finishHead(slot, 'outcome' in response ? response.outcome : { failure: `cleaning failed: ${response.failure}` });
    });
    worker.on('error', (error) => this.replace(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, `worker exited with code ${code}`);
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    return slot;
  }

  /** Sends queued documents to the least loaded workers. */
  private dispatch(): void {
    for (;;) {
      const pending = this.queue[0];
      if (pending === undefined) return;
      let target: Slot | undefined;
      for (const slot of this.slots) {
        if (slot.assigned.length < DOCUMENTS_AHEAD_PER_WORKER && (target === undefined || slot.assigned.length < target.assigned.length)) target = slot;
      }
      if (target === undefined) return;
      this.queue.shift();
      const startsNow = target.assigned.length === 0;
      target.assigned.push(pending);
      target.worker.ref();
      const request: WorkerRequest = { seq: pending.seq, ...pending.work };
      // A document that starts at once is moved; one that waits is copied, so
      // it can go to another worker if this one dies first.
      const movable = startsNow && 'raw' in pending.work ? movableBuffer(pending.work.raw) : undefined;
      target.worker.postMessage(request, movable === undefined ? [] : [movable]);
      if (startsNow) this.startTimer(target);
    }
  }

  private startTimer(slot: Slot): void {
    if (this.docTimeoutMs <= 0) return;
    slot.timer = setTimeout(() => this.replace(slot, `took longer than --doc-timeout (${this.docTimeoutMs / 1000} s)`), this.docTimeoutMs);
  }

  private finishHead(slot: Slot, result: CleanedFile | CleanedRecord): void {
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    const head = slot.assigned.shift();
    if (slot.assigned.length > 0) this.startTimer(slot);
    else slot.worker.unref();
    head?.resolve(result);
    this.dispatch();
  }

  /** Fails the document in progress, if any, and puts a fresh worker in the slot's place. */
  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    this.slots[index] = this.spawn();
    void slot.worker.terminate();
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    const [head, ...waiting] = slot.assigned;
    slot.assigned = [];
    this.queue.unshift(...waiting);
    head?.resolve({ failure: reason });
    this.dispatch();
  }
}

/** The cleaner for a number of jobs: inline for one, a worker pool beyond. */
export function createCleaner(setup: WorkerSetup, jobs: number, docTimeoutMs: number): Cleaner {
  const threads = workerThreadsFor(jobs);
  return threads <= 1 ? new InlineCleaner(setup) : new WorkerPool(setup, threads, docTimeoutMs);
}
