/**
 * A cleaning worker thread: receives raw documents (bytes, transferred, not
 * copied) and answers with the cleaned outcome. It builds the same pipeline
 * as the main thread from the step names and options in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { cleanDocument } from './document.js';
import { buildPipeline } from './pipeline.js';
import type { WorkerRequest, WorkerResponse, WorkerSetup } from './pool.js';

const setup = workerData as WorkerSetup;
const pipeline = buildPipeline(setup.steps, setup.stepOptions);

parentPort?.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { seq: request.seq, outcome: cleanDocument(request.raw, pipeline) };
  } catch (error) {
    response = { seq: request.seq, failure: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
