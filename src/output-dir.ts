import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from './format.js';
import { readJournal, type JournalState } from './journal.js';
import { isShardName, type ShardInfo } from './writers/shard-writer.js';

export interface OutputNames {
  shardPrefix: string;
  manifest: string;
  journal: string;
}

export type PreparedOutput = { refusal: string } | { shards: ShardInfo[]; journal: JournalState | undefined };

/** This task's files in the folder: its shards (final and temporary), manifest and journal. Other tasks' are left alone. */
function ownFiles(names: string[], own: OutputNames): string[] {
  return names.filter((name) => isShardName(name, own.shardPrefix) || name === own.manifest || name === own.journal);
}

/**
 * Readies the output folder for this task. A fresh run refuses a folder
 * that holds this task's earlier output, unless told to overwrite it. A
 * resumed run keeps the shards its journal lists and removes what came after
 * them (a shard being written when the run died, or one whose journal line
 * never made it to disk), so the folder ends exactly as an uninterrupted run.
 */
export async function prepareOutput(
  dir: string,
  own: OutputNames,
  mode: { overwrite: boolean; resume: boolean; fingerprint: string },
): Promise<PreparedOutput> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { shards: [], journal: undefined };
    if (code === 'ENOTDIR') return { refusal: `${displayPath(dir)}: output exists and is not a directory` };
    return { refusal: `${displayPath(dir)}: cannot read the output folder: ${(error as Error).message}` };
  }
  const earlier = ownFiles(names, own);

  if (mode.resume) {
    const journal = await readJournal(path.join(dir, own.journal)).catch(() => undefined);
    if (journal === undefined || journal.fingerprint === '') {
      // Nothing was committed: start afresh.
      for (const name of earlier) await rm(path.join(dir, name), { force: true });
      return { shards: [], journal: undefined };
    }
    if (journal.fingerprint !== mode.fingerprint) {
      return {
        refusal: `${displayPath(dir)}: the inputs or options differ from those of the run being resumed; resume with the same command, or start a new folder`,
      };
    }
    for (const shard of journal.shards) {
      const size = await stat(path.join(dir, shard.name)).then(
        (stats) => stats.size,
        () => -1,
      );
      if (size !== shard.bytes) {
        return { refusal: `${displayPath(dir)}: shard ${shard.name} of the run being resumed is missing or changed; cannot resume` };
      }
    }
    const committed = new Set(journal.shards.map((shard) => shard.name));
    for (const name of earlier) {
      const isUncommittedShard = isShardName(name, own.shardPrefix) && !committed.has(name);
      if (isUncommittedShard || name === own.manifest) await rm(path.join(dir, name), { force: true });
    }
    return { shards: [...journal.shards], journal };
  }

  if (earlier.length > 0) {
    if (!mode.overwrite) {
      const shards = earlier.filter((name) => isShardName(name, own.shardPrefix)).length;
      return {
        refusal: `${displayPath(dir)}: output folder already holds output of an earlier run (${shards} ${shards === 1 ? 'shard' : 'shards'}); choose a new folder, pass --resume to continue it, or --overwrite to replace it`,
      };
    }
    for (const name of earlier) await rm(path.join(dir, name), { force: true });
  }
  return { shards: [], journal: undefined };
}

/**
 * Readies the folder of rejected documents (`--rejected`) as
 * {@link prepareOutput} readies the output: a fresh run refuses this task's
 * earlier shards there unless told to overwrite them; a resumed run keeps
 * the rejected shards the output's journal lists (`committed`) and removes
 * the rest.
 */
export async function prepareRejected(
  dir: string,
  own: OutputNames,
  mode: { overwrite: boolean; resume: boolean },
  committed: readonly ShardInfo[],
): Promise<{ refusal: string } | { ready: true }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ready: true };
    if (code === 'ENOTDIR') return { refusal: `${displayPath(dir)}: --rejected exists and is not a directory` };
    return { refusal: `${displayPath(dir)}: cannot read the folder of rejected documents: ${(error as Error).message}` };
  }
  const earlier = names.filter((name) => isShardName(name, own.shardPrefix));
  if (mode.resume) {
    for (const shard of committed) {
      const size = await stat(path.join(dir, shard.name)).then(
        (stats) => stats.size,
        () => -1,
      );
      if (size !== shard.bytes) return { refusal: `${displayPath(dir)}: rejected shard ${shard.name} of the run being resumed is missing or changed; cannot resume` };
    }
    const kept = new Set(committed.map((shard) => shard.name));
    for (const name of earlier) if (!kept.has(name)) await rm(path.join(dir, name), { force: true });
    return { ready: true };
  }
  if (earlier.length > 0) {
    if (!mode.overwrite) {
      return {
        refusal: `${displayPath(dir)}: the folder of rejected documents already holds shards of an earlier run (${earlier.length}); choose a new folder, pass --resume to continue it, or --overwrite to replace it`,
      };
    }
    for (const name of earlier) await rm(path.join(dir, name), { force: true });
  }
  return { ready: true };
}
