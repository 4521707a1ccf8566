/**
 * Preparing the corpora the bench runs on, once, outside any timed run.
 *
 * - `prepareRepeatedCorpus`: the real pages of a source folder (`*.html.gz` are
 *   decompressed here, so no tool pays for gzip; plain files are copied), written as
 *   plain `.html` files and repeated until the folder holds about `targetBytes`.
 *   A manifest beside the folder lets the next run reuse it when it still matches.
 * - `prepareHugeDocument`: one HTML file made by concatenating those pages.
 * - `listCorpus`: the regular files of a folder given on the command line.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(BENCH_DIR, '..');
export const WORK_DIR = join(BENCH_DIR, 'work');
/** The real pages: `../shared/corpora/web-dev` relative to the repo root. */
export const DEFAULT_SOURCE = resolve(REPO_ROOT, '../shared/corpora/web-dev');

export interface Corpus {
  dir: string;
  /** Absolute paths, in the order every tool processes them. */
  files: string[];
  bytes: number;
  /** Where the pages came from, and whether this run built the folder or reused it. */
  source: string;
  reused: boolean;
}

interface Manifest {
  version: 1;
  source: string;
  sourceDigest: string;
  targetBytes: number;
  files: { name: string; bytes: number }[];
  bytes: number;
}

/** Regular files directly in `dir` or below, sorted, skipping dot files. */
export function listCorpus(dir: string): Corpus {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`corpus folder not found: ${root}`);
  const files: string[] = [];
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.')) continue;
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        files.push(p);
        bytes += statSync(p).size;
      }
    }
  };
  walk(root);
  if (files.length === 0) throw new Error(`corpus folder is empty: ${root}`);
  return { dir: root, files, bytes, source: root, reused: true };
}

/** The pages of the source folder, decompressed, in a stable order. */
function sourcePages(sourceDir: string): { name: string; file: string }[] {
  if (!existsSync(sourceDir)) throw new Error(`source pages not found: ${sourceDir}`);
  const names = readdirSync(sourceDir)
    .filter((n) => !n.startsWith('.') && statSync(join(sourceDir, n)).isFile())
    .sort();
  if (names.length === 0) throw new Error(`no pages in ${sourceDir}`);
  return names.map((name) => ({ name, file: join(sourceDir, name) }));
}

function readPage(file: string): Buffer {
  const raw = readFileSync(file);
  return file.endsWith('.gz') ? gunzipSync(raw) : raw;
}

function digestOf(pages: { name: string; file: string }[]): string {
  const h = createHash('sha256');
  for (const p of pages) h.update(`${p.name}\0${statSync(p.file).size}\0`);
  return h.digest('hex').slice(0, 16);
}

function manifestMatches(dir: string, manifestPath: string, want: Omit<Manifest, 'files' | 'bytes'>): Manifest | undefined {
  if (!existsSync(manifestPath) || !existsSync(dir)) return undefined;
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  if (m.version !== want.version || m.source !== want.source || m.sourceDigest !== want.sourceDigest) return undefined;
  if (m.targetBytes !== want.targetBytes) return undefined;
  const present = new Set(readdirSync(dir));
  if (present.size !== m.files.length) return undefined;
  for (const f of m.files) {
    if (!present.has(f.name)) return undefined;
    if (statSync(join(dir, f.name)).size !== f.bytes) return undefined;
  }
  return m;
}

/**
 * Builds (or reuses) `outDir` with the source pages as plain `.html` files, repeated
 * until the folder holds at least `targetBytes`: the last round stops at the page
 * that crosses the target, so the size is `targetBytes` plus less than one page.
 */
export function prepareRepeatedCorpus(opts: {
  sourceDir?: string;
  outDir: string;
  targetBytes: number;
  log?: (msg: string) => void;
}): Corpus {
  const log = opts.log ?? (() => {});
  const sourceDir = resolve(opts.sourceDir ?? DEFAULT_SOURCE);
  const outDir = resolve(opts.outDir);
  const manifestPath = `${outDir}.manifest.json`;
  const pages = sourcePages(sourceDir);
  const want = { version: 1 as const, source: sourceDir, sourceDigest: digestOf(pages), targetBytes: opts.targetBytes };

  const reuse = manifestMatches(outDir, manifestPath, want);
  if (reuse) {
    return {
      dir: outDir,
      files: reuse.files.map((f) => join(outDir, f.name)),
      bytes: reuse.bytes,
      source: sourceDir,
      reused: true,
    };
  }

  log(`building ${outDir} (~${(opts.targetBytes / 1e6).toFixed(0)} MB from ${pages.length} pages of ${sourceDir})…`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(manifestPath, { force: true });
  mkdirSync(outDir, { recursive: true });
  const bodies = pages.map((p) => readPage(p.file));
  const pageBytes = bodies.reduce((a, b) => a + b.length, 0);
  if (pageBytes === 0) throw new Error(`the pages of ${sourceDir} are all empty`);
  const files: { name: string; bytes: number }[] = [];
  let bytes = 0;
  for (let round = 0; bytes < opts.targetBytes; round++) {
    for (let i = 0; i < bodies.length && bytes < opts.targetBytes; i++) {
      const body = bodies[i]!;
      if (body.length === 0) continue;
      const name = `r${String(round).padStart(3, '0')}-p${String(i).padStart(4, '0')}.html`;
      writeFileSync(join(outDir, name), body);
      files.push({ name, bytes: body.length });
      bytes += body.length;
    }
  }
  // The manifest is written last: an interrupted build is never mistaken for a finished one.
  const manifest: Manifest = { ...want, files, bytes };
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 1));
  return { dir: outDir, files: files.map((f) => join(outDir, f.name)), bytes, source: sourceDir, reused: false };
}

/**
 * The pages of `corpus`, in its order, as WARC response records split over
 * `fileCount` `.warc.gz` files, each record its own gzip member as in Common
 * Crawl's files; reused while its manifest names the same pages. Lets the bench
 * time the CLI on the same pages read from WARC.
 */
export function prepareWarcCorpus(opts: { corpus: Corpus; outDir: string; fileCount: number; log?: (msg: string) => void }): Corpus {
  const { corpus, fileCount } = opts;
  const outDir = resolve(opts.outDir);
  const manifestPath = `${outDir}.manifest.json`;
  const want = { version: 1, pages: createHash('sha256').update(corpus.files.join('\n')).digest('hex'), bytes: corpus.bytes, fileCount };
  const names = Array.from({ length: fileCount }, (_, i) => `part-${String(i).padStart(3, '0')}.warc.gz`);
  if (existsSync(manifestPath) && names.every((name) => existsSync(join(outDir, name)))) {
    try {
      if (JSON.stringify(JSON.parse(readFileSync(manifestPath, 'utf8'))) === JSON.stringify(want)) {
        return { dir: outDir, files: names.map((name) => join(outDir, name)), bytes: corpus.bytes, source: corpus.dir, reused: true };
      }
    } catch {
      /* rebuilt below */
    }
  }
  opts.log?.(`building ${outDir} (the ${corpus.files.length} pages of ${corpus.dir} in ${fileCount} .warc.gz files)…`);
  rmSync(outDir, { recursive: true, force: true });
  rmSync(manifestPath, { force: true });
  mkdirSync(outDir, { recursive: true });
  const perFile = Math.ceil(corpus.files.length / fileCount);
  for (let part = 0; part < fileCount; part++) {
    const fd = openSync(join(outDir, names[part]!), 'w');
    try {
      corpus.files.slice(part * perFile, (part + 1) * perFile).forEach((file, i) => {
        const index = part * perFile + i;
        const body = readFileSync(file);
        const http = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
        const header =
          'WARC/1.0\r\nWARC-Type: response\r\n' +
          `WARC-Target-URI: https://bench.example/${basename(file)}\r\n` +
          'WARC-Date: 2026-01-01T00:00:00Z\r\n' +
          `WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-${String(index).padStart(12, '0')}>\r\n` +
          'Content-Type: application/http; msgtype=response\r\n' +
          `Content-Length: ${http.length}\r\n\r\n`;
        writeSync(fd, gzipSync(Buffer.concat([Buffer.from(header), http, Buffer.from('\r\n\r\n')])));
      });
    } finally {
      closeSync(fd);
    }
  }
  writeFileSync(manifestPath, JSON.stringify(want));
  return { dir: outDir, files: names.map((name) => join(outDir, name)), bytes: corpus.bytes, source: corpus.dir, reused: false };
}

/**
 * One HTML file of at least `targetBytes`, made by concatenating the source pages
 * (whole pages, each with its own `<html>…</html>`), reused when present with the
 * size its manifest records.
 */
export function prepareHugeDocument(opts: {
  sourceDir?: string;
  outFile: string;
  targetBytes: number;
  log?: (msg: string) => void;
}): { file: string; bytes: number; reused: boolean } {
  const log = opts.log ?? (() => {});
  const sourceDir = resolve(opts.sourceDir ?? DEFAULT_SOURCE);
  const outFile = resolve(opts.outFile);
  const manifestPath = `${outFile}.manifest.json`;
  const pages = sourcePages(sourceDir);
  const digest = digestOf(pages);
  if (existsSync(outFile) && existsSync(manifestPath)) {
    try {
      const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as { sourceDigest: string; targetBytes: number; bytes: number };
      if (m.sourceDigest === digest && m.targetBytes === opts.targetBytes && statSync(outFile).size === m.bytes) {
        return { file: outFile, bytes: m.bytes, reused: true };
      }
    } catch {
      /* rebuild */
    }
  }
  log(`building ${basename(outFile)} (~${(opts.targetBytes / 1e6).toFixed(0)} MB, one document)…`);
  mkdirSync(dirname(outFile), { recursive: true });
  rmSync(manifestPath, { force: true });
  const bodies = pages.map((p) => readPage(p.file)).filter((b) => b.length > 0);
  const fd = openSync(outFile, 'w');
  let bytes = 0;
  try {
    for (let i = 0; bytes < opts.targetBytes; i = (i + 1) % bodies.length) {
      const body = bodies[i]!;
      writeSync(fd, body);
      writeSync(fd, '\n');
      bytes += body.length + 1;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(manifestPath, JSON.stringify({ sourceDigest: digest, targetBytes: opts.targetBytes, bytes }));
  return { file: outFile, bytes, reused: false };
}

/**
 * Reads every file once so that no timed run pays for a cold page cache. Reads through
 * one reused buffer: the bench process itself must stay small (see proc.ts on RSS).
 */
export function warmPageCache(files: string[]): void {
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const f of files) {
    const fd = openSync(f, 'r');
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0) {
        /* only the page cache matters */
      }
    } finally {
      closeSync(fd);
    }
  }
}

/** Writes the file list the peers read (one absolute path per line). */
export function writeFileList(files: string[], listPath: string): void {
  for (const f of files) {
    if (f.includes('\n')) throw new Error(`file name with a newline is not supported: ${JSON.stringify(f)}`);
  }
  mkdirSync(dirname(listPath), { recursive: true });
  writeFileSync(listPath, files.join('\n') + '\n');
}
