/**
 * A cleaning worker thread: receives raw documents (bytes, transferred when
 * they start at once) or the paths of files to read itself, and answers with
 * the cleaned record, serialized. It builds the same pipeline as the main
 * thread from the step names and options in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildPipeline } from './pipeline.js';
import { cleanFileToRecord, cleanToRecord, type WorkerRequest, type WorkerResponse, type WorkerSetup } from './pool.js';

const setup = workerData as WorkerSetup;
const pipeline = buildPipeline(setup.steps, setup.stepOptions);

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const outcome =
      'file' in request ? cleanFileToRecord(request.file, setup.reader, pipeline, setup.output) : cleanToRecord(request.raw, pipeline, setup.output);
    response = { seq: request.seq, outcome };
  } catch (error) {
    response = { seq: request.seq, failure: error instanceof Error ? error.message : String(error) };
  }
  // The serialized record has a buffer of its own: moved, not copied.
  parentPort?.postMessage(response, 'outcome' in response && 'record' in response.outcome ? [response.outcome.record.buffer] : []);
});
