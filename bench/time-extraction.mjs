// Times clean-corpus's built extractMainContent (dist/) in a process of its own, as
// bench/peers/resiliparse_main.py times Resiliparse: the pages of a JSONL file of
// {"html": ...}, `runs` passes, the best printed as {"seconds": s}.
//   node bench/time-extraction.mjs <pages.jsonl> [runs]
import { readFileSync } from 'node:fs';
import { extractMainContent } from '../dist/index.js';

const [file, runsArgument] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node bench/time-extraction.mjs <pages.jsonl> [runs]\n');
  process.exit(2);
}
const pages = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line).html);
let best = Number.POSITIVE_INFINITY;
let sink = 0;
for (let run = 0; run < Number(runsArgument ?? 3); run++) {
  const start = process.hrtime.bigint();
  for (const html of pages) sink += extractMainContent(html).length;
  best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
}
process.stdout.write(`${JSON.stringify({ seconds: best, characters: sink })}\n`);
