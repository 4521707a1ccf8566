import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import type { InputError } from './types.js';
import type { ShardInfo } from './writers/shard-writer.js';

/** Counters of a run, reported in the summary line and the manifest. */
export interface RunCounts {
  inputs: number;
  documentsRead: number;
  documentsWritten: number;
  documentsEmpty: number;
  /** Documents a document step rejected. */
  documentsRejected: number;
  /** Rejections by step, then by reason. */
  rejected: Record<string, Record<string, number>>;
  failed: number;
  skipped: Record<string, number>;
  bytesIn: number;
  bytesOut: number;
}

export function emptyCounts(): RunCounts {
  return {
    inputs: 0,
    documentsRead: 0,
    documentsWritten: 0,
    documentsEmpty: 0,
    documentsRejected: 0,
    rejected: {},
    failed: 0,
    skipped: {},
    bytesIn: 0,
    bytesOut: 0,
  };
}

export function copyCounts(counts: RunCounts): RunCounts {
  const rejected: Record<string, Record<string, number>> = {};
  for (const [step, reasons] of Object.entries(counts.rejected)) rejected[step] = { ...reasons };
  return { ...counts, rejected, skipped: { ...counts.skipped } };
}

/** Adds a rejection to the counts. */
export function countRejection(counts: RunCounts, step: string, reason: string): void {
  counts.documentsRejected++;
  const reasons = (counts.rejected[step] ??= {});
  reasons[reason] = (reasons[reason] ?? 0) + 1;
}

/** Rejections by step and reason, most frequent first: `gopher-quality/gopher_short_doc 12, …`. */
export function formatRejections(rejected: RunCounts['rejected']): string {
  const entries: Array<[string, number]> = [];
  for (const [step, reasons] of Object.entries(rejected)) for (const [reason, n] of Object.entries(reasons)) entries.push([`${step}/${reason}`, n]);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return entries.map(([what, n]) => `${what} ${n}`).join(', ');
}

/**
 * How far a run has got: every event of the inputs before `input`, and the
 * first `event` events of input `input`, are done.
 */
export interface Position {
  input: number;
  event: number;
}

/** A point the output is complete up to: the last record of a committed shard. */
export interface CommitPoint {
  position: Position;
  counts: RunCounts;
  errorCount: number;
}

type JournalLine =
  | { type: 'start'; fingerprint: string }
  | { type: 'shard'; shard: ShardInfo; position: Position; counts: RunCounts; errors: InputError[]; rejectedShards?: ShardInfo[] }
  | { type: 'done'; position: Position; counts: RunCounts; errors: InputError[]; rejectedShards?: ShardInfo[] };

/** What an earlier run's journal says was done. */
export interface JournalState {
  fingerprint: string;
  shards: ShardInfo[];
  /** Shards of rejected documents (`--rejected`) committed with the output's. */
  rejectedShards: ShardInfo[];
  resumeFrom: Position;
  counts: RunCounts;
  errors: InputError[];
  done: boolean;
}

/** Identifies a run's work: the same inputs and options give the same output, so resuming is sound. */
export function runFingerprint(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Reads a journal. A last line cut off by a crash is ignored: the line is
 * written after its shard is durable, so losing it only means that shard is
 * done again.
 */
export async function readJournal(path: string): Promise<JournalState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state: JournalState = {
    fingerprint: '',
    shards: [],
    rejectedShards: [],
    resumeFrom: { input: 0, event: 0 },
    counts: emptyCounts(),
    errors: [],
    done: false,
  };
  for (const line of text.split('\n')) {
    if (line.length === 0) continue;
    let entry: JournalLine;
    try {
      entry = JSON.parse(line) as JournalLine;
    } catch {
      break;
    }
    if (entry.type === 'start') {
      state.fingerprint = entry.fingerprint;
    } else {
      if (entry.type === 'shard') state.shards.push(entry.shard);
      else state.done = true;
      state.rejectedShards.push(...(entry.rejectedShards ?? []));
      state.resumeFrom = entry.position;
      state.counts = entry.counts;
      state.errors.push(...entry.errors);
    }
  }
  return state;
}

function withRejected(rejectedShards: ShardInfo[]): { rejectedShards?: ShardInfo[] } {
  return rejectedShards.length === 0 ? {} : { rejectedShards };
}

/** Appends journal lines durably. */
export class JournalWriter {
  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string, fresh: boolean): Promise<JournalWriter> {
    return new JournalWriter(await open(path, fresh ? 'w' : 'a'));
  }

  async start(fingerprint: string): Promise<void> {
    await this.append({ type: 'start', fingerprint });
  }

  async shard(shard: ShardInfo, point: CommitPoint, errors: InputError[], rejectedShards: ShardInfo[]): Promise<void> {
    await this.append({ type: 'shard', shard, position: point.position, counts: point.counts, errors, ...withRejected(rejectedShards) });
  }

  async done(point: CommitPoint, errors: InputError[], rejectedShards: ShardInfo[]): Promise<void> {
    await this.append({ type: 'done', position: point.position, counts: point.counts, errors, ...withRejected(rejectedShards) });
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /**
   * Appends without syncing: a line is only written after its shard is
   * durable under its final name (file and folder synced), so a line lost
   * in a crash means that shard is removed and done again on resume, never
   * a line that claims a shard the disk does not hold. Syncing each line
   * would cost a disk flush per shard for nothing.
   */
  private async append(line: JournalLine): Promise<void> {
    await this.handle.write(JSON.stringify(line) + '\n');
  }
}
