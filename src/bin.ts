#!/usr/bin/env node
import { main } from './cli.js';

// The first SIGINT/SIGTERM asks the run to stop cleanly (no new work, the
// shard in progress dropped, the manifest written); a second one ends it now.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    controller.abort(signal);
  });
}

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A bug of ours, not a user's mistake: say so plainly, with the detail a bug report needs.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`clean-corpus: internal error (please report): ${detail}\n`);
    process.exitCode = 2;
  },
);
