/**
 * Worker threads that make dedup's signature records (`--jobs N`): batches
 * go out in turn and come back in the order they went, so the records are
 * those of one thread, in input order.
 */
import type { Worker } from 'node:worker_threads';
import { signatureRecords, type SignatureSetup } from './dedup/signature.js';
import { startWorkerScript, workerThreadsFor } from './start-worker.js';

export interface SignaturePool {
  /** The records of a batch of texts; answers resolve in the order batches were given. */
  records(texts: string[]): Promise<Int32Array>;
  close(): Promise<void>;
}

/** One thread: the records are made here. */
function inlinePool(setup: SignatureSetup): SignaturePool {
  return { records: (texts) => Promise.resolve(signatureRecords(texts, setup)), close: () => Promise.resolve() };
}

export function createSignaturePool(setup: SignatureSetup, jobs: number): SignaturePool {
  const threads = workerThreadsFor(jobs);
  if (threads <= 1) return inlinePool(setup);
  const workers = Array.from({ length: threads }, () => startWorkerScript('dedup-worker', setup));
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
