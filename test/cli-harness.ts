import { PassThrough, Readable } from 'node:stream';
import { main } from '../src/cli.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI in-process with injected streams, as the binary would. Unless
 * the arguments say otherwise it cleans in the main thread (`--jobs 1`):
 * starting worker threads under the test runner's TypeScript loader costs
 * more than these small inputs; the tests of `--jobs` pass it explicitly.
 */
export async function runCli(args: readonly string[], stdin?: string | Buffer, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const jobs = args.some((arg) => arg === '-j' || arg.startsWith('--jobs')) || ['stats', 'dedup', 'report'].includes(args[0] ?? '') ? [] : ['--jobs', '1'];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const input = stdin === undefined ? Readable.from([]) : Readable.from([Buffer.from(stdin)]);
  const code = await main([...jobs, ...args], { stdin: input, stdout, stderr, stdinIsTTY: stdin === undefined, env });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
