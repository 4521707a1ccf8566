import { createHash } from 'node:crypto';
import { WriteStream } from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ShardWriter } from '../../src/writers/shard-writer.js';

const folders: string[] = [];

/** A slow disk: the file stream reads each chunk only a few milliseconds after it was handed over. */
type Write = (this: WriteStream, chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void) => void;
type Writev = (this: WriteStream, chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void) => void;
const prototype = WriteStream.prototype as unknown as { _write: Write; _writev: Writev };
const realWrite = prototype._write;
const realWritev = prototype._writev;
beforeEach(() => {
  prototype._write = function (chunk, encoding, callback) {
    setTimeout(() => realWrite.call(this, chunk, encoding, callback), 3);
  };
  prototype._writev = function (chunks, callback) {
    setTimeout(() => realWritev.call(this, chunks, callback), 3);
  };
});
afterEach(() => {
  prototype._write = realWrite;
  prototype._writev = realWritev;
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** Distinct records of many sizes (a few over the reused blocks' 2 MB), so that every block's bytes differ from the last. */
function records(): Uint8Array[] {
  const made: Uint8Array[] = [];
  for (let i = 0; i < 3000; i++) {
    const size = i % 500 === 7 ? 2_500_000 + i : 50 + ((i * 7919) % 9000);
    const text = `${i}:`.padEnd(size, String.fromCharCode(0x61 + (i % 26)));
    made.push(Buffer.from(`${JSON.stringify({ id: String(i), text })}\n`));
  }
  return made;
}

describe('ShardWriter', () => {
  // Blocks are filled again once written: a block reused before its bytes were
  // written or compressed would put one block's records in another's place.
  for (const compress of ['none', 'gzip'] as const) {
    it(`writes every record exactly, in order, while it reuses its blocks (${compress})`, async () => {
      const folder = mkdtempSync(join(tmpdir(), 'shard-writer-'));
      folders.push(folder);
      const writer = new ShardWriter(folder, { format: 'jsonl', compress, shardSize: 8_000_000 });
      const all = records();
      for (const record of all) await writer.write(record);
      await writer.close();
      const shards = readdirSync(folder).sort();
      expect(shards.length).toBeGreaterThan(3);
      const written = Buffer.concat(shards.map((name) => (compress === 'gzip' ? gunzipSync(readFileSync(join(folder, name))) : readFileSync(join(folder, name)))));
      const expected = Buffer.concat(all);
      expect(written.length).toBe(expected.length);
      expect(createHash('sha256').update(written).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
      // Uncompressed shards are hashed on another thread, from the blocks as they are written: each digest is its file's.
      expect(writer.shards.map((shard) => shard.sha256)).toEqual(shards.map((name) => sha256Of(join(folder, name))));
      await writer.stopHashing();
    });
  }

  it("hashes a shard's file itself when the hashing thread is ended before the shard is complete", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'shard-writer-'));
    folders.push(folder);
    const writer = new ShardWriter(folder, { format: 'jsonl', shardSize: 8_000_000 });
    const all = records();
    for (const [index, record] of all.entries()) {
      await writer.write(record);
      if (index === 1000 || index === 2000) await writer.stopHashing();
    }
    await writer.close();
    await writer.stopHashing();
    const shards = readdirSync(folder).sort();
    // Buffers this large are compared whole, not byte by byte through toEqual.
    expect(Buffer.compare(Buffer.concat(shards.map((name) => readFileSync(join(folder, name)))), Buffer.concat(all))).toBe(0);
    expect(writer.shards.map((shard) => shard.sha256)).toEqual(shards.map((name) => sha256Of(join(folder, name))));
  });
});

function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}
