import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STEPS, DOCUMENT_STEP_SUMMARIES, parseStepList, TEXT_STEP_SUMMARIES, UnknownStepError } from './step-names.js';
import type { PipelineSpec } from './pipeline-file.js';
import { PRESETS } from './presets.js';
import { displayPath } from './format.js';
import { describeFsError } from './readers/errors.js';
import { EXIT, run, RUN_DEFAULTS, type RunOptions } from './run.js';
import type { StepOptions } from './steps/index.js';
import { VERSION } from './version.js';
import { DEFAULT_INCLUDE } from './discover.js';
import { availableParallelism } from 'node:os';
import { resolveTaskShare } from './tasks.js';
import { parseCommandLine, positiveInteger, sizeArgument, wholeNumber } from './arguments.js';
import type { OutputFormat } from './writers/record.js';
import type { ShardCompression } from './writers/shard-writer.js';

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number of seconds (0 for no limit).');
  return number;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function languageList(value: string): string[] {
  const languages = value
    .split(',')
    .map((language) => language.trim())
    .filter((language) => language.length > 0);
  if (languages.length === 0) throw new InvalidArgumentError('expected language codes such as en,de,fr.');
  return languages;
}

function fraction(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('expected a number from 0 to 1.');
  return number;
}

function stepListHelp(): string {
  const lines = [...Object.entries(TEXT_STEP_SUMMARIES), ...Object.entries(DOCUMENT_STEP_SUMMARIES)].map(([name, summary]) => `  ${name.padEnd(21)}${summary}`);
  return (
    `\nSteps (--steps takes any ordered, comma-separated list; default ${DEFAULT_STEPS.join(',')}):\n${lines.join('\n')}\n` +
    `\nclean-corpus stats [--json] DIR   merge the manifests of every task that wrote into DIR\n` +
    `clean-corpus dedup IN... -o OUT    remove exact and near-duplicate documents (see clean-corpus dedup --help)\n` +
    `clean-corpus report DIR -o FILE    draw a run as one self-contained HTML page (see clean-corpus report --help)\n` +
    `\nExit codes: 0 all inputs cleaned; 1 some inputs failed (each named on stderr); 2 usage or output error; 130/143 interrupted.\n`
  );
}

function buildProgram(): Command {
  return new Command()
    .name('clean-corpus')
    .description('Turn raw web pages and text files into clean, training-ready text shards.')
    .version(VERSION)
    .argument('[inputs...]', 'files, directories (searched recursively) and glob patterns; - or nothing reads stdin')
    .option('-o, --output <dir>', 'write shards into this folder (default: stdout)')
    .addOption(new Option('--format <format>', 'jsonl records, one document per line, or Parquet files').choices(['jsonl', 'txt', 'parquet']))
    .addOption(
      new Option('--compress <method>', 'compress shards (jsonl, txt: none or gzip; parquet: zstd, snappy, gzip or none)')
        .choices(['none', 'gzip', 'zstd', 'snappy'])
        .default(undefined, 'none; zstd for parquet'),
    )
    .addOption(
      new Option('--shard-size <size>', 'roll over to a new shard before this size (e.g. 512KB, 64MB, 1GB)')
        .argParser(sizeArgument)
        .default(RUN_DEFAULTS.shardSize, '256MB'),
    )
    .option('--shard-docs <n>', 'roll over to a new shard after this many documents', positiveInteger)
    .option('--steps <list>', 'cleaning steps to apply, in order', DEFAULT_STEPS.join(','))
    .option('--pipeline <file>', 'steps and their options from a YAML or JSON file (instead of --steps)')
    .addOption(new Option('--preset <name>', "a named pipeline: fineweb is FineWeb's recipe (see the README)").choices(Object.keys(PRESETS)))
    .option('--rejected <dir>', 'write the documents a step rejects to shards in this folder, with metadata.filter and filter_reason')
    .option('--languages <list>', 'language step: keep only these languages (ISO 639-1 codes, comma-separated)', languageList)
    .option('--language-threshold <score>', 'language step: reject at or below this score for every listed language (default 0.65)', fraction)
    .option('--keep-newlines', 'keep paragraph breaks: one paragraph per line; txt documents separated by a blank line')
    .addOption(new Option('--extract <what>', 'strip-tags: all visible text, or the main content only').choices(['all', 'main']).default('all'))
    .option('--keep-symbols', 'remove-punctuation: keep symbols (S*), delete punctuation (P*) only')
    .addOption(
      new Option('--punctuation-to <what>', 'remove-punctuation: what a deleted run becomes').choices(['nothing', 'space']).default('nothing'),
    )
    .addOption(
      new Option('--normalize <form>', 'Unicode normalization of the cleaned text').choices(['NFC', 'NFKC', 'none']).default('NFC'),
    )
    .addOption(new Option('--input-type <type>', 'treat every input as HTML or as plain text').choices(['html', 'text']))
    .option('--include <glob>', `file pattern to take from directories, repeatable (default: ${DEFAULT_INCLUDE.join(' ')})`, collect)
    .option('--exclude <glob>', 'file or folder pattern to leave out, repeatable', collect)
    .option('--follow-symlinks', 'follow symbolic links that lead outside the input folders')
    .addOption(
      new Option('--max-doc-size <size>', 'refuse documents larger than this (decompressed)').argParser(sizeArgument).default(RUN_DEFAULTS.maxDocSize, '64MB'),
    )
    .option('--text-field <name>', 'JSONL and Parquet inputs: the field (column) holding the text', RUN_DEFAULTS.textField)
    .addOption(
      new Option('-j, --jobs <n>', 'worker threads that decode and clean (1: all in the main thread)')
        .argParser(positiveInteger)
        .default(availableParallelism(), 'the number of CPUs'),
    )
    .option('--doc-timeout <seconds>', 'with --jobs 2 or more: fail a document that takes longer (0: no limit)', seconds, RUN_DEFAULTS.docTimeoutMs / 1000)
    .option('--overwrite', "replace this task's shards of an earlier run in the output folder")
    .option('--resume', "continue this task's interrupted run in the output folder")
    .option('--task-index <i>', 'array jobs: this task\'s index, 0-based (default: from Slurm or Kubernetes, else 0)', wholeNumber)
    .option('--task-count <n>', 'array jobs: the number of tasks (default: from Slurm, else 1)', positiveInteger)
    .option('-q, --quiet', 'no summary line and no progress bar')
    .addHelpText('after', stepListHelp())
    .showSuggestionAfterError(true)
    .exitOverride();
}

interface ParsedFlags {
  output?: string;
  format?: OutputFormat;
  compress?: ShardCompression;
  shardSize: number;
  shardDocs?: number;
  steps: string;
  pipeline?: string;
  preset?: string;
  rejected?: string;
  languages?: string[];
  languageThreshold?: number;
  keepNewlines?: true;
  extract: 'all' | 'main';
  keepSymbols?: true;
  punctuationTo: 'nothing' | 'space';
  normalize: 'NFC' | 'NFKC' | 'none';
  inputType?: 'html' | 'text';
  include?: string[];
  exclude?: string[];
  followSymlinks?: true;
  maxDocSize: number;
  textField: string;
  jobs: number;
  docTimeout: number;
  overwrite?: true;
  resume?: true;
  taskIndex?: number;
  taskCount?: number;
  quiet?: true;
}

/**
 * Parses argv (without the node and script entries) and runs. Returns the
 * exit code. Usage errors print one message and return 2, never a stack.
 */
export interface CliIo extends Pick<RunOptions, 'stdin' | 'stdout' | 'stderr'> {
  stdinIsTTY: boolean;
  /** Draw a progress bar (stderr is a terminal). @default false */
  stderrIsTTY?: boolean;
  /** Where Slurm and Kubernetes task numbers are read. @default {} */
  env?: NodeJS.ProcessEnv;
  /** Aborted on SIGINT/SIGTERM, with the signal's name as its reason. */
  signal?: AbortSignal;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // Each command's code is loaded only when it runs: a cleaning run's main thread starts sooner.
  if (argv[0] === 'stats') return (await import('./stats.js')).statsCommand(argv.slice(1), io);
  if (argv[0] === 'dedup') return (await import('./dedup/command.js')).dedupCommand(argv.slice(1), io);
  if (argv[0] === 'report') return (await import('./report/command.js')).reportCommand(argv.slice(1), io);
  const program = buildProgram();
  const finished = parseCommandLine(program, argv, io, 'clean-corpus');
  if (finished !== undefined) return finished;
  const flags = program.opts<ParsedFlags>();
  const inputs = program.args;

  const fromCommandLine = (name: string): boolean => program.getOptionValueSource(name) === 'cli';
  const spec = await pipelineSpecOf(flags, fromCommandLine('steps'), io);
  if (typeof spec === 'number') return spec;
  if (inputs.length === 0 && io.stdinIsTTY) {
    io.stderr.write(program.helpInformation());
    io.stderr.write('\nclean-corpus: no inputs given and stdin is a terminal\n');
    return EXIT.usageOrFatal;
  }

  if (flags.resume === true && flags.overwrite === true) {
    io.stderr.write('clean-corpus: --resume and --overwrite contradict each other; pick one\n');
    return EXIT.usageOrFatal;
  }
  if (flags.rejected !== undefined && flags.output !== undefined && path.resolve(flags.rejected) === path.resolve(flags.output)) {
    io.stderr.write('clean-corpus: --rejected must be another folder than --output\n');
    return EXIT.usageOrFatal;
  }
  if ((flags.resume === true || flags.overwrite === true) && flags.output === undefined) {
    io.stderr.write(`clean-corpus: ${flags.resume === true ? '--resume' : '--overwrite'} needs --output DIR\n`);
    return EXIT.usageOrFatal;
  }
  const task = resolveTaskShare(
    { ...(flags.taskIndex === undefined ? {} : { taskIndex: flags.taskIndex }), ...(flags.taskCount === undefined ? {} : { taskCount: flags.taskCount }) },
    io.env ?? {},
  );
  if ('error' in task) {
    io.stderr.write(`clean-corpus: ${task.error}\n`);
    return EXIT.usageOrFatal;
  }

  // A pipeline file's options hold unless the command line says otherwise.
  const file = spec.stepOptions;
  const stepOptions: StepOptions = {
    extract: fromCommandLine('extract') ? flags.extract : (file.extract ?? flags.extract),
    keepNewlines: fromCommandLine('keepNewlines') || file.keepNewlines === true,
    keepSymbols: fromCommandLine('keepSymbols') || file.keepSymbols === true,
    punctuationReplacement: fromCommandLine('punctuationTo') ? flags.punctuationTo : (file.punctuationReplacement ?? flags.punctuationTo),
    normalize: fromCommandLine('normalize') ? flags.normalize : (file.normalize ?? flags.normalize),
  };
  if (flags.languages !== undefined || flags.languageThreshold !== undefined) {
    if (!spec.steps.includes('language')) {
      io.stderr.write(`clean-corpus: ${flags.languages !== undefined ? '--languages' : '--language-threshold'} needs the language step: add language to --steps\n`);
      return EXIT.usageOrFatal;
    }
    spec.steps.forEach((name, i) => {
      if (name !== 'language') return;
      spec.stepSettings[i] = {
        ...spec.stepSettings[i],
        ...(flags.languages === undefined ? {} : { languages: flags.languages }),
        ...(flags.languageThreshold === undefined ? {} : { language_threshold: flags.languageThreshold }),
      };
    });
  }
  const format = flags.format ?? (flags.output === undefined ? 'txt' : 'jsonl');
  if (format === 'parquet' && flags.output === undefined) {
    io.stderr.write('clean-corpus: --format parquet writes files: give an output folder with -o\n');
    return EXIT.usageOrFatal;
  }
  const compress = flags.compress ?? (format === 'parquet' ? 'zstd' : 'none');
  if (format !== 'parquet' && compress !== 'none' && compress !== 'gzip') {
    io.stderr.write(`clean-corpus: --compress ${compress} is for --format parquet; ${format} shards take none or gzip\n`);
    return EXIT.usageOrFatal;
  }
  return run({
    inputs,
    ...(flags.output === undefined ? {} : { output: flags.output }),
    format,
    compress,
    shardSize: flags.shardSize,
    ...(flags.shardDocs === undefined ? {} : { shardDocs: flags.shardDocs }),
    steps: spec.steps,
    stepOptions,
    stepSettings: spec.stepSettings,
    ...(flags.rejected === undefined ? {} : { rejected: flags.rejected }),
    ...(flags.inputType === undefined ? {} : { inputType: flags.inputType }),
    include: flags.include ?? DEFAULT_INCLUDE,
    exclude: flags.exclude ?? [],
    followSymlinks: flags.followSymlinks === true,
    maxDocSize: flags.maxDocSize,
    textField: flags.textField,
    jobs: flags.jobs,
    docTimeoutMs: flags.docTimeout * 1000,
    overwrite: flags.overwrite === true,
    resume: flags.resume === true,
    task,
    quiet: flags.quiet === true,
    progress: io.stderrIsTTY === true && flags.quiet !== true,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
  });
}

/** The steps from --steps, --pipeline or --preset; an exit code after a usage error, said on stderr. */
async function pipelineSpecOf(flags: ParsedFlags, stepsGiven: boolean, io: CliIo): Promise<PipelineSpec | number> {
  const fail = (message: string): number => {
    io.stderr.write(`clean-corpus: ${message}\n`);
    return EXIT.usageOrFatal;
  };
  if (flags.pipeline !== undefined && flags.preset !== undefined) return fail('--pipeline and --preset contradict each other; pick one');
  if ((flags.pipeline !== undefined || flags.preset !== undefined) && stepsGiven) {
    return fail(`--steps and ${flags.pipeline !== undefined ? '--pipeline' : '--preset'} contradict each other; pick one`);
  }
  // The parser of pipeline files (and YAML) is loaded only for a preset or a file.
  if (flags.preset !== undefined) return (await import('./pipeline-file.js')).parsePipelineText(PRESETS[flags.preset] as string);
  if (flags.pipeline !== undefined) {
    const { parsePipelineText, PipelineFileError } = await import('./pipeline-file.js');
    let text: string;
    try {
      text = readFileSync(flags.pipeline, 'utf8');
    } catch (error) {
      return fail(`${displayPath(flags.pipeline)}: ${describeFsError(error)}`);
    }
    try {
      return parsePipelineText(text);
    } catch (error) {
      if (error instanceof PipelineFileError) return fail(`${displayPath(flags.pipeline)}: ${error.message}`);
      throw error;
    }
  }
  try {
    return { steps: parseStepList(flags.steps), stepOptions: {}, stepSettings: [] };
  } catch (error) {
    if (error instanceof UnknownStepError) return fail(`--steps: ${error.message}`);
    throw error;
  }
}
