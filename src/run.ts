import { readdir, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { cleanDocument, type CleanOutcome } from './document.js';
import { discoverInputs, STDIN_INPUT, DEFAULT_INCLUDE } from './discover.js';
import { buildPipeline, type Pipeline } from './pipeline.js';
import { readInput } from './readers/index.js';
import { readStdin } from './readers/stdin.js';
import type { StepName, StepOptions } from './steps/index.js';
import type { InputError, InputType, RawDoc, ReadEvent, ReaderOptions } from './types.js';
import { toRecord, type OutputFormat } from './writers/record.js';
import { isShardName, ShardWriter, type ShardInfo } from './writers/shard-writer.js';
import { OutputError, type RecordSink } from './writers/sink.js';
import { StreamWriter } from './writers/stream-writer.js';
import { displayPath, formatBytes } from './format.js';
import { VERSION } from './version.js';

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
  compress: 'none' | 'gzip';
  shardSize: number;
  shardDocs?: number;
  steps: readonly StepName[];
  stepOptions: StepOptions;
  inputType?: InputType;
  include: readonly string[];
  exclude: readonly string[];
  maxDocSize: number;
  textField: string;
  /** Replace the shards of an earlier run in the output folder. */
  overwrite: boolean;
  quiet: boolean;
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
  textField: 'text',
  include: DEFAULT_INCLUDE,
  exclude: [] as readonly string[],
} as const;

/** Counters of a run, reported in the summary line and the manifest. */
export interface RunCounts {
  inputs: number;
  documentsRead: number;
  documentsWritten: number;
  documentsEmpty: number;
  failed: number;
  skipped: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
}

export const MANIFEST_NAME = 'manifest.json';

class Reporter {
  constructor(
    private readonly stderr: Writable,
    private readonly quiet: boolean,
  ) {}

  inputError(error: InputError): void {
    this.stderr.write(`clean-corpus: ${displayPath(error.source)}: ${error.reason}\n`);
  }

  fatal(message: string): void {
    this.stderr.write(`clean-corpus: ${message}\n`);
  }

  summary(counts: RunCounts, seconds: number): void {
    if (this.quiet) return;
    const skipped = Object.values(counts.skipped).reduce((sum, n) => sum + n, 0);
    this.stderr.write(
      `clean-corpus: ${counts.documentsRead} ${counts.documentsRead === 1 ? 'document' : 'documents'} read, ${counts.documentsWritten} written, ` +
        `${counts.documentsEmpty} empty, ${counts.failed} failed` +
        (skipped > 0 ? `, ${skipped} records skipped` : '') +
        `; ${formatBytes(counts.bytesIn)} in, ${formatBytes(counts.bytesOut)} out; ${seconds.toFixed(2)} s\n`,
    );
  }
}

/** Refuses an output folder that already holds shards, unless told to replace them. */
async function prepareOutputDir(dir: string, overwrite: boolean): Promise<string | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return `${displayPath(dir)}: output exists and is not a directory`;
    throw error;
  }
  const earlier = names.filter((name) => isShardName(name) || name === MANIFEST_NAME);
  if (earlier.length === 0) return undefined;
  if (!overwrite) {
    return `${displayPath(dir)}: output folder already holds shards of an earlier run (${earlier.length} files); choose a new folder or pass --overwrite`;
  }
  for (const name of earlier) await rm(path.join(dir, name), { force: true });
  return undefined;
}

async function writeManifest(dir: string, manifest: unknown): Promise<void> {
  const finalPath = path.join(dir, MANIFEST_NAME);
  const tempPath = path.join(dir, `.${MANIFEST_NAME}.tmp`);
  await writeFile(tempPath, JSON.stringify(manifest, null, 2) + '\n');
  await rename(tempPath, finalPath);
}

/**
 * Runs one cleaning job: discovers the inputs, reads, decodes and cleans
 * every document in a stable order, and writes shards or a stream. Returns
 * the exit code; never calls `process.exit`, so tests can drive it directly.
 */
export async function run(options: RunOptions): Promise<number> {
  const started = performance.now();
  const reporter = new Reporter(options.stderr, options.quiet);
  const counts: RunCounts = {
    inputs: 0,
    documentsRead: 0,
    documentsWritten: 0,
    documentsEmpty: 0,
    failed: 0,
    skipped: {},
    bytesIn: 0,
    bytesOut: 0,
  };
  const errors: InputError[] = [];
  const reportError = (error: InputError): void => {
    counts.failed++;
    errors.push(error);
    reporter.inputError(error);
  };

  if (options.output !== undefined) {
    try {
      const refusal = await prepareOutputDir(options.output, options.overwrite);
      if (refusal !== undefined) {
        reporter.fatal(refusal);
        return EXIT.usageOrFatal;
      }
    } catch (error) {
      reporter.fatal(`${displayPath(options.output)}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usageOrFatal;
    }
  }

  const inputs = options.inputs.length === 0 ? [STDIN_INPUT] : options.inputs;
  const discovered = await discoverInputs(inputs, {
    include: options.include,
    exclude: options.exclude,
    ...(options.output === undefined ? {} : { outputDir: options.output }),
  });
  for (const error of discovered.errors) reportError(error);

  const pipeline = buildPipeline(options.steps, options.stepOptions);
  const readerOptions: ReaderOptions = {
    maxDocSize: options.maxDocSize,
    textField: options.textField,
    ...(options.inputType === undefined ? {} : { inputType: options.inputType }),
  };

  let sink: RecordSink;
  let shardWriter: ShardWriter | undefined;
  if (options.output !== undefined) {
    shardWriter = new ShardWriter(options.output, {
      format: options.format,
      compress: options.compress,
      shardSize: options.shardSize,
      ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
      keepNewlines: options.stepOptions.keepNewlines ?? false,
    });
    sink = shardWriter;
  } else {
    sink = new StreamWriter(options.stdout, options.format, options.stepOptions.keepNewlines ?? false);
  }

  const handleOutcome = async (outcome: CleanOutcome): Promise<void> => {
    if ('empty' in outcome) {
      counts.documentsEmpty++;
      return;
    }
    await sink.write(toRecord(outcome.doc));
    counts.documentsWritten++;
  };

  try {
    await shardWriter?.init();
    for (const inputPath of discovered.paths) {
      counts.inputs++;
      const events: AsyncIterable<ReadEvent> =
        inputPath === STDIN_INPUT ? readStdin(options.stdin, readerOptions) : readInput(inputPath, readerOptions);
      for await (const event of events) {
        if ('error' in event) {
          reportError(event.error);
        } else if ('skipped' in event) {
          counts.skipped[event.skipped] = (counts.skipped[event.skipped] ?? 0) + 1;
        } else {
          counts.documentsRead++;
          counts.bytesIn += rawSize(event.doc);
          const outcome = cleanOrReport(event.doc, pipeline, reportError);
          if (outcome !== undefined) await handleOutcome(outcome);
        }
      }
    }
    await sink.close();
  } catch (error) {
    if (error instanceof OutputError) {
      await shardWriter?.abort();
      reporter.fatal(error.message);
      return EXIT.usageOrFatal;
    }
    throw error;
  }
  counts.bytesOut = sink.bytesWritten;
  const seconds = (performance.now() - started) / 1000;

  if (options.output !== undefined && shardWriter !== undefined) {
    try {
      await writeManifest(options.output, buildManifest(options, counts, errors, shardWriter.shards));
    } catch (error) {
      reporter.fatal(`${displayPath(options.output)}: cannot write ${MANIFEST_NAME}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.usageOrFatal;
    }
  }
  reporter.summary(counts, seconds);
  return counts.failed > 0 ? EXIT.someInputsFailed : EXIT.ok;
}

function rawSize(raw: RawDoc): number {
  return raw.text !== undefined ? Buffer.byteLength(raw.text) : raw.bytes.byteLength;
}

/** Steps never throw by contract; if one does anyway, that document fails, not the run. */
function cleanOrReport(raw: RawDoc, pipeline: Pipeline, reportError: (error: InputError) => void): CleanOutcome | undefined {
  try {
    return cleanDocument(raw, pipeline);
  } catch (error) {
    reportError({ source: raw.source, reason: `cleaning failed: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
}

function buildManifest(options: RunOptions, counts: RunCounts, errors: InputError[], shards: ShardInfo[]): unknown {
  return {
    tool: 'clean-corpus',
    version: VERSION,
    options: {
      steps: options.steps,
      stepOptions: options.stepOptions,
      format: options.format,
      compress: options.compress,
      shardSize: options.shardSize,
      ...(options.shardDocs === undefined ? {} : { shardDocs: options.shardDocs }),
      ...(options.inputType === undefined ? {} : { inputType: options.inputType }),
      include: options.include,
      exclude: options.exclude,
      maxDocSize: options.maxDocSize,
      textField: options.textField,
    },
    counts,
    errors,
    shards,
  };
}
