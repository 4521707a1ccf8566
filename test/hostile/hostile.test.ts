import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../shared-corpora.js';

/**
 * A hostile corpus, generated at test time, beside good pages whose exact
 * text must come out once each. The CLI runs as a child process, as a user
 * would run it, with a time limit: the run must end.
 */
let work: string;
let corpus: string;

const GOOD_PAGES: Record<string, { html: string; text: string }> = {
  'good/one.html': { html: '<html><body><p>First good page, with <b>bold</b> text.</p></body></html>', text: 'First good page with bold text' },
  'good/two.html': { html: '<div>Second good page</div><div>in two blocks</div>', text: 'Second good page in two blocks' },
  'good/中文.html': { html: '<p>第三个好页面：中文。</p>', text: '第三个好页面中文' },
  'good/space name.html': { html: '<p>A file name with a space</p>', text: 'A file name with a space' },
  'good/-rf.html': { html: '<p>A file name with a leading dash</p>', text: 'A file name with a leading dash' },
  'good/new\nline.html': { html: '<p>A file name with a newline</p>', text: 'A file name with a newline' },
};

function write(relative: string, content: string | Buffer): void {
  const full = path.join(corpus, relative);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, content);
}

async function gzipBomb(relative: string, decompressedBytes: number): Promise<void> {
  const zeros = Buffer.alloc(1 << 20, 0x61);
  let left = decompressedBytes;
  const source = Readable.from(
    (function* chunks() {
      while (left > 0) {
        left -= zeros.length;
        yield zeros;
      }
    })(),
  );
  await pipeline(source, createGzip({ level: 1 }), createWriteStream(path.join(corpus, relative)));
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-hostile-'));
  corpus = path.join(work, 'corpus');
  for (const [name, page] of Object.entries(GOOD_PAGES)) write(name, page.html);

  write('deep.html', '<div>'.repeat(200_000) + 'deep text' + '</div>'.repeat(200_000));
  write('unclosed-inline.html', '<b><i><span>'.repeat(33_334) + 'inline text');
  write('unclosed-script.html', '<p>before script</p><script>var never = "closed";');
  write('unclosed-comment.html', '<p>before comment</p><!-- never closed <p>hidden</p>');
  write('unclosed-attribute.html', '<p>before attribute</p><a href="never closed>hidden');
  write('big-attribute.html', `<p title="${'x'.repeat(10 * 1024 * 1024)}">after big attribute</p>`);
  write('big-word.html', `<p>${'w'.repeat(20 * 1024 * 1024)}</p>`);
  write('many-lt.html', `<p>before lt ${'<'.repeat(5 * 1024 * 1024)} after lt</p>`);
  write('many-amp.html', `<p>before amp ${'&amp;'.repeat(2_000_000)} after amp</p>`);
  write('odd-references.html', '<p>refs &#0; &#xD800; &#x110000; &#9999999999; &#; end</p>');
  write('nul-bytes.html', Buffer.from('<p>nul\0bytes\0here</p>'));
  write('invalid-utf8.html', Buffer.concat([Buffer.from('<meta charset="utf-8"><p>naïve café résumé déjà vu '), Buffer.from([0xff]), Buffer.from(' end</p>')]));
  write('image.html', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]));
  write('empty.html', '');
  write('tags-only.html', '<html><head></head><body><div><span></span></div></body></html>');
  const whole = gzipSync(Buffer.from('<p>' + Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ') + '</p>'));
  write('truncated.html.gz', whole.subarray(0, Math.floor(whole.length / 2)));
  write('not-gzip.html.gz', '<p>this is not gzip data</p>');
  await gzipBomb('bomb.html.gz', 1024 * 1024 * 1024);
  write('cr-only.txt', 'first line\rsecond line\r');
  write('crlf.html', '<p>first\r\nline</p>\r\n<p>second</p>\r\n');
  write('mixed-case.html', '<SCRIPT>alert(1)</script><StYlE>p{}</sTyLe><P>visible mixed case</P>');
  write('cdata.html', '<p>before <![CDATA[ hidden ]]> after</p>');
  write('utf16.html', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>UTF-16 text: ünïcödé</p>', 'utf16le')]));
  execFileSync('mkfifo', [path.join(corpus, 'fifo.html')]);
  symlinkSync('loop-b.html', path.join(corpus, 'loop-a.html'));
  symlinkSync('loop-a.html', path.join(corpus, 'loop-b.html'));
  symlinkSync('..', path.join(corpus, 'good', 'parent'));
  symlinkSync('/nonexistent/target.html', path.join(corpus, 'dangling.html'));
}, 120_000);

interface Outcome {
  code: number | null;
  peakRssBytes: number;
  stderr: string;
  records: Array<{ source: string; text: string; metadata: Record<string, unknown> }>;
}

function runCli(args: string[]): Promise<Outcome> {
  const out = path.join(work, `out-${args.join('-').replace(/\W+/g, '_')}`);
  const rssFile = `${out}.rss`;
  const preload = path.join(REPO_ROOT, 'test', 'hostile', 'report-peak-rss.mjs');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, path.join(REPO_ROOT, 'src', 'bin.ts'), corpus, '-o', out, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, CLEAN_CORPUS_TEST_RSS_FILE: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const records = readdirSync(out)
        .filter((name) => name.startsWith('part-'))
        .flatMap((name) => readFileSync(path.join(out, name), 'utf8').split('\n'))
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Outcome['records'][number]);
      resolve({ code, stderr, records, peakRssBytes: Number(readFileSync(rssFile, 'utf8')) });
    });
  });
}

const relative = (source: string) => path.relative(corpus, source);

describe.each([
  ['full text', []],
  ['--jobs 2 --extract main', ['--jobs', '2', '--extract', 'main']],
])('a hostile corpus (%s)', (_label, extra) => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await runCli(['--jobs', '1', ...extra]);
  }, 120_000);

  it('finishes with exit code 1, in well under 1 GB of memory', () => {
    expect(outcome.code).toBe(1);
    // The TypeScript loader the test runs under adds ~100 MB over the built CLI.
    expect(outcome.peakRssBytes).toBeLessThan(1024 ** 3);
  });

  it('names each bad input once, with a readable reason', () => {
    const lines = outcome.stderr.trimEnd().split('\n');
    const summary = lines.pop();
    expect(summary).toMatch(/^clean-corpus: \d+ documents read, \d+ written, \d+ empty, 8 failed; /);
    expect(lines.sort()).toEqual(
      [
        `clean-corpus: ${path.join(corpus, 'bomb.html.gz')}: larger than --max-doc-size (67108864 bytes) after decompression`,
        `clean-corpus: ${path.join(corpus, 'dangling.html')}: dangling symbolic link`,
        `clean-corpus: ${path.join(corpus, 'fifo.html')}: not a regular file (FIFO)`,
        `clean-corpus: ${path.join(corpus, 'image.html')}: binary content (PNG image)`,
        `clean-corpus: ${path.join(corpus, 'loop-a.html')}: symbolic link loop`,
        `clean-corpus: ${path.join(corpus, 'loop-b.html')}: symbolic link loop`,
        `clean-corpus: ${path.join(corpus, 'not-gzip.html.gz')}: not gzip data`,
        `clean-corpus: ${path.join(corpus, 'truncated.html.gz')}: truncated gzip`,
      ].sort(),
    );
  });

  it('writes every good page exactly once, with its exact text', () => {
    for (const [name, page] of Object.entries(GOOD_PAGES)) {
      const matching = outcome.records.filter((record) => relative(record.source) === name);
      expect(matching.map((record) => record.text)).toEqual([page.text]);
    }
  });

  it('cleans the hostile pages that hold text, exactly', () => {
    const texts = Object.fromEntries(outcome.records.map((record) => [relative(record.source), record.text]));
    expect(texts['deep.html']).toBe('deep text');
    expect(texts['unclosed-inline.html']).toBe('inline text');
    expect(texts['unclosed-script.html']).toBe('before script');
    expect(texts['unclosed-comment.html']).toBe('before comment');
    expect(texts['unclosed-attribute.html']).toBe('before attribute');
    expect(texts['big-attribute.html']).toBe('after big attribute');
    expect(texts['big-word.html']).toBe('w'.repeat(20 * 1024 * 1024));
    expect(texts['many-lt.html']).toBe('before lt after lt');
    expect(texts['many-amp.html']).toBe('before amp after amp');
    expect(texts['odd-references.html']).toBe('refs end');
    expect(texts['nul-bytes.html']).toBe('nulbyteshere');
    expect(texts['invalid-utf8.html']).toBe('naïve café résumé déjà vu end');
    expect(texts['cr-only.txt']).toBe('first line second line');
    expect(texts['crlf.html']).toBe('first line second');
    expect(texts['mixed-case.html']).toBe('visible mixed case');
    expect(texts['cdata.html']).toBe('before after');
    expect(texts['utf16.html']).toBe('UTF16 text ünïcödé');
    expect(texts['empty.html']).toBeUndefined();
    expect(texts['tags-only.html']).toBeUndefined();
  });

  it('counts what it dropped in the metadata', () => {
    const bySource = Object.fromEntries(outcome.records.map((record) => [relative(record.source), record.metadata]));
    expect(bySource['nul-bytes.html']?.['nulCharacters']).toBe(2);
    expect(bySource['invalid-utf8.html']?.['invalidBytes']).toBe(1);
  });

  it('reads each real file once, whatever links lead to it', () => {
    const sources = outcome.records.map((record) => relative(record.source));
    expect(new Set(sources).size).toBe(sources.length);
    expect(sources.some((source) => source.includes('parent'))).toBe(false);
  });
});

describe('names are data', () => {
  it('quotes names with spaces and newlines in messages; a dash inside a path needs none', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'clean-corpus-names-'));
    for (const name of ['-rf.html', 'space name.html', 'new\nline.html']) {
      writeFileSync(path.join(dir, name), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src', 'bin.ts'), dir, '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `clean-corpus: ${path.join(dir, '-rf.html')}: binary content (PNG image)`,
      `clean-corpus: ${JSON.stringify(path.join(dir, 'new\nline.html'))}: binary content (PNG image)`,
      `clean-corpus: ${JSON.stringify(path.join(dir, 'space name.html'))}: binary content (PNG image)`,
    ]);
  });
});
