/** Parsers of command-line values shared by the commands: each throws commander's error with a one-line message. */
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { parseSize } from './format.js';

export function sizeArgument(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError('expected a size such as 512KB, 64MB or 1GB.');
  return bytes;
}

export function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('expected a whole number.');
  return number;
}

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return number;
}

/**
 * Parses a command's arguments with commander, its messages written to the
 * given streams under the command's name (`clean-corpus dedup: …`, one line).
 * Returns the exit code when commander has finished the run (help, version:
 * 0; a usage error: 2), undefined when the command goes on.
 */
export function parseCommandLine(
  program: Command,
  argv: readonly string[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  name: string,
): number | undefined {
  program.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text, write) => write(`${name}: ${text.replace(/^error: /, '')}`),
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return undefined;
}
