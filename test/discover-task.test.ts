import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INCLUDE } from '../src/discover.js';
import { discoverTask, discoverTaskInThread, type DiscoveryRequest } from '../src/discover-task.js';

function corpus(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cc-discover-task-'));
  mkdirSync(path.join(root, 'sub'));
  writeFileSync(path.join(root, 'a.html'), '<p>a</p>');
  writeFileSync(path.join(root, 'b.txt'), 'bb bb');
  writeFileSync(path.join(root, 'sub', 'c.html'), `<p>${'c'.repeat(100)}</p>`);
  writeFileSync(path.join(root, 'skip.bin'), 'x');
  symlinkSync(path.join(root, 'gone.html'), path.join(root, 'dangling.html'));
  return root;
}

describe('discoverTask', () => {
  it('finds a task share of the inputs with their sizes, in a thread as in this one', async () => {
    const root = corpus();
    const request = (index: number, count: number): DiscoveryRequest => ({
      inputs: [root, path.join(root, 'missing.html')],
      options: { include: DEFAULT_INCLUDE, exclude: [] },
      task: { index, count, from: 'flags' },
    });
    // In the order of the inputs: the folder's (its dangling link), then the missing file's.
    const errors = [
      { source: path.join(root, 'dangling.html'), reason: 'dangling symbolic link' },
      { source: path.join(root, 'missing.html'), reason: 'no such file or directory' },
    ];
    const whole = await discoverTask(request(0, 1), true);
    expect(whole).toEqual({
      paths: [path.join(root, 'a.html'), path.join(root, 'b.txt'), path.join(root, 'sub', 'c.html')],
      errors,
      sizes: new Float64Array([8, 5, 107]),
    });
    expect(await discoverTaskInThread(request(0, 1))).toEqual(whole);
    expect(await discoverTaskInThread(request(1, 2))).toEqual({ paths: [path.join(root, 'b.txt')], errors: whole.errors, sizes: new Float64Array([5]) });
    expect(await discoverTask(request(0, 2), false)).toEqual({
      paths: [path.join(root, 'a.html'), path.join(root, 'sub', 'c.html')],
      errors: whole.errors,
      sizes: new Float64Array(0),
    });
  });
});
