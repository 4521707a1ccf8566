import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_STEPS, parseStepList, UnknownStepError } from './pipeline.js';
import { EXIT, run, RUN_DEFAULTS, type RunOptions } from './run.js';
import { STEPS, type StepOptions } from './steps/index.js';
import { parseSize } from './format.js';
import { VERSION } from './version.js';
import { DEFAULT_INCLUDE } from './discover.js';
import { availableParallelism } from 'node:os';
import { resolveTaskShare } from './tasks.js';
import { statsCommand } from './stats.js';

function sizeArgument(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError('expected a size such as 512KB, 64MB or 1GB.');
  return bytes;
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number.');
  return number;
}

function seconds(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('expected a number of seconds (0 for no limit).');
  return number;
}

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return number;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function stepListHelp(): string {
  const lines = Object.entries(STEPS).map(([name, step]) => `  ${name.padEnd(21)}${step.summary}`);
  return (
    `\nSteps (--steps takes any ordered, comma-separated list; default ${DEFAULT_STEPS.join(',')}):\n${lines.join('\n')}\n` +
    `\nclean-corpus stats [--json] DIR   merge the manifests of every task that wrote into DIR\n` +
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
    .addOption(new Option('--format <format>', 'jsonl records or one document per line').choices(['jsonl', 'txt']))
    .addOption(new Option('--compress <method>', 'compress shards').choices(['none', 'gzip']).default('none'))
    .addOption(
      new Option('--shard-size <size>', 'roll over to a new shard before this size (e.g. 512KB, 64MB, 1GB)')
        .argParser(sizeArgument)
        .default(RUN_DEFAULTS.shardSize, '256MB'),
    )
    .option('--shard-docs <n>', 'roll over to a new shard after this many documents', positiveInteger)
    .option('--steps <list>', 'cleaning steps to apply, in order', DEFAULT_STEPS.join(','))
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
    .option('--text-field <name>', 'JSONL inputs: the field holding the text', RUN_DEFAULTS.textField)
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
  format?: 'jsonl' | 'txt';
  compress: 'none' | 'gzip';
  shardSize: number;
  shardDocs?: number;
  steps: string;
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
  if (argv[0] === 'stats') return statsCommand(argv.slice(1), io);
  const program = buildProgram();
  program.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(`clean-corpus: ${text.replace(/^error: /, '')}`),
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usageOrFatal;
    }
    throw error;
  }
  const flags = program.opts<ParsedFlags>();
  const inputs = program.args;

  let steps;
  try {
    steps = parseStepList(flags.steps);
  } catch (error) {
    if (error instanceof UnknownStepError) {
      io.stderr.write(`clean-corpus: --steps: ${error.message}\n`);
      return EXIT.usageOrFatal;
    }
    throw error;
  }
  if (inputs.length === 0 && io.stdinIsTTY) {
    io.stderr.write(program.helpInformation());
    io.stderr.write('\nclean-corpus: no inputs given and stdin is a terminal\n');
    return EXIT.usageOrFatal;
  }

  if (flags.resume === true && flags.overwrite === true) {
    io.stderr.write('clean-corpus: --resume and --overwrite contradict each other; pick one\n');
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

  const stepOptions: StepOptions = {
    extract: flags.extract,
    keepNewlines: flags.keepNewlines === true,
    keepSymbols: flags.keepSymbols === true,
    punctuationReplacement: flags.punctuationTo,
    normalize: flags.normalize,
  };
  const format = flags.format ?? (flags.output === undefined ? 'txt' : 'jsonl');
  return run({
    inputs,
    ...(flags.output === undefined ? {} : { output: flags.output }),
    format,
    compress: flags.compress,
    shardSize: flags.shardSize,
    ...(flags.shardDocs === undefined ? {} : { shardDocs: flags.shardDocs }),
    steps,
    stepOptions,
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
