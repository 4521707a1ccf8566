/**
 * The thread that hashes shards (writers/shard-hasher.ts): it reads each
 * shard's file as far as the main thread says it is written, and answers
 * digests.
 */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { hashFileBytes } from './writers/hash-file.js';
import type { HashAnswer, HashRequest } from './writers/shard-hasher.js';

/** A shard's hash so far: of its file's first `hashed` bytes. */
interface FileHash {
  hash: Hash;
  hashed: number;
}

const hashes = new Map<number, FileHash>();

/** Hashes the file's bytes from where its hash stopped up to `upTo`. */
function catchUp(state: FileHash, file: string, upTo: number): void {
  if (state.hashed >= upTo) return;
  state.hashed += hashFileBytes(state.hash, file, state.hashed, upTo);
  if (state.hashed < upTo) throw new Error(`${file} ends at ${state.hashed} bytes, not ${upTo}`);
}

parentPort?.on('message', (request: HashRequest) => {
  if (request.op === 'drop') {
    hashes.delete(request.hash);
    return;
  }
  let state = hashes.get(request.hash);
  if (state === undefined) {
    state = { hash: createHash('sha256'), hashed: 0 };
    hashes.set(request.hash, state);
  }
  try {
    catchUp(state, request.file, request.upTo);
  } catch (error) {
    // The digest fails, and the main thread hashes the file itself.
    hashes.delete(request.hash);
    if (request.op === 'digest') parentPort?.postMessage({ seq: request.seq, error: error instanceof Error ? error.message : String(error) } satisfies HashAnswer);
    return;
  }
  if (request.op === 'digest') {
    hashes.delete(request.hash);
    parentPort?.postMessage({ seq: request.seq, hex: state.hash.digest('hex') } satisfies HashAnswer);
  }
});
