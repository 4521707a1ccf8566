/**
 * `clean-corpus dedup`: removes exact and near-duplicate documents from JSONL
 * shards, keeping the first of each cluster in input order. Four stages,
 * each a function of files on disk, so that one process and an array of
 * tasks on shared storage give the same records:
 *
 * 1. `signatures` (tasks share the input files): each document's exact key
 *    (SHA-256 of the text after {@link exactText}) and the band keys of its
 *    MinHash signature, as fixed-size records in input order, and its id.
 * 2. `buckets` (tasks share the bands, the exact keys counting as one): for
 *    each band, the documents whose key an earlier document holds, as pairs
 *    of input positions (the first holder, the repeat).
 * 3. `clusters` (one task; union-find over the pairs runs at millions of
 *    pairs a second): each document's cluster root, the first position, and
 *    the id and size of every cluster of more than one.
 * 4. `filter` (tasks share the input files): each document read again and
 *    written to the kept shards or, with its survivor's id, to the removed
 *    ones; one whose exact key differs from its signature record stops the
 *    task, naming it: the input changed between the stages.
 *
 * Positions are global: input files sorted by path, lines in order.
 */
import { closeSync, createReadStream, existsSync, openSync, readdirSync, readSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { mkdir, readFile, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { documentId } from '../document.js';
import { discoverInputs } from '../discover.js';
import { IntPairTable } from '../filters/int-pair-table.js';
import { displayPath, formatBytes } from '../format.js';
import { countRejection, emptyCounts, formatRejections, type RunCounts } from '../journal.js';
import { writeManifest, type Manifest } from '../manifest.js';
import { prepareOutput, prepareRejected } from '../output-dir.js';
import { isJsonlPath, readJsonlFile } from '../readers/jsonl.js';
import { taskFileNames, type TaskShare } from '../tasks.js';
import type { InputError, RawDoc, ReaderOptions } from '../types.js';
import { VERSION } from '../version.js';
import { jsonLine, ownedBytes, textBlock, type OutputFormat } from '../writers/record.js';
import { ShardWriter } from '../writers/shard-writer.js';
import { OutputError } from '../writers/sink.js';
import { createSignaturePool } from '../dedup-pool.js';
import { MINHASH_DEFAULTS } from './minhash.js';
import { exactKey, recordInts } from './signature.js';
import { isCommitted, readDescription, readStateFile, StateFileWriter, verifyStateFile, writeStateFile } from './state.js';
import { UnionFind } from './union-find.js';

export const DEDUP_STAGES = ['signatures', 'buckets', 'clusters', 'filter'] as const;
export type DedupStage = (typeof DEDUP_STAGES)[number];

export interface DedupOptions {
  /** Folders, files and glob patterns of JSONL (`.jsonl`, `.jsonl.gz`, `.json.gz`). */
  inputs: readonly string[];
  /** The folder of kept documents; the stages' files go to its hidden `.dedup/`. */
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
  /** Threads that make signatures (the output is the same for any number). @default 1 */
  jobs: number;
  /** One stage of an array job; undefined runs all four here. */
  stage?: DedupStage;
  /** This process's task of the stage. */
  task: TaskShare;
  /**
   * Keys a buckets task holds in memory at once (about 40 bytes each): with
   * more documents, each band's keys are split by key into partitions on
   * disk first, and each partition read alone. @default 4,000,000
   */
  partitionKeys?: number;
  /** Skip a task whose output is already committed (a requeued task); redo the rest. */
  resume: boolean;
  overwrite: boolean;
  quiet: boolean;
  stderr: Writable;
}

export const DEDUP_DEFAULTS = { ...MINHASH_DEFAULTS, language: 'en' } as const;

const PARTITION_KEYS = 4_000_000;

const STATE_DIR = '.dedup';
const EXIT = { ok: 0, someInputsFailed: 1, usageOrFatal: 2 } as const;
const RECORDS_PER_BLOCK = 16_384;
/** A batch of documents for the signature workers: small enough to keep them all busy, large enough that a message is worth it. */
const BATCH_DOCUMENTS = 256;
const BATCH_CHARACTERS = 1 << 20;


const taskSuffix = (index: number): string => `t${String(index).padStart(5, '0')}`;

/**
 * A task's share of the input files for the signatures and filter stages: a
 * contiguous run of them, so that the tasks' shards, taken in task order,
 * hold the records in input order, as the single command writes them.
 */
function shareOf<T>(paths: readonly T[], task: TaskShare): T[] {
  const start = Math.floor((task.index * paths.length) / task.count);
  const end = Math.floor(((task.index + 1) * paths.length) / task.count);
  return paths.slice(start, end);
}

/** What one signatures task records of each of its files. */
interface FileSignatures {
  path: string;
  documents: number;
  errors: InputError[];
  bytes: number;
}


/** Reads `count` fixed-size records from `first` on, in large blocks. */
function* readRecords(file: string, ints: number, first = 0, count = Number.POSITIVE_INFINITY): Generator<Int32Array> {
  const handle = openSync(file, 'r');
  const recordBytes = ints * 4;
  const block = Buffer.alloc(recordBytes * RECORDS_PER_BLOCK);
  let position = first * recordBytes;
  let left = count;
  try {
    while (left > 0) {
      const want = Math.min(block.length, Number.isFinite(left) ? left * recordBytes : block.length);
      const read = readSync(handle, block, 0, want, position);
      if (read === 0) break;
      if (read % recordBytes !== 0) throw new OutputError(`${file}: ends in the middle of a record`);
      position += read;
      const view = new Int32Array(block.buffer, block.byteOffset, read / 4);
      for (let at = 0; at < read / 4 && left > 0; at += ints, left--) yield view.subarray(at, at + ints);
    }
  } finally {
    closeSync(handle);
  }
  if (Number.isFinite(left) && left > 0) throw new OutputError(`${file}: holds fewer records than its description says`);
}

/** The record written for a document: its fields as read, its id, and the metadata dedup adds. */
function recordOf(doc: RawDoc, id: string, textField: string, added: Record<string, unknown>): Record<string, unknown> {
  const { line: _line, ...fields } = doc.metadata;
  const inner = fields['metadata'];
  const metadata = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as Record<string, unknown>) : {};
  return { id, [textField]: doc.text, ...fields, metadata: { ...metadata, ...added } };
}

const idOf = (doc: RawDoc): string => doc.id ?? documentId(`${doc.source}:${String(doc.metadata['line'])}`);

function serialize(record: Record<string, unknown>, textField: string, format: OutputFormat): Uint8Array<ArrayBuffer> {
  return ownedBytes(format === 'jsonl' ? jsonLine(record) : textBlock(String(record[textField]), false) + '\n');
}

/** The documents and errors of one input file, in order. */
async function* documentsOf(file: string, reader: ReaderOptions): AsyncGenerator<{ doc: RawDoc } | { error: InputError }> {
  if (!isJsonlPath(file)) {
    yield { error: { source: file, reason: 'not a JSONL file (.jsonl, .jsonl.gz, .json.gz)' } };
    return;
  }
  for await (const event of readJsonlFile(file, reader)) {
    if ('doc' in event || 'error' in event) yield event;
  }
}

/** What every stage shares: the inputs, where the state is, how records look. */
interface Context {
  options: DedupOptions;
  paths: string[];
  discoveryErrors: InputError[];
  stateDir: string;
  reader: ReaderOptions;
  ints: number;
  /** When this process started, for the summary. */
  started: number;
  say(line: string): void;
}

/** The options that decide the stages' files: a stage refuses the files of other ones. */
function fingerprintOf(options: DedupOptions): string {
  return JSON.stringify([options.ngrams, options.bands, options.rows, options.language, options.textField, options.maxDocSize]);
}

async function contextOf(options: DedupOptions): Promise<Context> {
  const discovered = await discoverInputs(options.inputs, { include: ['**/*.jsonl', '**/*.jsonl.gz', '**/*.json.gz'], exclude: [], outputDir: options.output });
  // The removed documents of an earlier run are not input either.
  const rejectedReal = options.rejected === undefined ? undefined : await realpath(options.rejected).catch(() => path.resolve(options.rejected as string));
  const paths: string[] = [];
  for (const file of discovered.paths) {
    const real = await realpath(file).catch(() => path.resolve(file));
    if (rejectedReal === undefined || (real !== rejectedReal && !real.startsWith(rejectedReal + path.sep))) paths.push(file);
  }
  return {
    options,
    paths,
    discoveryErrors: discovered.errors,
    stateDir: path.join(options.output, STATE_DIR),
    reader: { maxDocSize: options.maxDocSize, textField: options.textField },
    ints: recordInts(options.bands),
    started: performance.now(),
    say: (line) => options.stderr.write(`clean-corpus: ${line}\n`),
  };
}

const signatureFile = (context: Context, task: number): string => path.join(context.stateDir, `signatures-${taskSuffix(task)}.bin`);
const idFile = (context: Context, task: number): string => path.join(context.stateDir, `ids-${taskSuffix(task)}.jsonl`);
/** Unit -1 is the exact keys; 0… the bands. */
const pairFile = (context: Context, unit: number): string => path.join(context.stateDir, unit < 0 ? 'pairs-exact.bin' : `pairs-band${String(unit).padStart(3, '0')}.bin`);
const clusterFile = (context: Context): string => path.join(context.stateDir, 'clusters.bin');

/** 1. The signatures of this task's files. */
async function signaturesStage(context: Context, task: TaskShare): Promise<number> {
  const file = signatureFile(context, task.index);
  if (context.options.resume && isCommitted(file) && isCommitted(idFile(context, task.index))) {
    context.say(`dedup signatures: task ${task.index} is already done`);
    return EXIT.ok;
  }
  const records = new StateFileWriter(file);
  const ids = new StateFileWriter(idFile(context, task.index));
  const files: FileSignatures[] = [];
  let failed = 0;
  const { ngrams, bands, rows, language, jobs } = context.options;
  const pool = createSignaturePool({ ngrams, bands, rows, language }, jobs);
  // Batches in flight, oldest first: their records are written in the order the documents came.
  const inFlight: Array<Promise<Int32Array>> = [];
  let texts: string[] = [];
  let textBytes = 0;
  const send = async (): Promise<void> => {
    if (texts.length > 0) inFlight.push(pool.records(texts));
    texts = [];
    textBytes = 0;
    while (inFlight.length > 2 * Math.max(1, jobs)) records.write(new Uint8Array((await inFlight.shift()!).buffer));
  };
  try {
    for (const input of shareOf(context.paths, task)) {
      const entry: FileSignatures = { path: input, documents: 0, errors: [], bytes: 0 };
      for await (const event of documentsOf(input, context.reader)) {
        if ('error' in event) {
          entry.errors.push(event.error);
          failed++;
          context.say(`${displayPath(event.error.source)}: ${event.error.reason}`);
          continue;
        }
        const text = event.doc.text ?? '';
        texts.push(text);
        textBytes += text.length;
        if (texts.length >= BATCH_DOCUMENTS || textBytes >= BATCH_CHARACTERS) await send();
        ids.write(Buffer.from(`${JSON.stringify(idOf(event.doc))}\n`));
        entry.documents++;
        entry.bytes += Buffer.byteLength(text);
      }
      files.push(entry);
    }
    await send();
    for (const batch of inFlight.splice(0)) records.write(new Uint8Array((await batch).buffer));
  } finally {
    await pool.close();
  }
  const about = { stage: 'signatures', task: [task.index, task.count], fingerprint: fingerprintOf(context.options), files };
  ids.commit(about);
  records.commit(about);
  return failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
}

/** Where each input file's signature records are: which signatures task file, from which record, how many, and its global position. */
interface Layout {
  files: Array<FileSignatures & { task: number; firstRecord: number; position: number }>;
  total: number;
}

/** Reads the signatures stage's descriptions and checks that they cover the inputs, as they are now, exactly once. */
function layoutOf(context: Context, verify: boolean): Layout {
  const byPath = new Map<string, FileSignatures & { task: number; firstRecord: number }>();
  const names = existsSync(context.stateDir) ? readdirSync(context.stateDir) : [];
  for (const name of names.filter((n) => /^signatures-t\d{5,}\.bin$/.test(n)).sort()) {
    const task = Number(name.slice('signatures-t'.length, -'.bin'.length));
    const file = path.join(context.stateDir, name);
    const about = verify ? verifyStateFile(file, `the signatures stage, task ${task}`) : readDescription(file)?.about;
    if (about === undefined) throw new OutputError(`${file}: missing or not committed; run the signatures stage, task ${task}, first`);
    if (about['fingerprint'] !== fingerprintOf(context.options)) {
      throw new OutputError(`${file}: made with other options (--ngrams, --bands, --rows, --language, --text-field, --max-doc-size); run the signatures stage again`);
    }
    let firstRecord = 0;
    for (const entry of about['files'] as FileSignatures[]) {
      byPath.set(entry.path, { ...entry, task, firstRecord });
      firstRecord += entry.documents;
    }
  }
  const files: Layout['files'] = [];
  let position = 0;
  for (const input of context.paths) {
    const entry = byPath.get(input);
    if (entry === undefined) throw new OutputError(`${displayPath(input)}: has no signatures (a signatures task is missing, or the input changed since that stage)`);
    byPath.delete(input);
    files.push({ ...entry, position });
    position += entry.documents;
  }
  const gone = [...byPath.keys()];
  if (gone.length > 0) throw new OutputError(`${displayPath(gone[0] as string)}: had signatures but is no longer among the inputs (the input changed since that stage)`);
  return { files, total: position };
}

/** The units (the exact keys, then the bands) of one buckets task. */
const unitsOf = (context: Context, task: TaskShare): number[] =>
  Array.from({ length: context.options.bands + 1 }, (_, i) => i - 1).filter((_, i) => i % task.count === task.index);


/** The keys of one unit (the exact keys, or one band) with their positions, in input order. */
function* keysOf(context: Context, layout: Layout, unit: number): Generator<[number, number, number]> {
  const offset = unit < 0 ? 0 : 3 + 2 * unit;
  for (const input of layout.files) {
    let position = input.position;
    for (const record of readRecords(signatureFile(context, input.task), context.ints, input.firstRecord, input.documents)) {
      const at = position++;
      if (unit >= 0 && record[2] !== 1) continue;
      yield [record[offset] as number, record[offset + 1] as number, at];
    }
  }
}

/** Pairs (first holder, repeat) among keys that arrive in input order. */
function repeatsOf(keys: Iterable<[number, number, number]>, capacity: number, table: IntPairTable, pairs: number[]): void {
  table.reset(capacity);
  const firstHolder = new Int32Array(capacity);
  for (const [high, low, at] of keys) {
    const found = table.getOrAdd(high, low);
    if (found < 0) firstHolder[-1 - found] = at;
    else pairs.push(firstHolder[found] as number, at);
  }
}

/** 2. The repeats of this task's bands: pairs of positions (first holder, repeat). */
function bucketsStage(context: Context, task: TaskShare, layout: Layout): number {
  const table = new IntPairTable();
  const partitionKeys = context.options.partitionKeys ?? PARTITION_KEYS;
  const partitions = Math.ceil(layout.total / partitionKeys);
  for (const unit of unitsOf(context, task)) {
    const file = pairFile(context, unit);
    if (context.options.resume && isCommitted(file)) continue;
    const pairs: number[] = [];
    if (partitions <= 1) {
      repeatsOf(keysOf(context, layout, unit), layout.total, table, pairs);
    } else {
      // Equal keys land in one partition, in input order: the first holder of a key is the same as in one table.
      const temps = Array.from({ length: partitions }, (_, i) => new StateFileWriter(`${file}.part${i}`));
      const sizes = new Array<number>(partitions).fill(0);
      const entry = new Int32Array(3);
      for (const [high, low, at] of keysOf(context, layout, unit)) {
        entry[0] = high;
        entry[1] = low;
        entry[2] = at;
        const partition = (high >>> 0) % partitions;
        (temps[partition] as StateFileWriter).write(new Uint8Array(entry.buffer).slice());
        sizes[partition] = (sizes[partition] as number) + 1;
      }
      temps.forEach((temp) => temp.commit({ stage: 'buckets', partition: true }));
      for (let i = 0; i < partitions; i++) {
        const part = `${file}.part${i}`;
        const keys = (function* (): Generator<[number, number, number]> {
          for (const record of readRecords(part, 3)) yield [record[0] as number, record[1] as number, record[2] as number];
        })();
        // Distinct keys are spread evenly; a partition larger than the rest holds repeats of few keys.
        repeatsOf(keys, Math.max(1, sizes[i] as number), table, pairs);
        rmSync(part, { force: true });
        rmSync(`${part}.json`, { force: true });
      }
    }
    writeStateFile(file, [Buffer.from(Int32Array.from(pairs).buffer)], { stage: 'buckets', unit, pairs: pairs.length / 2, documents: layout.total });
  }
  return EXIT.ok;
}

/** The kinds of a removal in `removed.bin`. */
const EXACT = 1;
const NEAR = 2;

/** The record after an input file's last, in its signatures task's file. */
const endOf = (input: { firstRecord: number; documents: number }): number => input.firstRecord + input.documents;

/**
 * 3. Clusters, from the pairs: the removed positions with their root (the
 * cluster's first position) and kind, and the id and size of every cluster
 * of more than one. Only documents that have duplicates are held.
 */
async function clustersStage(context: Context, task: TaskShare, layout: Layout): Promise<number> {
  if (task.index !== 0) {
    context.say(`dedup clusters: one task does it (task 0); task ${task.index} has nothing to do`);
    return EXIT.ok;
  }
  const file = clusterFile(context);
  if (context.options.resume && isCommitted(file)) {
    context.say('dedup clusters: already done');
    return EXIT.ok;
  }
  const clusters = new UnionFind();
  const exact = new Set<number>();
  for (let unit = -1; unit < context.options.bands; unit++) {
    const { data, about } = readStateFile(pairFile(context, unit), `the buckets stage (${unit < 0 ? 'exact keys' : `band ${unit}`})`);
    if (about['documents'] !== layout.total) throw new OutputError(`${pairFile(context, unit)}: made for other inputs; run the buckets stage again`);
    const pairs = new Int32Array(data.buffer, data.byteOffset, data.length / 4);
    for (let i = 0; i < pairs.length; i += 2) {
      clusters.union(pairs[i] as number, pairs[i + 1] as number);
      if (unit < 0) exact.add(pairs[i + 1] as number);
    }
  }
  const removed: number[] = [];
  const sizes = new Map<number, number>();
  for (const at of [...clusters.members()].sort((a, b) => a - b)) {
    const root = clusters.find(at);
    if (root === at) continue;
    removed.push(at, root, exact.has(at) ? EXACT : NEAR);
    sizes.set(root, (sizes.get(root) ?? 1) + 1);
  }
  // The survivors' ids, from the ids the signatures stage kept, read a line at a time.
  const survivors: Array<[number, string, number]> = [];
  const byTask = new Map<number, Layout['files']>();
  for (const input of layout.files) {
    const list = byTask.get(input.task);
    if (list === undefined) byTask.set(input.task, [input]);
    else list.push(input);
  }
  for (const [taskIndex, inputs] of byTask) {
    const ids = idFile(context, taskIndex);
    verifyStateFile(ids, `the signatures stage, task ${taskIndex}`);
    // The ids file holds the task's documents in record order: each line's position follows from its file's.
    const ordered = [...inputs].sort((a, b) => a.firstRecord - b.firstRecord);
    let current = 0;
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(ids), crlfDelay: Number.POSITIVE_INFINITY })) {
      const record = line++;
      while (current < ordered.length && record >= endOf(ordered[current] as Layout['files'][number])) current++;
      const input = ordered[current];
      if (input === undefined || record < input.firstRecord) continue;
      const at = input.position + record - input.firstRecord;
      const size = sizes.get(at);
      if (size !== undefined) survivors.push([at, JSON.parse(text) as string, size]);
    }
  }
  survivors.sort((a, b) => a[0] - b[0]);
  writeStateFile(path.join(context.stateDir, 'survivors.json'), [Buffer.from(JSON.stringify(survivors))], { stage: 'clusters', documents: layout.total });
  writeStateFile(file, [Buffer.from(Int32Array.from(removed).buffer)], { stage: 'clusters', documents: layout.total, clusters: sizes.size, removed: removed.length / 3 });
  return EXIT.ok;
}

/** 4. This task's documents, kept or removed. */
async function filterStage(context: Context, task: TaskShare, layout: Layout): Promise<number> {
  const { options } = context;
  const names = taskFileNames(task);
  const manifestFile = path.join(options.output, names.manifest);
  if (options.resume) {
    const earlier = await readFile(manifestFile, 'utf8').then(
      (text) => JSON.parse(text) as Manifest,
      () => undefined,
    );
    if (earlier?.status === 'complete') {
      context.say(`dedup filter: task ${task.index} is already done`);
      return EXIT.ok;
    }
  }
  // A resumed task redoes its shards: it replaces what an interrupted attempt left.
  const overwrite = options.overwrite || options.resume;
  const prepared = await prepareOutput(options.output, names, { overwrite, resume: false, fingerprint: '' });
  if ('refusal' in prepared) throw new OutputError(prepared.refusal);
  if (options.rejected !== undefined) {
    const ready = await prepareRejected(options.rejected, names, { overwrite, resume: false }, []);
    if ('refusal' in ready) throw new OutputError(ready.refusal);
    await mkdir(options.rejected, { recursive: true });
  }
  const { data: removedBytes, about } = readStateFile(clusterFile(context), 'the clusters stage');
  if (about['documents'] !== layout.total) throw new OutputError(`${clusterFile(context)}: made for other inputs; run the clusters stage again`);
  // Removed positions with their root and kind, sorted by position: the documents that have duplicates only.
  const removedList = new Int32Array(removedBytes.buffer, removedBytes.byteOffset, removedBytes.length / 4);
  const removals = new Map<number, { root: number; kind: number }>();
  for (let i = 0; i < removedList.length; i += 3) removals.set(removedList[i] as number, { root: removedList[i + 1] as number, kind: removedList[i + 2] as number });
  const survivors = new Map(
    (JSON.parse(readStateFile(path.join(context.stateDir, 'survivors.json'), 'the clusters stage').data.toString('utf8')) as Array<[number, string, number]>).map(
      ([position, id, size]) => [position, { id, size }],
    ),
  );
  const writerFor = (dir: string): ShardWriter =>
    new ShardWriter(dir, {
      format: options.format,
      compress: options.compress,
      shardSize: options.shardSize,
      ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
      prefix: names.shardPrefix,
    });
  const kept = writerFor(options.output);
  const removed = options.rejected === undefined ? undefined : writerFor(options.rejected);
  const counts = emptyCounts();
  const errors: InputError[] = [];
  const mine = new Set(shareOf(context.paths, task));
  try {
    for (const input of layout.files) {
      if (!mine.has(input.path)) continue;
      counts.inputs++;
      counts.failed += input.errors.length;
      errors.push(...input.errors);
      const signatures = readRecords(signatureFile(context, input.task), context.ints, input.firstRecord, input.documents);
      let position = input.position;
      for await (const event of documentsOf(input.path, context.reader)) {
        if ('error' in event) continue;
        const at = position++;
        const stored = signatures.next();
        const text = event.doc.text ?? '';
        const [high, low] = exactKey(text);
        if (stored.done === true || stored.value[0] !== high || stored.value[1] !== low) {
          throw new OutputError(`${displayPath(`${event.doc.source}:${String(event.doc.metadata['line'])}`)}: the input changed since the signatures stage; run dedup again`);
        }
        counts.documentsRead++;
        counts.bytesIn += Buffer.byteLength(text);
        const removal = removals.get(at);
        const id = idOf(event.doc);
        if (removal === undefined) {
          const survivor = survivors.get(at);
          await kept.write(serialize(recordOf(event.doc, id, options.textField, survivor === undefined ? {} : { dedup_cluster_size: survivor.size }), options.textField, options.format));
          counts.documentsWritten++;
        } else {
          countRejection(counts, 'dedup', removal.kind === EXACT ? 'exact_duplicate' : 'near_duplicate');
          await removed?.write(serialize(recordOf(event.doc, id, options.textField, { duplicate_of: survivors.get(removal.root)?.id }), options.textField, options.format));
        }
      }
      if (position !== input.position + input.documents) throw new OutputError(`${displayPath(input.path)}: the input changed since the signatures stage; run dedup again`);
    }
    await kept.close();
    await removed?.close();
  } catch (error) {
    await kept.abort().catch(() => undefined);
    await removed?.abort().catch(() => undefined);
    throw error;
  } finally {
    await kept.stopHashing();
    await removed?.stopHashing();
  }
  counts.bytesOut = kept.bytesWritten;
  await writeManifest(manifestFile, {
    tool: 'clean-corpus',
    version: VERSION,
    task: { index: task.index, count: task.count, from: task.from },
    status: 'complete',
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
    shards: kept.shards,
    ...(options.rejected === undefined || removed === undefined ? {} : { rejected: { dir: options.rejected, shards: removed.shards } }),
  });
  if (!options.quiet) summary(context, counts, task);
  return counts.failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
}

function summary(context: Context, counts: RunCounts, task: TaskShare): void {
  const of = task.count > 1 ? ` (task ${task.index} of ${task.count})` : '';
  context.say(
    `dedup${of}: ${counts.documentsRead} ${counts.documentsRead === 1 ? 'document' : 'documents'} read, ${counts.documentsWritten} kept, ` +
      `${counts.documentsRejected} removed, ${counts.failed} failed; ${formatBytes(counts.bytesIn)} in, ${formatBytes(counts.bytesOut)} out; ` +
      `${((performance.now() - context.started) / 1000).toFixed(2)} s`,
  );
  if (counts.documentsRejected > 0) context.say(`removed: ${formatRejections(counts.rejected)}`);
}

/** Runs one stage of an array job, or all four here. Returns the exit code. */
export async function runDedup(options: DedupOptions): Promise<number> {
  const context = await contextOf(options);
  const reportDiscovery = options.stage === undefined || options.stage === 'signatures';
  if (reportDiscovery && options.task.index === 0) for (const error of context.discoveryErrors) context.say(`${displayPath(error.source)}: ${error.reason}`);
  const discoveryFailed = context.discoveryErrors.length > 0 ? EXIT.someInputsFailed : EXIT.ok;
  try {
    if (options.stage === undefined) {
      const single: TaskShare = { index: 0, count: 1, from: 'single' };
      // A fresh output folder before any work: refused now rather than after the signatures.
      const prepared = await prepareOutput(options.output, taskFileNames(single), { overwrite: options.overwrite, resume: false, fingerprint: '' });
      if ('refusal' in prepared) throw new OutputError(prepared.refusal);
      if (options.rejected !== undefined) {
        const ready = await prepareRejected(options.rejected, taskFileNames(single), { overwrite: options.overwrite, resume: false }, []);
        if ('refusal' in ready) throw new OutputError(ready.refusal);
      }
      await rm(context.stateDir, { recursive: true, force: true });
      await mkdir(context.stateDir, { recursive: true });
      const signed = await signaturesStage(context, single);
      const layout = layoutOf(context, false);
      bucketsStage(context, single, layout);
      await clustersStage(context, single, layout);
      const filtered = await filterStage(context, { ...single }, layout);
      await rm(context.stateDir, { recursive: true, force: true });
      return Math.max(signed, filtered, discoveryFailed);
    }
    await mkdir(context.stateDir, { recursive: true });
    if (options.stage === 'signatures') return Math.max(await signaturesStage(context, options.task), discoveryFailed);
    const layout = layoutOf(context, true);
    if (options.stage === 'buckets') return bucketsStage(context, options.task, layout);
    if (options.stage === 'clusters') return await clustersStage(context, options.task, layout);
    return await filterStage(context, options.task, layout);
  } catch (error) {
    if (error instanceof OutputError) {
      context.say(error.message);
      return EXIT.usageOrFatal;
    }
    throw error;
  }
}
