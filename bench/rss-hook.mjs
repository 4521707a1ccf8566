// Preloaded into the clean-corpus CLI by the bench (`node --import <this> dist/cli.js …`)
// so that the CLI, which knows nothing of the bench, reports its own peak RSS at exit,
// the same way the bench's peers do. Plain JS so that no compiler runs inside the timed process.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
    const cpuSec = (userCPUTime + systemCPUTime) / 1e6;
    process.stderr.write(`BENCH_STATS ${JSON.stringify({ pid: process.pid, ppid: process.ppid, maxRssKB: maxRSS, cpuSec })}\n`);
  });
}
