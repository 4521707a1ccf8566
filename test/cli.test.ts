import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { formatBytes } from '../src/format.js';
import { PassThrough, Readable, Writable } from 'node:stream';
import { main } from '../src/cli.js';
import { runCli } from './cli-harness.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-cli-'));
});

function makeCorpus(): string {
  const dir = path.join(work, 'pages');
  mkdirSync(path.join(dir, 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'b.html'), '<html><head><title>B page</title></head><body><p>Second, page.</p></body></html>');
  writeFileSync(path.join(dir, 'a.htm'), '<p>First page!</p>');
  writeFileSync(path.join(dir, 'sub', 'c.txt'), 'Plain text: a < b.');
  writeFileSync(path.join(dir, 'sub', 'empty.html'), '<script>only()</script>');
  writeFileSync(path.join(dir, 'ignored.css'), 'p { color: red }');
  return dir;
}

/** The files of a folder a reader sees: the journal and temporary files are hidden. */
const visible = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort();

const lines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown);

/** A pipe whose reader goes away after the first line, as `| head -1` does. */
function pipeClosedAfterFirstLine(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      if (lines.length > 0) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        return;
      }
      lines.push(chunk.toString());
      callback();
    },
  });
  return { stream, lines };
}

describe('clean-corpus CLI', () => {
  it('stops quietly, exit 0, when the reader of its output goes away', async () => {
    const corpus = makeCorpus();
    const { stream, lines } = pipeClosedAfterFirstLine();
    const stderr = new PassThrough();
    let messages = '';
    stderr.on('data', (chunk: Buffer) => (messages += chunk.toString()));
    const code = await main(['--jobs', '1', '-q', corpus], { stdin: Readable.from([]), stdout: stream, stderr, stdinIsTTY: true });
    expect({ code, lines, messages }).toEqual({ code: 0, lines: ['First page\n'], messages: '' });
  });

  it('cleans stdin to stdout', async () => {
    const result = await runCli(['-q'], '<p>Hello, <b>world</b>! &nbsp; This is a test.</p>\n');
    expect(result).toEqual({ code: 0, stdout: 'Hello world This is a test\n', stderr: '' });
  });

  it('cleans stdin, one document, in the main thread whatever --jobs says (no worker to start)', async () => {
    // With a worker, a 1 ms limit always fails the document: the worker is still starting.
    const result = await runCli(['--jobs', '2', '--doc-timeout', '0.001', '-q'], '<p>Hello, <b>world</b>!</p>');
    expect(result).toEqual({ code: 0, stdout: 'Hello world\n', stderr: '' });
  });

  it('takes stdin that does not start with < as text', async () => {
    const result = await runCli(['-q', '-'], 'a <b> & c');
    expect(result.stdout).toBe('a b c\n');
  });

  it('writes one jsonl record per non-empty file, in sorted order, and a summary line', async () => {
    const corpus = makeCorpus();
    const out = path.join(work, 'out');
    const result = await runCli([corpus, '-o', out]);
    expect(result.code).toBe(0);
    // Bytes out are the shard's size, which holds the (temporary, so variable) paths.
    const shardBytes = readFileSync(path.join(out, 'part-00000.jsonl')).length;
    expect(result.stderr).toMatch(
      new RegExp(`^clean-corpus: 4 documents read, 3 written, 1 empty, 0 failed; 139 B in, ${formatBytes(shardBytes)} out; \\d+\\.\\d\\d s\\n$`),
    );
    expect(visible(out)).toEqual(['manifest.json', 'part-00000.jsonl']);
    const records = lines(readFileSync(path.join(out, 'part-00000.jsonl'), 'utf8')) as Array<Record<string, unknown>>;
    expect(records.map((record) => [record['source'], record['text']])).toEqual([
      [path.join(corpus, 'a.htm'), 'First page'],
      [path.join(corpus, 'b.html'), 'Second page'],
      [path.join(corpus, 'sub', 'c.txt'), 'Plain text a b'],
    ]);
    expect(records[1]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
      text: 'Second page',
      source: path.join(corpus, 'b.html'),
      metadata: { charset: 'utf-8', charsetSource: 'utf8', inputType: 'html', bytesIn: 80, title: 'B page' },
    });
  });

  it('writes byte-identical shards on a second run', async () => {
    const corpus = makeCorpus();
    await runCli([corpus, '-o', path.join(work, 'one')]);
    await runCli([corpus, '-o', path.join(work, 'two')]);
    const one = readFileSync(path.join(work, 'one', 'part-00000.jsonl'));
    expect(readFileSync(path.join(work, 'two', 'part-00000.jsonl')).equals(one)).toBe(true);
    expect(readFileSync(path.join(work, 'two', 'manifest.json'), 'utf8')).toBe(readFileSync(path.join(work, 'one', 'manifest.json'), 'utf8'));
  });

  it('rolls shards over by document count and by size', async () => {
    const corpus = makeCorpus();
    await runCli([corpus, '-o', path.join(work, 'docs'), '--shard-docs', '2']);
    expect(visible(path.join(work, 'docs'))).toEqual(['manifest.json', 'part-00000.jsonl', 'part-00001.jsonl']);
    await runCli([corpus, '-o', path.join(work, 'size'), '--shard-size', '1']);
    expect(visible(path.join(work, 'size'))).toEqual([
      'manifest.json',
      'part-00000.jsonl',
      'part-00001.jsonl',
      'part-00002.jsonl',
    ]);
  });

  it('writes gzip shards', async () => {
    const corpus = makeCorpus();
    const out = path.join(work, 'gz');
    await runCli([corpus, '-o', out, '--compress', 'gzip', '--format', 'txt']);
    expect(gunzipSync(readFileSync(path.join(out, 'part-00000.txt.gz'))).toString()).toBe('First page\nSecond page\nPlain text a b\n');
  });

  it('applies --steps in order and --format txt with --keep-newlines', async () => {
    const result = await runCli(
      ['-q', '--steps', 'strip-tags,collapse-whitespace', '--keep-newlines', '-'],
      '<h1>Title &amp; more</h1><p>Para, one.</p>',
    );
    expect(result.stdout).toBe('Title &amp; more\nPara, one.\n');
    const jsonl = await runCli(['-q', '--format', 'jsonl', '-'], '<p>x</p>');
    expect(lines(jsonl.stdout)).toEqual([
      { id: expect.any(String) as unknown, text: 'x', source: '<stdin>', metadata: expect.objectContaining({ inputType: 'html' }) as unknown },
    ]);
  });

  it('separates txt documents by a blank line when newlines are kept', async () => {
    const corpus = makeCorpus();
    const result = await runCli(['-q', '--keep-newlines', corpus]);
    expect(result.stdout).toBe('First page\n\nSecond page\n\nPlain text a b\n');
  });

  it('rejects an unknown step, listing the valid ones, with exit code 2', async () => {
    const result = await runCli(['--steps', 'strip-tags,shout', '-'], 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'clean-corpus: --steps: unknown step "shout"; valid steps: strip-tags, decode-entities, collapse-whitespace, remove-punctuation, language, gopher-repetition, gopher-quality, c4-quality, fineweb-quality, pii\n',
    );
  });

  it('exits 2 on a usage error and on no input with stdin a terminal', async () => {
    expect((await runCli(['--shard-size', 'big', '-'], 'x')).code).toBe(2);
    const noInput = await runCli([]);
    expect(noInput.code).toBe(2);
    expect(noInput.stderr).toContain('Usage: clean-corpus [options] [inputs...]');
  });

  it('names a missing input, goes on with the others, and exits 1', async () => {
    const corpus = makeCorpus();
    const missing = path.join(work, 'missing.html');
    const result = await runCli([missing, corpus, '--format', 'txt']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('First page\nSecond page\nPlain text a b\n');
    expect(result.stderr.split('\n')[0]).toBe(`clean-corpus: ${missing}: no such file or directory`);
  });

  it('on a terminal, prints the errors and the summary line around its progress bar', async () => {
    const corpus = makeCorpus();
    const missing = path.join(work, 'missing.html');
    for (const jobs of ['1', '2']) {
      const stderr = new PassThrough();
      const chunks: Buffer[] = [];
      stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
      Object.assign(stderr, { isTTY: true, columns: 100 });
      const code = await main([missing, corpus, '-o', path.join(work, `tty-${jobs}`), '--jobs', jobs], {
        stdin: Readable.from([]),
        stdout: new PassThrough(),
        stderr,
        stdinIsTTY: true,
        stderrIsTTY: true,
        env: {},
      });
      expect(code).toBe(1);
      // The bar's own lines and terminal controls aside, what is left is what a plain stderr shows.
      const text = Buffer.concat(chunks)
        .toString('utf8')
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '\n')
        .split(/[\r\n]+/)
        .filter((line) => line.length > 0 && !line.includes('% |'))
        .map((line) => line.replace(/; [\d.]+ s$/, ''));
      expect(text).toEqual([
        `clean-corpus: ${missing}: no such file or directory`,
        `clean-corpus: 4 documents read, 3 written, 1 empty, 1 failed; ${formatBytes(139)} in, ${formatBytes(627)} out`,
      ]);
    }
  });

  it('refuses an output folder that already holds shards, and replaces them with --overwrite', async () => {
    const corpus = makeCorpus();
    const out = path.join(work, 'out');
    await runCli([corpus, '-o', out]);
    const again = await runCli([corpus, '-o', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `clean-corpus: ${out}: output folder already holds output of an earlier run (1 shard); choose a new folder, pass --resume to continue it, or --overwrite to replace it\n`,
    );
    expect((await runCli([corpus, '-o', out, '--overwrite', '-q'])).code).toBe(0);
  });

  it('never reads its output folder back as input', async () => {
    const corpus = makeCorpus();
    const out = path.join(corpus, 'out');
    await runCli([corpus, '-o', out, '--format', 'txt', '-q']);
    const second = await runCli([corpus, '-o', out, '--format', 'txt', '--overwrite']);
    expect(second.stderr).toMatch(/^clean-corpus: 4 documents read, 3 written/);
  });

  it('takes --include and --exclude patterns and glob inputs', async () => {
    const corpus = makeCorpus();
    const included = await runCli(['-q', corpus, '--include', '*.css', '--input-type', 'text']);
    expect(included.stdout).toBe('p color red\n');
    const excluded = await runCli(['-q', corpus, '--exclude', '**/sub/**']);
    expect(excluded.stdout).toBe('First page\nSecond page\n');
    const globbed = await runCli(['-q', path.join(corpus, '*.htm')]);
    expect(globbed.stdout).toBe('First page\n');
  });
});
