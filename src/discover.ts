import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type fg from 'fast-glob';
import type { InputError } from './types.js';
import { describeFsError } from './readers/errors.js';

/** File patterns taken from directories when `--include` is not given. */
export const DEFAULT_INCLUDE: readonly string[] = [
  '*.html',
  '*.htm',
  '*.xhtml',
  '*.txt',
  '*.html.gz',
  '*.htm.gz',
  '*.xhtml.gz',
  '*.txt.gz',
  '*.jsonl',
  '*.jsonl.gz',
  '*.json.gz',
  '*.parquet',
  '*.warc',
  '*.warc.gz',
  '*.wet.gz',
];

/** The name that stands for standard input among the inputs. */
export const STDIN_INPUT = '-';

export interface DiscoverOptions {
  /** Patterns of files to take from directories; a pattern without `/` matches a base name at any depth. */
  include: readonly string[];
  /** Patterns of files to leave out, everywhere. */
  exclude: readonly string[];
  /** The output folder, never read back as input. */
  outputDir?: string;
  /** Follow symbolic links that lead outside the input folders. @default false */
  followSymlinks?: boolean;
}

export interface DiscoveredInputs {
  /** Paths to read (or `-` for stdin), in stable sorted order, each real file once. */
  paths: string[];
  errors: InputError[];
}

/** Code-unit order: the same on every machine, whatever its locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function globOptions(options: DiscoverOptions): fg.Options {
  return {
    ignore: [...options.exclude],
    onlyFiles: true,
    dot: false,
    caseSensitiveMatch: false,
    followSymbolicLinks: options.followSymlinks === true,
    suppressErrors: true,
    unique: true,
  };
}

/**
 * Expands the command line's inputs into files: a file is itself, a
 * directory is searched recursively with the include patterns, anything else
 * is taken as a glob pattern. The result is sorted and each real file appears
 * once, however many paths lead to it.
 */
export async function discoverInputs(inputs: readonly string[], options: DiscoverOptions): Promise<DiscoveredInputs> {
  /** Files found, with their real path where the walk already knows it. */
  const found: Array<{ path: string; real?: string }> = [];
  const errors: InputError[] = [];
  const outputReal = options.outputDir === undefined ? undefined : await realpath(options.outputDir).catch(() => path.resolve(options.outputDir as string));
  let stdinSeen = false;
  const roots: string[] = [];
  for (const input of inputs) {
    const isFolder = await stat(input).then((stats) => stats.isDirectory(), () => false);
    if (isFolder) roots.push(await realpath(input));
  }

  for (const input of inputs) {
    if (input === STDIN_INPUT) {
      stdinSeen = true;
      continue;
    }
    let stats;
    try {
      stats = await stat(input);
    } catch (error) {
      // fast-glob is loaded only when a pattern is given: it costs 30 ms of start-up.
      const glob = (await import('fast-glob')).default;
      if (glob.isDynamicPattern(input)) {
        const matches = await glob(input, globOptions(options));
        if (matches.length === 0) errors.push({ source: input, reason: 'no file matches this pattern' });
        for (const match of matches) found.push({ path: match });
        continue;
      }
      const isDangling = await lstat(input).then(
        (link) => link.isSymbolicLink(),
        () => false,
      );
      errors.push({ source: input, reason: isDangling ? 'dangling symbolic link' : describeFsError(error) });
      continue;
    }
    if (stats.isDirectory()) {
      // The walker and its pattern matcher are loaded here, not where the run's main thread only reads DEFAULT_INCLUDE.
      const { walkFolder } = await import('./walk.js');
      const walked = await walkFolder(input, {
        include: options.include,
        exclude: options.exclude,
        roots,
        followSymlinks: options.followSymlinks === true,
        ...(outputReal === undefined ? {} : { outputDir: outputReal }),
      });
      found.push(...walked.files);
      errors.push(...walked.errors);
    } else {
      found.push({ path: input });
    }
  }

  // Each real file once: two paths to one file (links, `a/../a`) keep the first in sorted order.
  found.sort((a, b) => compareCodeUnits(a.path, b.path));
  const seen = new Set<string>();
  const paths: string[] = [];
  for (const file of found) {
    // Asking for each walked file's real path cost ~50 ms per 700 files at start-up.
    const real = file.real ?? (await realpath(file.path).catch(() => path.resolve(file.path)));
    if (seen.has(real)) continue;
    seen.add(real);
    paths.push(file.path);
  }
  if (stdinSeen) paths.unshift(STDIN_INPUT);
  return { paths, errors };
}
