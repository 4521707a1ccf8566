/**
 * `npm run eval:dedup`: scores `clean-corpus dedup` on ../shared/corpora/near-dup-dev as its
 * README says (a pair is merged when both documents end in one cluster: cluster(x) = x.id if
 * kept, else its metadata.duplicate_of), prints the merge rate by Jaccard band and by kind of
 * variant against the goals, and, given datatrove's own verdicts
 * (`datatrove-oracle.py --mode minhash` on the same documents, `--oracle FILE`), how many
 * keep/remove decisions agree.
 *
 *   npx tsx bench/eval-dedup.ts [--oracle near-dup.minhash.jsonl]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from './corpus.js';

const corpus = resolve(REPO_ROOT, '../shared/corpora/near-dup-dev');
const args = process.argv.slice(2);
const oracleAt = args.indexOf('--oracle');
const work = mkdtempSync(join(tmpdir(), 'eval-dedup-'));
const kept = join(work, 'kept');
const removed = join(work, 'removed');
const started = performance.now();
execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'bin.ts'), 'dedup', join(corpus, 'docs'), '-o', kept, '--rejected', removed, '-q'], { stdio: 'inherit' });
const seconds = (performance.now() - started) / 1000;

const records = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter((line) => line.length > 0))
    .map((line) => JSON.parse(line) as { id: string; metadata: { duplicate_of?: string } });
const cluster = new Map<string, string>();
for (const record of records(kept)) cluster.set(record.id, record.id);
for (const record of records(removed)) cluster.set(record.id, record.metadata.duplicate_of as string);
rmSync(work, { recursive: true, force: true });

type Pair = { a: string; b: string; kind: string; jaccard: number | null };
const pairs = readFileSync(join(corpus, 'pairs.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as Pair);
const merged = (pair: Pair) => cluster.get(pair.a) !== undefined && cluster.get(pair.a) === cluster.get(pair.b);
const rate = (list: Pair[]) => ({ merged: list.filter(merged).length, of: list.length });
const show = ({ merged: m, of }: { merged: number; of: number }) => `${m}/${of} = ${of === 0 ? '-' : ((100 * m) / of).toFixed(1)} %`;

console.log(`clean-corpus dedup on ${cluster.size} documents: ${seconds.toFixed(2)} s (with the TypeScript loader)`);
const goals: Array<[string, Pair[], (r: { merged: number; of: number }) => boolean, string]> = [
  ['J >= 0.9', pairs.filter((p) => (p.jaccard ?? -1) >= 0.9), (r) => r.merged >= 0.99 * r.of, 'merged >= 99 %'],
  ['J >= 0.8', pairs.filter((p) => (p.jaccard ?? -1) >= 0.8), (r) => r.merged >= 0.95 * r.of, 'merged >= 95 %'],
  ['J < 0.5', pairs.filter((p) => p.jaccard !== null && p.jaccard < 0.5), (r) => r.merged <= 0.06 * r.of, 'merged <= 6 %'],
  ['J < 0.3', pairs.filter((p) => p.jaccard !== null && p.jaccard < 0.3), (r) => r.merged === 0, 'never merged'],
];
for (const [name, list, met, goal] of goals) console.log(`${name.padEnd(9)} ${show(rate(list)).padEnd(22)} goal ${goal}: ${met(rate(list)) ? 'MET' : 'NOT MET'}`);
const bands = new Map<string, Pair[]>();
for (const pair of pairs) {
  const band = pair.jaccard === null ? 'no 5-grams' : `${(Math.floor(pair.jaccard * 10) / 10).toFixed(1)}-${(Math.floor(pair.jaccard * 10) / 10 + 0.1).toFixed(1)}`;
  bands.set(band, [...(bands.get(band) ?? []), pair]);
}
console.log('by Jaccard band: ' + [...bands.entries()].sort().map(([band, list]) => `${band} ${show(rate(list))}`).join('; '));
const kinds = new Map<string, Pair[]>();
for (const pair of pairs) kinds.set(pair.kind, [...(kinds.get(pair.kind) ?? []), pair]);
console.log('by kind: ' + [...kinds.entries()].sort().map(([kind, list]) => `${kind} ${rate(list).merged}/${rate(list).of}`).join('; '));

if (oracleAt !== -1) {
  const oracle = readFileSync(args[oracleAt + 1] as string, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { id: string; keep: boolean });
  const same = oracle.filter((entry) => (cluster.get(entry.id) === entry.id) === entry.keep).length;
  console.log(`datatrove's MinHash (same documents): ${same}/${oracle.length} keep/remove decisions equal; datatrove keeps ${oracle.filter((e) => e.keep).length}, clean-corpus ${[...cluster].filter(([id, root]) => id === root).length}`);
}
