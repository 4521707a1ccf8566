/**
 * The SHA-256 of shards, computed on a thread of its own. Hashing the output
 * on the main thread cost it about 0.55 s of CPU per GB written (SHA-NI,
 * 1.7 GB/s here): little for HTML, whose text is a fifteenth of the pages,
 * but as much as all its other work per GB for text files, whose output is
 * as large as their input. The hashing thread reads the shard's file itself,
 * up to what the main thread says is written: the main thread only sends a
 * number per block. (Handing it the blocks in shared memory instead meant
 * copying every record into shared memory, which V8 does with relaxed
 * atomic moves at a tenth of the speed of a plain copy: ~20 ms per GB of
 * pages, ~0.25 s per GB of text files, on the main thread.) And the digest
 * is then that of the bytes in the file.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerScript } from '../start-worker.js';

/** What the main thread asks of the hashing thread. */
export type HashRequest =
  /** The first `upTo` bytes of `file` are written: hash those not hashed yet. */
  | { op: 'written'; hash: number; file: string; upTo: number }
  /** The file is complete at `upTo` bytes: answer its digest. */
  | { op: 'digest'; hash: number; seq: number; file: string; upTo: number }
  /** The shard was dropped: forget its hash. */
  | { op: 'drop'; hash: number };

/** What it answers to a digest: the hex digest, or why there is none. */
export type HashAnswer = { seq: number; hex: string } | { seq: number; error: string };

/** A shard's hash in the hashing thread, fed as its file grows. */
export interface OffThreadHash {
  /** The file's first `upTo` bytes are written. */
  written(upTo: number): void;
  /** The hex digest of the file, complete at `size` bytes. */
  digest(size: number): Promise<string>;
  /** The shard is dropped. */
  drop(): void;
}

/** One hashing thread, started at the first hash, for all the shards of a writer. */
export class ShardHasher {
  private worker: Worker | undefined;
  private failure: Error | undefined;
  /** Counts the threads ended by `close`: a hash begun on one of them cannot go on on the next. */
  private generation = 0;
  private nextHash = 0;
  private nextSeq = 0;
  private readonly waiting = new Map<number, { resolve(hex: string): void; reject(error: Error): void }>();

  /**
   * A new hash, of one shard's file. Its digest fails, for the caller to hash
   * the file itself, if the thread died or was ended while it was fed.
   */
  start(file: string): OffThreadHash {
    const hash = this.nextHash++;
    const generation = this.generation;
    const lost = (): boolean => generation !== this.generation;
    return {
      written: (upTo) => {
        if (!lost()) this.post({ op: 'written', hash, file, upTo });
      },
      digest: (size) =>
        new Promise((resolve, reject) => {
          if (lost()) return reject(new Error('the hashing thread was ended before this shard was complete'));
          const seq = this.nextSeq++;
          this.waiting.set(seq, { resolve, reject });
          this.post({ op: 'digest', hash, seq, file, upTo: size });
        }),
      drop: () => {
        if (!lost() && this.worker !== undefined) this.post({ op: 'drop', hash });
      },
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
    // Digests awaited keep the process alive; an idle thread does not.
    if (request.op === 'digest' && this.waiting.size === 1) worker.ref();
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
      if ('hex' in answer) waiting.resolve(answer.hex);
      else waiting.reject(new Error(answer.error));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`the hashing thread exited with code ${code}`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The thread is gone: every digest asked for fails from now on. */
  private fail(error: Error): void {
    this.failure ??= error;
    this.worker = undefined;
    this.release(this.failure);
  }

  /** Fails the digests awaited. */
  private release(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}
