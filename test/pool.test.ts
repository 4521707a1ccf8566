import { describe, expect, it } from 'vitest';
import { documentInProgress, timeoutVerdict, WorkerProgress } from '../src/pool.js';

describe("a worker's progress, shared with the main thread", () => {
  it('reads back the document begun last and when, and -1 before any', () => {
    const progress = new WorkerProgress();
    expect(progress.read().seq).toBe(-1);
    const before = Date.now();
    progress.begin(41);
    progress.begin(42);
    const { seq, start } = progress.read();
    expect(seq).toBe(42);
    expect(start).toBeGreaterThanOrEqual(before);
    expect(start).toBeLessThanOrEqual(Date.now());
    // The worker's side is built on the same memory.
    expect(new WorkerProgress(progress.memory).read().seq).toBe(42);
  });
});

describe('the document to blame', () => {
  it('is the one the worker began, when it was sent and not answered, else the oldest sent', () => {
    expect(documentInProgress([7, 8, 9], 8)).toBe(8);
    // Began 6, answered already: the worker has not begun 7 yet.
    expect(documentInProgress([7, 8, 9], 6)).toBe(7);
    expect(documentInProgress([7, 8, 9], -1)).toBe(7);
    expect(documentInProgress([], 6)).toBeUndefined();
  });

  it('after the time limit: the document in progress fails only once it has run that long', () => {
    // 8 began at 1000, the results of 7 not sent yet: at 1500 with a limit of 1000 ms it has 500 ms left.
    expect(timeoutVerdict([7, 8, 9], { seq: 8, start: 1000 }, 1500, 1000)).toEqual({ waitMs: 500 });
    expect(timeoutVerdict([7, 8, 9], { seq: 8, start: 1000 }, 2000, 1000)).toEqual({ fail: 8 });
    // Nothing of what was sent begun within the limit (the worker is still starting): the oldest fails.
    expect(timeoutVerdict([7, 8, 9], { seq: 6, start: 0 }, 2000, 1000)).toEqual({ fail: 7 });
    expect(timeoutVerdict([7], { seq: -1, start: 0 }, 2000, 1)).toEqual({ fail: 7 });
  });
});
