/**
 * Full-text recall on trafilatura's web-dev pages: the share of the `with`
 * snippets of `../shared/corpora/web-dev.evaldata.json` found in the text
 * clean-corpus gives each page with `--steps
 * strip-tags,decode-entities,collapse-whitespace` (punctuation kept, so the
 * snippets can match). Matching is substring matching after white space is
 * collapsed on both sides. Prints the recall, the misses, and writes
 * bench/eval-fulltext.json.
 *
 *   npm run eval:fulltext [-- --steps LIST] [-- --extract main]
 *
 * Pages go through the same reader (gzip), charset decoding and steps as
 * the CLI, in-process.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanDocument } from '../src/document.js';
import { buildPipeline, parseStepList } from '../src/pipeline.js';
import { readInput } from '../src/readers/index.js';
import { readFileSync } from 'node:fs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const CORPORA = resolve(BENCH_DIR, '../../shared/corpora');
const PAGES = join(CORPORA, 'web-dev');
const TRUTH = join(CORPORA, 'web-dev.evaldata.json');
const GOAL = 0.986;

interface Page {
  file: string;
  with: string[];
  without: string[];
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback);
}

const normalise = (text: string): string => text.replace(/\s+/gu, ' ').trim();

async function main(): Promise<void> {
  if (!existsSync(TRUTH)) {
    console.log(`skipped: ${TRUTH} is absent`);
    return;
  }
  const steps = parseStepList(argument('--steps', 'strip-tags,decode-entities,collapse-whitespace'));
  const extract = argument('--extract', 'all') === 'main' ? 'main' : 'all';
  const pipeline = buildPipeline(steps, { extract });
  const truth = JSON.parse(readFileSync(TRUTH, 'utf8')) as Record<string, Page>;

  let found = 0;
  let total = 0;
  let boilerplateFound = 0;
  let boilerplateTotal = 0;
  const misses: Array<{ url: string; file: string; snippet: string; charset: unknown }> = [];
  for (const [url, page] of Object.entries(truth)) {
    let text = '';
    let charset: unknown;
    for await (const event of readInput(join(PAGES, `${page.file}.gz`), { maxDocSize: 64 * 1024 * 1024, textField: 'text' })) {
      if (!('doc' in event)) continue;
      const outcome = cleanDocument(event.doc, pipeline);
      if ('doc' in outcome) {
        text = normalise(outcome.doc.text);
        charset = outcome.doc.metadata['charset'];
      }
    }
    for (const snippet of page.with) {
      total++;
      if (text.includes(normalise(snippet))) found++;
      else misses.push({ url, file: page.file, snippet, charset });
    }
    for (const snippet of page.without) {
      boilerplateTotal++;
      if (text.includes(normalise(snippet))) boilerplateFound++;
    }
  }
  const recall = found / total;
  for (const miss of misses) console.log(`miss  ${miss.file} [${String(miss.charset)}]: ${JSON.stringify(miss.snippet)}`);
  console.log('');
  console.log(`steps: ${steps.join(',')}${extract === 'main' ? ' (--extract main)' : ''}`);
  console.log(`recall: ${found}/${total} = ${recall.toFixed(4)} (goal ${GOAL}: ${recall >= GOAL ? 'met' : 'NOT met'})`);
  console.log(`boilerplate snippets kept: ${boilerplateFound}/${boilerplateTotal}`);
  writeFileSync(
    join(BENCH_DIR, 'eval-fulltext.json'),
    JSON.stringify({ steps, extract, found, total, recall, boilerplateFound, boilerplateTotal, misses }, null, 2) + '\n',
  );
}

await main();
