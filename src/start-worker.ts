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
