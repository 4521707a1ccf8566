import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_STEPS, parseStepList, UnknownStepError } from './pipeline.js';
import { EXIT, run, RUN_DEFAULTS, type RunOptions } from './run.js';
import { STEPS, type StepOptions } from './steps/index.js';
import { parseSize } from './format.js';
import { VERSION } from './version.js';
import { DEFAULT_INCLUDE } from './discover.js';

function sizeArgument(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError('expected a size such as 512KB, 64MB or 1GB.');
  return bytes;
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
  return `\nSteps (--steps takes any ordered, comma-separated list; default ${DEFAULT_STEPS.join(',')}):\n${lines.join('\n')}\n`;
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
    .option('--shard-size <size>', 'roll over to a new shard before this size (e.g. 512KB, 64MB, 1GB)', sizeArgument, RUN_DEFAULTS.shardSize)
    .option('--shard-docs <n>', 'roll over to a new shard after this many documents', positiveInteger)
    .option('--steps <list>', 'cleaning steps to apply, in order', DEFAULT_STEPS.join(','))
    .option('--keep-newlines', 'keep paragraph breaks: one paragraph per line; txt documents separated by a blank line')
    .addOption(new Option('--extract <what>', 'strip-tags: all visible text, or the main content only').choices(['all', 'main']).default('all'))
    .option('--keep-symbols', 'remove-punctuation: keep symbols (S*), delete punctuation (P*) only')
    .addOption(
      new Option('--punctuation-to <what>', 'remove-punctuation: what a deleted run becomes').choices(['nothing', 'space']).default('nothing'),
    )
    .addOption(new Option('--input-type <type>', 'treat every input as HTML or as plain text').choices(['html', 'text']))
    .option('--include <glob>', `file pattern to take from directories, repeatable (default: ${DEFAULT_INCLUDE.join(' ')})`, collect)
    .option('--exclude <glob>', 'file pattern to leave out, repeatable', collect)
    .option('--max-doc-size <size>', 'refuse documents larger than this (decompressed)', sizeArgument, RUN_DEFAULTS.maxDocSize)
    .option('--text-field <name>', 'JSONL inputs: the field holding the text', RUN_DEFAULTS.textField)
    .option('--overwrite', 'replace the shards of an earlier run in the output folder')
    .option('-q, --quiet', 'no summary line')
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
  inputType?: 'html' | 'text';
  include?: string[];
  exclude?: string[];
  maxDocSize: number;
  textField: string;
  overwrite?: true;
  quiet?: true;
}

/**
 * Parses argv (without the node and script entries) and runs. Returns the
 * exit code. Usage errors print one message and return 2, never a stack.
 */
export async function main(argv: readonly string[], io: Pick<RunOptions, 'stdin' | 'stdout' | 'stderr'> & { stdinIsTTY: boolean }): Promise<number> {
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

  const stepOptions: StepOptions = {
    extract: flags.extract,
    keepNewlines: flags.keepNewlines === true,
    keepSymbols: flags.keepSymbols === true,
    punctuationReplacement: flags.punctuationTo,
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
    maxDocSize: flags.maxDocSize,
    textField: flags.textField,
    overwrite: flags.overwrite === true,
    quiet: flags.quiet === true,
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
  });
}
