import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveTaskShare, taskInputs } from '../src/tasks.js';
import { runCli } from './cli-harness.js';
import { REPO_ROOT } from './shared-corpora.js';

let work: string;
let corpus: string;

/** 600 distinct pages of a few KB, from the sample corpus, so runs take long enough to be killed midway. */
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-scale-'));
  corpus = path.join(work, 'corpus');
  const samples: string[] = [];
  const sampleRoot = path.join(REPO_ROOT, 'fixtures', 'sample-corpus');
  for (const dir of readdirSync(sampleRoot)) {
    for (const file of readdirSync(path.join(sampleRoot, dir))) {
      if (file.endsWith('.html')) samples.push(readFileSync(path.join(sampleRoot, dir, file), 'utf8'));
    }
  }
  for (let i = 0; i < 600; i++) {
    const dir = path.join(corpus, `d${i % 7}`);
    mkdirSync(dir, { recursive: true });
    const page = samples[i % samples.length] as string;
    writeFileSync(path.join(dir, `page-${String(i).padStart(4, '0')}.html`), page.replace('<body>', `<body><p>Page number ${i}.</p>`).repeat(3));
  }
});

/** The visible files of an output folder with their bytes. */
function folderContents(dir: string): Record<string, string> {
  const contents: Record<string, string> = {};
  if (!existsSync(dir)) return contents;
  for (const name of readdirSync(dir).sort()) {
    if (!name.startsWith('.')) contents[name] = readFileSync(path.join(dir, name), 'latin1');
  }
  return contents;
}

function records(dir: string): Array<{ id: string; source: string; text: string }> {
  return Object.entries(folderContents(dir))
    .filter(([name]) => name.endsWith('.jsonl'))
    .flatMap(([, text]) => text.split('\n').filter((line) => line.length > 0))
    .map((line) => JSON.parse(line) as { id: string; source: string; text: string });
}

/** The CLI as a child process, through tsx, so it can be killed. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'bin.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

function exitOf(child: ReturnType<typeof spawnCli>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

async function waitForShards(dir: string, count: number, child: ReturnType<typeof spawnCli>): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) return;
    let shards = 0;
    try {
      shards = readdirSync(dir).filter((name) => /^part-\d+\.jsonl$/.test(name)).length;
    } catch {
      shards = 0;
    }
    if (shards >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const SHARDING = ['--shard-docs', '7'];

describe('jobs', () => {
  it('writes the same bytes for --jobs 1, 2 and 4', async () => {
    const outputs = [];
    for (const jobs of ['1', '2', '4']) {
      const out = path.join(work, `jobs-${jobs}`);
      const result = await runCli([corpus, '-o', out, '--jobs', jobs, '-q', ...SHARDING]);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      outputs.push(folderContents(out));
    }
    expect(Object.keys(outputs[0] ?? {}).length).toBe(87);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  });

  it('reports the same input errors, in the same order, for --jobs 1 and 2 (workers read files themselves)', async () => {
    const dir = path.join(work, 'bad-inputs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a-good.html'), '<p>Good, page!</p>');
    writeFileSync(path.join(dir, 'b-large.html'), `<p>${'x'.repeat(2000)}</p>`);
    writeFileSync(path.join(dir, 'c-image.html'), Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    execFileSync('mkfifo', [path.join(dir, 'd-fifo.html')]);
    writeFileSync(path.join(dir, 'e-empty.html'), '<script>only()</script>');
    writeFileSync(path.join(dir, 'f-good.txt'), 'Plain, text.');
    const results = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(work, `bad-inputs-${jobs}`);
      const result = await runCli([dir, '-o', out, '--jobs', jobs, '--max-doc-size', '1KB', '--include', '*.html', '--include', '*.txt']);
      results.push({ code: result.code, stderr: result.stderr.replace(/; [\d.]+ s\n$/, '\n'), contents: folderContents(out) });
    }
    expect(results[0]?.stderr).toBe(
      [
        `clean-corpus: ${path.join(dir, 'b-large.html')}: larger than --max-doc-size (1024 bytes)`,
        `clean-corpus: ${path.join(dir, 'c-image.html')}: binary content (PNG image)`,
        `clean-corpus: ${path.join(dir, 'd-fifo.html')}: not a regular file (FIFO)`,
        'clean-corpus: 4 documents read, 2 written, 1 empty, 3 failed; 69 B in, 424 B out',
        '',
      ].join('\n'),
    );
    expect(results[1]).toEqual(results[0]);
  });

  it('fails a document that runs past --doc-timeout, names it, and goes on', async () => {
    const dir = path.join(work, 'timeout');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'a.html'), '<p>one</p>');
    writeFileSync(path.join(dir, 'b.html'), '<p>two</p>');
    // A worker is still loading its modules after a millisecond: both documents time out.
    const result = await runCli([dir, '--jobs', '2', '--doc-timeout', '0.001', '-q']);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `clean-corpus: ${path.join(dir, 'a.html')}: took longer than --doc-timeout (0.001 s)`,
        `clean-corpus: ${path.join(dir, 'b.html')}: took longer than --doc-timeout (0.001 s)`,
        '',
      ].join('\n'),
    });
  });
});

describe('array-job tasks', () => {
  it('takes the sorted inputs i, i+N, i+2N, …', () => {
    expect(taskInputs(['a', 'b', 'c', 'd', 'e'], { index: 1, count: 2, from: 'flags' })).toEqual(['b', 'd']);
  });

  it('reads Slurm and Kubernetes environments, flags winning', () => {
    expect(resolveTaskShare({}, {})).toEqual({ index: 0, count: 1, from: 'single' });
    expect(resolveTaskShare({}, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '4' })).toEqual({
      index: 1,
      count: 3,
      from: 'slurm',
    });
    expect(resolveTaskShare({ taskCount: 4 }, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4, from: 'kubernetes' });
    expect(resolveTaskShare({}, { JOB_COMPLETION_INDEX: '3' })).toEqual({
      error: 'JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job): pass --task-count N, the number of completions',
    });
    expect(resolveTaskShare({ taskIndex: 0, taskCount: 2 }, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toEqual({
      index: 0,
      count: 2,
      from: 'flags',
    });
    expect(resolveTaskShare({ taskIndex: 3, taskCount: 3 }, {})).toEqual({ error: 'task index 3 is outside 0..2' });
  });

  it('three tasks into one folder hold exactly the records of a single run, and stats merges them', async () => {
    const single = path.join(work, 'single');
    await runCli([corpus, '-o', single, '-q']);
    const shared = path.join(work, 'tasks');
    for (const index of [0, 1, 2]) {
      const env = { SLURM_ARRAY_TASK_ID: String(index + 1), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' };
      expect((await runCli([corpus, '-o', shared, '-q'], undefined, env)).code).toBe(0);
    }
    const bySource = (a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : 1);
    expect(records(shared).sort(bySource)).toEqual(records(single).sort(bySource));
    expect(readdirSync(shared).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'manifest-t00000.json',
      'manifest-t00001.json',
      'manifest-t00002.json',
      'part-t00000-00000.jsonl',
      'part-t00001-00000.jsonl',
      'part-t00002-00000.jsonl',
    ]);
    const stats = await runCli(['stats', shared]);
    expect(stats.code).toBe(0);
    expect(stats.stdout.split('\n').slice(0, 2)).toEqual([
      `${shared}: 3 of 3 tasks complete`,
      'documents: 600 read, 600 written, 0 empty, 0 failed',
    ]);
  });

  it('refuses only its own earlier shards; another task’s are none of its business', async () => {
    const shared = path.join(work, 'own');
    expect((await runCli([corpus, '-o', shared, '-q', '--task-index', '0', '--task-count', '2'])).code).toBe(0);
    expect((await runCli([corpus, '-o', shared, '-q', '--task-index', '1', '--task-count', '2'])).code).toBe(0);
    const again = await runCli([corpus, '-o', shared, '-q', '--task-index', '1', '--task-count', '2']);
    expect(again.code).toBe(2);
    const before = readFileSync(path.join(shared, 'part-t00000-00000.jsonl'));
    expect((await runCli([corpus, '-o', shared, '-q', '--task-index', '1', '--task-count', '2', '--overwrite'])).code).toBe(0);
    expect(readFileSync(path.join(shared, 'part-t00000-00000.jsonl')).equals(before)).toBe(true);
  });
});

describe('crash safety and --resume', () => {
  let reference: Record<string, string>;
  beforeAll(async () => {
    const out = path.join(work, 'reference');
    await runCli([corpus, '-o', out, '-q', ...SHARDING]);
    reference = folderContents(out);
  });

  for (const killAfterShards of [0, 5, 40]) {
    it(`SIGKILL after ${killAfterShards} shards, then --resume: the folder equals an uninterrupted run`, async () => {
      const out = path.join(work, `killed-${killAfterShards}`);
      const child = spawnCli([corpus, '-o', out, '-q', '--jobs', '2', ...SHARDING]);
      const exited = exitOf(child);
      await waitForShards(out, killAfterShards, child);
      child.kill('SIGKILL');
      const { signal } = await exited;
      // Whatever is visible under a shard's final name is complete.
      for (const [name, bytes] of Object.entries(folderContents(out))) {
        if (name.startsWith('part-')) expect(bytes).toBe(reference[name]);
      }
      const resumed = await runCli([corpus, '-o', out, '-q', '--resume', ...SHARDING]);
      // On a fast machine the run may finish before the kill lands; then there is nothing to resume.
      const finishedFirst = signal !== 'SIGKILL';
      expect(resumed).toEqual({
        code: 0,
        stdout: '',
        stderr: finishedFirst ? `clean-corpus: ${out}: this run is already complete; nothing to resume\n` : '',
      });
      expect(folderContents(out)).toEqual(reference);
    });
  }

  it('SIGTERM stops cleanly with 143 and an interrupted manifest; --resume completes', async () => {
    const out = path.join(work, 'terminated');
    const child = spawnCli([corpus, '-o', out, '--jobs', '1', ...SHARDING]);
    const exited = exitOf(child);
    await waitForShards(out, 3, child);
    child.kill('SIGTERM');
    const { code, stderr } = await exited;
    if (code === 143) {
      expect(stderr).toMatch(/^clean-corpus: interrupted; committed so far: \d+ documents read/);
      const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { status: string };
      expect(manifest.status).toBe('interrupted');
      expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } else {
      // The run finished before the signal arrived.
      expect(code).toBe(0);
    }
    expect((await runCli([corpus, '-o', out, '-q', '--resume', ...SHARDING])).code).toBe(0);
    expect(folderContents(out)).toEqual(reference);
  });

  it('refuses to resume with other options, and says when there is nothing left to do', async () => {
    const out = path.join(work, 'other-options');
    await runCli([corpus, '-o', out, '-q', ...SHARDING]);
    const other = await runCli([corpus, '-o', out, '-q', '--resume', '--shard-docs', '8']);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `clean-corpus: ${out}: the inputs or options differ from those of the run being resumed; resume with the same command, or start a new folder\n`,
    );
    const same = await runCli([corpus, '-o', out, '-q', '--resume', ...SHARDING]);
    expect(same).toEqual({ code: 0, stdout: '', stderr: `clean-corpus: ${out}: this run is already complete; nothing to resume\n` });
  });
});
