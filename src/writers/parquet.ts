/**
 * Parquet shards: the records of a shard as row groups of four columns,
 * `id`, `text`, `source` (UTF-8 strings) and `metadata` (the record's
 * metadata object as JSON text), the layout `datasets`, DuckDB, Polars and
 * Spark read directly. Written with hyparquet-writer (pure JavaScript) and
 * zstd from @bokuweb/zstd-wasm; the README compares them with parquet-wasm.
 * The libraries are loaded only when a run writes Parquet.
 */
import type { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { VERSION } from '../version.js';
import type { ShardFile, ShardInfo } from './shard-writer.js';

/** How the columns' pages are compressed (`--compress`). */
export type ParquetCompression = 'zstd' | 'snappy' | 'gzip' | 'none';

/**
 * A row group is closed once its records reach this many bytes as JSON
 * lines, about their uncompressed size in columns: what Spark and pyarrow
 * aim at, large enough for readers to scan fast, small enough to hold in
 * memory while it is encoded.
 */
export const ROW_GROUP_BYTES = 128 * 1024 * 1024;

/** zstd's fastest level: on the bench corpus level 3 made files 10 % smaller at 70 % of the speed (167 against 116 MB/s in WebAssembly). */
const ZSTD_LEVEL = 1;

const STRING = { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' } as const;
const SCHEMA = [
  { name: 'schema', num_children: 4 },
  { name: 'id', ...STRING },
  { name: 'text', ...STRING },
  { name: 'source', ...STRING },
  { name: 'metadata', ...STRING },
];

interface Libraries {
  ParquetWriter: typeof ParquetWriter;
  ByteWriter: typeof ByteWriter;
  compress: (bytes: Uint8Array) => Uint8Array;
}

let libraries: Promise<Libraries> | undefined;

/** Starts loading the libraries (about 0.07 s, most of it hyparquet's modules), so that the first shard need not wait for them. */
export function preloadParquet(): void {
  loadLibraries().catch(() => undefined);
}

async function loadLibraries(): Promise<Libraries> {
  libraries ??= (async () => {
    const [{ ParquetWriter, ByteWriter }, zstd] = await Promise.all([import('hyparquet-writer'), import('@bokuweb/zstd-wasm')]);
    await zstd.init();
    return { ParquetWriter, ByteWriter, compress: (bytes: Uint8Array) => zstd.compress(bytes, ZSTD_LEVEL) };
  })();
  return libraries;
}

const CODECS = { zstd: 'ZSTD', snappy: 'SNAPPY', gzip: 'GZIP', none: 'UNCOMPRESSED' } as const;

/** gzip as Parquet's GZIP codec holds it: a whole gzip stream per page. */
async function gzipCompressor(): Promise<(bytes: Uint8Array) => Uint8Array> {
  const { gzipSync } = await import('node:zlib');
  return (bytes) => gzipSync(bytes);
}

interface ShardRecord {
  id: string;
  text: string;
  source: string;
  metadata: unknown;
}

/**
 * Encodes records (JSON lines, as the other formats' writers get them) into
 * one Parquet file, a row group at a time: `add` gathers rows, `takeBytes`
 * hands over what is encoded so far, so that a shard never holds more than
 * one row group in memory.
 */
export class ParquetEncoder {
  private ids: string[] = [];
  private texts: string[] = [];
  private sources: string[] = [];
  private metadata: string[] = [];
  /** Bytes of the records gathered for the next row group. */
  pendingBytes = 0;

  private constructor(
    private readonly writer: ByteWriter,
    private readonly parquet: ParquetWriter,
    private readonly rowGroupBytes: number,
  ) {}

  static async create(compression: ParquetCompression, rowGroupBytes = ROW_GROUP_BYTES): Promise<ParquetEncoder> {
    const { ParquetWriter, ByteWriter, compress } = await loadLibraries();
    const writer = new ByteWriter();
    const compressors = compression === 'zstd' ? { ZSTD: compress } : compression === 'gzip' ? { GZIP: await gzipCompressor() } : {};
    const parquet = new ParquetWriter({
      writer,
      schema: SCHEMA,
      codec: CODECS[compression],
      compressors,
      createdBy: `clean-corpus version ${VERSION}`,
    });
    return new ParquetEncoder(writer, parquet, rowGroupBytes);
  }

  /** Adds one record, a JSON line; true when the row group it joined is full. */
  add(line: Uint8Array): boolean {
    const record = JSON.parse(Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('utf8')) as ShardRecord;
    this.ids.push(record.id);
    this.texts.push(record.text);
    this.sources.push(record.source);
    this.metadata.push(JSON.stringify(record.metadata));
    this.pendingBytes += line.byteLength;
    return this.pendingBytes >= this.rowGroupBytes;
  }

  /** Encodes the rows gathered as a row group. */
  closeRowGroup(): void {
    if (this.ids.length === 0) return;
    const rows = this.ids.length;
    void this.parquet.write({
      columnData: [
        // Ids are unique: trying a dictionary on them costs a hash of every one for nothing.
        { name: 'id', data: this.ids, encoding: 'PLAIN' },
        { name: 'text', data: this.texts },
        { name: 'source', data: this.sources },
        { name: 'metadata', data: this.metadata },
      ],
      rowGroupSize: rows,
    });
    this.ids = [];
    this.texts = [];
    this.sources = [];
    this.metadata = [];
    this.pendingBytes = 0;
  }

  /** Closes the last row group and writes the footer. */
  finish(): void {
    this.closeRowGroup();
    void this.parquet.finish();
  }

  /** The file's bytes encoded since the last call. */
  takeBytes(): Uint8Array {
    const bytes = new Uint8Array(this.writer.buffer.slice(0, this.writer.index));
    this.writer.index = 0;
    return bytes;
  }
}

/**
 * A shard in Parquet: its records go to a {@link ParquetEncoder}, and the
 * encoded bytes to the file underneath, which gives durability, the hash
 * and the rename as for the other formats. Sizes count the records as JSON
 * lines, so `--shard-size` means the same in every format.
 */
export class ParquetShard implements ShardFile {
  records = 0;
  uncompressedBytes = 0;
  private encoder: ParquetEncoder | undefined;

  constructor(
    private readonly file: ShardFile,
    private readonly compression: ParquetCompression,
    private readonly rowGroupBytes: number,
  ) {}

  get name(): string {
    return this.file.name;
  }

  get tempPath(): string {
    return this.file.tempPath;
  }

  private async ready(): Promise<ParquetEncoder> {
    this.encoder ??= await ParquetEncoder.create(this.compression, this.rowGroupBytes);
    return this.encoder;
  }

  async write(block: Uint8Array, release?: () => void): Promise<void> {
    const encoder = await this.ready();
    this.uncompressedBytes += block.byteLength;
    let start = 0;
    for (let end = block.indexOf(0x0a); end !== -1; end = block.indexOf(0x0a, start)) {
      if (encoder.add(block.subarray(start, end))) {
        encoder.closeRowGroup();
        await this.file.write(encoder.takeBytes());
      }
      start = end + 1;
    }
    // The rows were parsed into strings: the block is no longer read.
    release?.();
  }

  async finish(): Promise<ShardInfo> {
    const encoder = await this.ready();
    encoder.finish();
    await this.file.write(encoder.takeBytes());
    const info = await this.file.finish();
    return { ...info, records: this.records, uncompressedBytes: this.uncompressedBytes };
  }

  async discard(): Promise<void> {
    await this.file.discard();
  }
}
