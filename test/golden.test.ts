import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { REPO_ROOT } from './shared-corpora.js';

/**
 * Golden cases: every `fixtures/<case>/` with an `input.*` and an
 * `expected.txt` runs through the CLI (txt to stdout), with the extra
 * arguments of its `args` file, one a line.
 */
const FIXTURES = path.join(REPO_ROOT, 'fixtures');
const cases = readdirSync(FIXTURES).filter((name) => existsSync(path.join(FIXTURES, name, 'expected.txt')));

describe('golden fixtures', () => {
  it('has cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
  });
  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(FIXTURES, name);
      const input = readdirSync(dir).find((file) => file.startsWith('input.'));
      expect(input).toBeDefined();
      const argsFile = path.join(dir, 'args');
      const args = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').split('\n').filter((line) => line.length > 0) : [];
      const result = await runCli(['--quiet', ...args, path.join(dir, input as string)]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(readFileSync(path.join(dir, 'expected.txt'), 'utf8'));
    });
  }
});
