import { decodeEntitiesText } from '../../src/steps/decode-entities.js';

/**
 * How golden outputs are compared: character references decoded, each line
 * trimmed with its runs of white space collapsed, empty lines dropped.
 */
export function normaliseLines(text: string): string {
  return decodeEntitiesText(text)
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}
