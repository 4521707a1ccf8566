/** `clean-corpus dedup`: its arguments, turned into {@link DedupOptions}. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { CliIo } from '../cli.js';
import { parseCommandLine, positiveInteger, sizeArgument, wholeNumber } from '../arguments.js';
import { RUN_DEFAULTS } from '../run.js';
import { resolveTaskShare } from '../tasks.js';
import { DEDUP_DEFAULTS, DEDUP_STAGES, runDedup, type DedupOptions } from './run-dedup.js';




/** What commander gives: the options as they are named in {@link DedupOptions}, where they mean the same. */
type DedupFlags = Pick<DedupOptions, 'rejected' | 'format' | 'compress' | 'shardSize' | 'shardDocs' | 'textField' | 'maxDocSize' | 'ngrams' | 'bands' | 'rows' | 'language' | 'jobs' | 'stage'> & {
  output?: string;
  taskIndex?: number;
  taskCount?: number;
  resume?: true;
  overwrite?: true;
  quiet?: true;
};

export async function dedupCommand(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr' | 'env'>): Promise<number> {
  const program = new Command()
    .name('clean-corpus dedup')
    .description('Remove exact and near-duplicate documents (MinHash LSH) from JSONL shards; the first of each cluster in input order is kept.')
    .argument('<inputs...>', 'folders (searched for .jsonl, .jsonl.gz, .json.gz), files and glob patterns')
    .option('-o, --output <dir>', 'write the kept documents to shards in this folder (required)')
    .option('--rejected <dir>', 'write the removed documents, with metadata.duplicate_of, to shards in this folder')
    .addOption(new Option('--format <format>', 'jsonl records or one document per line').choices(['jsonl', 'txt']).default('jsonl'))
    .addOption(new Option('--compress <method>', 'compress shards').choices(['none', 'gzip']).default('none'))
    .addOption(new Option('--shard-size <size>', 'roll over to a new shard before this size').argParser(sizeArgument).default(RUN_DEFAULTS.shardSize, '256MB'))
    .option('--shard-docs <n>', 'roll over to a new shard after this many documents', positiveInteger)
    .option('--text-field <name>', 'the field holding the text', RUN_DEFAULTS.textField)
    .addOption(new Option('--max-doc-size <size>', 'refuse longer lines').argParser(sizeArgument).default(RUN_DEFAULTS.maxDocSize, '64MB'))
    .option('--ngrams <n>', 'words per shingle; documents with fewer words are never near duplicates', positiveInteger, DEDUP_DEFAULTS.ngrams)
    .option('--bands <n>', 'MinHash bands', positiveInteger, DEDUP_DEFAULTS.bands)
    .option('--rows <n>', 'MinHash hashes per band', positiveInteger, DEDUP_DEFAULTS.rows)
    .addOption(
      new Option('-j, --jobs <n>', 'threads that make signatures (the output is the same for any number)')
        .argParser(positiveInteger)
        .default(availableParallelism(), 'the number of CPUs'),
    )
    .option('--language <code>', 'the language whose word splitting makes the shingles (zh, ja, th segmented)', DEDUP_DEFAULTS.language)
    .addOption(new Option('--stage <stage>', 'run one stage of an array job on shared storage (all four, in order, without it)').choices(DEDUP_STAGES))
    .option('--task-index <i>', "array jobs: this task's index, 0-based (default: from Slurm or Kubernetes, else 0)", wholeNumber)
    .option('--task-count <n>', 'array jobs: the number of tasks of the stage (default: from Slurm, else 1)', positiveInteger)
    .option('--resume', "with --stage: skip this task if its output is already committed, else redo it")
    .option('--overwrite', 'replace the shards of an earlier run in the output folders')
    .option('-q, --quiet', 'no summary line');
  const finished = parseCommandLine(program, argv, io, 'clean-corpus dedup');
  if (finished !== undefined) return finished;
  const flags = program.opts<DedupFlags>();
  if (flags.output === undefined) {
    io.stderr.write('clean-corpus dedup: --output DIR is required\n');
    return 2;
  }
  if (flags.rejected !== undefined && path.resolve(flags.rejected) === path.resolve(flags.output)) {
    io.stderr.write('clean-corpus dedup: --rejected must be another folder than --output\n');
    return 2;
  }
  const task = resolveTaskShare(
    { ...(flags.taskIndex === undefined ? {} : { taskIndex: flags.taskIndex }), ...(flags.taskCount === undefined ? {} : { taskCount: flags.taskCount }) },
    io.env ?? {},
  );
  if ('error' in task) {
    io.stderr.write(`clean-corpus dedup: ${task.error}\n`);
    return 2;
  }
  if (flags.stage === undefined && (task.count > 1 || flags.resume === true)) {
    io.stderr.write(`clean-corpus dedup: ${flags.resume === true ? '--resume' : 'tasks'} need --stage: an array job runs the four stages one after another\n`);
    return 2;
  }
  return runDedup({
    inputs: program.args,
    output: flags.output,
    ...(flags.rejected === undefined ? {} : { rejected: flags.rejected }),
    format: flags.format,
    compress: flags.compress,
    shardSize: flags.shardSize,
    ...(flags.shardDocs === undefined ? {} : { shardDocs: flags.shardDocs }),
    textField: flags.textField,
    maxDocSize: flags.maxDocSize,
    ngrams: flags.ngrams,
    bands: flags.bands,
    rows: flags.rows,
    language: flags.language,
    jobs: flags.jobs,
    ...(flags.stage === undefined ? {} : { stage: flags.stage }),
    task,
    resume: flags.resume === true,
    overwrite: flags.overwrite === true,
    quiet: flags.quiet === true,
    stderr: io.stderr,
  });
}
