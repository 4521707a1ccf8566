/** Hashing a shard's file as it is on disk, by the hashing thread and, should that thread fail, by the writer. */
import type { Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

const BLOCK_BYTES = 1 << 20;
let block: Buffer | undefined;

/** Feeds `hash` with the file's bytes from `from` up to `upTo` (or its end, if sooner); returns how many were read. */
export function hashFileBytes(hash: Hash, file: string, from: number, upTo = Number.POSITIVE_INFINITY): number {
  block ??= Buffer.allocUnsafeSlow(BLOCK_BYTES);
  let at = from;
  const fd = openSync(file, 'r');
  try {
    while (at < upTo) {
      const read = readSync(fd, block, 0, Math.min(block.length, upTo - at), at);
      if (read === 0) break;
      hash.update(block.subarray(0, read));
      at += read;
    }
  } finally {
    closeSync(fd);
  }
  return at - from;
}
