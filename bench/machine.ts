/** What machine the numbers were measured on. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  totalMemoryGB: number;
  platform: string;
  kernel: string;
  node: string;
  python?: string;
  /** Resiliparse's version, when the bench ran it. */
  resiliparse?: string;
  date: string;
}

export function machineInfo(python?: string): MachineInfo {
  const cpus = os.cpus();
  const info: MachineInfo = {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    totalMemoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.arch()}`,
    kernel: os.release(),
    node: process.version,
    date: new Date().toISOString(),
  };
  if (python) {
    try {
      info.python = execFileSync(python, ['--version'], { encoding: 'utf8' }).trim();
    } catch {
      /* leave it out */
    }
  }
  return info;
}

/** Busy and total jiffies of all CPUs together, from /proc/stat (Linux). */
export function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** Share of all CPUs busy over the next `ms` milliseconds (Linux), to warn when others use the machine. */
export async function cpuBusyShare(ms = 1000): Promise<number | undefined> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  if (!a || !b || b.total === a.total) return undefined;
  return (b.busy - a.busy) / (b.total - a.total);
}

/**
 * Waits until a whole second passes with the CPUs under `threshold` busy (our own
 * idle orchestrator included), at most `maxSec` seconds. Returns the seconds waited,
 * or undefined if the machine never went quiet (or /proc/stat is unreadable).
 */
export async function waitForIdle(maxSec: number, threshold = 0.1): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < maxSec * 1000) {
    const busy = await cpuBusyShare(1000);
    if (busy === undefined) return undefined;
    if (busy < threshold) return (Date.now() - start) / 1000;
  }
  return undefined;
}
