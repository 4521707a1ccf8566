/**
 * What every JS peer shares: the loop over the corpus, the output file, and the
 * exit report. A peer is run as `node peer.js <file list> <output file>`; the file
 * list holds one absolute path per line. Each document is read with
 * `readFileSync(path, 'utf8')`, turned into text by the peer, and written to the
 * output file followed by a newline, so that every tool pays for its output.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

/**
 * Python's `re.sub(r'\s+', ' ', t)`: on `str` patterns Python's `\s` is Unicode
 * whitespace, and so is JS's `\s` (the Unicode White_Space set plus U+FEFF), so
 * the literal port is faithful.
 */
export const WHITESPACE = /\s+/g;

/**
 * Python's `re.sub(r'[^\w\s]', '', t)`. On `str` patterns Python's `\w` is
 * Unicode: every character for which `str.isalnum()` holds (letters and numbers
 * of any script) plus `_`. JS's `\w` is ASCII-only (`[A-Za-z0-9_]`), so the
 * literal port `/[^\w\s]/g` would delete every non-ASCII letter: different output,
 * and shorter strings for everything downstream, an unfair speedup. `\p{L}\p{N}_`
 * under the `u` flag is the faithful port (combining marks are not `\w` in
 * Python either, so `\p{M}` is left out on purpose).
 */
export const NOT_WORD_OR_SPACE = /[^\p{L}\p{N}_\s]/gu;

/** The classic recipe's two regex passes, in the same order as the Python one. */
export function classicRegexes(text: string): string {
  return text.replace(WHITESPACE, ' ').replace(NOT_WORD_OR_SPACE, '');
}

/** Runs `toText` over every file of the list, writing results; reports stats on stderr. */
export function runPeer(name: string, toText: (html: string, path: string) => string): void {
  const [listFile, outFile] = process.argv.slice(2);
  if (!listFile || !outFile) {
    process.stderr.write(`usage: node ${name}.js <file list> <output file>\n`);
    process.exit(2);
  }
  const paths = readFileSync(listFile, 'utf8').split('\n').filter((p) => p.length > 0);
  const fd = openSync(outFile, 'w');
  let docs = 0;
  let errors = 0;
  let firstError: string | undefined;
  for (const path of paths) {
    const html = readFileSync(path, 'utf8');
    let text: string;
    try {
      text = toText(html, path);
    } catch (err) {
      errors++;
      firstError ??= `${path}: ${(err as Error).message}`;
      continue;
    }
    writeSync(fd, text + '\n');
    docs++;
  }
  closeSync(fd);
  if (firstError !== undefined) process.stderr.write(`${name}: ${errors} document(s) failed, first: ${firstError}\n`);
  const { maxRSS, userCPUTime, systemCPUTime } = process.resourceUsage();
  const cpuSec = (userCPUTime + systemCPUTime) / 1e6;
  process.stderr.write(`BENCH_STATS ${JSON.stringify({ pid: process.pid, ppid: process.ppid, maxRssKB: maxRSS, cpuSec, docs, errors })}\n`);
}
