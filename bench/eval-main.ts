/**
 * Evaluates main-content extraction (`extractMainContent`) on the two
 * annotated development sets and measures its speed.
 *
 *   npx tsx bench/eval-main.ts [--page FILE] [--no-baseline] [--no-peers] [--runs N]
 *
 * - main-dev (WCXB sample): word-level F1 per page against `main_content`
 *   (lower-cased `[\p{L}\p{N}_]+` words, multiset overlap), averaged over
 *   pages, overall and per page type, for the part the extractor was tuned on
 *   (bench/main-dev-split.json) and, apart, for the part held back. Pages whose truth holds no word cannot
 *   be scored against an extractor that never returns nothing for a page
 *   with text; they are listed and left out of the averages.
 * - web-dev (trafilatura's set): snippet precision/recall/F1, summed over all
 *   pages: a `with` snippet found is a true positive, one missing a false
 *   negative, a `without` snippet found a false positive. Matching is
 *   substring matching after white space is collapsed on both sides.
 * - speed: input megabytes (decoded HTML, UTF-8) per second of extraction
 *   only, on one core, best of `--runs` passes over both sets, timing the
 *   built package (dist/, as users run it; src/ through tsx when it is not
 *   built, which the output says: run through tsx it took a half longer:
 *   3.4-3.6 s against 2.2-2.3 s over both sets); and end to end,
 *   `clean-corpus main-dev --extract main -j 1` (dist/, so build first), MB/s
 *   of HTML as the CLI counts it.
 *
 * The cleaned text scored is: extraction → character references decoded →
 * white space collapsed → NFC (the pipeline's default normalization; the
 * truth is compared in NFC too). The full text of each page (the `strip-tags` step
 * without extraction) is scored the same way as a baseline.
 * - peers, unless `--no-peers`: Resiliparse's main-content extraction
 *   (`bench/peers/resiliparse_main.py`) on the same decoded pages, scored and
 *   timed the same way, when a Python here can import it (`pip install
 *   resiliparse`; `BENCH_RESILIPARSE_PYTHON` names the Python to use).
 * `--page FILE` prints one page's extraction and its word differences.
 * Results go to bench/eval-main.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeBytes } from '../src/decode.js';
import { extractMainContent } from '../src/extract/main-content.js';
import { collapseWhitespaceText } from '../src/steps/collapse-whitespace.js';
import { decodeEntitiesText } from '../src/steps/decode-entities.js';
import { stripTagsFull } from '../src/steps/strip-tags.js';
import { findResiliparsePython } from './tools.js';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const CORPORA = resolve(BENCH_DIR, '../../shared/corpora');
const MAIN_DEV_DIR = join(CORPORA, 'main-dev');
const MAIN_DEV_TRUTH = join(CORPORA, 'main-dev.truth.jsonl');
const WEB_DEV_DIR = join(CORPORA, 'web-dev');
const WEB_DEV_TRUTH = join(CORPORA, 'web-dev.evaldata.json');
const RESULTS_FILE = join(BENCH_DIR, 'eval-main.json');
const SPLIT_FILE = join(BENCH_DIR, 'main-dev-split.json');
const CLI = resolve(BENCH_DIR, '../dist/bin.js');
/** How many worst pages to list. */
const WORST_SHOWN = 10;

type Extractor = (html: string) => string;

interface Page {
  file: string;
  html: string;
  bytes: number;
}

interface MainDevPage extends Page {
  url: string;
  pageType: string;
  truth: string;
}

interface WebDevPage extends Page {
  url: string;
  with: string[];
  without: string[];
}

interface WordScore {
  precision: number;
  recall: number;
  f1: number;
}

interface SnippetCounts {
  truePositives: number;
  falseNegatives: number;
  falsePositives: number;
}

// ----- loading -----

function readPage(dir: string, file: string): Page {
  let raw = readFileSync(join(dir, file.endsWith('.gz') ? file : `${file}.gz`));
  raw = gunzipSync(raw);
  const html = decodeBytes(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), { type: 'html' }).text;
  return { file, html, bytes: Buffer.byteLength(html, 'utf8') };
}

function loadMainDev(): MainDevPage[] {
  return readFileSync(MAIN_DEV_TRUTH, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      const row = JSON.parse(line) as { file: string; url: string; page_type: string; main_content: string };
      return { ...readPage(MAIN_DEV_DIR, row.file), url: row.url, pageType: row.page_type, truth: row.main_content };
    });
}

function loadWebDev(): WebDevPage[] {
  const data = JSON.parse(readFileSync(WEB_DEV_TRUTH, 'utf8')) as Record<
    string,
    { file: string; with?: string[]; without?: string[] }
  >;
  return Object.entries(data)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([url, entry]) => ({
      ...readPage(WEB_DEV_DIR, entry.file),
      url,
      with: entry.with ?? [],
      without: entry.without ?? [],
    }));
}

// ----- scoring -----

/**
 * What gets scored: extraction, then references decoded, white space
 * collapsed and NFC, as the pipeline's default steps leave it.
 */
function cleaned(extractor: Extractor, html: string, referencesDecoded = false): string {
  const text = extractor(html);
  return collapseWhitespaceText(referencesDecoded ? text : decodeEntitiesText(text)).normalize('NFC');
}

function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function wordScore(predicted: string, truth: string): WordScore {
  const predictedCounts = wordCounts(predicted);
  const truthCounts = wordCounts(truth);
  let overlap = 0;
  let predictedTotal = 0;
  let truthTotal = 0;
  for (const [word, count] of predictedCounts) {
    predictedTotal += count;
    overlap += Math.min(count, truthCounts.get(word) ?? 0);
  }
  for (const count of truthCounts.values()) truthTotal += count;
  const precision = predictedTotal === 0 ? 0 : overlap / predictedTotal;
  const recall = truthTotal === 0 ? 0 : overlap / truthTotal;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

function normalisedForMatching(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().normalize('NFC');
}

function snippetCounts(text: string, page: WebDevPage): SnippetCounts {
  const haystack = normalisedForMatching(text);
  const found = (snippet: string): boolean => haystack.includes(normalisedForMatching(snippet));
  const truePositives = page.with.filter(found).length;
  return {
    truePositives,
    falseNegatives: page.with.length - truePositives,
    falsePositives: page.without.filter(found).length,
  };
}

function snippetF1(counts: SnippetCounts): WordScore {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function mean(scores: readonly WordScore[]): WordScore {
  const n = Math.max(1, scores.length);
  return {
    precision: scores.reduce((sum, s) => sum + s.precision, 0) / n,
    recall: scores.reduce((sum, s) => sum + s.recall, 0) / n,
    f1: scores.reduce((sum, s) => sum + s.f1, 0) / n,
  };
}

const format = (value: number): string => value.toFixed(3);
const formatScore = (s: WordScore): string => `F1 ${format(s.f1)}  P ${format(s.precision)}  R ${format(s.recall)}`;

// ----- evaluations -----

interface MainDevResult {
  overall: WordScore;
  byType: Record<string, WordScore & { pages: number }>;
  pages: { file: string; url: string; pageType: string; score: WordScore }[];
  unscored: string[];
}

function evaluateMainDev(pages: readonly MainDevPage[], extractor: Extractor, referencesDecoded = false): MainDevResult {
  const scored: MainDevResult['pages'] = [];
  const unscored: string[] = [];
  for (const page of pages) {
    if (words(page.truth).length === 0) {
      unscored.push(page.file);
      continue;
    }
    scored.push({ file: page.file, url: page.url, pageType: page.pageType, score: wordScore(cleaned(extractor, page.html, referencesDecoded), page.truth) });
  }
  const byType: MainDevResult['byType'] = {};
  for (const type of [...new Set(scored.map((p) => p.pageType))].sort()) {
    const ofType = scored.filter((p) => p.pageType === type).map((p) => p.score);
    byType[type] = { ...mean(ofType), pages: ofType.length };
  }
  return { overall: mean(scored.map((p) => p.score)), byType, pages: scored, unscored };
}

interface WebDevResult {
  overall: WordScore & SnippetCounts;
  pages: { file: string; url: string; counts: SnippetCounts }[];
}

function evaluateWebDev(pages: readonly WebDevPage[], extractor: Extractor, referencesDecoded = false): WebDevResult {
  const results = pages.map((page) => ({ file: page.file, url: page.url, counts: snippetCounts(cleaned(extractor, page.html, referencesDecoded), page) }));
  const total: SnippetCounts = { truePositives: 0, falseNegatives: 0, falsePositives: 0 };
  for (const { counts } of results) {
    total.truePositives += counts.truePositives;
    total.falseNegatives += counts.falseNegatives;
    total.falsePositives += counts.falsePositives;
  }
  return { overall: { ...snippetF1(total), ...total }, pages: results };
}

function measureSpeedHere(pages: readonly Page[], runs: number): { megabytes: number; seconds: number; megabytesPerSecond: number } {
  const megabytes = pages.reduce((sum, page) => sum + page.bytes, 0) / 1e6;
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    for (const page of pages) sink += extractMainContent(page.html).length;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.min(best, seconds);
  }
  if (sink < 0) console.log(sink); // keeps the work observable
  return { megabytes, seconds: best, megabytesPerSecond: megabytes / best };
}

/** `clean-corpus MAIN_DEV --extract main -j 1`, best of `runs`: MB/s of HTML (decompressed) read, end to end. */
function measureCli(runs: number): { megabytes: number; seconds: number; megabytesPerSecond: number } | undefined {
  if (!existsSync(CLI)) return undefined;
  const out = mkdtempSync(join(tmpdir(), 'eval-main-'));
  let best = Number.POSITIVE_INFINITY;
  let megabytes = 0;
  try {
    for (let run = 0; run < runs; run++) {
      const start = process.hrtime.bigint();
      // The summary line, on stderr, says how many megabytes of HTML were read.
      const summary = spawnSync(process.execPath, [CLI, MAIN_DEV_DIR, '--extract', 'main', '-j', '1', '-o', out, '--overwrite'], { encoding: 'utf8' }).stderr;
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
      megabytes = Number(/([\d.]+) MB in/.exec(summary)?.[1] ?? 0);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { megabytes, seconds: best, megabytesPerSecond: megabytes / best };
}

// ----- peers -----

const RESILIPARSE_SCRIPT = join(BENCH_DIR, 'peers', 'resiliparse_main.py');

interface PeerResult {
  name: string;
  version: string;
  mainDev: Record<string, MainDevResult>;
  webDev: WebDevResult;
  speed: { megabytes: number; seconds: number; megabytesPerSecond: number };
}

/**
 * Resiliparse's main-content extraction on the same decoded pages, scored the
 * same way, timed as ours is (extraction only, best of `runs`, one core);
 * undefined, with the reason printed, when no Python here can import it.
 * `pagesFile` holds the decoded HTML of `pages`, in their order.
 */
function evaluateResiliparse(
  parts: readonly { name: string; pages: readonly MainDevPage[] }[],
  webDev: readonly WebDevPage[],
  pages: readonly Page[],
  pagesFile: string,
  runs: number,
): PeerResult | undefined {
  const found = findResiliparsePython();
  if (found.python === undefined || found.version === undefined) {
    console.log(`\nResiliparse: not measured: ${found.skip ?? 'not found'}`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'eval-main-resiliparse-'));
  try {
    const output = join(dir, 'result.json');
    const child = spawnSync(found.python, [RESILIPARSE_SCRIPT, pagesFile, output, String(runs)], { encoding: 'utf8' });
    if (child.status !== 0) {
      console.log(`\nResiliparse: failed: ${(child.stderr ?? '').trim().split('\n').pop() ?? `exit ${child.status}`}`);
      return undefined;
    }
    const result = JSON.parse(readFileSync(output, 'utf8')) as { texts: string[]; seconds: number };
    const textOf = new Map(pages.map((page, index) => [page.html, result.texts[index] ?? '']));
    const extractor: Extractor = (html) => textOf.get(html) ?? '';
    const megabytes = pages.reduce((sum, page) => sum + page.bytes, 0) / 1e6;
    return {
      name: 'Resiliparse',
      version: found.version,
      mainDev: Object.fromEntries(parts.map((part) => [part.name, evaluateMainDev(part.pages, extractor, true)])),
      webDev: evaluateWebDev(webDev, extractor, true),
      speed: { megabytes, seconds: result.seconds, megabytesPerSecond: megabytes / result.seconds },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printPeer(peer: PeerResult, runs: number): void {
  console.log(`\n=== ${peer.name} ${peer.version}, main_content=True, on the same pages ===`);
  for (const [part, result] of Object.entries(peer.mainDev)) printMainDev(`the part ${part}`, result);
  printWebDev('', peer.webDev);
  console.log(
    `speed: ${peer.speed.megabytes.toFixed(1)} MB in ${peer.speed.seconds.toFixed(2)} s = ${peer.speed.megabytesPerSecond.toFixed(1)} MB/s (parsing and extraction, best of ${runs}, one core)`,
  );
}

// ----- reports -----

function printMainDev(label: string, result: MainDevResult): void {
  console.log(`\nmain-dev (${result.pages.length} pages) ${label}: ${formatScore(result.overall)}`);
  for (const [type, score] of Object.entries(result.byType)) {
    console.log(`  ${type.padEnd(14)} n=${String(score.pages).padStart(2)}  ${formatScore(score)}`);
  }
}

function printWebDev(label: string, result: WebDevResult): void {
  const o = result.overall;
  console.log(
    `\nweb-dev (${result.pages.length} pages) ${label}: ${formatScore(o)}  (TP ${o.truePositives}, FN ${o.falseNegatives}, FP ${o.falsePositives})`,
  );
}

function showPage(file: string, mainDev: readonly MainDevPage[], webDev: readonly WebDevPage[]): void {
  const page = mainDev.find((p) => p.file.startsWith(file)) ?? webDev.find((p) => p.file.startsWith(file));
  if (page === undefined) {
    console.log(`no page ${file}`);
    return;
  }
  const text = cleaned(extractMainContent, page.html);
  console.log(extractMainContent(page.html));
  console.log('\n----------');
  if ('truth' in page) {
    const predicted = wordCounts(text);
    const truth = wordCounts(page.truth);
    const extra = [...predicted].filter(([w, c]) => c > (truth.get(w) ?? 0)).map(([w, c]) => `${w}×${c - (truth.get(w) ?? 0)}`);
    const missing = [...truth].filter(([w, c]) => c > (predicted.get(w) ?? 0)).map(([w, c]) => `${w}×${c - (predicted.get(w) ?? 0)}`);
    console.log(`${page.pageType} ${page.url}\n${formatScore(wordScore(text, page.truth))}`);
    console.log(`extra (${extra.length}): ${extra.slice(0, 150).join(' ')}`);
    console.log(`missing (${missing.length}): ${missing.slice(0, 150).join(' ')}`);
  } else {
    const haystack = normalisedForMatching(text);
    for (const s of page.with) console.log(`${haystack.includes(normalisedForMatching(s)) ? 'found  ' : 'MISSING'} with:    ${s}`);
    for (const s of page.without) console.log(`${haystack.includes(normalisedForMatching(s)) ? 'FOUND  ' : 'dropped'} without: ${s}`);
  }
}

const DIST_INDEX = resolve(BENCH_DIR, '../dist/index.js');
const TIMER = join(BENCH_DIR, 'time-extraction.mjs');

/**
 * Extraction only, timed as Resiliparse is: in a process of its own over the
 * same decoded pages, the package as built (dist/). Without a build, src/ in
 * this process, through tsx.
 */
function measureSpeed(pages: readonly Page[], pagesFile: string, runs: number): { megabytes: number; seconds: number; megabytesPerSecond: number; built: boolean } {
  const megabytes = pages.reduce((sum, page) => sum + page.bytes, 0) / 1e6;
  if (!existsSync(DIST_INDEX)) return { ...measureSpeedHere(pages, runs), built: false };
  const child = spawnSync(process.execPath, [TIMER, pagesFile, String(runs)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${TIMER} failed: ${(child.stderr ?? '').trim()}`);
  const { seconds } = JSON.parse(child.stdout) as { seconds: number };
  return { megabytes, seconds, megabytesPerSecond: megabytes / seconds, built: true };
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const runs = Number(option('--runs') ?? 3);
  const mainDev = loadMainDev();
  const webDev = loadWebDev();

  const page = option('--page');
  if (page !== undefined) {
    showPage(page, mainDev, webDev);
    return;
  }

  const split = JSON.parse(readFileSync(SPLIT_FILE, 'utf8')) as { tuned: string[]; tunedSecond: string[] };
  const tuned = new Set([...split.tuned, ...split.tunedSecond]);
  const parts = [
    { name: 'tuned on', pages: mainDev.filter((p) => tuned.has(p.file)) },
    { name: 'held back', pages: mainDev.filter((p) => !tuned.has(p.file)) },
  ];
  const webResult = evaluateWebDev(webDev, extractMainContent);
  const withBaseline = !args.includes('--no-baseline');
  const webBaseline = withBaseline ? evaluateWebDev(webDev, stripTagsFull) : undefined;
  const mainResults: Record<string, { mainContent: MainDevResult; fullText?: WordScore; fullTextByType?: MainDevResult['byType'] }> = {};
  for (const part of parts) {
    const result = evaluateMainDev(part.pages, extractMainContent);
    const baseline = withBaseline ? evaluateMainDev(part.pages, stripTagsFull) : undefined;
    console.log(`\n=== main-dev, the part ${part.name} (${part.pages.length} pages) ===`);
    if (baseline !== undefined) printMainDev('full text (baseline)', baseline);
    printMainDev('main content', result);
    if (result.unscored.length > 0) {
      const scored = result.pages.length;
      const asZero = (result.overall.f1 * scored) / (scored + result.unscored.length);
      console.log(`  not scored (truth has no words): ${result.unscored.join(', ')}; counted as 0 instead: F1 ${format(asZero)}`);
    }
    console.log(`\n  ${WORST_SHOWN} worst pages:`);
    for (const worst of [...result.pages].sort((a, b) => a.score.f1 - b.score.f1).slice(0, WORST_SHOWN)) {
      console.log(`    ${worst.file}  ${worst.pageType.padEnd(13)} ${formatScore(worst.score)}  ${worst.url}`);
    }
    mainResults[part.name] = { mainContent: result, ...(baseline === undefined ? {} : { fullText: baseline.overall, fullTextByType: baseline.byType }) };
  }
  if (webBaseline !== undefined) printWebDev('full text (baseline)', webBaseline);
  printWebDev('main content', webResult);
  const webWorst = [...webResult.pages]
    .map((p) => ({ ...p, errors: p.counts.falseNegatives + p.counts.falsePositives }))
    .filter((p) => p.errors > 0)
    .sort((a, b) => b.errors - a.errors || (a.file < b.file ? -1 : 1))
    .slice(0, WORST_SHOWN);
  console.log(`\n  ${WORST_SHOWN} worst pages (missed with + found without):`);
  for (const worst of webWorst) {
    console.log(`    ${worst.file.padEnd(50)} FN ${worst.counts.falseNegatives}  FP ${worst.counts.falsePositives}`);
  }

  // The decoded pages, for the timed runs in processes of their own (ours and the peers').
  const pagesDir = mkdtempSync(join(tmpdir(), 'eval-main-pages-'));
  const pagesFile = join(pagesDir, 'pages.jsonl');
  const timedPages: Page[] = [...mainDev, ...webDev];
  writeFileSync(pagesFile, timedPages.map((page) => JSON.stringify({ html: page.html })).join('\n'));
  let speed: ReturnType<typeof measureSpeed>;
  let peers: PeerResult[];
  try {
    speed = measureSpeed(timedPages, pagesFile, runs);
    peers = args.includes('--no-peers') ? [] : [evaluateResiliparse(parts, webDev, timedPages, pagesFile, runs)].filter((peer) => peer !== undefined);
  } finally {
    rmSync(pagesDir, { recursive: true, force: true });
  }
  console.log(
    `\nspeed: ${speed.megabytes.toFixed(1)} MB in ${speed.seconds.toFixed(2)} s = ${speed.megabytesPerSecond.toFixed(1)} MB/s (best of ${runs}, one core, ${speed.built ? 'dist/ in a process of its own' : 'src/ through tsx: npm run build times the package as built'})`,
  );
  const endToEnd = measureCli(runs);
  console.log(
    endToEnd === undefined
      ? `end to end: ${CLI} is not built (npm run build)`
      : `end to end, clean-corpus main-dev --extract main -j 1: ${endToEnd.megabytes.toFixed(1)} MB in ${endToEnd.seconds.toFixed(2)} s = ${endToEnd.megabytesPerSecond.toFixed(1)} MB/s (best of ${runs}, goal ≥ 25)`,
  );

  for (const peer of peers) printPeer(peer, runs);

  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        mainDev: mainResults,
        webDev: { mainContent: webResult, fullText: webBaseline?.overall },
        speed,
        endToEnd,
        // Per page results are left out: the scores per part and type are what is compared.
        peers: peers.map((peer) => ({
          ...peer,
          mainDev: Object.fromEntries(Object.entries(peer.mainDev).map(([part, result]) => [part, { overall: result.overall, byType: result.byType }])),
          webDev: { overall: peer.webDev.overall },
        })),
      },
      null,
      1,
    )}\n`,
  );
  console.log(`\nwrote ${RESULTS_FILE}`);
}

main();
