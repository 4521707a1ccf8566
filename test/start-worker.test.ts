import { describe, expect, it } from 'vitest';
import { workerThreadsFor } from '../src/start-worker.js';

describe('worker threads for --jobs', () => {
  it('starts no more threads than CPUs, and at least two once workers are asked for', () => {
    expect([
      workerThreadsFor(1, 2),
      workerThreadsFor(2, 2),
      workerThreadsFor(8, 2),
      workerThreadsFor(2, 1),
      workerThreadsFor(8, 64),
      workerThreadsFor(64, 16),
    ]).toEqual([1, 2, 2, 2, 8, 16]);
  });
});
