/**
 * `npm run bench:dedup`: `clean-corpus dedup` on one machine over a generated corpus of
 * --docs documents (default 1,000,000) of about --doc-kb KB (default 2) of words: every 10th
 * document an exact copy of the one before, every 10th + 5 a copy with one word in 40 changed
 * (a near duplicate), the rest distinct. Reports the time, MB/s, peak RSS (GNU time) and the
 * counts, and checks that kept plus removed is every document, once.
 *
 *   npx tsx bench/dedup.ts [--docs N] [--doc-kb KB] [--jobs N]
 * Writes bench/dedup-results.json. The corpus is built once into bench/work/dedup-N/.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import type * as MinHash from '../src/dedup/minhash.js';
import type * as Normalize from '../src/dedup/normalize.js';
import type * as Words from '../src/text/words.js';
import { BENCH_DIR, REPO_ROOT, WORK_DIR } from './corpus.js';
import { machineInfo } from './machine.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const docs = option('--docs', 1_000_000);
const docKb = option('--doc-kb', 2);
/** Threads of the dedup run (its --jobs); the machine's CPUs when not given. */
const jobs = args.includes('--jobs') ? ['--jobs', String(option('--jobs', 1))] : [];

/** A small, seeded generator: the corpus is the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function buildCorpus(dir: string): Promise<number> {
  const done = join(dir, '.complete');
  if (existsSync(done)) return Number(readFileSync(done, 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const next = random(20261201);
  const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
  // Zipf-like: the square of a uniform number favours the first words.
  const word = () => vocabulary[Math.floor(next() ** 2 * vocabulary.length)] as string;
  const wordsPerDoc = Math.round((docKb * 1000) / 6);
  let bytes = 0;
  let previous: string[] = [];
  const perFile = 100_000;
  for (let file = 0; file * perFile < docs; file++) {
    const out = createWriteStream(join(dir, `part-${String(file).padStart(5, '0')}.jsonl`));
    for (let i = file * perFile; i < Math.min(docs, (file + 1) * perFile); i++) {
      let words: string[];
      if (i % 10 === 9) words = previous;
      else if (i % 10 === 5 && previous.length > 0) words = previous.map((w, k) => (k % 40 === 0 ? word() : w));
      else words = Array.from({ length: wordsPerDoc }, word);
      previous = words;
      const line = JSON.stringify({ id: `d${i}`, text: words.join(' ') }) + '\n';
      bytes += Buffer.byteLength(line);
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
  }
  writeFileSync(done, String(bytes));
  return bytes;
}

// Signatures alone, in this process, over real texts: the main-dev and web-dev texts of bench:filters.
const textsFile = join(WORK_DIR, 'filter-texts.jsonl');
if (existsSync(textsFile)) {
  const library = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'dedup', 'minhash.js')).href)) as typeof MinHash;
  const { simplifyText } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'dedup', 'normalize.js')).href)) as typeof Normalize;
  const { wordSplitter } = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'text', 'words.js')).href)) as typeof Words;
  const texts = readFileSync(textsFile, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { text: string }).text);
  const textBytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  const hasher = new library.MinHasher();
  const splitter = wordSplitter('en');
  const keys = new Int32Array(28);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    for (const text of texts) hasher.bandKeys(splitter.words(simplifyText(text)), keys);
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  console.log(`signatures in-process: ${(textBytes / 1e6 / best).toFixed(1)} MB/s over ${(textBytes / 1e6).toFixed(1)} MB of real texts (best of 3)`);
} else {
  console.log(`signatures in-process: skipped, ${textsFile} is made by npm run bench:filters`);
}

const corpus = join(WORK_DIR, `dedup-${docs}`);
console.log(`building ${corpus} (${docs} documents of ~${docKb} KB) if needed…`);
const bytes = await buildCorpus(corpus);
const kept = join(WORK_DIR, 'dedup-kept');
const removed = join(WORK_DIR, 'dedup-removed');
rmSync(kept, { recursive: true, force: true });
rmSync(removed, { recursive: true, force: true });
const run = spawnSync('/usr/bin/time', ['-f', 'BENCH_TIME %e %M', process.execPath, join(REPO_ROOT, 'dist', 'bin.js'), 'dedup', corpus, '-o', kept, '--rejected', removed, ...jobs], {
  encoding: 'utf8',
});
const timeLine = /BENCH_TIME ([\d.]+) (\d+)/.exec(run.stderr);
if (run.status !== 0 || timeLine === null) throw new Error(`dedup failed: ${run.stderr}`);
const seconds = Number(timeLine[1]);
const peakMb = Number(timeLine[2]) / 1024;
const count = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .reduce((sum, name) => sum + readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.length > 0).length, 0);
const keptCount = count(kept);
const removedCount = count(removed);
const summary = run.stderr.split('\n').filter((line) => line.startsWith('clean-corpus:')).join('\n');
const result = {
  machine: machineInfo(),
  docs,
  jobs: jobs.length === 0 ? 'CPUs' : jobs[1],
  bytes,
  seconds,
  mbPerSecond: bytes / 1e6 / seconds,
  peakRssMb: peakMb,
  kept: keptCount,
  removed: removedCount,
  everyDocumentOnce: keptCount + removedCount === docs,
  summary,
  corpusOnDisk: statSync(corpus).isDirectory(),
};
console.log(summary);
console.log(
  `${docs} documents, ${(bytes / 1e6).toFixed(0)} MB: ${seconds.toFixed(1)} s, ${result.mbPerSecond.toFixed(1)} MB/s, peak RSS ${peakMb.toFixed(0)} MB; ` +
    `${keptCount} kept + ${removedCount} removed = ${keptCount + removedCount} (${result.everyDocumentOnce ? 'every document once' : 'MISMATCH'})`,
);
writeFileSync(join(BENCH_DIR, 'dedup-results.json'), JSON.stringify(result, null, 1) + '\n');
rmSync(kept, { recursive: true, force: true });
rmSync(removed, { recursive: true, force: true });
