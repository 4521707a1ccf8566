import type { Worker } from 'node:worker_threads';
import { startWorkerScript, workerThreadsFor } from './start-worker.js';
import type { StepSettings } from './filters/index.js';
import type { PipelineStepName } from './step-names.js';
import type { StepOptions } from './steps/index.js';
import type { RawDoc, ReaderOptions } from './types.js';
import type { RecordFormat } from './writers/record.js';

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
export type WorkerTask = { seq: number; raw: RawDoc } | { seq: number; file: string };
/** What the main thread sends a worker: documents to clean in this order, after those sent before. */
export interface WorkerRequest {
  tasks: WorkerTask[];
}
export type WorkerResult = { seq: number; outcome: CleanedFile | CleanedRecord } | { seq: number; failure: string };
/** What a worker answers: the results of its next documents, in the order they were sent. */
export interface WorkerResponse {
  results: WorkerResult[];
}

/** What a worker is given: the pipeline to build, and where it says which document it is on. */
export interface WorkerData {
  setup: WorkerSetup;
  /** {@link WorkerProgress}'s memory, shared with the main thread. */
  progress: SharedArrayBuffer;
}

/**
 * The document a worker is cleaning and since when, in memory the main
 * thread reads: results come back a few at a time, so when a document runs
 * past `--doc-timeout` or the worker dies, this names the document to blame
 * where no message could.
 */
export class WorkerProgress {
  readonly memory: SharedArrayBuffer;
  /** `[seq]`: the document in progress, -1 before the first. */
  private readonly seq: Int32Array;
  /** `[start]`: when it started, `Date.now()`. */
  private readonly start: Float64Array;

  /** `memory`: the main thread's, in the worker; fresh memory otherwise. */
  constructor(memory?: SharedArrayBuffer) {
    this.memory = memory ?? new SharedArrayBuffer(16);
    this.start = new Float64Array(this.memory, 0, 1);
    this.seq = new Int32Array(this.memory, 8, 1);
    if (memory === undefined) Atomics.store(this.seq, 0, -1);
  }

  /** In the worker: the document `seq` starts now. */
  begin(seq: number): void {
    this.start[0] = Date.now();
    // The store of the number is a fence: a reader who sees it sees the time written before it.
    Atomics.store(this.seq, 0, seq);
  }

  /** In the main thread: the document in progress and when it started. */
  read(): { seq: number; start: number } {
    const seq = Atomics.load(this.seq, 0);
    return { seq, start: this.start[0] as number };
  }
}

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

interface Pending {
  seq: number;
  work: { raw: RawDoc } | { file: string };
  resolve(result: CleanedFile | CleanedRecord): void;
}

interface Slot {
  worker: Worker;
  progress: WorkerProgress;
  /** Documents sent to this worker, in the order it cleans them; results come back in this order. */
  assigned: Pending[];
  timer: NodeJS.Timeout | undefined;
  /** When the head document was sent, or the last results came (`Date.now()`): the time limit runs from then. */
  since: number;
}

/**
 * Documents sent ahead to each worker. With one at a time a worker idled
 * while its result crossed to the main thread and the next document crossed
 * back (profiled: workers 20-25% idle, --jobs 2 no faster than --jobs 1).
 * With 3, workers still waited ~200 ms per 100 MB: with both cores busy,
 * the main thread is not scheduled at once to hand out the next document
 * (timed in the workers: the gaps were documents sent just before they
 * arrived). 96 rather than 16 let workers answer 24 results to a message
 * (worker.ts), and the main thread wake up a sixth as often. The bytes of
 * the documents that wait are copies, bounded with the rest of the work in
 * flight.
 */
const DOCUMENTS_AHEAD_PER_WORKER = 96;

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
 * its worker is replaced, and the other documents sent to it go to the
 * others.
 *
 * Documents go out and results come back several to a message: every
 * message costs the main thread, which all workers wait on, a wake-up and
 * its handling, and one per document each way was most of what it did per
 * document. Documents queued in one turn of the event loop leave together;
 * a worker answers once it has a few results or nothing left to do.
 */
export class WorkerPool implements Cleaner {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextSeq = 0;
  private closed = false;
  private dispatchScheduled = false;

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
      this.enqueue({ seq: this.nextSeq++, work: { raw }, resolve: resolve as (result: CleanedFile | CleanedRecord) => void });
    });
  }

  cleanFile = (file: string): Promise<CleanedFile> =>
    new Promise((resolve) => {
      this.enqueue({ seq: this.nextSeq++, work: { file }, resolve });
    });

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** Queues a document; the queue goes out once the caller yields, so that what it queues meanwhile leaves together. */
  private enqueue(pending: Pending): void {
    this.queue.push(pending);
    if (this.dispatchScheduled) return;
    this.dispatchScheduled = true;
    setImmediate(() => {
      this.dispatchScheduled = false;
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const progress = new WorkerProgress();
    const data: WorkerData = { setup: this.setup, progress: progress.memory };
    const worker = startWorkerScript('worker', data);
    const slot: Slot = { worker, progress, assigned: [], timer: undefined, since: 0 };
    worker.on('message', (response: WorkerResponse) => this.finish(slot, response.results));
    worker.on('error', (error) => this.replace(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, `worker exited with code ${code}`);
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    return slot;
  }

  /** Sends queued documents to the least loaded workers, as many to each as it has room for, in one message. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      let target: Slot | undefined;
      for (const slot of this.slots) {
        if (slot.assigned.length < DOCUMENTS_AHEAD_PER_WORKER && (target === undefined || slot.assigned.length < target.assigned.length)) target = slot;
      }
      if (target === undefined) return;
      const startsNow = target.assigned.length === 0;
      const sent = this.queue.splice(0, DOCUMENTS_AHEAD_PER_WORKER - target.assigned.length);
      target.assigned.push(...sent);
      target.worker.ref();
      const request: WorkerRequest = { tasks: sent.map((pending) => ({ seq: pending.seq, ...pending.work })) };
      // A document that starts at once is moved; one that waits is copied, so
      // it can go to another worker if this one dies first.
      const first = sent[0] as Pending;
      const movable = startsNow && 'raw' in first.work ? movableBuffer(first.work.raw) : undefined;
      target.worker.postMessage(request, movable === undefined ? [] : [movable]);
      if (startsNow) this.restartTimeLimit(target);
    }
  }

  /**
   * The slot's time limit runs again from now. Its timer is set only if it
   * has none: when one fires early it sets itself for the rest. Setting a
   * timer anew for every message was a tenth of what the main thread did per
   * document.
   */
  private restartTimeLimit(slot: Slot): void {
    if (this.docTimeoutMs <= 0) return;
    slot.since = Date.now();
    if (slot.timer === undefined) this.setTimer(slot, this.docTimeoutMs);
  }

  private setTimer(slot: Slot, ms: number): void {
    slot.timer = setTimeout(() => this.checkTimeout(slot), ms);
  }

  /**
   * The slot's timer fired. If the time limit has not run out since its head
   * document was sent or the last results came, the timer is set for the
   * rest. If it has, the document in progress fails if it has run that long;
   * if it began later (the ones before it finished, their results not sent
   * yet), it gets the rest of its time.
   */
  private checkTimeout(slot: Slot): void {
    slot.timer = undefined;
    if (slot.assigned.length === 0) return;
    const now = Date.now();
    const rest = slot.since + this.docTimeoutMs - now;
    if (rest > 0) {
      this.setTimer(slot, rest);
      return;
    }
    const verdict = timeoutVerdict(
      slot.assigned.map((pending) => pending.seq),
      slot.progress.read(),
      now,
      this.docTimeoutMs,
    );
    if ('waitMs' in verdict) this.setTimer(slot, verdict.waitMs);
    else this.replace(slot, `took longer than --doc-timeout (${this.docTimeoutMs / 1000} s)`);
  }

  /** Results of the slot's oldest documents. */
  private finish(slot: Slot, results: readonly WorkerResult[]): void {
    for (const result of results) {
      // A result from a worker already replaced, for a document that went elsewhere, is not this slot's.
      if (slot.assigned[0]?.seq !== result.seq) return;
      const head = slot.assigned.shift() as Pending;
      head.resolve('outcome' in result ? result.outcome : { failure: `cleaning failed: ${result.failure}` });
    }
    if (slot.assigned.length > 0) this.restartTimeLimit(slot);
    else {
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.worker.unref();
    }
    this.dispatch();
  }

  /**
   * Fails the document in progress (the one the worker last began, if it was
   * sent to it and not yet answered; else the oldest one sent), and puts a
   * fresh worker in the slot's place: the other documents sent to it go back
   * to the queue's front, to be cleaned again if they were already.
   */
  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    this.slots[index] = this.spawn();
    void slot.worker.terminate();
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    const blamed = documentInProgress(
      slot.assigned.map((pending) => pending.seq),
      slot.progress.read().seq,
    );
    const inProgress = slot.assigned.find((pending) => pending.seq === blamed);
    const others = slot.assigned.filter((pending) => pending !== inProgress);
    slot.assigned = [];
    this.queue.unshift(...others);
    inProgress?.resolve({ failure: reason });
    this.dispatch();
  }
}

/**
 * The document a worker is on, of those sent to it and not answered
 * (`assigned`, oldest first): the one it last began, if that is among them;
 * else it has not begun the oldest yet (it is starting, or the documents
 * are on their way), and that one is. Undefined when none is assigned.
 */
export function documentInProgress(assigned: readonly number[], begun: number): number | undefined {
  return assigned.includes(begun) ? begun : assigned[0];
}

/**
 * When a worker's time runs out (`limitMs` since its oldest unanswered
 * document was sent or its last results came): the document it is on fails
 * if it began that long ago, or before it was known to (it has not begun
 * one of them yet); one that began later, after others whose results were
 * not sent yet, gets the rest of its time.
 */
export function timeoutVerdict(assigned: readonly number[], progress: { seq: number; start: number }, now: number, limitMs: number): { waitMs: number } | { fail: number | undefined } {
  if (assigned.includes(progress.seq)) {
    const left = progress.start + limitMs - now;
    if (left > 0) return { waitMs: left };
  }
  return { fail: documentInProgress(assigned, progress.seq) };
}

/**
 * The cleaner for a number of jobs: inline for one, a worker pool beyond.
 * The steps' code is loaded only for the first: the workers load their own,
 * and the main thread of a pool never cleans.
 */
export async function createCleaner(setup: WorkerSetup, jobs: number, docTimeoutMs: number): Promise<Cleaner> {
  const threads = workerThreadsFor(jobs);
  if (threads > 1) return new WorkerPool(setup, threads, docTimeoutMs);
  const { InlineCleaner } = await import('./clean-record.js');
  return new InlineCleaner(setup);
}
