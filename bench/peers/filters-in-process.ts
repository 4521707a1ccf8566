/**
 * clean-corpus's filters timed in a plain `node` process, as datatrove's are in
 * a plain Python one: `bench/filters.ts` runs under tsx, and a process with
 * tsx's loader registered ran the same compiled filters 5-8 % slower
 * (gopher-repetition, interleaved runs of `node` against `node --import tsx`).
 *
 *   node filters-in-process.js DIST_INDEX_JS TEXTS.jsonl [--runs N]
 *
 * Prints one JSON line: `{ "mbPerSecond": { step: MB/s } }`, best of N passes
 * over every text, each step after the one before in one process.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as Library from '../../src/index.js';

const [libraryFile, textsFile] = process.argv.slice(2);
if (libraryFile === undefined || textsFile === undefined) {
  process.stderr.write('usage: node filters-in-process.js DIST_INDEX_JS TEXTS.jsonl [--runs N]\n');
  process.exit(2);
}
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt === -1 ? 3 : Number(process.argv[runsAt + 1]);

const library = (await import(pathToFileURL(libraryFile).href)) as typeof Library;
const { c4QualityText, fineWebQuality, gopherQuality, gopherRepetition, identifyLanguage, loadLanguageModel, piiText } = library;
const texts = readFileSync(textsFile, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => (JSON.parse(line) as { text: string }).text);
const mb = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
await loadLanguageModel();
const steps: Array<[string, (text: string) => unknown]> = [
  ['gopher-repetition', gopherRepetition()],
  ['gopher-quality', gopherQuality()],
  ['c4-quality', c4QualityText()],
  ['fineweb-quality', fineWebQuality()],
  ['language', identifyLanguage],
  ['pii', piiText()],
];
const mbPerSecond: Record<string, number> = {};
for (const [step, filter] of steps) {
  filter(texts[0] as string);
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (const text of texts) filter(text);
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  mbPerSecond[step] = mb / best;
}
process.stdout.write(JSON.stringify({ mbPerSecond }) + '\n');
