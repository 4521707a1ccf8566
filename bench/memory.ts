/**
 * `npx tsx bench/memory.ts` — does clean-corpus stay within its memory budget?
 *
 *   npx tsx bench/memory.ts [--big-mb MB] [--huge-mb MB] [--skip-big] [--skip-huge] [--skip-huge-allowed] [--timeout SEC] [--huge-timeout SEC]
 *
 * 1. Big corpus: the real pages of ../shared/corpora/web-dev repeated to about
 *    --big-mb MB (default 1000) in bench/work/big/ (reused when present), run once with
 *    the CLI's default settings. Reports peak RSS (goal ≤ 300 MB) and throughput.
 * 2. Huge document: one HTML file of about --huge-mb MB (default 200) made by
 *    concatenating pages, in bench/work/huge/. Reports peak RSS, or the CLI's
 *    refusal message (goal: refused, or within 300 MB); when refused, runs it again with
 *    `--max-doc-size 1GB` to show what the document costs once allowed (goal ≤ 1 GB;
 *    --skip-huge-allowed leaves that out; killed after --huge-timeout s, default 300).
 * Peak RSS is the larger of the CLI's own getrusage report and the sampled RSS summed
 * over its process tree (so worker processes count). Writes bench/memory-results.json.
 * Runs each check once: it is a check, not a benchmark loop.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { BENCH_DIR, REPO_ROOT, WORK_DIR, prepareHugeDocument, prepareRepeatedCorpus, warmPageCache } from './corpus.js';
import { machineInfo } from './machine.js';
import { failureReason, runMeasured } from './proc.js';
import type { RunResult } from './proc.js';
import { CLI_PATH, RSS_HOOK, checkCli, cliName, ensureGnuTime, measureOutput } from './tools.js';

/** Peak RSS goals of the scale issue: a 1 GB corpus within 300 MB; one huge document, once allowed, cleaned within 1 GB. */
const CORPUS_RSS_GOAL_MB = 300;
const HUGE_DOCUMENT_RSS_GOAL_MB = 1000;

const log = (msg: string): void => {
  process.stderr.write(`[memory] ${msg}\n`);
};

interface Check {
  name: string;
  input: string;
  inputMB: number;
  files: number;
  /** refused: the CLI declined the input with a message (what the huge-document check expects, or a peak RSS within budget). */
  status: 'ok' | 'refused' | 'failed' | 'skipped';
  wallSec?: number;
  mbPerSec?: number;
  peakRssMB?: number;
  /** The three measures behind peakRssMB (the largest): GNU time's %M, the CLI's own getrusage report, the sampled process-tree sum; MB. */
  timeMaxRssMB?: number;
  selfReportMB?: number;
  treePeakMB?: number;
  /** The peak RSS this check should stay under, MB. */
  rssGoalMB: number;
  rssGoalMet?: boolean;
  exitCode?: number | null;
  docsOut?: number;
  outputMB?: number;
  /** The CLI's last stderr lines: its refusal or error message, or its summary. */
  message?: string;
}

async function runCli(input: string, out: string, timeoutSec: number, extra: string[]): Promise<RunResult> {
  rmSync(out, { recursive: true, force: true });
  // Default settings: no --jobs, no --format, only the input and the output folder (and `extra`).
  const args = ['--import', pathToFileURL(RSS_HOOK).href, CLI_PATH, input, '-o', out, ...extra];
  return runMeasured(process.execPath, args, { cwd: REPO_ROOT, timeoutSec, sampleMs: 50 });
}

function lastLines(r: RunResult, n: number): string {
  return (r.stderrTail.trim() || r.stdoutTail.trim()).split('\n').slice(-n).join('\n');
}

async function check(
  name: string,
  input: string,
  inputBytes: number,
  files: number,
  timeoutSec: number,
  expectOutput: boolean,
  rssGoalMB: number,
  extra: string[] = [],
): Promise<Check> {
  const out = join(WORK_DIR, 'out', `memory-${name}`);
  log(`${name}: node ${cliName()} ${input} -o ${out} ${extra.join(' ')}…`);
  const r = await runCli(input, out, timeoutSec, extra);
  const output = measureOutput(out, 'dir');
  rmSync(out, { recursive: true, force: true });
  const c: Check = {
    name,
    rssGoalMB,
    input,
    inputMB: inputBytes / 1e6,
    files,
    status: r.ok ? 'ok' : 'failed',
    wallSec: r.wallSec,
    peakRssMB: r.peakRssBytes / 1e6,
    treePeakMB: (r.treePeakKB * 1024) / 1e6,
    ...(r.timeMaxRssKB === undefined ? {} : { timeMaxRssMB: (r.timeMaxRssKB * 1024) / 1e6 }),
    ...(r.self?.maxRssKB === undefined ? {} : { selfReportMB: (r.self.maxRssKB * 1024) / 1e6 }),
    exitCode: r.exitCode,
    outputMB: output.bytes / 1e6,
    message: r.ok ? lastLines(r, 3) : [failureReason(r), ...lastLines(r, 3).split('\n').filter((l) => !failureReason(r).includes(l))].join('\n'),
  };
  if (!r.ok && !r.spawnError && r.signal === null && /larger than|too large|refus|max-doc-size/i.test(r.stderrTail)) {
    c.status = 'refused';
    c.message = lastLines(r, 3);
  }
  if (output.docs !== undefined) c.docsOut = output.docs;
  if (r.ok && expectOutput && (output.bytes === 0 || output.docs === 0)) {
    c.status = 'failed';
    c.message = `exit 0 but no output in ${out} (is ${cliName()} the runnable entry point?)\n${lastLines(r, 3)}`;
    return c;
  }
  if (r.ok) c.mbPerSec = inputBytes / 1e6 / r.wallSec;
  if (c.status === 'ok' || c.status === 'refused') c.rssGoalMet = c.peakRssMB! <= c.rssGoalMB;
  return c;
}

function describe(c: Check): string {
  const head = `${c.name}: ${c.files} file(s), ${c.inputMB.toFixed(0)} MB`;
  if (c.status === 'skipped') return `${head}: SKIPPED ${c.message ?? ''}`;
  const parts = [
    c.timeMaxRssMB === undefined ? undefined : `GNU time ${c.timeMaxRssMB.toFixed(0)}`,
    c.selfReportMB === undefined ? undefined : `self-report ${c.selfReportMB.toFixed(0)}`,
    `tree sampled ${c.treePeakMB?.toFixed(0)}`,
  ].filter(Boolean);
  const rss = `peak RSS ${c.peakRssMB?.toFixed(0)} MB (${parts.join(', ')})`;
  const goal = `goal ≤ ${c.rssGoalMB} MB ${c.rssGoalMet ? 'MET' : 'NOT MET'}`;
  const docs = c.docsOut !== undefined ? `, ${c.docsOut} docs out` : '';
  const lines = [
    c.status === 'ok'
      ? `${head}: ${c.wallSec!.toFixed(1)} s, ${c.mbPerSec!.toFixed(1)} MB/s, ${rss} — ${goal}${docs}`
      : c.status === 'refused'
        ? `${head}: REFUSED (exit ${c.exitCode}) after ${c.wallSec!.toFixed(1)} s, ${rss} — ${goal}`
        : `${head}: FAILED after ${c.wallSec!.toFixed(1)} s, ${rss}`,
  ];
  if (c.message) lines.push(...c.message.split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'big-mb': { type: 'string', default: '1000' },
      'huge-mb': { type: 'string', default: '200' },
      'skip-big': { type: 'boolean', default: false },
      'skip-huge': { type: 'boolean', default: false },
      'skip-huge-allowed': { type: 'boolean', default: false },
      'huge-timeout': { type: 'string', default: '300' },
      timeout: { type: 'string', default: '3600' },
    },
  });
  const timeoutSec = Number(values.timeout);
  const cli = checkCli();
  if (cli.skip) {
    log(`cannot run: ${cli.skip}`);
    process.exitCode = 1;
    return;
  }
  if (cli.warn) log(`warning: ${cli.warn}`);
  const timeNote = ensureGnuTime({ allowInstall: true, log });
  if (timeNote) log(`warning: ${timeNote}`);
  mkdirSync(join(WORK_DIR, 'out'), { recursive: true });
  const checks: Check[] = [];

  if (!values['skip-big']) {
    const big = prepareRepeatedCorpus({ outDir: join(WORK_DIR, 'big'), targetBytes: Number(values['big-mb']) * 1e6, log });
    log(`big corpus: ${big.files.length} files, ${(big.bytes / 1e6).toFixed(0)} MB${big.reused ? ' (reused)' : ''}; warming the page cache…`);
    warmPageCache(big.files);
    checks.push(await check('big-corpus', big.dir, big.bytes, big.files.length, timeoutSec, true, CORPUS_RSS_GOAL_MB));
    log(describe(checks.at(-1)!));
  }
  if (!values['skip-huge']) {
    const huge = prepareHugeDocument({ outFile: join(WORK_DIR, 'huge', 'huge.html'), targetBytes: Number(values['huge-mb']) * 1e6, log });
    if (existsSync(huge.file)) warmPageCache([huge.file]);
    checks.push(await check('huge-document', huge.file, huge.bytes, 1, timeoutSec, false, CORPUS_RSS_GOAL_MB));
    log(describe(checks.at(-1)!));
    if (checks.at(-1)!.status === 'refused' && !values['skip-huge-allowed']) {
      // What the document costs when a user lifts the limit for it.
      // Bounded: a pipeline that is slow on one huge string could otherwise run for the whole --timeout.
      const hugeTimeout = Math.min(timeoutSec, Number(values['huge-timeout']));
      checks.push(await check('huge-document-allowed', huge.file, huge.bytes, 1, hugeTimeout, true, HUGE_DOCUMENT_RSS_GOAL_MB, ['--max-doc-size', '1GB']));
      log(describe(checks.at(-1)!));
    }
  }

  const text = checks.map(describe).join('\n');
  process.stdout.write(`\n${text}\n`);
  writeFileSync(
    join(BENCH_DIR, 'memory-results.json'),
    JSON.stringify({ machine: machineInfo(), cli: CLI_PATH, checks }, null, 2) + '\n',
  );
  log('wrote bench/memory-results.json');
}

main().catch((err: unknown) => {
  // A usage or setup problem reads best as one line; BENCH_DEBUG=1 shows where it came from.
  const e = err as Error;
  process.stderr.write(`[memory] ${process.env.BENCH_DEBUG ? (e.stack ?? String(e)) : (e.message ?? String(e))}\n`);
  process.exit(1);
});
