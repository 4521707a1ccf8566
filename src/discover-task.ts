/**
 * A task's inputs, found and sized where the main thread does not pay for
 * them: walking the folders and a `stat` per file were a fifth of the main
 * thread's work per file at `--jobs 2` (about 0.07 s of CPU per GB of
 * pages), and the main thread is what every worker waits on. With workers,
 * a thread of its own finds them; it is started with the cleaning workers,
 * while they load.
 */
import { statSync } from 'node:fs';
import { discoverInputs, type DiscoverOptions } from './discover.js';
import { startWorkerScript } from './start-worker.js';
import { taskInputs, type TaskShare } from './tasks.js';
import type { InputError } from './types.js';

/** What to find: the command line's inputs, how, and which share of them is this task's. */
export interface DiscoveryRequest {
  inputs: readonly string[];
  options: DiscoverOptions;
  task: TaskShare;
}

/** A task's inputs in order, the errors of finding them, and each input's size in bytes (0 when it cannot be looked up; none when not asked for). */
export interface TaskDiscovery {
  paths: string[];
  errors: InputError[];
  sizes: Float64Array;
}

/** A file's size, or 0 when it cannot be looked up (its reader then says why). */
function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Finds the task's inputs, and their sizes if asked (`withSizes`), in this thread. */
export async function discoverTask(request: DiscoveryRequest, withSizes: boolean): Promise<TaskDiscovery> {
  const discovered = await discoverInputs(request.inputs, request.options);
  const paths = taskInputs(discovered.paths, request.task);
  const sizes = new Float64Array(withSizes ? paths.length : 0);
  for (let index = 0; index < sizes.length; index++) sizes[index] = fileSize(paths[index] as string);
  return { paths, errors: discovered.errors, sizes };
}

/**
 * {@link discoverTask} in a thread of its own. Should the thread fail to
 * start or die, the inputs are found here instead: the same answer, paid
 * for by this thread.
 */
export function discoverTaskInThread(request: DiscoveryRequest): Promise<TaskDiscovery> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const fallBack = (): void => {
      if (answered) return;
      answered = true;
      discoverTask(request, true).then(resolve, reject);
    };
    let worker;
    try {
      worker = startWorkerScript('discover-worker', request);
    } catch {
      fallBack();
      return;
    }
    worker.once('message', (answer: TaskDiscovery) => {
      if (answered) return;
      answered = true;
      resolve(answer);
    });
    worker.once('error', fallBack);
    worker.once('exit', fallBack);
  });
}
