/**
 * Spawning one measured run: wall time from spawn to exit, and peak memory.
 *
 * Peak RSS comes from three sources, and the largest wins:
 * - GNU time's `%M` (the child's wait4 rusage), when /usr/bin/time exists;
 * - the child's own report: every bench child (peers, and the clean-corpus CLI through
 *   the `rss-hook.mjs` preload) prints `BENCH_STATS {json}` on stderr at exit with its
 *   `maxRssKB` (getrusage of itself). Exact, but per process.
 * - a sampler that sums the resident memory of the whole process tree from /proc
 *   (Linux only). It catches multi-process runs (a `--jobs N` that forks), where
 *   the real peak is the sum of concurrent processes, at the cost of missing
 *   spikes shorter than the sampling period.
 *
 * Why the child is never spawned straight from this process: on Linux, `ru_maxrss`
 * survives execve. libuv spawns with fork()+exec, so the child starts as a copy of
 * this (large: tsx, esbuild, page-cache warm-up buffers) Node process, and its
 * `ru_maxrss` would report *our* RSS at spawn time whenever that is the larger.
 * So every run goes through a small process that forks it: GNU time (which also
 * measures), or else `sh`, kept from exec'ing the command by the trailing `exit`.
 */
import * as childProcess from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { cpuTimes } from './machine.js';

export const STATS_MARKER = 'BENCH_STATS ';

export interface ChildStats {
  pid?: number;
  ppid?: number;
  maxRssKB?: number;
  /** User + system CPU time of the process, seconds. */
  cpuSec?: number;
  /** The same for its main thread alone (the clean-corpus CLI, on Linux). */
  mainThreadCpuSec?: number;
  docs?: number;
  errors?: number;
  [key: string]: unknown;
}

export interface RunResult {
  ok: boolean;
  wallSec: number;
  exitCode: number | null;
  signal: string | null;
  /** Set when the process could not be started or was killed by the timeout. */
  spawnError?: string;
  /** Report of the spawned process itself, if it printed one. */
  self?: ChildStats;
  /** Reports of any other process (workers forked by the child) that printed one. */
  others: ChildStats[];
  /** Peak of the summed RSS of the process tree, sampled from /proc, in KiB (0 if unavailable). */
  treePeakKB: number;
  /** GNU time's %M for the run, KiB (when run under /usr/bin/time). */
  timeMaxRssKB?: number;
  /** Best estimate of the run's peak memory in bytes. */
  peakRssBytes: number;
  /** CPU time the child's processes reported, seconds (undefined if they did not). */
  cpuSec?: number;
  /**
   * Cores' worth of CPU that *other* processes of the machine used during the run
   * (whole machine busy time from /proc/stat minus the child's own CPU time): above
   * ~0.2 the run shared the machine and its time is suspect.
   */
  othersCores?: number;
  stderrTail: string;
  stdoutTail: string;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutSec?: number;
  /** Sampling period of the /proc tree sampler in ms; 0 disables it. */
  sampleMs?: number;
}

const TAIL = 4000;
const PAGE = 4096;

function appendTail(tail: string, chunk: string): string {
  const s = tail + chunk;
  return s.length > TAIL ? s.slice(s.length - TAIL) : s;
}

function childrenOf(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return tasks ? tasks.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

function rssKB(pid: number): number {
  try {
    const statm = readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ');
    return (Number(statm[1]) * PAGE) / 1024;
  } catch {
    return 0;
  }
}

/** Summed RSS of a process's descendants (and of itself unless `skipRoot`), in KiB. */
export function treeRssKB(root: number, skipRoot = false): number {
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    if (!(skipRoot && pid === root)) total += rssKB(pid);
    stack.push(...childrenOf(pid));
  }
  return total;
}

export const GNU_TIME = '/usr/bin/time';

/** GNU time, if that is what /usr/bin/time is (BusyBox's has no -o). */
function hasGnuTime(): boolean {
  if (!existsSync(GNU_TIME)) return false;
  try {
    const r = childProcess.spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
    return /GNU/.test(`${r.stdout ?? ''}${r.stderr ?? ''}`);
  } catch {
    return false;
  }
}
let gnuTime: boolean | undefined;

function parseStats(line: string): ChildStats | undefined {
  const at = line.indexOf(STATS_MARKER);
  if (at < 0) return undefined;
  try {
    return JSON.parse(line.slice(at + STATS_MARKER.length)) as ChildStats;
  } catch {
    return undefined;
  }
}

/** Runs `cmd args` to completion, measuring it. Never rejects. */
export function runMeasured(cmd: string, args: string[], opts: SpawnOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const stats: ChildStats[] = [];
    let stderrTail = '';
    let stdoutTail = '';
    let lineBuf = '';
    let treePeakKB = 0;
    let spawnError: string | undefined;
    let exitInfo: { code: number | null; signal: string | null; at: number } | undefined;

    gnuTime ??= hasGnuTime();
    let timeDir: string | undefined;
    let spawnCmd: string;
    let spawnArgs: string[];
    if (gnuTime) {
      timeDir = mkdtempSync(join(os.tmpdir(), 'bench-time-'));
      spawnCmd = GNU_TIME;
      spawnArgs = ['-f', '%M', '-o', join(timeDir, 'maxrss'), '--', cmd, ...args];
    } else {
      // `"$@"; exit $?` (not a lone `"$@"`, which dash would exec) makes sh fork the command.
      spawnCmd = '/bin/sh';
      spawnArgs = ['-c', '"$@"; exit $?', 'sh', cmd, ...args];
    }
    const cpuStart = cpuTimes();
    const start = performance.now();
    const child = spawn(spawnCmd, spawnArgs, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so a timeout can kill the child and whatever it forked.
      detached: true,
    });

    const sampleMs = opts.sampleMs ?? 100;
    const sampler =
      sampleMs > 0 && process.platform === 'linux'
        ? setInterval(() => {
            // The intermediary (time or sh) is not the command: leave its own RSS out.
            if (child.pid !== undefined) treePeakKB = Math.max(treePeakKB, treeRssKB(child.pid, true));
          }, sampleMs)
        : undefined;

    const timer =
      opts.timeoutSec !== undefined && opts.timeoutSec > 0
        ? setTimeout(() => {
            spawnError = `timed out after ${opts.timeoutSec}s`;
            try {
              if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }, opts.timeoutSec * 1000)
        : undefined;

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      stdoutTail = appendTail(stdoutTail, d);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      lineBuf += d;
      let nl: number;
      while ((nl = lineBuf.indexOf('\n')) >= 0) {
        const line = lineBuf.slice(0, nl);
        lineBuf = lineBuf.slice(nl + 1);
        const s = parseStats(line);
        if (s) stats.push(s);
        else stderrTail = appendTail(stderrTail, line + '\n');
      }
      if (lineBuf.length > 1 << 20) {
        stderrTail = appendTail(stderrTail, lineBuf);
        lineBuf = '';
      }
    });

    child.on('error', (err) => {
      spawnError = err.message;
    });
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal, at: performance.now() };
    });
    child.on('close', (code, signal) => {
      if (sampler) clearInterval(sampler);
      if (timer) clearTimeout(timer);
      if (lineBuf) {
        const s = parseStats(lineBuf);
        if (s) stats.push(s);
        else stderrTail = appendTail(stderrTail, lineBuf);
      }
      const end = exitInfo?.at ?? performance.now();
      const cpuEnd = cpuTimes();
      const exitCode = exitInfo ? exitInfo.code : code;
      const sig = exitInfo ? exitInfo.signal : signal;
      let timeMaxRssKB: number | undefined;
      if (timeDir) {
        try {
          // GNU time writes "Command exited with non-zero status N" before the value on failure.
          const lines = readFileSync(join(timeDir, 'maxrss'), 'utf8').trim().split('\n');
          const v = Number(lines.at(-1));
          if (Number.isFinite(v) && v > 0) timeMaxRssKB = v;
        } catch {
          /* time was killed too */
        }
        rmSync(timeDir, { recursive: true, force: true });
      }
      // The command is the intermediary's child.
      const self =
        stats.find((s) => s.ppid === child.pid) ?? stats.find((s) => s.pid === child.pid) ?? (stats.length === 1 ? stats[0] : undefined);
      const others = stats.filter((s) => s !== self);
      const selfKB = self?.maxRssKB ?? 0;
      const othersKB = Math.max(0, ...others.map((s) => s.maxRssKB ?? 0));
      const peakKB = Math.max(selfKB, othersKB, treePeakKB, timeMaxRssKB ?? 0);
      const result: RunResult = {
        ok: spawnError === undefined && exitCode === 0,
        wallSec: (end - start) / 1000,
        exitCode,
        signal: sig,
        others,
        treePeakKB,
        peakRssBytes: peakKB * 1024,
        stderrTail,
        stdoutTail,
      };
      if (spawnError !== undefined) result.spawnError = spawnError;
      if (timeMaxRssKB !== undefined) result.timeMaxRssKB = timeMaxRssKB;
      const cpus = stats.filter((s) => typeof s.cpuSec === 'number');
      if (cpus.length > 0) {
        result.cpuSec = cpus.reduce((a, s) => a + s.cpuSec!, 0);
        if (cpuStart && cpuEnd && cpuEnd.total > cpuStart.total && result.wallSec > 0) {
          const machineCores = ((cpuEnd.busy - cpuStart.busy) / (cpuEnd.total - cpuStart.total)) * os.cpus().length;
          result.othersCores = Math.max(0, machineCores - result.cpuSec / result.wallSec);
        }
      }
      if (self !== undefined) result.self = self;
      resolve(result);
    });
  });
}

/** One short line explaining why a run failed, for a table cell. */
export function failureReason(r: RunResult): string {
  if (r.spawnError) return r.spawnError;
  const lastLines = (r.stderrTail.trim() || r.stdoutTail.trim())
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const msg =
    lastLines.find((l) => /error|refus|larger than|too large|cannot|not found|invalid|unknown/i.test(l)) ?? lastLines.at(-1) ?? '';
  const how = r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  return msg ? `${how}: ${msg.slice(0, 200)}` : how;
}
