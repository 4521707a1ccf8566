// Preloaded into the clean-corpus CLI by the bench (`node --import <this> dist/cli.js …`)
// so that the CLI, which knows nothing of the bench, reports its own peak RSS at exit,
// the same way the bench's peers do. Plain JS so that no compiler runs inside the timed process.
import { readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/**
 * CPU seconds of this process's main thread alone (Linux: /proc/self/task/PID/stat,
 * utime + stime in clock ticks of 1/100 s): the thread every document's output
 * passes through, whose load caps how many workers one process can feed.
 */
function mainThreadCpuSec() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

if (isMainThread) {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    const cpuSec = (userCPUTime + systemCPUTime) / 1e6;
    process.stderr.write(`BENCH_STATS ${JSON.stringify({ pid: process.pid, ppid: process.ppid, maxRssKB: maxRSS, cpuSec, mainThreadCpuSec: mainThreadCpuSec() })}\n`);
  });
}
