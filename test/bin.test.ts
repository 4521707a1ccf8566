import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    // With workers, a WARC file is read by a thread of its own, bundled too.
    const warc = path.join(REPO_ROOT, 'fixtures', 'readers', 'mixed.warc.gz');
    const warcFromSources = await runCli([warc, '--quiet']);
    expect(warcFromSources.stdout.length).toBeGreaterThan(0);
    expect(execFileSync(BIN, [warc, '--quiet', '--jobs', '2'], { encoding: 'utf8' })).toBe(warcFromSources.stdout);
  });

  it('loads the steps and readers only where they are used: not in the main thread of a run with workers', () => {
    /** The files Node loads for an entry before it runs: its static imports, followed (dynamic `import()` is not). */
    const loadedWith = (entry: string): string[] => {
      const seen = new Set<string>([entry]);
      const queue = [entry];
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        for (const [, target] of readFileSync(path.join(REPO_ROOT, 'dist', file), 'utf8').matchAll(/^(?:import|export)\b[^;]*?from "\.\/([^"]+)";|^import "\.\/([^"]+)";/gm)) {
          if (target === undefined || seen.has(target)) continue;
          seen.add(target);
          queue.push(target);
        }
      }
      return [...seen].map((file) => readFileSync(path.join(REPO_ROOT, 'dist', file), 'utf8'));
    };
    const code = { cli: loadedWith('bin.js'), worker: loadedWith('worker.js') };
    // Each table, scanner or reader below cost the main thread time at every start (~60 ms in all).
    for (const marker of ['function stripTagsToUtf8', 'function extractMainContentUtf8', 'var PUNKT_ENGLISH', 'function decodeBytes', 'function* readWarcFile']) {
      expect(code.worker.some((text) => text.includes(marker)), `the worker loads ${marker}`).toBe(true);
      expect(code.cli.some((text) => text.includes(marker)), `the program loads ${marker} before it runs`).toBe(false);
    }
  });

  it('extracts a page of one 18 MB text of short words within a 200 MB heap', () => {
    // Collapsing white space once made a replacement per word: a page like this peaked near 1 GB.
    const folder = mkdtempSync(path.join(tmpdir(), 'one-long-text-'));
    try {
      writeFileSync(path.join(folder, 'page.html'), `<p>${'a < b '.repeat(3_000_000)}</p>`);
      const out = execFileSync(process.execPath, ['--max-old-space-size=200', BIN, folder, '--extract', 'main', '--jobs', '1', '--quiet'], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      // Standard output takes the text, one document a line.
      expect(out.length).toBe(12_000_000);
      expect(out.slice(0, 12)).toBe('a b a b a b ');
      expect(out.endsWith(' a b\n')).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
