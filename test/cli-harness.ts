import { PassThrough, Readable } from 'node:stream';
import { main } from '../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with injected streams, as the binary would. */
export async function runCli(args: readonly string[], stdin?: string | Buffer): Promise<CliResult> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const input = stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(stdin)]);
  const code = await main(args, { stdin: input, stdout, stderr, stdinIsTTY: stdin === undefined });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
