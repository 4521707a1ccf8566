#!/usr/bin/env node
import { main } from './cli.js';

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
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
