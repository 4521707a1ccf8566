import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, formatBytes } from './format.js';
import { emptyCounts, formatRejections, readJournal, type RunCounts } from './journal.js';
import type { Manifest } from './manifest.js';
import type { CliIo } from './cli.js';
import type { InputError } from './types.js';

const MANIFEST_FILE = /^manifest(?:-t(\d{5,}))?\.json$/;
const JOURNAL_FILE = /^\.journal(?:-t(\d{5,}))?\.jsonl$/;
const ERRORS_LISTED = 20;

export interface TaskReport {
  index: number;
  status: string;
  counts: RunCounts;
  shards: number;
  shardBytes: number;
}

function addCounts(total: RunCounts, counts: RunCounts): void {
  total.inputs += counts.inputs;
  total.documentsRead += counts.documentsRead;
  total.documentsWritten += counts.documentsWritten;
  total.documentsEmpty += counts.documentsEmpty;
  // Manifests written before document steps existed have no rejections.
  total.documentsRejected += counts.documentsRejected ?? 0;
  for (const [step, reasons] of Object.entries(counts.rejected ?? {})) {
    const merged = (total.rejected[step] ??= {});
    for (const [reason, n] of Object.entries(reasons)) merged[reason] = (merged[reason] ?? 0) + n;
  }
  total.failed += counts.failed;
  total.bytesIn += counts.bytesIn;
  total.bytesOut += counts.bytesOut;
  for (const [reason, n] of Object.entries(counts.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + n;
}

/** What the manifests (and, for unfinished tasks, the journals) of a run folder say. */
export interface RunFolder {
  /** Tasks found, by index. */
  tasks: Map<number, TaskReport>;
  /** The manifests read, in task order. */
  manifests: Manifest[];
  /** All tasks' counts added up. */
  total: RunCounts;
  errors: InputError[];
  /** Tasks the run was split into. */
  count: number;
  missing: number[];
  complete: number;
  shards: number;
  shardBytes: number;
}

/**
 * Reads and merges the manifests of every task that wrote into `dir`. A
 * problem with the folder is a one-line message, not an exception.
 */
export async function readRunFolder(dir: string, warn: (message: string) => void): Promise<RunFolder | { error: string }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    return { error: `${displayPath(dir)}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (error as Error).message}` };
  }

  const tasks = new Map<number, TaskReport>();
  const manifests: Manifest[] = [];
  const errors: InputError[] = [];
  let expectedCount = 0;
  for (const name of names.sort()) {
    const match = MANIFEST_FILE.exec(name);
    if (match === null) continue;
    let manifest: Manifest;
    try {
      manifest = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as Manifest;
    } catch {
      warn(`${displayPath(path.join(dir, name))}: not a readable manifest`);
      continue;
    }
    expectedCount = Math.max(expectedCount, manifest.task.count);
    manifests.push(manifest);
    tasks.set(manifest.task.index, {
      index: manifest.task.index,
      status: manifest.status,
      counts: manifest.counts,
      shards: manifest.shards.length,
      shardBytes: manifest.shards.reduce((sum, shard) => sum + shard.bytes, 0),
    });
    errors.push(...manifest.errors);
  }
  // A task with a journal but no manifest is running, or was killed before it could write one.
  for (const name of names) {
    const match = JOURNAL_FILE.exec(name);
    if (match === null) continue;
    const index = match[1] === undefined ? 0 : Number(match[1]);
    if (tasks.has(index)) continue;
    const journal = await readJournal(path.join(dir, name)).catch(() => undefined);
    tasks.set(index, {
      index,
      status: 'running or killed (resume it with --resume)',
      counts: journal?.counts ?? emptyCounts(),
      shards: journal?.shards.length ?? 0,
      shardBytes: journal?.shards.reduce((sum, shard) => sum + shard.bytes, 0) ?? 0,
    });
  }
  if (tasks.size === 0) return { error: `${displayPath(dir)}: no manifest or journal of clean-corpus here` };

  const total = emptyCounts();
  for (const task of tasks.values()) addCounts(total, task.counts);
  const count = Math.max(expectedCount, ...[...tasks.keys()].map((index) => index + 1));
  manifests.sort((a, b) => a.task.index - b.task.index);
  return {
    tasks,
    manifests,
    total,
    errors,
    count,
    missing: Array.from({ length: count }, (_, index) => index).filter((index) => !tasks.has(index)),
    complete: [...tasks.values()].filter((task) => task.status === 'complete').length,
    shards: [...tasks.values()].reduce((sum, task) => sum + task.shards, 0),
    shardBytes: [...tasks.values()].reduce((sum, task) => sum + task.shardBytes, 0),
  };
}

/**
 * `clean-corpus stats DIR`: merges the manifests of every task that wrote
 * into DIR into one summary, naming the tasks that are missing, still
 * running or were interrupted. Exit 0 when every task is complete.
 */
export async function statsCommand(args: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const asJson = args.includes('--json');
  const dirs = args.filter((arg) => arg !== '--json');
  if (dirs.length !== 1 || (dirs[0] as string).startsWith('-')) {
    io.stderr.write('Usage: clean-corpus stats [--json] OUTPUT_DIR\n');
    return 2;
  }
  const dir = dirs[0] as string;
  const run = await readRunFolder(dir, (message) => io.stderr.write(`clean-corpus: ${message}\n`));
  if ('error' in run) {
    io.stderr.write(`clean-corpus: ${run.error}\n`);
    return 2;
  }
  const { tasks, total, errors, count, missing, complete, shards, shardBytes } = run;

  if (asJson) {
    io.stdout.write(JSON.stringify({ tasks: count, complete, missing, counts: total, shards, shardBytes, perTask: [...tasks.values()].sort((a, b) => a.index - b.index), errors }, null, 2) + '\n');
  } else {
    const skipped = Object.entries(total.skipped)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    const lines = [
      `${displayPath(dir)}: ${complete} of ${count} ${count === 1 ? 'task' : 'tasks'} complete`,
      `documents: ${total.documentsRead} read, ${total.documentsWritten} written, ${total.documentsEmpty} empty, ` +
        (total.documentsRejected > 0 ? `${total.documentsRejected} rejected, ` : '') +
        `${total.failed} failed`,
      ...(total.documentsRejected > 0 ? [`rejected: ${formatRejections(total.rejected)}`] : []),
      ...(skipped.length > 0 ? [`records skipped: ${skipped}`] : []),
      `bytes: ${formatBytes(total.bytesIn)} in, ${formatBytes(total.bytesOut)} out; ${shards} shards, ${formatBytes(shardBytes)} on disk`,
      ...[...tasks.values()]
        .sort((a, b) => a.index - b.index)
        .map((task) => `task ${task.index}: ${task.status}, ${task.shards} shards, ${task.counts.documentsWritten} documents written, ${task.counts.failed} failed`),
      ...(missing.length > 0 ? [`missing tasks: ${missing.join(', ')}`] : []),
      ...errors.slice(0, ERRORS_LISTED).map((error) => `error: ${displayPath(error.source)}: ${error.reason}`),
      ...(errors.length > ERRORS_LISTED ? [`… and ${errors.length - ERRORS_LISTED} more errors in the manifests`] : []),
    ];
    io.stdout.write(lines.join('\n') + '\n');
  }
  return complete === count && missing.length === 0 ? 0 : 1;
}
