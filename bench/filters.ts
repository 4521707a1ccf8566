/**
 * `npm run bench:filters`: the speed of the quality filters and language ID,
 * against datatrove's own filters measured in the same run, and of
 * `--preset fineweb` end to end over HTML.
 *
 *   npx tsx bench/filters.ts [--runs N] [--html-mb MB] [--datatrove GITDIR] [--no-datatrove]
 *
 * - Texts: the 450 main-dev main contents (one paragraph a line, as the oracle was fed) and the
 *   full text of the 166 web-dev pages (strip-tags, decode-entities, collapse-whitespace
 *   --keep-newlines), ~5.7 MB, written once to bench/work/filter-texts.jsonl; empty texts are
 *   left out (datatrove's GopherRepetitionFilter cannot take them).
 * - Each filter alone, in a plain node process (bench/peers/filters-in-process.ts, compiled like
 *   the other JS peers: no TypeScript loader in the timed process): best of N passes over every
 *   text, the best of five such processes (MB/s of UTF-8 text), each filter splitting its own
 *   words; and through the CLI (`--steps NAME -j 1`), reading and
 *   writing JSONL.
 * - datatrove (bench/peers/datatrove_filters.py): each filter class's `filter()` over the same
 *   texts, best of N, one Python process; it needs what ../shared/tools/datatrove-oracle.py
 *   needs (its header), and is skipped, saying why, where that is missing.
 * - `--preset fineweb -j 1` over the web-dev pages repeated to --html-mb MB (default 100, as
 *   `npm run bench`; MB/s of HTML), and its start-up: the same command on one page.
 * Results: bench/filters-results.json and bench/filters-results.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type * as Library from '../src/index.js';
import { buildPeers } from './build-peers.js';
import { BENCH_DIR, prepareRepeatedCorpus, REPO_ROOT, WORK_DIR } from './corpus.js';
import { machineInfo } from './machine.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
};
const runs = Number(option('--runs') ?? 3);
// npm run bench's corpus size: on 30 MB the program's start (~0.4 s with the models, see the start-up line) weighed a fifth.
const htmlMb = Number(option('--html-mb') ?? 100);
const SHARED = resolve(REPO_ROOT, '../shared');
const datatroveDir = option('--datatrove') ?? resolve(REPO_ROOT, '../.mirror/huggingface+datatrove/repo');
const textsFile = join(WORK_DIR, 'filter-texts.jsonl');

/** The texts, built once from ../shared. */
function prepareTexts({ buildPipeline }: typeof Library): string[] {
  if (!existsSync(textsFile)) {
    const truth = join(SHARED, 'corpora', 'main-dev.truth.jsonl');
    const webDev = join(SHARED, 'corpora', 'web-dev');
    if (!existsSync(truth) || !existsSync(webDev)) throw new Error(`the texts are made from ${truth} and ${webDev}, which are absent`);
    const lines: string[] = [];
    for (const line of readFileSync(truth, 'utf8').split('\n')) {
      if (line.trim().length === 0) continue;
      const page = JSON.parse(line) as { file: string; main_content: string };
      const kept = page.main_content.split('\n').map((l) => l.replace(/[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u, ''));
      lines.push(JSON.stringify({ id: `main-dev/${page.file}`, text: kept.filter((l) => l.length > 0).join('\n') }));
    }
    const fullText = buildPipeline(['strip-tags', 'decode-entities', 'collapse-whitespace'], { keepNewlines: true }).forType('html');
    for (const name of readdirSync(webDev).filter((n) => n.endsWith('.html.gz')).sort()) {
      // The pages' charsets are the bench's concern elsewhere: read as UTF-8 here, they are text all the same.
      lines.push(JSON.stringify({ id: `web-dev/${name}`, text: fullText(gunzipSync(readFileSync(join(webDev, name))).toString('utf8')) }));
    }
    mkdirSync(WORK_DIR, { recursive: true });
    writeFileSync(textsFile, lines.join('\n') + '\n');
  }
  return readFileSync(textsFile, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { text: string }).text)
    .filter((text) => text.length > 0);
}

function bestOf(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

interface Row {
  step: string;
  ours: number;
  cli?: number;
  datatroveName?: string;
  datatrove?: number;
}

async function main(): Promise<void> {
  // The build that `npm run bench:filters` has just made, as users run it: modules loaded through
  // the TypeScript loader run measurably slower (each export becomes a getter).
  const library = (await import(pathToFileURL(join(REPO_ROOT, 'dist', 'index.js')).href)) as typeof Library;
  const texts = prepareTexts(library);
  const mb = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  console.log(`${texts.length} texts, ${mb.toFixed(2)} MB; best of ${runs}`);
  const inputFile = join(WORK_DIR, 'filter-texts-nonempty.jsonl');
  writeFileSync(inputFile, texts.map((text, i) => JSON.stringify({ id: String(i), text })).join('\n') + '\n');
  // In a plain node process: this one runs under tsx, whose loader slows the filters by 5-8 %.
  const { runner, note: peersNote } = await buildPeers();
  // Best of five processes: on shared machines memory-bound code runs up to 1.5x slower for
  // seconds at a time (seen here), long enough to spoil every pass of one process, or three.
  const mbPerSecond: Record<string, number> = {};
  for (let process_ = 0; process_ < 5; process_++) {
    const timed = spawnSync(process.execPath, [...runner('filters-in-process'), join(REPO_ROOT, 'dist', 'index.js'), inputFile, '--runs', String(runs)], { encoding: 'utf8' });
    if (timed.status !== 0) throw new Error(`timing the filters failed: ${timed.stderr.trim()}`);
    const measured = (JSON.parse(timed.stdout.trim()) as { mbPerSecond: Record<string, number> }).mbPerSecond;
    for (const [step, speed] of Object.entries(measured)) mbPerSecond[step] = Math.max(mbPerSecond[step] ?? 0, speed);
  }
  const datatroveNames: Record<string, string> = {
    'gopher-repetition': 'GopherRepetitionFilter',
    'gopher-quality': 'GopherQualityFilter',
    'c4-quality': 'C4QualityFilter',
    'fineweb-quality': 'FineWebQualityFilter',
  };
  const rows: Row[] = Object.entries(mbPerSecond).map(([step, ours]) => {
    const datatroveName = datatroveNames[step];
    return { step, ours, ...(datatroveName === undefined ? {} : { datatroveName }) };
  });

  // Through the CLI, one core, reading and writing JSONL: the texts five times over, so that
  // starting the program (~0.1 s) does not decide the figure.
  const cli = join(REPO_ROOT, 'dist', 'bin.js');
  const out = join(WORK_DIR, 'filters-out');
  const cliInput = join(WORK_DIR, 'filter-texts-x5.jsonl');
  const copies = 5;
  writeFileSync(cliInput, Array.from({ length: copies }, (_, copy) => texts.map((text, i) => JSON.stringify({ id: `${copy}-${i}`, text })).join('\n') + '\n').join(''));
  for (const row of rows) {
    const seconds = bestOf(() => {
      rmSync(out, { recursive: true, force: true });
      execFileSync(process.execPath, [cli, cliInput, '--steps', row.step, '-o', out, '-j', '1', '-q'], { stdio: 'inherit' });
    });
    row.cli = (copies * mb) / seconds;
  }

  // datatrove, same texts, same run.
  let datatroveNote = '';
  const oracle = join(SHARED, 'tools', 'datatrove-oracle.py');
  if (args.includes('--no-datatrove')) datatroveNote = 'skipped (--no-datatrove)';
  else if (!existsSync(datatroveDir) || !existsSync(oracle)) datatroveNote = `skipped: ${existsSync(oracle) ? datatroveDir : oracle} is absent (see the oracle's header for the setup)`;
  else {
    const peer = spawnSync('/usr/bin/python3', [join(BENCH_DIR, 'peers', 'datatrove_filters.py'), oracle, datatroveDir, inputFile, '--runs', String(runs)], { encoding: 'utf8' });
    if (peer.status !== 0) datatroveNote = `skipped: the datatrove peer failed: ${(peer.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`;
    else {
      const result = JSON.parse(peer.stdout.trim().split('\n').pop() as string) as { version: string; filters: Record<string, number> };
      const describe = spawnSync('git', [`--git-dir=${datatroveDir}`, 'describe', '--tags'], { encoding: 'utf8' });
      const version = describe.status === 0 ? describe.stdout.trim() : result.version;
      datatroveNote = `datatrove ${version} with its NLTK tokenizer (FineWeb's), /usr/bin/python3`;
      for (const row of rows) if (row.datatroveName !== undefined) row.datatrove = result.filters[row.datatroveName] as number;
    }
  }

  // --preset fineweb end to end over HTML.
  const corpus = prepareRepeatedCorpus({ outDir: join(WORK_DIR, `corpus-${htmlMb}mb`), targetBytes: htmlMb * 1e6, log: console.log });
  const presetSeconds = bestOf(() => {
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [cli, corpus.dir, '--preset', 'fineweb', '-o', out, '-j', '1', '-q'], { stdio: 'inherit' });
  });
  const extractSeconds = bestOf(() => {
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [cli, corpus.dir, '--steps', 'strip-tags,decode-entities,collapse-whitespace', '--extract', 'main', '--keep-newlines', '-o', out, '-j', '1', '-q'], { stdio: 'inherit' });
  });
  const onePage = join(WORK_DIR, 'preset-one-page');
  rmSync(onePage, { recursive: true, force: true });
  mkdirSync(onePage, { recursive: true });
  copyFileSync(corpus.files[0] as string, join(onePage, 'page.html'));
  const startSeconds = bestOf(() => {
    rmSync(out, { recursive: true, force: true });
    execFileSync(process.execPath, [cli, onePage, '--preset', 'fineweb', '-o', out, '-j', '1', '-q'], { stdio: 'inherit' });
  });
  rmSync(out, { recursive: true, force: true });

  const fmt = (value: number | undefined, digits = 1) => (value === undefined ? '—' : value.toFixed(digits));
  const lines = [
    `Texts: ${texts.length} (${mb.toFixed(2)} MB): main-dev main contents and web-dev full texts, one paragraph a line. ${datatroveNote}.${peersNote === undefined ? '' : ` ${peersNote}.`}`,
    '',
    '| step | clean-corpus in-process MB/s | clean-corpus CLI -j 1 MB/s (texts ×5) | datatrove MB/s | in-process vs datatrove |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.step} | ${fmt(row.ours)} | ${fmt(row.cli)} | ${fmt(row.datatrove, 2)} | ${row.datatrove === undefined ? '—' : `${(row.ours / row.datatrove).toFixed(1)}x`} |`),
    '',
    `\`--preset fineweb -j 1\` over ${(corpus.bytes / 1e6).toFixed(1)} MB of HTML (${corpus.files.length} web-dev pages repeated): ${presetSeconds.toFixed(2)} s, ` +
      `**${(corpus.bytes / 1e6 / presetSeconds).toFixed(1)} MB/s**; its main-content extraction alone ` +
      `(\`--steps strip-tags,decode-entities,collapse-whitespace --extract main --keep-newlines\`): ${(corpus.bytes / 1e6 / extractSeconds).toFixed(1)} MB/s. ` +
      `Start-up (the preset on one page): ${startSeconds.toFixed(2)} s.`,
  ];
  console.log(lines.join('\n'));
  writeFileSync(join(BENCH_DIR, 'filters-results.md'), lines.join('\n') + '\n');
  writeFileSync(
    join(BENCH_DIR, 'filters-results.json'),
    JSON.stringify({ machine: machineInfo('/usr/bin/python3'), runs, texts: texts.length, mb, datatrove: datatroveNote, rows, preset: { htmlBytes: corpus.bytes, seconds: presetSeconds, extractSeconds, startSeconds } }, null, 1) + '\n',
  );
}

await main();
