import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import type { InputError } from './types.js';
import { describeFsError } from './readers/errors.js';

export interface WalkOptions {
  /** File patterns to take; a pattern without `/` matches a file name at any depth. */
  include: readonly string[];
  /** Patterns of files and folders to leave out. */
  exclude: readonly string[];
  /** Real paths of every input folder: links that stay inside them are followed. */
  roots: readonly string[];
  /** Follow links that lead outside the input folders too. */
  followSymlinks: boolean;
  /** Real path of the output folder, never walked. */
  outputDir?: string;
}

/** A file found by the walk: the path as reached, and its real path (known without asking the file system again). */
export interface WalkedFile {
  path: string;
  real: string;
}

export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** A normalised path without the separator `path.normalize` leaves at its end (but the root itself). */
function withoutTrailingSeparator(normalized: string): string {
  let end = normalized.length;
  while (end > 1 && normalized[end - 1] === path.sep) end--;
  return normalized.slice(0, end);
}

/**
 * `path.join(dir, name)` for a normalised `dir` without a trailing separator
 * (or the root) and a directory entry's name (never empty, `.`, `..`, nor
 * holding a separator): the same string, without normalising again.
 */
function childPath(dir: string, name: string): string {
  if (dir === '.') return name;
  return dir.endsWith(path.sep) ? `${dir}${name}` : `${dir}${path.sep}${name}`;
}

/** A pattern `*.suffix` whose suffix is plain ASCII (no glob syntax): it matches by the name's end alone. */
const PLAIN_SUFFIX_PATTERN = /^\*(\.[A-Za-z0-9._-]+)$/;

/**
 * A matcher of paths relative to the walk's root, as picomatch with
 * `basename` (a pattern without `/` matches the last name), `nocase` and no
 * dot files. Patterns `*.html`, the defaults among them, are tried by the
 * name's ending first: picomatch tried every pattern's expression in turn,
 * which was a twentieth of the main thread's work per file.
 */
export function pathMatcher(patterns: readonly string[]): (relative: string, name: string) => boolean {
  const suffixes: string[] = [];
  const others: string[] = [];
  for (const pattern of patterns) {
    const plain = PLAIN_SUFFIX_PATTERN.exec(pattern);
    if (plain === null) others.push(pattern);
    else suffixes.push((plain[1] as string).toLowerCase());
  }
  const rest = others.length > 0 ? picomatch(others, { basename: true, nocase: true, dot: false }) : undefined;
  return (relative, name) => {
    if (!name.startsWith('.')) for (const suffix of suffixes) if (endsWithIgnoringAsciiCase(name, suffix)) return true;
    return rest !== undefined && rest(relative);
  };
}

/**
 * Whether `name` is longer than a lower-case ASCII `suffix` and ends with it,
 * upper-case ASCII letters taken as lower case, as picomatch's `nocase` does
 * for them. Only ASCII: `toLowerCase` turns the Kelvin sign into "k", which
 * picomatch does not match.
 */
function endsWithIgnoringAsciiCase(name: string, suffix: string): boolean {
  const offset = name.length - suffix.length;
  if (offset <= 0) return false;
  for (let i = 0; i < suffix.length; i++) {
    let code = name.charCodeAt(offset + i);
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== suffix.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Lists the files of a folder tree that match the include patterns, without
 * ever looping: each real folder is entered once, however many links lead to
 * it. Links are followed while they stay inside the input folders (outside
 * only with `followSymlinks`); dangling links and link loops are named.
 * FIFOs, sockets and devices are listed like files: the reader names and
 * skips them without opening them for a blocking read. Iterative, so a deep
 * tree costs no stack.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<{ files: WalkedFile[]; errors: InputError[] }> {
  const included = pathMatcher(options.include);
  const excluded = options.exclude.length > 0 ? pathMatcher(options.exclude) : () => false;
  const files: WalkedFile[] = [];
  const errors: InputError[] = [];
  const visited = new Set<string>();
  let rootReal: string;
  try {
    rootReal = await realpath(root);
  } catch (error) {
    return { files, errors: [{ source: root, reason: describeFsError(error) }] };
  }
  visited.add(rootReal);

  /**
   * Folders to read, each with its real path (an entry that is no link is
   * then real by name alone) and its path relative to the root, which the
   * patterns match.
   */
  const pending: Array<{ dir: string; real: string; relative: string }> = [{ dir: withoutTrailingSeparator(path.normalize(root)), real: rootReal, relative: '' }];
  while (pending.length > 0) {
    const { dir, real: dirReal, relative: dirRelative } = pending.pop() as { dir: string; real: string; relative: string };
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ source: dir, reason: describeFsError(error) });
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      // Joined by hand: path.join and path.relative normalised and resolved every entry again, a sixth of the main thread's work per file at --jobs 2.
      const full = childPath(dir, entry.name);
      const relative = dirRelative === '' ? entry.name : `${dirRelative}${path.sep}${entry.name}`;
      if (excluded(relative, entry.name)) continue;
      if (entry.isDirectory()) {
        const real = childPath(dirReal, entry.name);
        if (real === options.outputDir || visited.has(real)) continue;
        visited.add(real);
        pending.push({ dir: full, real, relative });
        continue;
      }
      if (!entry.isSymbolicLink()) {
        if (included(relative, entry.name)) files.push({ path: full, real: childPath(dirReal, entry.name) });
        continue;
      }
      let target;
      try {
        target = await stat(full);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') errors.push({ source: full, reason: 'symbolic link loop' });
        else if (code === 'ENOENT') errors.push({ source: full, reason: 'dangling symbolic link' });
        else errors.push({ source: full, reason: describeFsError(error) });
        continue;
      }
      if (!target.isDirectory() && !included(relative, entry.name)) continue;
      const real = await realpath(full).catch(() => full);
      const staysInside = options.roots.some((rootReal) => isInside(real, rootReal));
      if (!staysInside && !options.followSymlinks) {
        errors.push({ source: full, reason: 'symbolic link leads outside the input folders; pass --follow-symlinks to follow it' });
        continue;
      }
      if (target.isDirectory()) {
        if (real === options.outputDir || visited.has(real)) continue;
        visited.add(real);
        pending.push({ dir: full, real, relative });
      } else {
        files.push({ path: full, real });
      }
    }
  }
  return { files, errors };
}
