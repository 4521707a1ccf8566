/**
 * A cleaning worker thread: receives raw documents (bytes, transferred when
 * they start at once) or the paths of files to read itself, and answers with
 * the cleaned record, serialized. It builds the same pipeline as the main
 * thread from the step names and options in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLanguageModel } from './filters/language.js';
import { buildPipeline } from './pipeline.js';
import { cleanFileToRecord, cleanToRecord, type CleanedFile, type CleanedRecord, type WorkerRequest, type WorkerResponse, type WorkerSetup } from './pool.js';

const setup = workerData as WorkerSetup;
const pipeline = buildPipeline(setup.steps, setup.stepOptions, setup.stepSettings);
// Documents sent meanwhile wait in the port until the handler below is added.
if (setup.steps.includes('language')) await loadLanguageModel();

/** The serialized record's buffer, which is the worker's own: moved, not copied. */
function transferable(outcome: CleanedFile | CleanedRecord): ArrayBuffer[] {
  if ('record' in outcome) return [outcome.record.buffer];
  if ('rejected' in outcome) return [outcome.rejected.buffer];
  return [];
}

async function answer(request: WorkerRequest): Promise<void> {
  let response: WorkerResponse;
  try {
    const outcome =
      'file' in request ? await cleanFileToRecord(request.file, setup.reader, pipeline, setup.output) : cleanToRecord(request.raw, pipeline, setup.output);
    response = { seq: request.seq, outcome };
  } catch (error) {
    response = { seq: request.seq, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response, 'outcome' in response ? transferable(response.outcome) : []);
}

// One request at a time, in the order sent: the pool matches each answer to the oldest request it sent here.
let answered: Promise<void> = Promise.resolve();
parentPort?.on('message', (request: WorkerRequest) => {
  answered = answered.then(() => answer(request));
});
