import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { hasShared, REPO_ROOT, sharedPath } from './shared-corpora.js';

const input = path.join(REPO_ROOT, 'fixtures', 'dedup', 'input');
let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-dedup-'));
});

type Record = { id: string; text: string; metadata: { duplicate_of?: string; dedup_cluster_size?: number } };
function recordsOf(dir: string): Record[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter((line) => line.length > 0))
    .map((line) => JSON.parse(line) as Record);
}
function shardsOf(dir: string): string {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => readFileSync(path.join(dir, name), 'utf8'))
    .join('');
}

describe('clean-corpus dedup', () => {
  it('keeps the first of each cluster in input order and writes the others with the id they duplicate', async () => {
    const kept = path.join(work, 'kept');
    const removed = path.join(work, 'removed');
    const result = await runCli(['dedup', input, '-o', kept, '--rejected', removed]);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 3)).toEqual([
      `clean-corpus: ${input}/part-0.jsonl:11: invalid JSON: Unexpected end of JSON input`,
      `clean-corpus: ${input}/part-0.jsonl:12: missing text field "text"`,
      expect.stringMatching(/^clean-corpus: dedup: 15 documents read, 6 kept, 9 removed, 2 failed; /),
    ]);
    expect(result.stderr.split('\n')[3]).toBe('clean-corpus: removed: dedup/exact_duplicate 6, dedup/near_duplicate 3');
    expect(recordsOf(kept).map((record) => [record.id, record.metadata.dedup_cluster_size])).toEqual([
      ['river', 6],
      ['bakery', 3],
      ['short-1', 2],
      ['short-3', undefined],
      ['empty-1', 2],
      ['other-page', undefined],
    ]);
    expect(recordsOf(removed).map((record) => [record.id, record.metadata.duplicate_of])).toEqual([
      ['river-copy', 'river'],
      ['river-whitespace', 'river'],
      ['river-upper', 'river'],
      ['bakery-nfd', 'bakery'],
      ['short-2', 'short-1'],
      ['river-trunc90', 'river'],
      ['river-edited', 'river'],
      ['bakery-curly', 'bakery'],
      ['empty-2', 'empty-1'],
    ]);
    // The records are as read, with the metadata dedup adds.
    expect(recordsOf(kept)[0]).toEqual({ id: 'river', text: expect.stringMatching(/^The river carries/), source: 'fixture', metadata: { n: 0, dedup_cluster_size: 6 } });
    const stats = await runCli(['stats', kept]);
    expect(stats.stdout.split('\n').slice(1, 3)).toEqual([
      'documents: 15 read, 6 written, 0 empty, 9 rejected, 2 failed',
      'rejected: dedup/exact_duplicate 6, dedup/near_duplicate 3',
    ]);
    expect(readdirSync(kept).sort()).toEqual(['manifest.json', 'part-00000.jsonl']);
  });

  it('writes the same bytes whatever the input files, the output shards and --jobs', async () => {
    const lines = readdirSync(input)
      .sort()
      .flatMap((name) => readFileSync(path.join(input, name), 'utf8').split('\n').filter((line) => line.length > 0));
    const resharded = path.join(work, 'resharded');
    mkdirSync(resharded);
    // The same lines in the same order, cut into files of three.
    for (let i = 0; i < lines.length; i += 3) writeFileSync(path.join(resharded, `x-${String(i).padStart(3, '0')}.jsonl`), lines.slice(i, i + 3).join('\n') + '\n');
    const runs: string[][] = [];
    for (const [name, source, extra] of [
      ['a', input, ['--jobs', '1']],
      ['b', resharded, ['--shard-docs', '2', '--jobs', '3']],
    ] as const) {
      const kept = path.join(work, `same-${name}`);
      const removed = path.join(work, `same-${name}-removed`);
      await runCli(['dedup', source, '-o', kept, '--rejected', removed, '-q', ...extra]);
      runs.push([shardsOf(kept), shardsOf(removed)]);
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it('says what is wrong in one line: no output folder, an output folder of an earlier run', async () => {
    expect(await runCli(['dedup', input])).toEqual({ code: 2, stdout: '', stderr: 'clean-corpus dedup: --output DIR is required\n' });
    const kept = path.join(work, 'again');
    await runCli(['dedup', input, '-o', kept, '-q']);
    const again = await runCli(['dedup', input, '-o', kept, '-q']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^clean-corpus: .*again: output folder already holds output of an earlier run \(1 shard\)/);
  });

  it.runIf(hasShared('near-dup-dev', 'pairs.jsonl'))('meets the goals on near-dup-dev, losing no document', async () => {
    const kept = path.join(work, 'near-dup-kept');
    const removed = path.join(work, 'near-dup-removed');
    expect((await runCli(['dedup', sharedPath('near-dup-dev', 'docs'), '-o', kept, '--rejected', removed, '-q'])).code).toBe(0);
    const cluster = new Map<string, string>();
    for (const record of recordsOf(kept)) cluster.set(record.id, record.id);
    for (const record of recordsOf(removed)) cluster.set(record.id, record.metadata.duplicate_of as string);
    expect(cluster.size).toBe(1592);
    expect(recordsOf(kept).length + recordsOf(removed).length).toBe(1592);
    const pairs = readFileSync(sharedPath('near-dup-dev', 'pairs.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => JSON.parse(line) as { a: string; b: string; kind: string; jaccard: number | null });
    const merged = (pair: { a: string; b: string }) => cluster.get(pair.a) === cluster.get(pair.b);
    const share = (list: typeof pairs) => list.filter(merged).length / list.length;
    expect(share(pairs.filter((p) => (p.jaccard ?? -1) >= 0.9))).toBeGreaterThanOrEqual(0.99);
    expect(share(pairs.filter((p) => (p.jaccard ?? -1) >= 0.8))).toBeGreaterThanOrEqual(0.95);
    expect(share(pairs.filter((p) => p.jaccard !== null && p.jaccard < 0.5))).toBeLessThanOrEqual(0.06);
    expect(share(pairs.filter((p) => p.jaccard !== null && p.jaccard < 0.3))).toBe(0);
    for (const kind of ['exact', 'whitespace', 'case', 'punct', 'quotes', 'nfd', 'diacritics', 'digits', 'short-exact']) {
      expect({ kind, share: share(pairs.filter((p) => p.kind === kind)) }).toEqual({ kind, share: 1 });
    }
    for (const kind of ['short-near', 'short-extend', 'short-prefix', 'same-domain']) {
      expect({ kind, share: share(pairs.filter((p) => p.kind === kind)) }).toEqual({ kind, share: 0 });
    }
  });
});

describe('clean-corpus dedup as array stages', () => {
  it('gives the records of the single command, four stages of three tasks each, with stats over the tasks', async () => {
    const single = path.join(work, 'single');
    await runCli(['dedup', input, '-o', single, '--rejected', `${single}-removed`, '-q']);
    const lines = readdirSync(input)
      .sort()
      .flatMap((name) => readFileSync(path.join(input, name), 'utf8').split('\n').filter((line) => line.length > 0));
    const many = path.join(work, 'many-inputs');
    mkdirSync(many);
    // Six files of three lines; the broken lines are in the fourth, which task 1 reads.
    for (let i = 0; i < lines.length; i += 3) writeFileSync(path.join(many, `x-${String(i).padStart(3, '0')}.jsonl`), lines.slice(i, i + 3).join('\n') + '\n');
    const staged = path.join(work, 'staged');
    for (const stage of ['signatures', 'buckets', 'clusters', 'filter']) {
      for (const index of [0, 1, 2]) {
        const result = await runCli(['dedup', many, '-o', staged, '--rejected', `${staged}-removed`, '--stage', stage, '--task-index', String(index), '--task-count', '3', '-q']);
        const failed = index === 1 && (stage === 'signatures' || stage === 'filter');
        expect({ stage, index, code: result.code }).toEqual({ stage, index, code: failed ? 1 : 0 });
      }
    }
    expect(shardsOf(staged)).toBe(shardsOf(single));
    expect(shardsOf(`${staged}-removed`)).toBe(shardsOf(`${single}-removed`));
    expect(readdirSync(staged).filter((name) => !name.startsWith('.')).sort()).toEqual([
      'manifest-t00000.json',
      'manifest-t00001.json',
      'manifest-t00002.json',
      'part-t00000-00000.jsonl',
      'part-t00001-00000.jsonl',
      'part-t00002-00000.jsonl',
    ]);
    const stats = await runCli(['stats', staged]);
    expect(stats.stdout.split('\n').slice(0, 3)).toEqual([
      `${staged}: 3 of 3 tasks complete`,
      'documents: 15 read, 6 written, 0 empty, 9 rejected, 2 failed',
      'rejected: dedup/exact_duplicate 6, dedup/near_duplicate 3',
    ]);
  });

  it('stops, naming the file, when the input changed between the stages', async () => {
    const inputs = path.join(work, 'changing');
    mkdirSync(inputs);
    writeFileSync(path.join(inputs, 'a.jsonl'), readFileSync(path.join(input, 'part-1.jsonl')));
    const out = path.join(work, 'changing-out');
    const run = (stage: string) => runCli(['dedup', inputs, '-o', out, '--stage', stage, '-q']);
    expect((await run('signatures')).code).toBe(0);
    writeFileSync(path.join(inputs, 'b.jsonl'), readFileSync(path.join(input, 'part-1.jsonl')));
    expect(await run('buckets')).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus: ${inputs}/b.jsonl: has no signatures (a signatures task is missing, or the input changed since that stage)\n`,
    });
    rmSync(path.join(inputs, 'b.jsonl'));
    for (const stage of ['buckets', 'clusters']) expect((await run(stage)).code).toBe(0);
    const lines = readFileSync(path.join(inputs, 'a.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(inputs, 'a.jsonl'), [lines[0], lines[1]?.replace('The', 'A'), ...lines.slice(2)].join('\n'));
    expect(await run('filter')).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus: ${inputs}/a.jsonl:2: the input changed since the signatures stage; run dedup again\n`,
    });
    expect(readdirSync(out).filter((name) => !name.startsWith('.'))).toEqual([]);
  });

  it('names a missing, corrupt or stale stage file instead of giving a wrong result, and --resume skips committed tasks', async () => {
    const out = path.join(work, 'broken');
    const run = (stage: string, index: number, ...extra: string[]) =>
      runCli(['dedup', input, '-o', out, '--stage', stage, '--task-index', String(index), '--task-count', '2', '-q', ...extra]);
    await run('signatures', 0);
    const missing = await run('buckets', 0);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: `clean-corpus: ${input}/part-1.jsonl: has no signatures (a signatures task is missing, or the input changed since that stage)\n` });
    await run('signatures', 1);
    const signatures = path.join(out, '.dedup', 'signatures-t00001.bin');
    const bytes = readFileSync(signatures);
    writeFileSync(signatures, Buffer.concat([bytes.subarray(0, 10), Buffer.from([bytes[10]! ^ 1]), bytes.subarray(11)]));
    expect(await run('buckets', 0)).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus: ${signatures}: corrupt (its bytes do not match its checksum); run the signatures stage, task 1 again\n`,
    });
    const resumed = await run('signatures', 1, '--resume');
    expect(resumed.code).toBe(0);
    writeFileSync(signatures, bytes);
    expect(await run('signatures', 1, '--resume')).toEqual({ code: 0, stdout: '', stderr: 'clean-corpus: dedup signatures: task 1 is already done\n' });
    expect(await run('clusters', 0)).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus: ${path.join(out, '.dedup', 'pairs-exact.bin')}: missing or not committed; run the buckets stage (exact keys) first\n`,
    });
  });
});

describe('dedup in bounded memory', () => {
  it('gives the same records when each band is split into partitions on disk', async () => {
    const { runDedup } = await import('../src/dedup/run-dedup.js');
    const { PassThrough } = await import('node:stream');
    const runs: string[][] = [];
    for (const partitionKeys of [undefined, 3]) {
      const kept = path.join(work, `partitions-${partitionKeys ?? 'none'}`);
      const code = await runDedup({
        inputs: [input],
        output: kept,
        rejected: `${kept}-removed`,
        format: 'jsonl',
        compress: 'none',
        shardSize: 1 << 28,
        textField: 'text',
        maxDocSize: 1 << 26,
        ngrams: 5,
        bands: 14,
        rows: 8,
        language: 'en',
        jobs: 1,
        task: { index: 0, count: 1, from: 'single' },
        resume: false,
        overwrite: false,
        quiet: true,
        stderr: new PassThrough(),
        ...(partitionKeys === undefined ? {} : { partitionKeys }),
      });
      expect(code).toBe(1);
      runs.push([shardsOf(kept), shardsOf(`${kept}-removed`)]);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.[1]?.split('\n').filter((line) => line.length > 0)).toHaveLength(9);
  });
});
