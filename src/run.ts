import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { STDIN_INPUT, DEFAULT_INCLUDE } from './discover.js';
import { discoverTask, discoverTaskInThread, type DiscoveryRequest } from './discover-task.js';
import { displayPath, formatBytes } from './format.js';
import type { StepSettings } from './filters/index.js';
import { copyCounts, countRejection, emptyCounts, formatRejections, JournalWriter, runFingerprint, type CommitPoint, type Position, type RunCounts } from './journal.js';
import { buildManifest, writeManifest, type RunStatus } from './manifest.js';
import { prepareOutput, prepareRejected } from './output-dir.js';
import type { PipelineStepName } from './step-names.js';
import { createCleaner, type Cleaner, type CleanedFile, type CleanedRecord } from './pool.js';
import { Progress } from './progress.js';
import { ReadingThread } from './readers/in-thread.js';
import { isOneDocumentFile } from './readers/paths.js';
import { readStdin } from './readers/stdin.js';
import type { StepOptions } from './steps/index.js';
import { taskFileNames, type TaskShare } from './tasks.js';
import type { InputError, InputType, ReadEvent, ReaderOptions } from './types.js';
import type { OutputFormat } from './writers/record.js';
import { ShardWriter, type ShardCompression, type ShardInfo } from './writers/shard-writer.js';
import { OutputError, type RecordSink } from './writers/sink.js';
import { StreamWriter } from './writers/stream-writer.js';

export type { RunCounts } from './journal.js';

/** Exit codes, as the README documents them. */
export const EXIT = {
  ok: 0,
  someInputsFailed: 1,
  usageOrFatal: 2,
  interrupted: 130,
  terminated: 143,
} as const;

export interface RunOptions {
  /** Files, directories, glob patterns, or `-` for stdin. Empty: stdin. */
  inputs: readonly string[];
  /** Output folder for shards; undefined writes to `stdout`. */
  output?: string;
  format: OutputFormat;
  compress: ShardCompression;
  shardSize: number;
  shardDocs?: number;
  steps: readonly PipelineStepName[];
  stepOptions: StepOptions;
  /** The options of each document step, by its place in `steps`. @default none */
  stepSettings?: ReadonlyArray<StepSettings | undefined>;
  /** A folder for the documents a step rejects, in shards as the output's; undefined only counts them. */
  rejected?: string;
  inputType?: InputType;
  include: readonly string[];
  exclude: readonly string[];
  /** Follow symbolic links that lead outside the input folders. */
  followSymlinks: boolean;
  maxDocSize: number;
  textField: string;
  /** Worker threads that decode and clean; 1 cleans in the main thread. */
  jobs: number;
  /** Milliseconds one document may take in a worker; 0 for no limit. */
  docTimeoutMs: number;
  /** Replace this task's shards of an earlier run in the output folder. */
  overwrite: boolean;
  /** Continue this task's interrupted run in the output folder. */
  resume: boolean;
  /** This process's share of the inputs. */
  task: TaskShare;
  quiet: boolean;
  /** Draw a progress bar on stderr. */
  progress: boolean;
  /** Aborting stops the run cleanly: no new work, the shard in progress dropped, the manifest written. */
  signal?: AbortSignal;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Defaults the CLI documents, for library users building {@link RunOptions}. */
export const RUN_DEFAULTS = {
  format: 'jsonl',
  compress: 'none',
  shardSize: 256 * 1024 * 1024,
  maxDocSize: 64 * 1024 * 1024,
  docTimeoutMs: 60_000,
  textField: 'text',
  include: DEFAULT_INCLUDE,
  exclude: [] as readonly string[],
} as const;

/** Events read ahead of the writer, at most: enough for every worker's documents sent ahead (pool.ts), and a few waiting. */
const MAX_IN_FLIGHT_EVENTS_PER_JOB = 192;
/** Raw bytes read ahead of the writer, at most (one larger document still passes alone). */
const MAX_IN_FLIGHT_BYTES = 64 * 1024 * 1024;

class Reporter {
  constructor(
    private readonly stderr: Writable,
    private readonly quiet: boolean,
    private readonly progress: Progress | undefined,
  ) {}

  inputError(error: InputError): void {
    this.write(`clean-corpus: ${displayPath(error.source)}: ${error.reason}\n`);
  }

  fatal(message: string): void {
    this.write(`clean-corpus: ${message}\n`);
  }

  summary(counts: RunCounts, seconds: number, note: string): void {
    if (this.quiet) return;
    const skipped = Object.values(counts.skipped).reduce((sum, n) => sum + n, 0);
    this.write(
      `clean-corpus: ${note}${counts.documentsRead} ${counts.documentsRead === 1 ? 'document' : 'documents'} read, ` +
        `${counts.documentsWritten} written, ${counts.documentsEmpty} empty, ` +
        (counts.documentsRejected > 0 ? `${counts.documentsRejected} rejected, ` : '') +
        `${counts.failed} failed` +
        (skipped > 0 ? `, ${skipped} records skipped` : '') +
        `; ${formatBytes(counts.bytesIn)} in, ${formatBytes(counts.bytesOut)} out; ${seconds.toFixed(2)} s\n` +
        (counts.documentsRejected > 0 ? `clean-corpus: rejected: ${formatRejections(counts.rejected)}\n` : ''),
    );
  }

  private write(text: string): void {
    if (this.progress === undefined) this.stderr.write(text);
    else this.progress.log(text);
  }
}

/** A shard writer into `dir` with the run's format and shard options. */
function shardWriterOf(
  options: RunOptions,
  dir: string,
  prefix: string,
  firstSequence: number,
  onShardCommitted: (shard: ShardInfo) => Promise<void>,
): ShardWriter {
  return new ShardWriter(dir, {
    format: options.format,
    compress: options.compress,
    shardSize: options.shardSize,
    ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
    keepNewlines: options.stepOptions.keepNewlines ?? false,
    prefix,
    firstSequence,
    onShardCommitted,
  });
}

function readerOptionsOf(options: RunOptions): ReaderOptions {
  return {
    maxDocSize: options.maxDocSize,
    textField: options.textField,
    ...(options.inputType === undefined ? {} : { inputType: options.inputType }),
  };
}

/** One read event on its way to the writer, in input order. */
type InFlight =
  | { kind: 'error'; error: InputError; position: Position }
  | { kind: 'skipped'; reason: string; position: Position }
  | { kind: 'doc'; source: string; result: Promise<CleanedRecord>; bytes: number; position: Position; inputDone: boolean }
  /** A file that is one document, read where it is cleaned (`Cleaner.cleanFile`). */
  | { kind: 'file'; source: string; result: Promise<CleanedFile>; bytes: number; position: Position };

/**
 * Runs one cleaning job (or one task of an array job): discovers the inputs,
 * reads, decodes and cleans every document, and writes shards or a stream,
 * in the same order whatever the number of jobs. Returns the exit code;
 * never calls `process.exit`, so tests can drive it directly.
 */
export async function run(options: RunOptions): Promise<number> {
  // Worker threads start first, so that loading their modules overlaps with discovery.
  const output = { format: options.format, keepNewlines: options.stepOptions.keepNewlines ?? false };
  const setup = { steps: options.steps, stepOptions: options.stepOptions, stepSettings: options.stepSettings ?? [], output, reader: readerOptionsOf(options) };
  // Standard input is one document: nothing to share out, and starting worker
  // threads took longer than cleaning a page (a pipe ran in ~150 ms against ~105).
  const stdinOnly = options.inputs.every((input) => input === STDIN_INPUT);
  if ((stdinOnly || options.jobs <= 1) && options.steps.includes('language')) await (await import('./filters/language.js')).loadLanguageModel();
  const cleaner = await createCleaner(setup, stdinOnly ? 1 : options.jobs, options.docTimeoutMs);
  try {
    return await runWith(options, cleaner);
  } finally {
    await cleaner.close();
  }
}

async function runWith(options: RunOptions, cleaner: Cleaner): Promise<number> {
  // Not performance.now(): the global loads perf_hooks, a few milliseconds of every start.
  const started = process.hrtime.bigint();
  const names = taskFileNames(options.task);
  const inputs = options.inputs.length === 0 ? [STDIN_INPUT] : options.inputs;
  const request: DiscoveryRequest = {
    inputs,
    options: {
      include: options.include,
      exclude: options.exclude,
      followSymlinks: options.followSymlinks,
      ...(options.output === undefined ? {} : { outputDir: options.output }),
    },
    task: options.task,
  };
  // With workers, whose files the main thread only hands out, the inputs are found and sized in a thread of their own.
  const discovered = cleaner.cleanFile === undefined ? await discoverTask(request, options.progress) : await discoverTaskInThread(request);
  const { paths, sizes } = discovered;
  // A missing command-line input is every task's problem; one of them reports it.
  const discoveryErrors = options.task.index === 0 ? discovered.errors : [];

  const progress = options.progress ? await Progress.start(options.stderr, paths, sizes) : undefined;
  const reporter = new Reporter(options.stderr, options.quiet, progress);
  const fingerprint = runFingerprint({
    steps: options.steps,
    stepOptions: options.stepOptions,
    stepSettings: options.stepSettings ?? [],
    rejected: options.rejected !== undefined,
    format: options.format,
    compress: options.compress,
    shardSize: options.shardSize,
    shardDocs: options.shardDocs ?? null,
    inputType: options.inputType ?? null,
    maxDocSize: options.maxDocSize,
    textField: options.textField,
    task: [options.task.index, options.task.count],
    inputs: paths,
  });

  let counts = emptyCounts();
  let errors: InputError[] = [];
  let resumeFrom: Position = { input: 0, event: 0 };
  let firstSequence = 0;
  let journal: JournalWriter | undefined;
  let committedShards: ShardInfo[] = [];
  let committedRejectedShards: ShardInfo[] = [];

  /** Readies the folder of rejected documents, if any; false after saying why it cannot be used. */
  const readyRejected = async (committed: readonly ShardInfo[]): Promise<boolean> => {
    if (options.rejected === undefined) return true;
    // Only a run with an output folder has a journal to resume the rejected documents from.
    const resume = options.resume && options.output !== undefined;
    const ready = await prepareRejected(options.rejected, names, { overwrite: options.overwrite, resume }, committed);
    if ('ready' in ready) return true;
    progress?.stop();
    reporter.fatal(ready.refusal);
    return false;
  };

  if (options.output !== undefined) {
    const prepared = await prepareOutput(options.output, names, {
      overwrite: options.overwrite,
      resume: options.resume,
      fingerprint,
    });
    if ('refusal' in prepared) {
      reporter.fatal(prepared.refusal);
      progress?.stop();
      return EXIT.usageOrFatal;
    }
    committedShards = prepared.shards;
    committedRejectedShards = [...(prepared.journal?.rejectedShards ?? [])];
    if (prepared.journal !== undefined) {
      if (prepared.journal.done) {
        progress?.stop();
        reporter.fatal(`${displayPath(options.output)}: this run is already complete; nothing to resume`);
        return prepared.journal.counts.failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
      }
      counts = prepared.journal.counts;
      errors = prepared.journal.errors;
      resumeFrom = prepared.journal.resumeFrom;
      firstSequence = prepared.shards.length;
    }
    // Before the output's journal is opened: a refused folder of rejected documents leaves the output as it was.
    if (!(await readyRejected(committedRejectedShards))) return EXIT.usageOrFatal;
    try {
      await mkdir(options.output, { recursive: true });
      journal = await JournalWriter.open(path.join(options.output, names.journal), prepared.journal === undefined);
      if (prepared.journal === undefined) await journal.start(fingerprint);
    } catch (error) {
      reporter.fatal(`${displayPath(options.output)}: cannot write the journal: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usageOrFatal;
    }
  }

  const isFreshStart = resumeFrom.input === 0 && resumeFrom.event === 0 && committedShards.length === 0;
  const recordError = (error: InputError): void => {
    counts.failed++;
    errors.push(error);
    reporter.inputError(error);
  };
  if (isFreshStart) for (const error of discoveryErrors) recordError(error);

  /** The state the committed output is complete up to. */
  let commitPoint: CommitPoint = { position: resumeFrom, counts: copyCounts(counts), errorCount: errors.length };
  let journaledErrorCount = errors.length;

  // Written to stdout, the output has no folder to prepare; the rejected documents still have theirs.
  if (options.output === undefined && !(await readyRejected([]))) return EXIT.usageOrFatal;
  const readerOptions = readerOptionsOf(options);
  const keepNewlines = options.stepOptions.keepNewlines ?? false;
  /** Rejected shards committed since the last journal line: the next line lists them. */
  let unjournaledRejectedShards: ShardInfo[] = [];
  let rejectedWriter: ShardWriter | undefined;
  if (options.rejected !== undefined) {
    try {
      await mkdir(options.rejected, { recursive: true });
    } catch (error) {
      progress?.stop();
      reporter.fatal(`${displayPath(options.rejected)}: cannot create the folder of rejected documents: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usageOrFatal;
    }
    rejectedWriter = shardWriterOf(options, options.rejected, names.shardPrefix, committedRejectedShards.length, async (shard) => {
      committedRejectedShards.push(shard);
      unjournaledRejectedShards.push(shard);
    });
  }
  /** The rejected shards complete up to the commit point, for the journal line that commits it. */
  const takeRejectedShards = async (): Promise<ShardInfo[]> => {
    await rejectedWriter?.close();
    const shards = unjournaledRejectedShards;
    unjournaledRejectedShards = [];
    return shards;
  };
  let shardWriter: ShardWriter | undefined;
  let sink: RecordSink;
  if (options.output !== undefined) {
    const activeJournal = journal;
    shardWriter = shardWriterOf(options, options.output, names.shardPrefix, firstSequence, async (shard) => {
      committedShards.push(shard);
      // The rejected documents up to the commit point are committed with it, so a resume finds both complete there.
      const rejectedShards = await takeRejectedShards();
      await activeJournal?.shard(shard, commitPoint, errors.slice(journaledErrorCount, commitPoint.errorCount), rejectedShards);
      journaledErrorCount = commitPoint.errorCount;
    });
    sink = shardWriter;
  } else {
    sink = new StreamWriter(options.stdout, options.format, keepNewlines);
  }
  const bytesOutBefore = counts.bytesOut;

  const inFlight: InFlight[] = [];
  let inFlightBytes = 0;
  const maxInFlight = Math.max(2, options.jobs * MAX_IN_FLIGHT_EVENTS_PER_JOB);

  /** Takes the oldest event off the queue and applies it: counts, messages, output. */
  const settleOldest = async (): Promise<void> => {
    const entry = inFlight.shift();
    if (entry === undefined) return;
    // Inputs are counted as the writer reaches them, not as they are read ahead.
    counts.inputs = Math.max(counts.inputs, entry.position.input + 1);
    if (entry.kind === 'error') {
      recordError(entry.error);
    } else if (entry.kind === 'skipped') {
      counts.skipped[entry.reason] = (counts.skipped[entry.reason] ?? 0) + 1;
    } else if (entry.kind === 'file') {
      inFlightBytes -= entry.bytes;
      const result = await entry.result;
      if ('readError' in result) {
        recordError({ source: entry.source, reason: result.readError });
        progress?.advance(0, true);
      } else {
        const bytes = result.bytesIn ?? entry.bytes;
        await applyDocument(entry.source, result, bytes, entry.position);
        progress?.advance(bytes, true);
      }
    } else {
      inFlightBytes -= entry.bytes;
      await applyDocument(entry.source, await entry.result, entry.bytes, entry.position);
      progress?.advance(entry.bytes, entry.inputDone);
    }
  };

  /**
   * Counts a cleaned document and writes its record. The commit point moves
   * past every document applied, so that the shards committed at a roll-over
   * (the output's, and the rejected documents' with it) are complete up to it.
   */
  const applyDocument = async (source: string, result: CleanedRecord, bytes: number, position: Position): Promise<void> => {
    counts.documentsRead++;
    counts.bytesIn += bytes;
    if ('failure' in result) {
      recordError({ source, reason: result.failure });
    } else if ('empty' in result) {
      counts.documentsEmpty++;
    } else if ('rejected' in result) {
      countRejection(counts, result.filter, result.reason);
      await rejectedWriter?.write(result.rejected);
    } else {
      await sink.write(result.record);
      counts.documentsWritten++;
      counts.bytesOut = bytesOutBefore + sink.bytesWritten;
    }
    commitPoint = { position, counts: copyCounts(counts), errorCount: errors.length };
  };

  /** Waits for the oldest work until there is room for more. */
  const makeRoom = async (): Promise<void> => {
    while (inFlight.length >= maxInFlight || (inFlightBytes > MAX_IN_FLIGHT_BYTES && inFlight.length > 1)) await settleOldest();
  };

  let status: RunStatus = 'complete';
  let readers: typeof import('./readers/index.js') | undefined;
  let readingThread: ReadingThread | undefined;
  try {
    inputs: for (let inputIndex = resumeFrom.input; inputIndex < paths.length; inputIndex++) {
      const inputPath = paths[inputIndex] as string;
      const skipEvents = inputIndex === resumeFrom.input ? resumeFrom.event : 0;
      if (cleaner.cleanFile !== undefined && inputPath !== STDIN_INPUT && isOneDocumentFile(inputPath)) {
        if (options.signal?.aborted === true) {
          status = 'interrupted';
          break inputs;
        }
        // A file that is one document has one event: done before the interruption, or not.
        if (skipEvents >= 1) {
          progress?.advance(0, true);
          continue;
        }
        // Its size, looked up when it was found, keeps the bytes in flight bounded as for documents read here.
        const bytes = sizes[inputIndex] as number;
        inFlight.push({ kind: 'file', source: inputPath, result: cleaner.cleanFile(inputPath), bytes, position: { input: inputIndex, event: 1 } });
        inFlightBytes += bytes;
        await makeRoom();
        if (sink.closedByReader === true) break inputs;
        continue;
      }
      let events: AsyncIterable<ReadEvent>;
      if (inputPath === STDIN_INPUT) events = readStdin(options.stdin, readerOptions);
      // With workers, a container file (WARC, JSONL, Parquet) is read on a thread of its own: the main thread only hands its documents on.
      else if (cleaner.cleanFile !== undefined) events = (readingThread ??= new ReadingThread(readerOptions)).read(inputPath);
      else {
        // The readers are loaded at the first input read here: with workers, a folder of pages needs none.
        readers ??= await import('./readers/index.js');
        events = readers.readInput(inputPath, readerOptions);
      }
      let eventIndex = 0;
      let pendingDoc: (InFlight & { kind: 'doc' }) | undefined;
      for await (const event of events) {
        if (options.signal?.aborted === true) {
          status = 'interrupted';
          break inputs;
        }
        eventIndex++;
        if (eventIndex <= skipEvents) continue;
        const position = { input: inputIndex, event: eventIndex };
        if ('error' in event) {
          inFlight.push({ kind: 'error', error: event.error, position });
        } else if ('skipped' in event) {
          inFlight.push({ kind: 'skipped', reason: event.skipped, position });
        } else {
          const bytes = event.doc.text !== undefined ? Buffer.byteLength(event.doc.text) : event.doc.bytes.byteLength;
          pendingDoc = { kind: 'doc', source: event.doc.source, result: cleaner.clean(event.doc), bytes, position, inputDone: false };
          inFlight.push(pendingDoc);
          inFlightBytes += bytes;
        }
        await makeRoom();
        // `clean-corpus … | head`: once the reader has gone, the rest of the work is for nobody.
        if (sink.closedByReader === true) break inputs;
      }
      if (pendingDoc !== undefined) pendingDoc.inputDone = true;
      else progress?.advance(0, true);
    }
    while (inFlight.length > 0) await settleOldest();
    if (status !== 'interrupted') counts.inputs = paths.length;
    if (status === 'interrupted') {
      await shardWriter?.abort();
      await rejectedWriter?.abort();
    } else {
      await sink.close();
      const rejectedShards = await takeRejectedShards();
      await journal?.done({ position: { input: paths.length, event: 0 }, counts, errorCount: errors.length }, errors.slice(journaledErrorCount), rejectedShards);
    }
  } catch (error) {
    progress?.stop();
    if (error instanceof OutputError) {
      await shardWriter?.abort().catch(() => undefined);
      await rejectedWriter?.abort().catch(() => undefined);
      reporter.fatal(error.message);
      await journal?.close().catch(() => undefined);
      return EXIT.usageOrFatal;
    }
    throw error;
  } finally {
    // Nothing more is read or written: the reading and hashing threads end, whichever way the run did.
    await readingThread?.close();
    await shardWriter?.stopHashing();
    await rejectedWriter?.stopHashing();
  }
  await journal?.close();
  progress?.stop();

  // An interrupted run reports what its committed shards hold: that is what a resume starts from.
  const reported = status === 'interrupted' ? commitPoint.counts : counts;
  const reportedErrors = status === 'interrupted' ? errors.slice(0, commitPoint.errorCount) : errors;
  if (options.output !== undefined) {
    try {
      await writeManifest(
        path.join(options.output, names.manifest),
        buildManifest({ options, status, counts: reported, errors: reportedErrors, shards: committedShards, rejectedShards: committedRejectedShards }),
      );
    } catch (error) {
      reporter.fatal(`${displayPath(options.output)}: cannot write ${names.manifest}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usageOrFatal;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (status === 'interrupted') {
    reporter.summary(reported, seconds, 'interrupted; committed so far: ');
    return options.signal?.reason === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  }
  reporter.summary(counts, seconds, '');
  return counts.failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
}
