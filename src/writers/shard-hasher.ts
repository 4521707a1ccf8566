/**
 * The SHA-256 of shards, computed on a thread of its own. Hashing the output
 * on the main thread cost it about 0.55 s of CPU per GB written (SHA-NI,
 * 1.7 GB/s here): little for HTML, whose text is a fifteenth of the pages,
 * but as much as all its other work per GB for text files, whose output is
 * as large as their input. Blocks are filled in shared memory, so the
 * hashing thread reads the very bytes written to the file: nothing is
 * copied, and a block is filled again only once both are done with it.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from '../start-worker.js';

/** What the main thread asks of the hashing thread. */
export type HashRequest =
  | { op: 'update'; hash: number; seq: number; memory: SharedArrayBuffer; offset: number; length: number }
  | { op: 'digest'; hash: number; seq: number };

/** What it answers: a block hashed, or a shard's digest (hex). */
export type HashAnswer = { seq: number } | { seq: number; hex: string };

/** A shard's hash in the hashing thread, fed with blocks in order. */
export interface OffThreadHash {
  /** Hashes a block of shared memory; `hashed` is called once the hashing thread is done with it. */
  update(block: Uint8Array<SharedArrayBuffer>, hashed: () => void): void;
  /** The hex digest of everything given, in order. */
  digest(): Promise<string>;
}

/** One hashing thread, started at the first hash, for all the shards of a writer. */
export class ShardHasher {
  private worker: Worker | undefined;
  private failure: Error | undefined;
  /** Counts the threads ended by `close`: a hash begun on one of them cannot go on on the next. */
  private generation = 0;
  private nextHash = 0;
  private nextSeq = 0;
  private readonly waiting = new Map<number, { hashed: () => void } | { resolve(hex: string): void; reject(error: Error): void }>();

  /**
   * A new hash, for one shard. Its digest fails, for the caller to hash the
   * file itself, if the thread died or was ended while it was fed.
   */
  start(): OffThreadHash {
    const hash = this.nextHash++;
    const generation = this.generation;
    const lost = (): boolean => generation !== this.generation;
    return {
      update: (block, hashed) => {
        if (lost()) return hashed();
        const seq = this.nextSeq++;
        this.waiting.set(seq, { hashed });
        this.post({ op: 'update', hash, seq, memory: block.buffer, offset: block.byteOffset, length: block.byteLength });
      },
      digest: () =>
        new Promise((resolve, reject) => {
          if (lost()) return reject(new Error('the hashing thread was ended before this shard was complete'));
          const seq = this.nextSeq++;
          this.waiting.set(seq, { resolve, reject });
          this.post({ op: 'digest', hash, seq });
        }),
    };
  }

  /** Ends the thread: the hashes it holds are lost (their digests fail); a later hash starts another. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.generation++;
    this.release(new Error('the hashing thread was ended'));
    if (worker !== undefined) await worker.terminate();
  }

  private post(request: HashRequest): void {
    if (this.failure !== undefined) return this.fail(this.failure);
    const worker = this.thread();
    // Answers awaited keep the process alive; an idle thread does not.
    if (this.waiting.size === 1) worker.ref();
    worker.postMessage(request);
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = startWorkerScript('hash-worker', undefined);
    worker.on('message', (answer: HashAnswer) => {
      const waiting = this.waiting.get(answer.seq);
      this.waiting.delete(answer.seq);
      if (this.waiting.size === 0) worker.unref();
      if (waiting === undefined) return;
      if ('hashed' in waiting) waiting.hashed();
      else if ('hex' in answer) waiting.resolve(answer.hex);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`the hashing thread exited with code ${code}`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The thread is gone: every digest asked for fails from now on, and blocks are given back. */
  private fail(error: Error): void {
    this.failure ??= error;
    this.worker = undefined;
    this.release(this.failure);
  }

  /** Gives back the blocks being hashed and fails the digests awaited. */
  private release(error: Error): void {
    for (const waiting of this.waiting.values()) {
      if ('hashed' in waiting) waiting.hashed();
      else waiting.reject(error);
    }
    this.waiting.clear();
  }
}
