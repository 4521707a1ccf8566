import { Worker } from 'node:worker_threads';
import { cleanDocument, type CleanOutcome } from './document.js';
import { buildPipeline, type Pipeline } from './pipeline.js';
import type { StepName, StepOptions } from './steps/index.js';
import type { RawDoc } from './types.js';

export interface WorkerSetup {
  steps: readonly StepName[];
  stepOptions: StepOptions;
}
export interface WorkerRequest {
  seq: number;
  raw: RawDoc;
}
export type WorkerResponse = { seq: number; outcome: CleanOutcome } | { seq: number; failure: string };

/** A document's result: cleaned, or failed with a reason (a crash or a timeout never escapes). */
export type PoolResult = CleanOutcome;

/** Cleans documents, possibly in parallel; results are awaited in submission order by the caller. */
export interface Cleaner {
  clean(raw: RawDoc): Promise<PoolResult>;
  close(): Promise<void>;
}

/** `--jobs 1`: cleans in the calling thread, one core, no messaging. */
export class InlineCleaner implements Cleaner {
  private readonly pipeline: Pipeline;

  constructor(setup: WorkerSetup) {
    this.pipeline = buildPipeline(setup.steps, setup.stepOptions);
  }

  clean(raw: RawDoc): Promise<PoolResult> {
    try {
      return Promise.resolve(cleanDocument(raw, this.pipeline));
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
  raw: RawDoc;
  resolve(result: PoolResult): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | undefined;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Starts the worker script beside this module: the compiled JS normally; under
 * the test runner, which runs the TypeScript sources, through tsx's loader.
 */
function startWorker(setup: WorkerSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: setup });
  const source = new URL('./worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** The bytes' own buffer can be moved to the worker when the view covers all of it. */
function transferList(raw: RawDoc): ArrayBuffer[] {
  const { bytes } = raw;
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength && buffer.byteLength > 0) {
    return [buffer];
  }
  return [];
}

/**
 * `--jobs N`: N worker threads, one document each at a time. A document that
 * runs past the time limit, or whose worker dies, fails alone: its worker is
 * replaced and the other documents go on.
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

  clean(raw: RawDoc): Promise<PoolResult> {
    return new Promise((resolve) => {
      this.queue.push({ seq: this.nextSeq++, raw, resolve });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = startWorker(this.setup);
    const slot: Slot = { worker, busy: undefined, timer: undefined };
    worker.on('message', (response: WorkerResponse) => {
      const pending = slot.busy;
      if (pending === undefined || pending.seq !== response.seq) return;
      this.finish(slot, 'outcome' in response ? response.outcome : { failure: `cleaning failed: ${response.failure}` });
    });
    worker.on('error', (error) => this.replace(slot, `worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot)) this.replace(slot, `worker exited with code ${code}`);
    });
    // An idle pool must not keep the process alive.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy !== undefined) continue;
      const pending = this.queue.shift();
      if (pending === undefined) return;
      slot.busy = pending;
      slot.worker.ref();
      if (this.docTimeoutMs > 0) {
        slot.timer = setTimeout(() => this.replace(slot, `took longer than --doc-timeout (${this.docTimeoutMs / 1000} s)`), this.docTimeoutMs);
      }
      const request: WorkerRequest = { seq: pending.seq, raw: pending.raw };
      slot.worker.postMessage(request, transferList(pending.raw));
    }
  }

  private finish(slot: Slot, result: PoolResult): void {
    const pending = slot.busy;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.busy = undefined;
    slot.worker.unref();
    pending?.resolve(result);
    this.dispatch();
  }

  /** Fails the slot's document, if any, and puts a fresh worker in its place. */
  private replace(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index === -1 || this.closed) return;
    const fresh = this.spawn();
    this.slots[index] = fresh;
    void slot.worker.terminate();
    const pending = slot.busy;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.busy = undefined;
    pending?.resolve({ failure: reason });
    this.dispatch();
  }
}

/** The cleaner for a number of jobs: inline for one, a worker pool beyond. */
export function createCleaner(setup: WorkerSetup, jobs: number, docTimeoutMs: number): Cleaner {
  return jobs <= 1 ? new InlineCleaner(setup) : new WorkerPool(setup, jobs, docTimeoutMs);
}
