import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { REPO_ROOT } from './shared-corpora.js';

/**
 * `npm ci` builds dist/ (the `prepare` script); `npx clean-corpus` then runs
 * dist/bin.js as a program, so it must be executable and start with a shebang.
 */
const BIN = path.join(REPO_ROOT, 'dist', 'bin.js');
const built = existsSync(BIN);
if (!built) console.warn(`skipping: ${BIN} is absent (run npm run build)`);

describe.skipIf(!built)('the built program', () => {
  it('is executable, and runs by itself', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(BIN, ['--version'], { encoding: 'utf8' })).toBe(`${version}\n`);
  });

  it('is bundled with its worker: with worker threads it writes what the sources write', async () => {
    const corpus = path.join(REPO_ROOT, 'fixtures', 'sample-corpus');
    const fromSources = await runCli([corpus, '--quiet']);
    expect(fromSources.code).toBe(0);
    expect(fromSources.stdout.split('\n').length).toBeGreaterThan(10);
    for (const jobs of ['1', '2']) {
      expect(execFileSync(BIN, [corpus, '--quiet', '--jobs', jobs], { encoding: 'utf8' })).toBe(fromSources.stdout);
    }
  });
});
