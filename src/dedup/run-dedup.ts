/**
 * `clean-corpus dedup`: removes exact and near-duplicate documents from JSONL
 * shards, keeping the first of each cluster in input order.
 *
 * 1. Signatures: every document is read once, in input order (files sorted,
 *    lines in order); its exact key (SHA-256 of the text after
 *    {@link exactText}) and the band keys of its MinHash signature go to a
 *    state file of fixed-size records, `OUT/.dedup/signatures.bin`.
 * 2. Clusters: the exact keys, then each band's keys, are read back from it
 *    one band at a time into a table of first holders; a key seen before puts
 *    the two documents in one cluster (union-find, the first position the
 *    root). Memory holds one band's table and a number per document.
 * 3. Filter: the documents are read again in the same order; each is written
 *    to the kept shards or, with the id of its cluster's first document, to
 *    the removed ones. A document whose exact key differs from its record's
 *    means the input changed since step 1: the run stops, saying where.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { documentId } from '../document.js';
import { discoverInputs } from '../discover.js';
import { IntPairTable } from '../filters/int-pair-table.js';
import { displayPath, formatBytes } from '../format.js';
import { countRejection, emptyCounts, formatRejections, type RunCounts } from '../journal.js';
import { writeManifest } from '../manifest.js';
import { prepareOutput, prepareRejected } from '../output-dir.js';
import { isJsonlPath, readJsonlFile } from '../readers/jsonl.js';
import { wordSplitter } from '../text/words.js';
import type { InputError, RawDoc, ReaderOptions } from '../types.js';
import { jsonLineOf, textBlock, type OutputFormat } from '../writers/record.js';
import { ShardWriter, type ShardInfo } from '../writers/shard-writer.js';
import { OutputError } from '../writers/sink.js';
import { VERSION } from '../version.js';
import { MinHasher, MINHASH_DEFAULTS } from './minhash.js';
import { exactText, simplifyText } from './normalize.js';
import { UnionFind } from './union-find.js';

export interface DedupOptions {
  /** Folders, files and glob patterns of JSONL (`.jsonl`, `.jsonl.gz`, `.json.gz`). */
  inputs: readonly string[];
  /** The folder of kept documents. */
  output: string;
  /** The folder of removed documents; undefined only counts them. */
  rejected?: string;
  format: OutputFormat;
  compress: 'none' | 'gzip';
  shardSize: number;
  shardDocs?: number;
  /** The JSONL field that holds the text. */
  textField: string;
  maxDocSize: number;
  /** Words per shingle; documents with fewer words are never near duplicates. @default 5 */
  ngrams: number;
  /** @default 14 */
  bands: number;
  /** @default 8 */
  rows: number;
  /** Whose word splitting makes the shingles. @default 'en' */
  language: string;
  overwrite: boolean;
  quiet: boolean;
  stderr: Writable;
}

export const DEDUP_DEFAULTS = { ...MINHASH_DEFAULTS, language: 'en' } as const;

const NAMES = { shardPrefix: 'part', manifest: 'manifest.json', journal: '.journal.jsonl' } as const;
const STATE_DIR = '.dedup';
const EXIT = { ok: 0, someInputsFailed: 1, usageOrFatal: 2 } as const;

/** Records of the signature file are this many 32-bit numbers: the exact key (2), whether there is a signature (1), the band keys (2 per band). */
const recordInts = (bands: number): number => 3 + 2 * bands;

/** Reads the fixed-size records of a state file in large blocks. */
function* readRecords(file: string, ints: number): Generator<Int32Array> {
  const handle = openSync(file, 'r');
  const recordBytes = ints * 4;
  const block = Buffer.alloc(recordBytes * 16_384);
  try {
    let carried = 0;
    for (;;) {
      const read = readSync(handle, block, carried, block.length - carried, null);
      const available = carried + read;
      const whole = Math.floor(available / recordBytes) * recordBytes;
      const view = new Int32Array(block.buffer, block.byteOffset, whole / 4);
      for (let at = 0; at < whole / 4; at += ints) yield view.subarray(at, at + ints);
      carried = available - whole;
      if (read === 0) {
        if (carried !== 0) throw new OutputError(`${file}: ends in the middle of a record`);
        return;
      }
      block.copy(block, 0, whole, available);
    }
  } finally {
    closeSync(handle);
  }
}

/** The exact key of a text: the first 8 bytes of the SHA-256 of its normalized form, as two 32-bit numbers. */
function exactKey(text: string): [number, number] {
  const digest = createHash('sha256').update(exactText(text)).digest();
  return [digest.readInt32LE(0), digest.readInt32LE(4)];
}

/** Every document of the inputs, in input order, and the inputs' errors. */
async function* documentsOf(paths: readonly string[], reader: ReaderOptions): AsyncGenerator<{ doc: RawDoc } | { error: InputError }> {
  for (const file of paths) {
    if (!isJsonlPath(file)) {
      yield { error: { source: file, reason: 'not a JSONL file (.jsonl, .jsonl.gz, .json.gz)' } };
      continue;
    }
    for await (const event of readJsonlFile(file, reader)) {
      if ('doc' in event || 'error' in event) yield event;
    }
  }
}

/** The record written for a document: its fields as read, its id, and the metadata dedup adds. */
function recordOf(doc: RawDoc, textField: string, added: Record<string, unknown>): Record<string, unknown> {
  const { line, ...fields } = doc.metadata;
  const id = doc.id ?? documentId(`${doc.source}:${String(line)}`);
  const metadata = typeof fields['metadata'] === 'object' && fields['metadata'] !== null && !Array.isArray(fields['metadata']) ? (fields['metadata'] as Record<string, unknown>) : {};
  return { id, [textField]: doc.text, ...fields, metadata: { ...metadata, ...added } };
}

function serialize(record: Record<string, unknown>, textField: string, format: OutputFormat): Uint8Array<ArrayBuffer> {
  const line = format === 'jsonl' ? jsonLineOf(record) : textBlock(String(record[textField]), false) + '\n';
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(line));
  bytes.write(line);
  return bytes;
}

export async function runDedup(options: DedupOptions): Promise<number> {
  const started = performance.now();
  const say = (line: string): void => {
    options.stderr.write(`clean-corpus: ${line}\n`);
  };
  const discovered = await discoverInputs(options.inputs, { include: ['**/*.jsonl', '**/*.jsonl.gz', '**/*.json.gz'], exclude: [], outputDir: options.output });
  // The removed documents of an earlier run are not input either.
  const rejectedReal = options.rejected === undefined ? undefined : await realpath(options.rejected).catch(() => path.resolve(options.rejected as string));
  const paths: string[] = [];
  for (const file of discovered.paths) {
    const real = await realpath(file).catch(() => path.resolve(file));
    if (rejectedReal === undefined || (real !== rejectedReal && !real.startsWith(rejectedReal + path.sep))) paths.push(file);
  }
  const counts = emptyCounts();
  const errors: InputError[] = [];
  const fail = (error: InputError): void => {
    counts.failed++;
    errors.push(error);
    say(`${displayPath(error.source)}: ${error.reason}`);
  };
  for (const error of discovered.errors) fail(error);

  const prepared = await prepareOutput(options.output, NAMES, { overwrite: options.overwrite, resume: false, fingerprint: '' });
  if ('refusal' in prepared) {
    say(prepared.refusal);
    return EXIT.usageOrFatal;
  }
  if (options.rejected !== undefined) {
    const ready = await prepareRejected(options.rejected, NAMES, { overwrite: options.overwrite, resume: false }, []);
    if ('refusal' in ready) {
      say(ready.refusal);
      return EXIT.usageOrFatal;
    }
  }
  const stateDir = path.join(options.output, STATE_DIR);
  const signatureFile = path.join(stateDir, 'signatures.bin');
  const reader: ReaderOptions = { maxDocSize: options.maxDocSize, textField: options.textField };
  const ints = recordInts(options.bands);
  let writers: { kept: ShardWriter; removed: ShardWriter | undefined } | undefined;
  try {
    await rm(stateDir, { recursive: true, force: true });
    await mkdir(stateDir, { recursive: true });
    if (options.rejected !== undefined) await mkdir(options.rejected, { recursive: true });

    // 1. Signatures.
    const hasher = new MinHasher({ ngrams: options.ngrams, bands: options.bands, rows: options.rows });
    const splitter = wordSplitter(options.language);
    const record = new Int32Array(ints);
    const recordBytes = Buffer.from(record.buffer);
    const block: Buffer[] = [];
    const handle = openSync(signatureFile, 'w');
    let total = 0;
    try {
      for await (const event of documentsOf(paths, reader)) {
        if ('error' in event) {
          fail(event.error);
          continue;
        }
        const text = event.doc.text ?? '';
        const [high, low] = exactKey(text);
        record.fill(0);
        record[0] = high;
        record[1] = low;
        record[2] = hasher.bandKeys(splitter.words(simplifyText(text)), record.subarray(3)) ? 1 : 0;
        block.push(Buffer.from(recordBytes));
        if (block.length === 16_384) writeSync(handle, Buffer.concat(block.splice(0)));
        counts.documentsRead++;
        counts.bytesIn += Buffer.byteLength(text);
        total++;
      }
      if (block.length > 0) writeSync(handle, Buffer.concat(block.splice(0)));
    } finally {
      closeSync(handle);
    }
    counts.inputs = paths.length;

    // 2. Clusters: exact keys first, then one band at a time.
    const clusters = new UnionFind(total);
    const exactDuplicate = new Uint8Array(total);
    const table = new IntPairTable();
    const firstHolder = new Int32Array(total);
    for (let key = -1; key < options.bands; key++) {
      table.reset(total);
      let position = 0;
      for (const entry of readRecords(signatureFile, ints)) {
        const at = position++;
        if (key >= 0 && entry[2] !== 1) continue;
        const offset = key < 0 ? 0 : 3 + 2 * key;
        const found = table.getOrAdd(entry[offset] as number, entry[offset + 1] as number);
        if (found < 0) {
          firstHolder[-1 - found] = at;
          continue;
        }
        if (key < 0) exactDuplicate[at] = 1;
        clusters.union(firstHolder[found] as number, at);
      }
    }
    const clusterSizes = new Map<number, number>();
    for (let at = 0; at < total; at++) {
      const root = clusters.find(at);
      if (root !== at) clusterSizes.set(root, (clusterSizes.get(root) ?? 1) + 1);
    }

    // 3. Filter: the documents again, in the same order.
    const writerFor = (dir: string): ShardWriter =>
      new ShardWriter(dir, {
        format: options.format,
        compress: options.compress,
        shardSize: options.shardSize,
        ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
        prefix: NAMES.shardPrefix,
      });
    writers = { kept: writerFor(options.output), removed: options.rejected === undefined ? undefined : writerFor(options.rejected) };
    const survivorIds = new Map<number, unknown>();
    const signatures = readRecords(signatureFile, ints);
    let position = 0;
    for await (const event of documentsOf(paths, reader)) {
      if ('error' in event) continue;
      const at = position++;
      const stored = signatures.next();
      const text = event.doc.text ?? '';
      const [high, low] = exactKey(text);
      if (stored.done === true || stored.value[0] !== high || stored.value[1] !== low) {
        throw new OutputError(`${displayPath(`${event.doc.source}:${String(event.doc.metadata['line'])}`)}: the input changed while dedup read it; nothing was lost, run it again`);
      }
      const root = clusters.find(at);
      if (root === at) {
        const size = clusterSizes.get(at);
        const kept = recordOf(event.doc, options.textField, size === undefined ? {} : { dedup_cluster_size: size });
        if (size !== undefined) survivorIds.set(at, kept['id']);
        await writers.kept.write(serialize(kept, options.textField, options.format));
        counts.documentsWritten++;
      } else {
        countRejection(counts, 'dedup', exactDuplicate[at] === 1 ? 'exact_duplicate' : 'near_duplicate');
        await writers.removed?.write(serialize(recordOf(event.doc, options.textField, { duplicate_of: survivorIds.get(root) }), options.textField, options.format));
      }
    }
    if (position !== total) throw new OutputError(`${displayPath(options.inputs.join(' '))}: the input changed while dedup read it (${total} documents, then ${position}); run it again`);
    await writers.kept.close();
    await writers.removed?.close();
    counts.bytesOut = writers.kept.bytesWritten;
    await rm(stateDir, { recursive: true, force: true });
    await writeManifest(path.join(options.output, NAMES.manifest), manifestOf(options, counts, errors, writers.kept.shards, writers.removed?.shards));
  } catch (error) {
    await writers?.kept.abort().catch(() => undefined);
    await writers?.removed?.abort().catch(() => undefined);
    if (error instanceof OutputError) {
      say(error.message);
      return EXIT.usageOrFatal;
    }
    throw error;
  }
  if (!options.quiet) {
    const seconds = (performance.now() - started) / 1000;
    say(
      `dedup: ${counts.documentsRead} ${counts.documentsRead === 1 ? 'document' : 'documents'} read, ${counts.documentsWritten} kept, ` +
        `${counts.documentsRejected} removed, ${counts.failed} failed; ${formatBytes(counts.bytesIn)} in, ${formatBytes(counts.bytesOut)} out; ${seconds.toFixed(2)} s`,
    );
    if (counts.documentsRejected > 0) say(`removed: ${formatRejections(counts.rejected)}`);
  }
  return counts.failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
}

function manifestOf(options: DedupOptions, counts: RunCounts, errors: InputError[], shards: ShardInfo[], removed: ShardInfo[] | undefined) {
  return {
    tool: 'clean-corpus' as const,
    version: VERSION,
    task: { index: 0, count: 1, from: 'single' },
    status: 'complete' as const,
    options: {
      command: 'dedup',
      format: options.format,
      compress: options.compress,
      shardSize: options.shardSize,
      ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
      textField: options.textField,
      ngrams: options.ngrams,
      bands: options.bands,
      rows: options.rows,
      language: options.language,
    },
    counts,
    errors,
    shards,
    ...(options.rejected === undefined || removed === undefined ? {} : { rejected: { dir: options.rejected, shards: removed } }),
  };
}
