/**
 * The results as a terminal table and as Markdown (for the README).
 * Sizes: MB = 10^6 bytes everywhere (throughput and RSS alike).
 */
import type { MachineInfo } from './machine.js';

export interface ToolResult {
  id: string;
  label: string;
  command: string;
  status: 'ok' | 'failed' | 'skipped';
  /** Why it failed or was skipped, or a remark on a successful run. */
  note?: string;
  timesSec: number[];
  medianSec?: number;
  mbPerSec?: number;
  /** Per run, cores' worth of CPU used by other processes meanwhile (null: unknown). */
  othersCores?: (number | null)[];
  /** Largest peak RSS over the runs, MB. */
  peakRssMB?: number;
  /**
   * CPU time over wall time, median over the runs: the cores the tool kept
   * busy, its own threads and the runtime's (garbage collector, compiler).
   */
  coresUsed?: number;
  outputMB?: number;
  docs?: number;
  errors?: number;
  /** This tool's median time divided by clean-corpus --jobs 1's: "clean-corpus is Nx faster". */
  ccOneCoreIsFasterBy?: number;
  /** Only for clean-corpus --jobs N: its speed-up over --jobs 1. */
  speedupOverOneJob?: number;
  /** Only for clean-corpus --jobs N: its main thread's CPU seconds per GB of input, median over the runs. */
  mainThreadCpuSecPerGB?: number;
  /** Its main thread's CPU seconds on one page (the fixed cost: Node's start, loading, the workers' start), median. */
  mainThreadStartCpuSec?: number;
  /** `mainThreadCpuSecPerGB` without that fixed cost: what each further GB costs the main thread. */
  mainThreadCpuSecPerGBBeyondStart?: number;
  /** Only for clean-corpus --jobs 1 writing Parquet: its throughput as a fraction of writing JSONL. */
  throughputOfJsonl?: number;
  /** Only for clean-corpus reading the pages from WARC files: its speed as a multiple of --jobs 1's on the pages as files. */
  speedOverPageFiles?: number;
}

export interface Goal {
  text: string;
  target: number;
  actual?: number;
  /** undefined: could not be judged (a side is missing). */
  met?: boolean;
  /** A ceiling (the actual must be at most the target) rather than a floor, in the unit given. */
  atMost?: string;
}

export interface Results {
  machine: MachineInfo;
  corpus: { dir: string; source: string; files: number; bytes: number; mb: number };
  runs: number;
  jobsN: number;
  tools: ToolResult[];
  goals: Goal[];
  notes: string[];
}

const f1 = (n: number | undefined): string => (n === undefined ? '–' : n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2));
const fx = (n: number | undefined): string => (n === undefined ? '–' : `${n.toFixed(n >= 10 ? 1 : 2)}x`);

function comparison(t: ToolResult): string {
  if (t.status !== 'ok') return '–';
  if (t.id === 'cc-1') return 'baseline';
  if (t.speedupOverOneJob !== undefined) {
    const beyondStart =
      t.mainThreadCpuSecPerGBBeyondStart === undefined || t.mainThreadStartCpuSec === undefined
        ? ''
        : ` (${t.mainThreadCpuSecPerGBBeyondStart.toFixed(2)} s/GB beyond a start of ${t.mainThreadStartCpuSec.toFixed(2)} s)`;
    const mainThread = t.mainThreadCpuSecPerGB === undefined ? '' : `; main thread ${t.mainThreadCpuSecPerGB.toFixed(2)} s CPU/GB${beyondStart}`;
    return `${fx(t.speedupOverOneJob)} the speed of --jobs 1${mainThread}`;
  }
  if (t.throughputOfJsonl !== undefined) return `${(100 * t.throughputOfJsonl).toFixed(0)} % of writing JSONL`;
  if (t.speedOverPageFiles !== undefined) return `${fx(t.speedOverPageFiles)} the speed of --jobs 1 on the page files`;
  if (t.ccOneCoreIsFasterBy === undefined) return '–';
  return t.ccOneCoreIsFasterBy >= 1
    ? `clean-corpus ${fx(t.ccOneCoreIsFasterBy)} faster`
    : `clean-corpus ${fx(1 / t.ccOneCoreIsFasterBy)} slower`;
}

function rows(r: Results): string[][] {
  return r.tools.map((t) => [
    t.label,
    t.status === 'ok' ? f1(t.medianSec) : '–',
    t.status === 'ok' ? f1(t.mbPerSec) : '–',
    t.status === 'ok' ? f1(t.peakRssMB) : '–',
    t.status === 'ok' && t.coresUsed !== undefined ? t.coresUsed.toFixed(2) : '–',
    comparison(t),
    t.status === 'ok' ? (t.note ?? '') : `${t.status.toUpperCase()}: ${t.note ?? ''}`,
  ]);
}

const HEADER = ['Tool', 'Median s', 'MB/s', 'Peak RSS MB', 'CPU cores', 'vs clean-corpus --jobs 1', 'Notes'];

function goalLine(g: Goal): string {
  const verdict = g.met === undefined ? 'n/a' : g.met ? 'MET' : 'NOT MET';
  if (g.atMost !== undefined) {
    const actual = g.actual === undefined ? 'not measured' : `${g.actual.toFixed(2)} ${g.atMost}`;
    return `${g.text}: ${actual} (goal ≤ ${g.target} ${g.atMost}) ${verdict}`;
  }
  const actual = g.actual === undefined ? 'not measured' : fx(g.actual);
  return `${g.text}: ${actual} (goal ≥ ${g.target}x) ${verdict}`;
}

function summary(r: Results): string {
  const m = r.machine;
  return (
    `${r.corpus.files} files, ${r.corpus.mb.toFixed(1)} MB (${r.corpus.source}); median of ${r.runs} run(s) each; ` +
    `${m.cpuModel}, ${m.cores} cores (availableParallelism ${m.availableParallelism}), ${m.totalMemoryGB} GB RAM, ` +
    `Node ${m.node}${m.python ? `, Python ${m.python}` : ''}${m.resiliparse ? `, Resiliparse ${m.resiliparse}` : ''}; ${m.date.slice(0, 10)}`
  );
}

export function renderConsole(r: Results): string {
  const table = [HEADER, ...rows(r)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const numeric = new Set([1, 2, 3, 4]);
  const line = (row: string[]): string =>
    row
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [summary(r), '', line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line), ''];
  out.push('Goals:', ...r.goals.map((g) => `  ${goalLine(g)}`));
  if (r.notes.length > 0) out.push('', 'Notes:', ...r.notes.map((n) => `  - ${n}`));
  return out.join('\n') + '\n';
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: Results): string {
  const out = [
    HEADER.map(mdCell).join(' | ').replace(/^/, '| ').replace(/$/, ' |'),
    `|${HEADER.map((_, i) => (i >= 1 && i <= 4 ? ' ---: ' : ' --- ')).join('|')}|`,
    ...rows(r).map((row) => `| ${row.map(mdCell).join(' | ')} |`),
    '',
    `${summary(r)}. MB = 10^6 bytes; each tool is a separate process that reads every file and writes its output; ` +
      'peak RSS is the largest over the runs (summed over the process tree for multi-process runs); ' +
      'CPU cores is CPU time over wall time (median over the runs), where the tool reports its CPU time.',
    '',
    ...r.goals.map((g) => `- ${goalLine(g)}`),
  ];
  if (r.notes.length > 0) out.push('', ...r.notes.map((n) => `- Note: ${n}`));
  return out.join('\n') + '\n';
}
