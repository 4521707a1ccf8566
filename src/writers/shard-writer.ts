import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Gzip } from 'node:zlib';
import { ParquetShard, preloadParquet, ROW_GROUP_BYTES, type ParquetCompression } from './parquet.js';
import { hashFileBytes } from './hash-file.js';
import { RecordSeparator, type OutputFormat } from './record.js';
import { ShardHasher, type OffThreadHash } from './shard-hasher.js';
import { OutputError, type RecordSink } from './sink.js';

/** How shards are compressed: gzip for jsonl and txt; for Parquet, the codec of its pages. */
export type ShardCompression = 'none' | 'gzip' | 'zstd' | 'snappy';

export interface ShardWriterOptions {
  format: OutputFormat;
  /** @default 'none' (Parquet: 'zstd') */
  compress?: ShardCompression;
  /** A shard is closed before a record would take it past this many (uncompressed) bytes. */
  shardSize: number;
  /** A shard is closed when it holds this many records. @default unlimited */
  shardDocs?: number;
  /** txt format: keep line breaks inside documents, separate documents by a blank line. @default false */
  keepNewlines?: boolean;
  /** Shard names are `<prefix>-<seq>.<ext>`, with a five-digit sequence. @default 'part' */
  prefix?: string;
  /** The first sequence number, for a run that continues earlier shards. @default 0 */
  firstSequence?: number;
  /** Called once a shard is durable under its final name, before the next one is started. */
  onShardCommitted?: (shard: ShardInfo) => Promise<void>;
}

/** What a finished shard holds, for the manifest. */
export interface ShardInfo {
  name: string;
  records: number;
  /** Bytes of the file on disk (compressed, where compressed). */
  bytes: number;
  /** Bytes of the records before compression. */
  uncompressedBytes: number;
  sha256: string;
}

/** zlib is loaded by the first gzipped shard: a run that writes plain shards does not load it at its start. */
const requireBuiltin = createRequire(import.meta.url);

/** Lines are gathered and written in blocks of about this many bytes. */
const WRITE_BLOCK_BYTES = 1 << 20;
/** Room in a reused block: a flush holds a megabyte plus the record that passed it, mostly far less than another megabyte. */
const POOLED_BLOCK_BYTES = 2 * WRITE_BLOCK_BYTES;
/** Written blocks kept for filling again; more are in flight only while the disk lags. */
const MAX_FREE_BLOCKS = 4;

/** The shard file extension for a format and compression (a Parquet file compresses inside). */
export function shardExtension(format: OutputFormat, compress: ShardCompression): string {
  return compress === 'gzip' && format !== 'parquet' ? `.${format}.gz` : `.${format}`;
}

/** Whether a file name is a shard (final or temporary) written with this prefix. */
export function isShardName(name: string, prefix: string): boolean {
  const final = name.startsWith('.') && name.endsWith('.tmp') ? name.slice(1, -4) : name;
  if (!final.startsWith(`${prefix}-`)) return false;
  return /^\d{5,}\.(?:(?:jsonl|txt)(?:\.gz)?|parquet)$/.test(final.slice(prefix.length + 1));
}

/** The sequence number in a shard's name. */
export function shardSequence(name: string, prefix: string): number {
  return Number.parseInt(name.slice(prefix.length + 1), 10);
}

function describeOutputError(error: unknown, file: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOSPC'
      ? 'no space left on device'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'read-only file system'
          : code === 'EDQUOT'
            ? 'disk quota exceeded'
            : error instanceof Error
              ? error.message
              : String(error);
  return `${file}: ${reason}`;
}

/** A file's SHA-256, read in blocks: for a shard whose hashing thread failed. */
function hashFile(file: string): string {
  const hash = createHash('sha256');
  hashFileBytes(hash, file, 0);
  return hash.digest('hex');
}

/** Makes a rename durable: the directory entry is on disk, not only the file. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A shard being written, whatever its format. */
export interface ShardFile {
  readonly name: string;
  /** Where it is written until complete. */
  readonly tempPath: string;
  /** Records in the shard; the writer counts them. */
  records: number;
  /** Bytes of the records before compression (as JSON lines for Parquet). */
  readonly uncompressedBytes: number;
  /**
   * Writes a block. `release`, where given, is called once the shard no
   * longer holds the block's bytes, so the block can be filled again; a shard
   * that keeps them never calls it.
   */
  write(block: Uint8Array, release?: () => void): Promise<void>;
  /** Completes the shard: durable under its final name. */
  finish(): Promise<ShardInfo>;
  /** Drops the shard, leaving nothing behind. */
  discard(): Promise<void>;
}

/** One shard being written: to a hidden temporary name until it is complete. */
class OpenShard implements ShardFile {
  records = 0;
  uncompressedBytes = 0;
  diskBytes = 0;
  failure: unknown = undefined;
  private readonly hash: Hash = createHash('sha256');
  private readonly file: WriteStream;
  private readonly gzip: Gzip | undefined;

  /** `offThreadHash`: hashes the file on another thread as it is written (uncompressed shards only); else the blocks are hashed here. */
  constructor(
    readonly name: string,
    readonly tempPath: string,
    readonly finalPath: string,
    compress: boolean,
    private readonly offThreadHash?: OffThreadHash,
  ) {
    this.file = createWriteStream(tempPath, { flags: 'wx' });
    this.file.on('error', (error) => {
      this.failure ??= error;
    });
    if (compress) {
      const gzip = (requireBuiltin('node:zlib') as typeof import('node:zlib')).createGzip();
      gzip.on('data', (chunk: Buffer) => {
        this.hash.update(chunk);
        this.diskBytes += chunk.length;
        if (!this.file.write(chunk)) gzip.pause();
      });
      this.file.on('drain', () => gzip.resume());
      gzip.on('error', (error) => {
        this.failure ??= error;
      });
      this.gzip = gzip;
    }
  }

  async write(block: Uint8Array, release?: () => void): Promise<void> {
    this.check();
    this.uncompressedBytes += block.length;
    // A stream's write callback comes once it has handed the chunk on (zlib) or written it (the file).
    const done = release === undefined ? undefined : () => release();
    if (this.gzip !== undefined) {
      if (!this.gzip.write(block, done)) await this.waitFor(this.gzip, 'drain');
    } else {
      this.diskBytes += block.length;
      const offThreadHash = this.offThreadHash;
      let whenWritten = done;
      if (offThreadHash === undefined) {
        this.hash.update(block);
      } else {
        const upTo = this.diskBytes;
        whenWritten = (error?: Error | null) => {
          if (error == null) offThreadHash.written(upTo);
          done?.();
        };
      }
      if (!this.file.write(block, whenWritten)) await this.waitFor(this.file, 'drain');
    }
    this.check();
  }

  /** Ends the file, makes it durable, then gives it its final name. */
  async finish(): Promise<ShardInfo> {
    if (this.gzip !== undefined) {
      this.gzip.end();
      await this.waitFor(this.gzip, 'end');
    }
    this.file.end();
    await this.waitFor(this.file, 'close');
    this.check();
    const handle = await open(this.tempPath, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const sha256 = this.offThreadHash === undefined ? this.hash.digest('hex') : await this.offThreadHash.digest(this.diskBytes).catch(() => hashFile(this.tempPath));
    await rename(this.tempPath, this.finalPath);
    await syncDirectory(path.dirname(this.finalPath));
    return { name: this.name, records: this.records, bytes: this.diskBytes, uncompressedBytes: this.uncompressedBytes, sha256 };
  }

  async discard(): Promise<void> {
    this.offThreadHash?.drop();
    this.gzip?.destroy();
    // The file may still be opening: it is removed only once the stream has
    // let go of it, or the open would create it after the removal (a SIGTERM
    // test found a temporary shard left behind that way).
    if (!this.file.closed) {
      const closed = once(this.file, 'close').catch(() => undefined);
      this.file.destroy();
      await closed;
    }
    await rm(this.tempPath, { force: true });
  }

  private check(): void {
    if (this.failure !== undefined) throw new OutputError(describeOutputError(this.failure, this.tempPath), { cause: this.failure });
  }

  /**
   * Waits for an event, but not forever: a stream error ends the wait too.
   * Plain listeners, taken off again once one fires: `events.once` with an
   * abort signal made an AbortError, stack trace and all, for every block.
   */
  private waitFor(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
    if (this.failure !== undefined) return Promise.resolve();
    const streams: NodeJS.EventEmitter[] = [this.file, ...(this.gzip === undefined ? [] : [this.gzip])];
    return new Promise((resolve) => {
      const stop = (): void => {
        emitter.off(event, stop);
        for (const stream of streams) stream.off('error', fail);
        resolve();
      };
      const fail = (error: unknown): void => {
        this.failure ??= error;
        stop();
      };
      emitter.on(event, stop);
      for (const stream of streams) stream.on('error', fail);
    });
  }
}

/**
 * Writes records into numbered shards in a folder, rolling over by size or
 * record count. A shard is written under a hidden temporary name, synced to
 * disk and renamed when complete, so a reader never takes a half-written
 * shard for a whole one.
 */
export class ShardWriter implements RecordSink {
  private readonly separator: RecordSeparator;
  private readonly extension: string;
  private readonly prefix: string;
  private sequence: number;
  private current: ShardFile | undefined;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly freeBlocks: Buffer[] = [];
  private totalBytes = 0;
  /** Hashes uncompressed JSONL and text shards on a thread of its own; gzip and Parquet shards are hashed here. */
  private readonly hasher: ShardHasher | undefined;
  /** Shards completed so far, in order. */
  readonly shards: ShardInfo[] = [];

  constructor(
    private readonly dir: string,
    private readonly options: ShardWriterOptions,
  ) {
    this.separator = new RecordSeparator({ format: options.format, keepNewlines: options.keepNewlines ?? false });
    this.extension = shardExtension(options.format, options.compress ?? 'none');
    this.prefix = options.prefix ?? 'part';
    this.sequence = options.firstSequence ?? 0;
    if (options.format === 'parquet') preloadParquet();
    else if ((options.compress ?? 'none') === 'none') this.hasher = new ShardHasher();
  }

  get bytesWritten(): number {
    return this.totalBytes;
  }

  async write(record: Uint8Array): Promise<void> {
    const shard = this.current;
    if (shard !== undefined) {
      const full = this.options.shardDocs !== undefined && shard.records >= this.options.shardDocs;
      const wouldOverflow = shard.records > 0 && shard.uncompressedBytes + this.pendingBytes + record.length > this.options.shardSize;
      if (full || wouldOverflow) await this.closeShard();
    }
    // A new shard's first txt document carries no separator.
    const target = this.current ?? this.openShard();
    const separator = this.separator.next();
    if (separator.length > 0) this.pending.push(separator);
    this.pending.push(record);
    const bytes = separator.length + record.length;
    this.pendingBytes += bytes;
    this.totalBytes += bytes;
    target.records++;
    if (this.pendingBytes >= WRITE_BLOCK_BYTES) await this.flush();
  }

  /** Completes the shard in progress, if any. */
  async close(): Promise<void> {
    if (this.current !== undefined) await this.closeShard();
  }

  /** Ends the hashing thread, once nothing more will be written (a later shard would start it again). */
  async stopHashing(): Promise<void> {
    await this.hasher?.close();
  }

  /** Drops the shard in progress (its records are not committed). */
  async abort(): Promise<void> {
    const shard = this.current;
    this.current = undefined;
    this.pending = [];
    this.pendingBytes = 0;
    if (shard !== undefined) await shard.discard();
  }

  private openShard(): ShardFile {
    const name = `${this.prefix}-${String(this.sequence).padStart(5, '0')}${this.extension}`;
    this.sequence++;
    this.separator.reset();
    const parquet = this.options.format === 'parquet';
    const tempPath = path.join(this.dir, `.${name}.tmp`);
    const file = new OpenShard(name, tempPath, path.join(this.dir, name), !parquet && this.options.compress === 'gzip', parquet ? undefined : this.hasher?.start(tempPath));
    const shard = parquet ? new ParquetShard(file, parquetCompression(this.options.compress), Math.min(ROW_GROUP_BYTES, this.options.shardSize)) : file;
    this.current = shard;
    return shard;
  }

  private async flush(): Promise<void> {
    const shard = this.current;
    if (shard === undefined || this.pending.length === 0) return;
    const size = this.pendingBytes;
    // Blocks are filled again once written: a fresh megabyte from the allocator
    // is fresh memory from the kernel, whose page faults cost the main thread
    // a fifth of a second per GB of output on a virtual machine.
    const pooled = size <= POOLED_BLOCK_BYTES ? (this.freeBlocks.pop() ?? Buffer.allocUnsafeSlow(POOLED_BLOCK_BYTES)) : undefined;
    const block = pooled === undefined ? Buffer.concat(this.pending, size) : pooled.subarray(0, size);
    if (pooled !== undefined) {
      let at = 0;
      for (const part of this.pending) {
        block.set(part, at);
        at += part.length;
      }
    }
    this.pending = [];
    this.pendingBytes = 0;
    const release =
      pooled === undefined
        ? undefined
        : () => {
            if (this.freeBlocks.length < MAX_FREE_BLOCKS) this.freeBlocks.push(pooled);
          };
    try {
      await shard.write(block, release);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  private async closeShard(): Promise<void> {
    const shard = this.current;
    if (shard === undefined) return;
    await this.flush();
    this.current = undefined;
    let info: ShardInfo;
    try {
      info = await shard.finish();
    } catch (error) {
      await shard.discard();
      throw error instanceof OutputError ? error : new OutputError(describeOutputError(error, shard.tempPath), { cause: error });
    }
    this.shards.push(info);
    try {
      await this.options.onShardCommitted?.(info);
    } catch (error) {
      throw error instanceof OutputError ? error : new OutputError(describeOutputError(error, this.dir), { cause: error });
    }
  }
}

/** Parquet compresses with zstd unless told otherwise. */
function parquetCompression(compress: ShardCompression | undefined): ParquetCompression {
  return compress === undefined ? 'zstd' : compress;
}
