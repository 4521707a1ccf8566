/**
 * Golden pages: every fixtures/main/<case>/input.html must extract to its
 * expected.txt, compared after character references are decoded and white
 * space is normalised per line (each line trimmed, runs of spaces collapsed,
 * empty lines dropped).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractMainContent } from '../../src/extract/main-content.js';
import { normaliseLines } from './normalise-lines.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/main');

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('main-content golden pages', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of cases) {
    it(name, () => {
      const input = readFileSync(join(FIXTURES, name, 'input.html'), 'utf8');
      const expected = readFileSync(join(FIXTURES, name, 'expected.txt'), 'utf8');
      expect(normaliseLines(extractMainContent(input))).toBe(normaliseLines(expected));
    });
  }
});
