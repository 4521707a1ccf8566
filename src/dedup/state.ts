/**
 * Stage files of `clean-corpus dedup` under `OUT/.dedup/`: each is data with
 * a format and a checksum. A file is written under a temporary name, synced
 * and renamed, and its description (`NAME.json`: format version, byte size,
 * SHA-256, and what the stage says of it) is written the same way after it:
 * a file without a description, or whose bytes do not match it, was never
 * committed or is corrupt, and reading it is an error naming it.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { OutputError } from '../writers/sink.js';

export const STATE_VERSION = 1;

/** A stage file's description. */
export interface StateDescription {
  version: number;
  bytes: number;
  sha256: string;
  /** What the stage that wrote it records beside the data. */
  about: Record<string, unknown>;
}

function writeDurably(file: string, parts: readonly Uint8Array[]): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  const handle = openSync(temp, 'w');
  try {
    for (const part of parts) writeSync(handle, part);
    fsyncSync(handle);
  } finally {
    closeSync(handle);
  }
  renameSync(temp, file);
}

/**
 * A stage file written as it goes (in blocks, hashed on the way) and
 * committed at the end: the signatures of a million documents are never all
 * in memory.
 */
export class StateFileWriter {
  private readonly temp: string;
  private readonly handle: number;
  private readonly hash = createHash('sha256');
  private readonly pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private bytes = 0;

  constructor(private readonly file: string) {
    this.temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
    this.handle = openSync(this.temp, 'w');
  }

  write(part: Uint8Array): void {
    this.pending.push(part);
    this.pendingBytes += part.byteLength;
    if (this.pendingBytes >= 1 << 22) this.flush();
  }

  /** Makes the file durable under its name, then writes its description. */
  commit(about: Record<string, unknown>): void {
    this.flush();
    fsyncSync(this.handle);
    closeSync(this.handle);
    renameSync(this.temp, this.file);
    const description: StateDescription = { version: STATE_VERSION, bytes: this.bytes, sha256: this.hash.digest('hex'), about };
    writeDurably(`${this.file}.json`, [Buffer.from(JSON.stringify(description) + '\n')]);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const block = Buffer.concat(this.pending, this.pendingBytes);
    this.hash.update(block);
    writeSync(this.handle, block);
    this.bytes += block.length;
    this.pending.length = 0;
    this.pendingBytes = 0;
  }
}

/** Commits a stage file and then its description. */
export function writeStateFile(file: string, parts: readonly Uint8Array[], about: Record<string, unknown>): void {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const part of parts) {
    hash.update(part);
    bytes += part.byteLength;
  }
  writeDurably(file, parts);
  const description: StateDescription = { version: STATE_VERSION, bytes, sha256: hash.digest('hex'), about };
  writeDurably(`${file}.json`, [Buffer.from(JSON.stringify(description) + '\n')]);
}

/** The description of a committed stage file, or undefined when there is none. */
export function readDescription(file: string): StateDescription | undefined {
  let text: string;
  try {
    text = readFileSync(`${file}.json`, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const description = JSON.parse(text) as StateDescription;
    return description.version === STATE_VERSION ? description : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a committed stage file whole, after checking it against its
 * description; `what` says which stage should have written it.
 */
export function readStateFile(file: string, what: string): { data: Buffer; about: Record<string, unknown> } {
  const description = readDescription(file);
  if (description === undefined) throw new OutputError(`${file}: missing or not committed; run ${what} first`);
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    throw new OutputError(`${file}: missing; run ${what} again`);
  }
  if (data.length !== description.bytes || createHash('sha256').update(data).digest('hex') !== description.sha256) {
    throw new OutputError(`${file}: corrupt (its bytes do not match its checksum); run ${what} again`);
  }
  return { data, about: description.about };
}

/** Checks a committed stage file against its description by reading it in blocks (it may be large); returns what the stage recorded. */
export function verifyStateFile(file: string, what: string): Record<string, unknown> {
  const description = readDescription(file);
  if (description === undefined) throw new OutputError(`${file}: missing or not committed; run ${what} first`);
  let handle: number;
  try {
    handle = openSync(file, 'r');
  } catch {
    throw new OutputError(`${file}: missing; run ${what} again`);
  }
  const hash = createHash('sha256');
  const block = Buffer.allocUnsafe(1 << 22);
  let bytes = 0;
  try {
    for (let read = readSync(handle, block); read > 0; read = readSync(handle, block)) {
      hash.update(block.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(handle);
  }
  if (bytes !== description.bytes || hash.digest('hex') !== description.sha256) {
    throw new OutputError(`${file}: corrupt (its bytes do not match its checksum); run ${what} again`);
  }
  return description.about;
}

/** Whether a stage file is committed and whole: a resumed task that finds its own output so skips its work. */
export function isCommitted(file: string): boolean {
  try {
    verifyStateFile(file, '');
    return true;
  } catch {
    return false;
  }
}
