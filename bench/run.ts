/**
 * `npm run bench` — clean-corpus against the usual ways of turning HTML into text.
 *
 *   npx tsx bench/run.ts [corpusDir] [--runs N] [--only id,…] [--skip id,…]
 *                        [--corpus-mb MB] [--jobs N] [--timeout SEC] [--no-install]
 *                        [--wait-idle SEC] [--retry-noisy N]
 *
 * Tool ids: cc-1, cc-n (clean-corpus --jobs 1 / --jobs N), cc-1-parquet, cc-1-warc and cc-n-warc
 * (the same pages packed into four .warc.gz files, bench/work/corpus-warc/), bs4, resiliparse,
 * cheerio, html-to-text, tokenizer.
 * Without corpusDir, the real pages of ../shared/corpora/web-dev are decompressed and
 * repeated into bench/work/corpus/ (about --corpus-mb MB, default 100; reused when present).
 * Every tool runs as its own process, one after the other, round-robin, `--runs` times
 * (default 3); the table shows the median wall time. Writes bench/results.json and
 * bench/results.md.
 *
 * On a machine shared with other work, each run first waits (up to --wait-idle seconds,
 * default 10) for a second in which other processes use under 10% of the CPUs, and a run
 * during which others still used more than 0.2 cores is done again (up to --retry-noisy
 * times, default 2); the runs that stayed noisy are flagged in the table.
 */
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPeers } from './build-peers.js';
import { BENCH_DIR, REPO_ROOT, WORK_DIR, listCorpus, prepareRepeatedCorpus, prepareWarcCorpus, warmPageCache, writeFileList } from './corpus.js';
import type { Corpus } from './corpus.js';
import { cpuBusyShare, machineInfo, waitForIdle } from './machine.js';
import { failureReason, runMeasured } from './proc.js';
import type { RunResult } from './proc.js';
import { renderConsole, renderMarkdown } from './table.js';
import type { Goal, Results, ToolResult } from './table.js';
import { allTools, checkCli, cliHasJobsFlag, cliName, ensureGnuTime, findPython, findResiliparsePython, measureOutput, pythonVersionOf } from './tools.js';
import type { Context, Tool } from './tools.js';

/** A run during which other processes used more than this many cores is flagged as noisy. */
/** The default corpus's pages are also packed into this many .warc.gz files, for the WARC rows. */
const WARC_FILES = 4;
const BUSY_CORES = 0.2;

const log = (msg: string): void => {
  process.stderr.write(`[bench] ${msg}\n`);
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function shellQuote(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      skip: { type: 'string' },
      'corpus-mb': { type: 'string', default: '100' },
      jobs: { type: 'string' },
      timeout: { type: 'string', default: '1800' },
      'no-install': { type: 'boolean', default: false },
      'wait-idle': { type: 'string', default: '10' },
      'retry-noisy': { type: 'string', default: '2' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npx tsx bench/run.ts [corpusDir] [--runs N] [--only ids] [--skip ids] [--corpus-mb MB] [--jobs N] [--timeout SEC]\n' +
        '                            [--no-install] [--wait-idle SEC] [--retry-noisy N]\n' +
        'ids: cc-1, cc-n, bs4, cheerio, html-to-text, tokenizer\n',
    );
    return;
  }
  const runs = Number(values.runs);
  const corpusMb = Number(values['corpus-mb']);
  const timeoutSec = Number(values.timeout);
  const waitIdleSec = Number(values['wait-idle']);
  const retryNoisy = Number(values['retry-noisy']);
  if (!(waitIdleSec >= 0) || !(retryNoisy >= 0)) throw new Error('--wait-idle and --retry-noisy must be ≥ 0');
  const jobsN = values.jobs !== undefined ? Number(values.jobs) : os.availableParallelism();
  for (const [name, v] of [['--runs', runs], ['--corpus-mb', corpusMb], ['--jobs', jobsN], ['--timeout', timeoutSec]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  }
  const known = allTools(jobsN).map((t) => t.id);
  for (const id of [...(values.only?.split(',') ?? []), ...(values.skip?.split(',') ?? [])]) {
    if (!known.includes(id)) throw new Error(`unknown tool id ${JSON.stringify(id)} (known: ${known.join(', ')})`);
  }
  const notes: string[] = [];

  // The corpus, prepared outside any timed run.
  let corpus: Corpus;
  if (positionals[0] !== undefined) {
    corpus = listCorpus(positionals[0]);
    if (corpus.files.some((f) => /\.(gz|zst|bz2|xz)$/.test(f))) {
      notes.push('the corpus folder holds compressed files: tools that read them pay for decompression (or fail on them)');
    }
    if (corpus.files.some((f) => !/\.(html?|xhtml|txt)$/i.test(f))) {
      notes.push('the corpus folder holds files other than .html/.htm/.xhtml/.txt: the peers read them all, the CLI only what it includes by default (compare the docs-out counts)');
    }
  } else {
    corpus = prepareRepeatedCorpus({ outDir: join(WORK_DIR, 'corpus'), targetBytes: corpusMb * 1e6, log });
  }
  const corpusMB = corpus.bytes / 1e6;
  log(`corpus: ${corpus.files.length} files, ${corpusMB.toFixed(1)} MB in ${corpus.dir}${corpus.reused ? '' : ' (built now)'}`);
  const listFile = join(WORK_DIR, 'corpus-files.txt');
  writeFileList(corpus.files, listFile);

  // Which tools can run.
  const cli = checkCli();
  if (cli.warn) notes.push(cli.warn);
  // Until the CLI has --jobs, clean-corpus runs once per round without it and cc-n is skipped.
  const jobsFlag = cli.skip ? true : cliHasJobsFlag();
  const selected = allTools(jobsN, jobsFlag !== false).filter(
    (t) =>
      (values.only === undefined || values.only.split(',').includes(t.id)) &&
      (values.skip === undefined || !values.skip.split(',').includes(t.id)),
  );
  const skipped = new Map<string, string>();
  if (jobsFlag === false) {
    notes.push(`${cliName()} --help lists no --jobs option: clean-corpus ran with its default parallelism, without --jobs`);
  }
  let python: string | undefined;
  let pythonVersion: string | undefined;
  let resiliparse: { python?: string; version?: string } = {};
  for (const t of selected) {
    if ((t.id === 'cc-1' || t.id === 'cc-n') && cli.skip) skipped.set(t.id, cli.skip);
    else if (t.id === 'cc-n' && jobsFlag === false) skipped.set(t.id, 'the CLI has no --jobs option yet');
    if (t.id === 'bs4') {
      const p = findPython({ allowInstall: !values['no-install'], log });
      if (p.skip) skipped.set(t.id, p.skip);
      python = p.python;
      if (python) pythonVersion = pythonVersionOf(python);
    }
    if (t.id === 'resiliparse') {
      const r = findResiliparsePython();
      if (r.skip) skipped.set(t.id, r.skip);
      resiliparse = r;
    }
  }
  if (selected.some((t) => t.id === 'cc-n') && jobsN === 1) {
    notes.push('availableParallelism is 1: --jobs N is --jobs 1, the speed-up goal cannot be judged meaningfully');
  }
  const timeNote = ensureGnuTime({ allowInstall: !values['no-install'], log });
  if (timeNote) notes.push(timeNote);
  const peers = await buildPeers();
  if (peers.note) notes.push(peers.note);

  const ctx: Context = { corpusDir: corpus.dir, listFile, peerArgs: peers.runner, jobsN };
  const warcTools = selected.filter((t) => t.id.endsWith('-warc') && !skipped.has(t.id));
  if (warcTools.length > 0) {
    if (positionals[0] !== undefined) {
      for (const t of warcTools) skipped.set(t.id, 'WARC rows are built from the default corpus of pages only');
    } else {
      const warc = prepareWarcCorpus({ corpus, outDir: join(WORK_DIR, 'corpus-warc'), fileCount: WARC_FILES, log });
      ctx.warcDir = warc.dir;
      warmPageCache(warc.files);
    }
  }
  if (python) ctx.python = python;
  if (resiliparse.python) ctx.resiliparsePython = resiliparse.python;

  // Another process using the CPU skews every number (and --jobs N most of all): say so.
  const busy = waitIdleSec > 0 ? undefined : await cpuBusyShare(1000);
  if (busy !== undefined && busy > 0.2) {
    const msg = `the machine was ${(busy * 100).toFixed(0)}% busy with other processes when the bench started: times may be noisy`;
    notes.push(msg);
    log(`warning: ${msg}`);
  }
  log('warming the page cache…');
  warmPageCache(corpus.files);

  // Round-robin: run 1 of every tool, then run 2 of every tool, … so that drift of the
  // machine (thermal, noisy neighbours) spreads over all tools instead of hitting one.
  const outRoot = join(WORK_DIR, 'out');
  mkdirSync(outRoot, { recursive: true });
  const measured = new Map<string, RunResult[]>();
  const failed = new Map<string, string>();
  const outputs = new Map<string, { bytes: number; docs?: number }>();
  const active = selected.filter((t) => !skipped.has(t.id));
  for (let run = 1; run <= runs; run++) {
    for (const tool of active) {
      if (failed.has(tool.id)) continue;
      const out = join(outRoot, tool.output === 'dir' ? tool.id : `${tool.id}.txt`);
      rmSync(out, { recursive: true, force: true });
      const { cmd, args } = tool.command(ctx, out);
      log(`run ${run}/${runs}: ${tool.label} …`);
      let r: RunResult;
      for (let attempt = 0; ; attempt++) {
        if (waitIdleSec > 0) {
          const waited = await waitForIdle(waitIdleSec);
          if (waited === undefined) log(`  the machine stayed busy for ${waitIdleSec}s: running anyway`);
        }
        r = await runMeasured(cmd, args, { cwd: REPO_ROOT, timeoutSec });
        const noisy = r.ok && r.othersCores !== undefined && r.othersCores > BUSY_CORES;
        if (!noisy || attempt >= retryNoisy) break;
        rmSync(out, { recursive: true, force: true });
        log(`  ${r.wallSec.toFixed(2)} s, but other processes used ${r.othersCores!.toFixed(2)} cores meanwhile: again`);
      }
      if (!r.ok) {
        failed.set(tool.id, failureReason(r));
        log(`  FAILED: ${failed.get(tool.id)}`);
      } else {
        const others = r.othersCores !== undefined && r.othersCores > BUSY_CORES ? ` (other processes used ${r.othersCores.toFixed(2)} cores meanwhile)` : '';
        log(`  ${r.wallSec.toFixed(2)} s, ${(corpusMB / r.wallSec).toFixed(1)} MB/s, peak RSS ${(r.peakRssBytes / 1e6).toFixed(0)} MB${others}`);
        const output = measureOutput(out, tool.output);
        if (output.bytes === 0 || output.docs === 0) {
          // Exit 0 but nothing written: not a fast run, a run that did nothing.
          failed.set(tool.id, `exit 0 but no output in ${out}${tool.output === 'dir' ? ` (is ${cliName()} the runnable entry point?)` : ''}`);
          log(`  FAILED: ${failed.get(tool.id)}`);
        } else {
          measured.set(tool.id, [...(measured.get(tool.id) ?? []), r]);
          if (!outputs.has(tool.id)) outputs.set(tool.id, output);
        }
      }
      rmSync(out, { recursive: true, force: true });
    }
  }

  // The main thread's fixed cost: the same --jobs N command on one page. Node's own start on this
  // kind of machine is ~0.13 s of main-thread CPU, which no number of workers changes: the cost per
  // GB beyond the start is what decides how many workers one process can feed.
  let mainThreadStartCpuSec: number | undefined;
  const ccN = active.find((tool) => tool.id === 'cc-n');
  if (ccN !== undefined && measured.has('cc-n')) {
    const onePageDir = join(WORK_DIR, 'one-page');
    rmSync(onePageDir, { recursive: true, force: true });
    mkdirSync(onePageDir, { recursive: true });
    copyFileSync(corpus.files[0] as string, join(onePageDir, basename(corpus.files[0] as string)));
    const starts: number[] = [];
    for (let run = 0; run < Math.max(3, runs); run++) {
      const out = join(outRoot, 'cc-n-one-page');
      rmSync(out, { recursive: true, force: true });
      const { cmd, args } = ccN.command({ ...ctx, corpusDir: onePageDir }, out);
      const r = await runMeasured(cmd, args, { cwd: REPO_ROOT, timeoutSec });
      if (r.ok && r.self?.mainThreadCpuSec !== undefined) starts.push(r.self.mainThreadCpuSec);
      rmSync(out, { recursive: true, force: true });
    }
    if (starts.length > 0) {
      mainThreadStartCpuSec = median(starts);
      log(`main thread at start (--jobs ${jobsN}, one page, median of ${starts.length}): ${mainThreadStartCpuSec.toFixed(2)} s CPU`);
    }
  }

  // Results.
  const results: ToolResult[] = selected.map((tool: Tool) => {
    const { cmd, args } = tool.command(ctx, join(outRoot, tool.output === 'dir' ? tool.id : `${tool.id}.txt`));
    const base: ToolResult = { id: tool.id, label: tool.label, command: shellQuote([cmd, ...args]), status: 'ok', timesSec: [] };
    if (skipped.has(tool.id)) return { ...base, status: 'skipped', note: skipped.get(tool.id)! };
    if (failed.has(tool.id)) return { ...base, status: 'failed', note: failed.get(tool.id)! };
    const rs = measured.get(tool.id) ?? [];
    const timesSec = rs.map((r) => r.wallSec);
    const medianSec = median(timesSec);
    const out = outputs.get(tool.id);
    const docs = out?.docs ?? rs[0]?.self?.docs;
    const errors = rs[0]?.self?.errors;
    const res: ToolResult = {
      ...base,
      timesSec,
      medianSec,
      mbPerSec: corpusMB / medianSec,
      peakRssMB: Math.max(...rs.map((r) => r.peakRssBytes)) / 1e6,
    };
    const coresUsed = rs.filter((r) => r.cpuSec !== undefined && r.wallSec > 0).map((r) => r.cpuSec! / r.wallSec);
    if (coresUsed.length > 0) res.coresUsed = median(coresUsed);
    const mainThread = rs.flatMap((r) => (r.self?.mainThreadCpuSec === undefined ? [] : [r.self.mainThreadCpuSec]));
    if (tool.id === 'cc-n' && mainThread.length > 0) {
      res.mainThreadCpuSecPerGB = median(mainThread) / (corpusMB / 1000);
      if (mainThreadStartCpuSec !== undefined) {
        res.mainThreadStartCpuSec = mainThreadStartCpuSec;
        res.mainThreadCpuSecPerGBBeyondStart = (median(mainThread) - mainThreadStartCpuSec) / (corpusMB / 1000);
      }
    }
    if (out) res.outputMB = out.bytes / 1e6;
    if (docs !== undefined) res.docs = docs;
    if (errors !== undefined) res.errors = errors;
    const remarks: string[] = [];
    if (docs !== undefined) remarks.push(`${docs}/${corpus.files.length} docs out`);
    if (errors) remarks.push(`${errors} doc errors`);
    const busyRuns = rs.filter((r) => r.othersCores !== undefined && r.othersCores > BUSY_CORES);
    if (busyRuns.length > 0) {
      remarks.push(`${busyRuns.length}/${rs.length} runs shared the CPU (others up to ${Math.max(...busyRuns.map((r) => r.othersCores!)).toFixed(1)} cores)`);
    }
    res.othersCores = rs.map((r) => (r.othersCores === undefined ? null : Math.round(r.othersCores * 100) / 100));
    if (remarks.length > 0) res.note = remarks.join(', ');
    return res;
  });
  const cc1 = results.find((t) => t.id === 'cc-1' && t.status === 'ok');
  for (const t of results) {
    if (t.status !== 'ok' || !cc1?.medianSec || t.medianSec === undefined) continue;
    if (t.id === 'cc-n') t.speedupOverOneJob = cc1.medianSec / t.medianSec;
    else if (t.id === 'cc-1-parquet') t.throughputOfJsonl = cc1.medianSec / t.medianSec;
    else if (t.id === 'cc-1-warc' || t.id === 'cc-n-warc') t.speedOverPageFiles = cc1.medianSec / t.medianSec;
    else if (t.id !== 'cc-1') t.ccOneCoreIsFasterBy = t.medianSec / cc1.medianSec;
  }
  const goal = (text: string, target: number, actual: number | undefined, atMost?: string): Goal => {
    const g: Goal = { text, target, ...(atMost === undefined ? {} : { atMost }) };
    if (actual !== undefined) {
      g.actual = actual;
      g.met = atMost === undefined ? actual >= target : actual <= target;
    }
    return g;
  };
  const byId = (id: string): ToolResult | undefined => results.find((t) => t.id === id);
  const goals = [
    goal('clean-corpus (1 core) vs BeautifulSoup recipe', 15, byId('bs4')?.ccOneCoreIsFasterBy),
    goal('clean-corpus (1 core) vs cheerio.load', 10, byId('cheerio')?.ccOneCoreIsFasterBy),
    goal('clean-corpus (1 core) vs html-to-text', 3, byId('html-to-text')?.ccOneCoreIsFasterBy),
    goal(`clean-corpus --jobs ${jobsN} vs --jobs 1`, 1.35, byId('cc-n')?.speedupOverOneJob),
    // 0.15 s per GB feeds about 45 workers of 150 MB/s from one process (issue 13); judged on a corpus of ~1 GB (--corpus-mb 1000).
    goal(`clean-corpus --jobs ${jobsN}: main thread CPU per GB of input`, 0.15, byId('cc-n')?.mainThreadCpuSecPerGB, 's'),
    goal(`clean-corpus --jobs ${jobsN}: main thread CPU per GB of input beyond its start-up (one page)`, 0.15, byId('cc-n')?.mainThreadCpuSecPerGBBeyondStart, 's'),
    goal('clean-corpus --jobs 1 writing Parquet, throughput as a fraction of writing JSONL', 0.8, byId('cc-1-parquet')?.throughputOfJsonl),
  ];

  const machine = machineInfo();
  if (pythonVersion) machine.python = pythonVersion;
  if (resiliparse.version) machine.resiliparse = resiliparse.version;
  const report: Results = {
    machine,
    corpus: { dir: corpus.dir, source: corpus.source, files: corpus.files.length, bytes: corpus.bytes, mb: corpusMB },
    runs,
    jobsN,
    tools: results,
    goals,
    notes,
  };
  process.stdout.write('\n' + renderConsole(report));
  writeFileSync(join(BENCH_DIR, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(BENCH_DIR, 'results.md'), renderMarkdown(report));
  log('wrote bench/results.json and bench/results.md');
}

main().catch((err: unknown) => {
  // A usage or setup problem reads best as one line; BENCH_DEBUG=1 shows where it came from.
  const e = err as Error;
  process.stderr.write(`[bench] ${process.env.BENCH_DEBUG ? (e.stack ?? String(e)) : (e.message ?? String(e))}\n`);
  process.exit(1);
});
