/** Parsers of command-line values shared by the commands: each throws commander's error with a one-line message. */
import { InvalidArgumentError } from 'commander';
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
