/**
 * Worker threads that make dedup's signature records (`--jobs N`): batches
 * go out in turn and come back in the order they went, so the records are
 * those of one thread, in input order.
 */
import { Worker } from 'node:worker_threads';
import { signatureRecords, type SignatureSetup } from './dedup/signature.js';

export interface SignaturePool {
  /** The records of a batch of texts; answers resolve in the order batches were given. */
  records(texts: string[]): Promise<Int32Array>;
  close(): Promise<void>;
}

/** Starts the worker script beside this module: the compiled JS normally, through tsx's loader under the test runner. */
function startWorker(setup: SignatureSetup): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./dedup-worker.js', import.meta.url), { workerData: setup });
  const source = new URL('./dedup-worker.ts', import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: setup });
}

/** One thread: the records are made here. */
function inlinePool(setup: SignatureSetup): SignaturePool {
  return { records: (texts) => Promise.resolve(signatureRecords(texts, setup)), close: () => Promise.resolve() };
}

export function createSignaturePool(setup: SignatureSetup, jobs: number): SignaturePool {
  if (jobs <= 1) return inlinePool(setup);
  const workers = Array.from({ length: jobs }, () => startWorker(setup));
  const waiting = new Map<number, { resolve(records: Int32Array): void; reject(error: Error): void }>();
  let next = 0;
  for (const worker of workers) {
    worker.on('message', (answer: { seq: number; records: Int32Array }) => {
      waiting.get(answer.seq)?.resolve(answer.records);
      waiting.delete(answer.seq);
    });
    worker.on('error', (error) => {
      for (const pending of waiting.values()) pending.reject(error);
      waiting.clear();
    });
  }
  return {
    records(texts) {
      const seq = next++;
      return new Promise((resolve, reject) => {
        waiting.set(seq, { resolve, reject });
        (workers[seq % workers.length] as Worker).postMessage({ seq, texts });
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
