/**
 * The contenders: how to find each one, and the command line of one run.
 * Every run is a whole separate process reading the same corpus and writing its
 * output under `bench/work/out/`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { BENCH_DIR, REPO_ROOT } from './corpus.js';
import { GNU_TIME } from './proc.js';

/**
 * The built CLI, as a user runs it: the `clean-corpus` entry of package.json's `bin`
 * (falling back to dist/cli.js). `BENCH_CLI=/path/to/entry.js` points the bench at
 * another build (or a stand-in).
 */
function cliEntry(): string {
  if (process.env.BENCH_CLI) return resolve(process.env.BENCH_CLI);
  try {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['clean-corpus'];
    if (bin) return resolve(REPO_ROOT, bin);
  } catch {
    /* fall back */
  }
  return join(REPO_ROOT, 'dist', 'cli.js');
}
export const CLI_PATH = cliEntry();
const CLI_REL = CLI_PATH.startsWith(REPO_ROOT + '/') ? CLI_PATH.slice(REPO_ROOT.length + 1) : CLI_PATH;
export const RSS_HOOK = join(BENCH_DIR, 'rss-hook.mjs');

export interface Context {
  corpusDir: string;
  listFile: string;
  /** Argument vector (after `node`) that runs a compiled JS peer. */
  peerArgs: (name: string) => string[];
  python?: string;
  /** A Python that can import resiliparse. */
  resiliparsePython?: string;
  /** The corpus's pages in .warc.gz files (corpus.ts, prepareWarcCorpus). */
  warcDir?: string;
  jobsN: number;
}

export interface Tool {
  id: string;
  label: string;
  /** Output is a folder (clean-corpus) or a single file (peers). */
  output: 'dir' | 'file';
  command(ctx: Context, out: string): { cmd: string; args: string[] };
}

/**
 * clean-corpus's default pipeline writing jsonl shards (or `format`'s). `jobs` undefined: the CLI has
 * no --jobs option (yet), so the flag is left out and the CLI runs as it does by default.
 */
export function cleanCorpusTool(jobs: number | undefined, id: string, format: 'jsonl' | 'parquet' = 'jsonl', input: 'pages' | 'warc' = 'pages'): Tool {
  return {
    id,
    label:
      `${jobs === undefined ? 'clean-corpus (no --jobs flag)' : `clean-corpus --jobs ${jobs}`}${format === 'jsonl' ? '' : ` --format ${format}`}` +
      (input === 'warc' ? ', the same pages in .warc.gz files' : ''),
    output: 'dir',
    command: (ctx, out) => ({
      cmd: process.execPath,
      args: [
        // Makes the CLI report its own peak RSS at exit, like the peers do.
        '--import',
        pathToFileURL(RSS_HOOK).href,
        CLI_PATH,
        input === 'warc' ? (ctx.warcDir ?? ctx.corpusDir) : ctx.corpusDir,
        '-o',
        out,
        ...(jobs === undefined ? [] : ['--jobs', String(jobs)]),
        '--format',
        format,
      ],
    }),
  };
}

/** Whether the CLI's --help mentions --jobs (undefined: --help did not answer). */
export function cliHasJobsFlag(): boolean | undefined {
  const r = spawnSync(process.execPath, [CLI_PATH, '--help'], { encoding: 'utf8', timeout: 30_000 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (!/usage|options/i.test(text)) return undefined;
  return /--jobs\b/.test(text);
}

function jsPeer(id: string, label: string, file: string): Tool {
  return {
    id,
    label,
    output: 'file',
    command: (ctx, out) => ({ cmd: process.execPath, args: [...ctx.peerArgs(file), ctx.listFile, out] }),
  };
}

export function allTools(jobsN: number, hasJobsFlag = true): Tool[] {
  return [
    cleanCorpusTool(hasJobsFlag ? 1 : undefined, 'cc-1'),
    cleanCorpusTool(jobsN, 'cc-n'),
    cleanCorpusTool(hasJobsFlag ? 1 : undefined, 'cc-1-parquet', 'parquet'),
    cleanCorpusTool(hasJobsFlag ? 1 : undefined, 'cc-1-warc', 'jsonl', 'warc'),
    cleanCorpusTool(jobsN, 'cc-n-warc', 'jsonl', 'warc'),
    {
      id: 'bs4',
      label: 'BeautifulSoup html.parser + 2 regexes (Python)',
      output: 'file',
      command: (ctx, out) => ({ cmd: ctx.python ?? 'python3', args: [join(BENCH_DIR, 'peers', 'bs4_recipe.py'), ctx.listFile, out] }),
    },
    {
      id: 'resiliparse',
      label: 'Resiliparse extract_plain_text (Lexbor, C++; Python)',
      output: 'file',
      command: (ctx, out) => ({
        cmd: ctx.resiliparsePython ?? 'python3',
        args: [join(BENCH_DIR, 'peers', 'resiliparse_recipe.py'), ctx.listFile, out],
      }),
    },
    jsPeer('cheerio', 'cheerio.load (parse5) + .text() + 2 regexes', 'cheerio'),
    jsPeer('html-to-text', 'html-to-text convert() + 2 regexes', 'html-to-text'),
    jsPeer('tokenizer', 'htmlparser2 Tokenizer, empty callbacks (floor)', 'htmlparser2-tokenizer'),
  ];
}

/** How the CLI is named in messages: its path relative to the repo. */
export function cliName(): string {
  return CLI_REL;
}

/** Why the CLI cannot be benchmarked, or undefined when it can; plus a staleness warning. */
export function checkCli(): { skip?: string; warn?: string } {
  if (!existsSync(CLI_PATH)) {
    return {
      skip: process.env.BENCH_CLI
        ? `BENCH_CLI=${CLI_PATH} not found`
        : `${CLI_REL} not found (the CLI is not built yet: run \`npm run build\`)`,
    };
  }
  if (process.env.BENCH_CLI) return { warn: `clean-corpus rows ran BENCH_CLI=${CLI_PATH}, not the package's bin` };
  const built = statSync(CLI_PATH).mtimeMs;
  let newest = 0;
  let newestFile = '';
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const m = statSync(p).mtimeMs;
        if (m > newest) {
          newest = m;
          newestFile = p;
        }
      }
    }
  };
  walk(join(REPO_ROOT, 'src'));
  if (newest > built) {
    return { warn: `dist/ may be stale: ${newestFile.slice(REPO_ROOT.length + 1)} is newer than ${CLI_REL} (run \`npm run build\`)` };
  }
  return {};
}

/**
 * `apt-get install -y <pkg>` (after `apt-get update` if the first try fails), when we
 * are root and apt-get exists. Returns an error message, or undefined on success.
 */
export function aptInstall(pkg: string, log: (m: string) => void): string | undefined {
  const apt = '/usr/bin/apt-get';
  if (process.getuid?.() !== 0 || !existsSync(apt)) return `cannot apt-get install ${pkg} (not root, or no apt-get)`;
  log(`${pkg} missing: apt-get install -y ${pkg} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = (): boolean => spawnSync(apt, ['install', '-y', '-q', pkg], { env, stdio: 'ignore' }).status === 0;
  if (install()) return undefined;
  spawnSync(apt, ['update', '-q'], { env, stdio: 'ignore' });
  return install() ? undefined : `apt-get install ${pkg} failed`;
}

/**
 * GNU time measures each run's peak RSS from outside (and keeps our own RSS out of
 * the child's: see proc.ts). Installs Debian's `time` when missing and allowed;
 * without it the bench still works (sh forks the runs, children report themselves).
 */
export function ensureGnuTime(opts: { allowInstall: boolean; log: (m: string) => void }): string | undefined {
  if (existsSync(GNU_TIME)) return undefined;
  if (!opts.allowInstall) return '/usr/bin/time missing (--no-install): peak RSS comes from the children\'s own reports and /proc sampling';
  const err = aptInstall('time', opts.log);
  return err ? `/usr/bin/time missing and ${err}: peak RSS comes from the children's own reports and /proc sampling` : undefined;
}

function hasBs4(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import bs4'], { stdio: 'ignore' });
  return r.status === 0;
}

/**
 * A Python that can import bs4. Debian's python3-bs4 lives in /usr/bin/python3's
 * dist-packages, which another `python3` earlier on the PATH (pyenv, a venv) does not
 * see, so /usr/bin/python3 is tried first. `BENCH_PYTHON` overrides the choice.
 * When none has bs4 and installing is allowed (root, apt-get present), runs
 * `apt-get install -y python3-bs4` (after `apt-get update` if the package is unknown).
 */
export function findPython(opts: { allowInstall: boolean; log: (m: string) => void }): { python?: string; skip?: string } {
  const candidates = process.env.BENCH_PYTHON ? [process.env.BENCH_PYTHON] : ['/usr/bin/python3', 'python3'];
  const ok = (): string | undefined => candidates.find((p) => (p.startsWith('/') ? existsSync(p) : true) && hasBs4(p));
  let found = ok();
  if (found) return { python: found };
  if (!opts.allowInstall) return { skip: 'python3 with bs4 not found (install python3-bs4; --no-install given)' };
  const err = aptInstall('python3-bs4', opts.log);
  if (err) return { skip: `python3 with bs4 not found, and ${err}` };
  found = ok();
  return found ? { python: found } : { skip: 'python3-bs4 installed but no python3 on this machine can import bs4' };
}

export function pythonVersionOf(python: string): string | undefined {
  try {
    return execFileSync(python, ['-c', 'import sys, bs4; print(sys.version.split()[0], "bs4", bs4.__version__)'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A Python that can import resiliparse, with its version: `BENCH_RESILIPARSE_PYTHON`
 * when set, else `python3` and `/usr/bin/python3`. Never installed by the bench:
 * Debian has no package for it, and `pip install resiliparse` needs PyPI.
 */
export function findResiliparsePython(): { python?: string; version?: string; skip?: string } {
  const candidates = process.env.BENCH_RESILIPARSE_PYTHON ? [process.env.BENCH_RESILIPARSE_PYTHON] : ['python3', '/usr/bin/python3'];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import importlib.metadata as m; print(m.version("resiliparse"))'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return { skip: 'no python3 here can import resiliparse (pip install resiliparse, or set BENCH_RESILIPARSE_PYTHON to a Python that has it)' };
}

/** Bytes written, and for a folder the documents in it (lines of its .jsonl / .jsonl.gz files; dot files left out). */
export function measureOutput(path: string, kind: 'dir' | 'file'): { bytes: number; docs?: number } {
  if (!existsSync(path)) return { bytes: 0 };
  if (kind === 'file') return { bytes: statSync(path).size };
  let bytes = 0;
  let docs: number | undefined;
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      // Dot files are the writer's bookkeeping (a resume journal), not output.
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        bytes += statSync(p).size;
        let text: string | undefined;
        if (e.name.endsWith('.jsonl')) text = readFileSync(p, 'utf8');
        else if (e.name.endsWith('.jsonl.gz')) text = gunzipSync(readFileSync(p)).toString('utf8');
        if (text !== undefined) {
          let n = 0;
          for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
          if (text.length > 0 && !text.endsWith('\n')) n++;
          docs = (docs ?? 0) + n;
        }
      }
    }
  };
  walk(path);
  return docs === undefined ? { bytes } : { bytes, docs };
}
