import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker script that sits beside this module (`name` without its
 * extension): the compiled JS normally; under the test runner, which runs the
 * TypeScript sources, through tsx's loader.
 */
export function startWorkerScript(name: string, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, import.meta.url), { workerData });
  const source = new URL(`./${name}.ts`, import.meta.url).href;
  const bootstrap = `import('tsx/esm/api').then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * Worker threads for `--jobs N` on a machine with `cpus` CPUs available: no
 * more than the CPUs, since threads beyond them only add their start-up,
 * their compiler's warm-up and their heaps (measured on 2 CPUs: --jobs 8
 * took 5.8 s where --jobs 2 took 3.9 s, over 1 GB of pages); and never
 * fewer than two once workers are asked for, so that --doc-timeout holds.
 */
export function workerThreadsFor(jobs: number, cpus = availableParallelism()): number {
  return jobs <= 1 ? 1 : Math.max(2, Math.min(jobs, cpus));
}
