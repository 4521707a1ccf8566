import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunCounts } from './journal.js';
import type { RunOptions } from './run.js';
import type { InputError } from './types.js';
import { VERSION } from './version.js';
import type { ShardInfo } from './writers/shard-writer.js';

export type RunStatus = 'complete' | 'interrupted';

/** The per-task summary written beside the shards. No clock time: the same run writes the same bytes. */
export interface Manifest {
  tool: 'clean-corpus';
  version: string;
  task: { index: number; count: number; from: string };
  status: RunStatus;
  options: Record<string, unknown>;
  counts: RunCounts;
  errors: InputError[];
  shards: ShardInfo[];
  /** With `--rejected`: the folder and the shards of the rejected documents. */
  rejected?: { dir: string; shards: ShardInfo[] };
}

export function buildManifest(parts: {
  options: RunOptions;
  status: RunStatus;
  counts: RunCounts;
  errors: InputError[];
  shards: ShardInfo[];
  rejectedShards: ShardInfo[];
}): Manifest {
  const { options } = parts;
  return {
    tool: 'clean-corpus',
    version: VERSION,
    task: { index: options.task.index, count: options.task.count, from: options.task.from },
    status: parts.status,
    options: {
      steps: options.steps,
      stepOptions: options.stepOptions,
      ...(options.stepSettings === undefined || options.stepSettings.every((settings) => settings === undefined) ? {} : { stepSettings: options.stepSettings }),
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
    counts: parts.counts,
    errors: parts.errors,
    shards: parts.shards,
    ...(options.rejected === undefined ? {} : { rejected: { dir: options.rejected, shards: parts.rejectedShards } }),
  };
}

/** Written under a temporary name and renamed: a reader sees the old manifest or the new one, never half. */
export async function writeManifest(file: string, manifest: Manifest): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  await writeFile(temp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(temp, file);
}
