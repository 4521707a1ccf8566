/**
 * Agreement of the quality filters with datatrove's own: reads documents
 * (JSONL: id, text) and the verdicts `../shared/tools/datatrove-oracle.py
 * --mode filters` wrote for them, and prints, per filter, how often the
 * keep/reject verdicts are equal, how often the reasons are equal where
 * both reject, and (c4) how often the rewritten texts are equal where both
 * keep; `--show N` lists N disagreements per filter.
 *
 *   npx tsx bench/filter-agreement.ts DOCS.jsonl VERDICTS.jsonl [--show 5]
 */
import { readFileSync } from 'node:fs';
import { c4QualityText, fineWebQuality, gopherQuality, gopherRepetition } from '../src/filters/index.js';

type Verdict = { keep: boolean; reason?: string | null; text?: string; error?: string };
type Oracle = { id: string; gopher_rep: Verdict; gopher_qual: Verdict; c4: Verdict; fineweb: Verdict };

const [docsFile, verdictsFile] = process.argv.slice(2);
if (docsFile === undefined || verdictsFile === undefined) {
  console.error('usage: npx tsx bench/filter-agreement.ts DOCS.jsonl VERDICTS.jsonl [--show N]');
  process.exit(2);
}
const showIndex = process.argv.indexOf('--show');
const show = showIndex === -1 ? 0 : Number(process.argv[showIndex + 1]);
const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as T);

const docs = new Map(readJsonl<{ id: string; text: string }>(docsFile).map((doc) => [String(doc.id), doc.text]));
const oracle = readJsonl<Oracle>(verdictsFile);

const c4 = c4QualityText();
const ours: Record<'gopher_rep' | 'gopher_qual' | 'c4' | 'fineweb', (text: string) => Verdict> = {
  gopher_rep: (text) => verdictOf(gopherRepetition()(text)),
  gopher_qual: (text) => verdictOf(gopherQuality()(text)),
  c4: (text) => {
    const result = c4(text);
    return 'reject' in result ? { keep: false, reason: result.reject } : { keep: true, text: result.text };
  },
  fineweb: (text) => verdictOf(fineWebQuality()(text)),
};

function verdictOf(reason: string | undefined): Verdict {
  return reason === undefined ? { keep: true } : { keep: false, reason };
}

for (const [name, filter] of Object.entries(ours) as Array<[keyof typeof ours, (text: string) => Verdict]>) {
  let compared = 0;
  let sameVerdict = 0;
  let bothReject = 0;
  let sameReason = 0;
  let bothKeep = 0;
  let sameText = 0;
  let skipped = 0;
  const differences: string[] = [];
  for (const expected of oracle) {
    const text = docs.get(String(expected.id));
    const theirs = expected[name];
    if (text === undefined || theirs.error !== undefined) {
      skipped++;
      continue;
    }
    const mine = filter(text);
    compared++;
    if (mine.keep === theirs.keep) sameVerdict++;
    else differences.push(`${expected.id}: ours ${mine.keep ? 'keep' : mine.reason}, datatrove ${theirs.keep ? 'keep' : theirs.reason}`);
    if (!mine.keep && !theirs.keep) {
      bothReject++;
      if (mine.reason === theirs.reason) sameReason++;
      else differences.push(`${expected.id}: reasons ${mine.reason} / ${theirs.reason}`);
    }
    if (name === 'c4' && mine.keep && theirs.keep) {
      bothKeep++;
      if (mine.text === theirs.text) sameText++;
      else differences.push(`${expected.id}: c4 texts differ`);
    }
  }
  const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
  console.log(
    `${name.padEnd(12)} verdicts ${sameVerdict}/${compared} (${pct(sameVerdict, compared)}), reasons ${sameReason}/${bothReject} (${pct(sameReason, bothReject)})` +
      (name === 'c4' ? `, texts ${sameText}/${bothKeep} (${pct(sameText, bothKeep)})` : '') +
      (skipped > 0 ? `; ${skipped} skipped (datatrove raised an error or no text)` : ''),
  );
  for (const line of differences.slice(0, show)) console.log(`  ${line}`);
}
