/** The thread that hashes shards (writers/shard-hasher.ts): blocks of shared memory in, digests out. */
import { createHash, type Hash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { HashAnswer, HashRequest } from './writers/shard-hasher.js';

const hashes = new Map<number, Hash>();

parentPort?.on('message', (request: HashRequest) => {
  let hash = hashes.get(request.hash);
  if (hash === undefined) {
    hash = createHash('sha256');
    hashes.set(request.hash, hash);
  }
  let answer: HashAnswer;
  if (request.op === 'update') {
    hash.update(new Uint8Array(request.memory, request.offset, request.length));
    answer = { seq: request.seq };
  } else {
    hashes.delete(request.hash);
    answer = { seq: request.seq, hex: hash.digest('hex') };
  }
  parentPort?.postMessage(answer);
});
