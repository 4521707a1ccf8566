/**
 * A cleaning worker thread: receives raw documents (bytes, the first moved
 * when it starts at once) or the paths of files to read itself, a few to a
 * message, and answers with the cleaned records, serialized, a few to a
 * message. It builds the same pipeline as the main thread from the step
 * names and options in `workerData`, and marks in shared memory which
 * document it is on, for `--doc-timeout` and for a crash to blame the right
 * one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLanguageModel } from './filters/language.js';
import { buildPipeline } from './pipeline.js';
import { cleanFileToRecord, cleanToRecord } from './clean-record.js';
import {
  WorkerProgress,
  type CleanedFile,
  type CleanedRecord,
  type WorkerData,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerResult,
  type WorkerTask,
} from './pool.js';

const { setup, progress: progressMemory } = workerData as WorkerData;
const progress = new WorkerProgress(progressMemory);
const pipeline = buildPipeline(setup.steps, setup.stepOptions, setup.stepSettings);
// Documents sent meanwhile wait in the port until the handler below is added.
if (setup.steps.includes('language')) await loadLanguageModel();

/**
 * Results sent in one message at most: a quarter of what a worker holds
 * (pool.ts), so that the main thread hands out the next documents while this
 * worker cleans the ones it still has. Each message wakes the main thread,
 * which feeds every worker: 12 to a message rather than 4 took its CPU per
 * GB from 0.50-0.60 s to 0.42-0.50 s (interleaved runs, 1 GB, --jobs 2), and
 * 24 from 0.25-0.28 s to 0.22-0.27 s once the inputs were found elsewhere.
 */
const RESULTS_PER_MESSAGE = 24;

/** The serialized record's buffer, which is the worker's own: moved, not copied. */
function transferable(outcome: CleanedFile | CleanedRecord): ArrayBuffer[] {
  if ('record' in outcome) return [outcome.record.buffer];
  if ('rejected' in outcome) return [outcome.rejected.buffer];
  return [];
}

async function clean(task: WorkerTask): Promise<WorkerResult> {
  progress.begin(task.seq);
  try {
    const outcome = 'file' in task ? await cleanFileToRecord(task.file, setup.reader, pipeline, setup.output) : cleanToRecord(task.raw, pipeline, setup.output);
    return { seq: task.seq, outcome };
  } catch (error) {
    return { seq: task.seq, failure: error instanceof Error ? error.message : String(error) };
  }
}

const tasks: WorkerTask[] = [];
let working = false;

/** Cleans the tasks in the order sent, answering every few results and whenever it runs out of tasks. */
async function work(): Promise<void> {
  working = true;
  let results: WorkerResult[] = [];
  let transfers: ArrayBuffer[] = [];
  for (let task = tasks.shift(); task !== undefined; task = tasks.shift()) {
    const result = await clean(task);
    results.push(result);
    if ('outcome' in result) transfers.push(...transferable(result.outcome));
    if (results.length >= RESULTS_PER_MESSAGE || tasks.length === 0) {
      const response: WorkerResponse = { results };
      parentPort?.postMessage(response, transfers);
      results = [];
      transfers = [];
    }
  }
  working = false;
}

parentPort?.on('message', (request: WorkerRequest) => {
  tasks.push(...request.tasks);
  if (!working) void work();
});
