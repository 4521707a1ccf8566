/** The thread that finds a task's inputs and their sizes (discover-task.ts), then ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { discoverTask, type DiscoveryRequest } from './discover-task.js';

const answer = await discoverTask(workerData as DiscoveryRequest, true);
parentPort?.postMessage(answer, [answer.sizes.buffer as ArrayBuffer]);
