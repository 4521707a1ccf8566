/**
 * The JS peers are written in TypeScript but must run as plain `node` processes:
 * running them through tsx would put a TypeScript loader (and its start-up) inside
 * the timed process, which clean-corpus's compiled `dist/cli.js` does not pay.
 * So they are transpiled once, types stripped file by file (no bundling: imports of
 * cheerio and co. resolve from the repo's node_modules as usual), into
 * `bench/work/peers/`. esbuild is the transpiler tsx itself ships with.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, WORK_DIR } from './corpus.js';

export const PEERS_SRC = join(BENCH_DIR, 'peers');
export const PEERS_OUT = join(WORK_DIR, 'peers');

interface EsbuildLike {
  build(options: Record<string, unknown>): Promise<{ errors: unknown[] }>;
  stop?: () => void | Promise<void>;
}

/**
 * Returns how to run a compiled peer: `node <PEERS_OUT>/<name>.js`. Falls back to
 * `node --import tsx <source>` (with a note) if esbuild cannot be loaded.
 */
export async function buildPeers(): Promise<{ runner: (name: string) => string[]; note?: string }> {
  const entries = readdirSync(PEERS_SRC)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(PEERS_SRC, f));
  let esbuild: EsbuildLike;
  try {
    // Not a dependency of the project: it comes with tsx.
    esbuild = (await import('esbuild' as string)) as EsbuildLike;
  } catch {
    return {
      runner: (name) => ['--import', 'tsx', join(PEERS_SRC, `${name}.ts`)],
      note: 'esbuild not found: JS peers run through tsx, whose loader start-up is counted in their time',
    };
  }
  mkdirSync(PEERS_OUT, { recursive: true });
  await esbuild.build({
    entryPoints: entries,
    outdir: PEERS_OUT,
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  // esbuild keeps a service process alive; stop it so nothing of ours idles beside the timed runs.
  await esbuild.stop?.();
  return { runner: (name) => [join(PEERS_OUT, `${name}.js`)] };
}
