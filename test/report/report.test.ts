import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type ReportData } from '../../src/report/data.js';
import { chartIds, escapeHtml, renderReport } from '../../src/report/html.js';
import { runCli } from '../cli-harness.js';
import { REPO_ROOT } from '../shared-corpora.js';

/** A kept document in English with markup in its text: the report must show it as text. */
const HOSTILE =
  'The garden was quiet in the morning and the birds were singing to each other across the old stone wall by the gate. ' +
  'Our teacher wrote </script><script>alert(1)</script> on the board, and we talked about what a page would do with such a thing. ' +
  'Nothing happened at all, and that was the point of the whole exercise that day with the class and the teacher. ' +
  'Then we went back inside to read the rest of the chapter about the river and the town that grew beside it.';

let work: string;
let output: string;
let rejected: string;
let data: ReportData;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-report-'));
  output = path.join(work, 'out');
  rejected = path.join(work, 'rejected');
  const hostile = path.join(work, 'hostile.jsonl');
  writeFileSync(hostile, JSON.stringify({ id: 'hostile', text: HOSTILE }) + '\n');
  // Inputs named relative to the checkout: sources, and the ids made from them, are the same in any clone.
  const result = await runCli([
    path.relative(process.cwd(), path.join(REPO_ROOT, 'fixtures', 'filters', 'documents.jsonl')),
    hostile,
    path.relative(process.cwd(), path.join(REPO_ROOT, 'fixtures', 'sample-corpus')),
    '--keep-newlines',
    '--steps',
    'strip-tags,decode-entities,collapse-whitespace,language,gopher-repetition,gopher-quality,c4-quality,fineweb-quality',
    '--languages',
    'en,es,fr,de',
    '-o',
    output,
    '--rejected',
    rejected,
  ]);
  expect(result.code).toBe(0);
  const built = await buildReport({ dir: output, warn: (message) => expect.fail(message) });
  if ('error' in built) throw new Error(built.error);
  data = built;
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const FIGURES = ['waterfall', 'bytes', 'words', 'chars', 'languages', 'language-scores', 'charsets', 'shards'];

describe('report data', () => {
  it('draws the documents at each stage from the manifests: read, then each loss by step and reason in pipeline order, then written', () => {
    expect(data.charts.waterfall.map((bar) => [bar.stage, bar.start, bar.end])).toEqual([
      ['read', 0, 52],
      ['empty', 51, 52],
      ['language: below_language_threshold', 34, 51],
      ['gopher-repetition: dup_line_frac', 31, 34],
      ['gopher-repetition: top_2_gram', 29, 31],
      ['gopher-repetition: duplicated_5_n_grams', 28, 29],
      ['gopher-repetition: top_3_gram', 27, 28],
      ['gopher-quality: gopher_short_doc', 19, 27],
      ['gopher-quality: gopher_below_alpha_threshold', 15, 19],
      ['gopher-quality: gopher_too_many_bullets', 13, 15],
      ['gopher-quality: gopher_too_many_end_ellipsis', 12, 13],
      ['c4-quality: too_few_sentences', 10, 12],
      ['c4-quality: lorem_ipsum', 9, 10],
      ['written', 0, 9],
    ]);
    expect(data.summary[1]).toBe('52 documents read, 9 written, 1 empty, 42 rejected; 0 inputs failed');
    expect(data.charts.shards).toEqual([
      { shard: 'part-00000.jsonl', kind: 'kept', bytes: 7565, records: 9 },
      // The rejected records name the temporary folder of the hostile input: their size is the file's.
      { shard: 'rejected/part-00000.jsonl', kind: 'rejected', bytes: statSync(path.join(rejected, 'part-00000.jsonl')).size, records: 42 },
    ]);
  });

  it('samples every document of a small run, kept and rejected, with their languages and charsets', () => {
    expect({ ...data.sample, rejectedDir: undefined }).toEqual({ size: 3000, kept: 9, keptSeen: 9, rejected: 42, rejectedSeen: 42, rejectedDir: undefined });
    expect(data.sample.rejectedDir).toBe(rejected);
    expect(data.charts.languages.slice(0, 4)).toEqual([
      { language: 'en', outcome: 'rejected', documents: 25 },
      { language: 'en', outcome: 'kept', documents: 9 },
      { language: 'zh', outcome: 'rejected', documents: 3 },
      { language: 'ar', outcome: 'rejected', documents: 2 },
    ]);
    expect(data.charts.charsets).toEqual([
      { charset: 'utf-8', source: 'meta', documents: 12 },
      { charset: 'utf-8', source: 'utf8', documents: 1 },
    ]);
    expect(data.charts.statistics.map((statistic) => [statistic.step, statistic.threshold, statistic.values.length])).toEqual([
      ['language', 0.65, 38],
      ['gopher-repetition', 0.3, 51],
      ['gopher-quality', 50, 51],
      ['c4-quality', 5, 50],
      ['fineweb-quality', 0.12, 51],
    ]);
  });

  it('lists the documents nearest each threshold: kept on one side, rejected for that reason on the other', () => {
    const nearest = Object.fromEntries(
      data.examples.map((examples) => [examples.statistic.step, { kept: examples.kept.map((doc) => [doc.id, doc.value]), rejected: examples.rejected.map((doc) => [doc.id, doc.value]) }]),
    );
    expect(nearest['gopher-quality']).toEqual({
      kept: [['code', 64], ['javascript-notice', 78], ['pii', 97], ['windows-newlines', 101], ['contractions-quotes', 104]],
      rejected: [['1db4b8bfd66721cd941d8d1b9deea959', 45], ['german', 44], ['c3c0560b56f5bbb5e3ad964f61e69e73', 43], ['065ce242ba98ed61f8538768b83095e9', 41], ['ccd2deb98e20ea998476f410777ca765', 39]],
    });
    expect(nearest['c4-quality']?.rejected).toEqual([['hostile', 4], ['emoji', 1]]);
    expect(nearest['gopher-repetition']?.rejected).toEqual([['repeated-paragraphs', 0.4], ['repeated-boilerplate', 0.625], ['thousand-identical-lines', 0.999]]);
  });

  it('samples every k-th document when the run holds more than the sample size', async () => {
    const small = await buildReport({ dir: output, sampleSize: 4, warn: () => undefined });
    if ('error' in small) throw new Error(small.error);
    expect(small.sample).toMatchObject({ kept: 4, keptSeen: 9, rejected: 4, rejectedSeen: 42 });
    // The 3rd, 5th, 7th and 9th of the 9 kept documents: every 9/4-th.
    expect(small.examples.find((examples) => examples.statistic.step === 'gopher-quality')?.kept.map((doc) => doc.id)).toEqual(['code', 'windows-newlines', 'contractions-quotes', 'dashes']);
  });
});

describe('report of a run whose documents failed', () => {
  it('draws the failed documents as a stage of their own', async () => {
    const failedRun = path.join(work, 'failed-out');
    // Every page runs past a limit of a millisecond: all are read, none is written.
    const result = await runCli([path.join(REPO_ROOT, 'fixtures', 'sample-corpus'), '--jobs', '2', '--doc-timeout', '0.001', '-o', failedRun, '-q']);
    expect(result.code).toBe(1);
    const report = await buildReport({ dir: failedRun, warn: (message) => expect.fail(message) });
    if ('error' in report) throw new Error(report.error);
    expect(report.charts.waterfall).toEqual([
      { stage: 'read', kind: 'read', start: 0, end: 13 },
      { stage: 'failed', kind: 'lost', start: 0, end: 13 },
      { stage: 'written', kind: 'written', start: 0, end: 0 },
    ]);
    expect(report.summary[1]).toBe('13 documents read, 0 written, 0 empty, 0 rejected; 13 inputs failed');
    expect(report.errors.total).toBe(13);
    expect(report.errors.listed[0]).toEqual({ source: path.join(REPO_ROOT, 'fixtures', 'sample-corpus', 'blog', 'es-viaje.htm'), reason: 'took longer than --doc-timeout (0.001 s)' });
    const page = await renderReport(report);
    expect(page).toContain(`<h2 id="errors">Inputs that failed</h2><p class="note">13 in the manifests.</p>`);
  });
});

describe('report page', () => {
  it('is one self-contained page: no address outside it, four scripts (data, d3, Plot, charts), a figure per chart', async () => {
    const page = await renderReport(data);
    expect(page.match(/<script\b/g)).toHaveLength(4);
    expect(page).not.toMatch(/<script[^>]*\bsrc=|<link\b/);
    for (const id of chartIds(data)) expect(page).toContain(`id="chart-${id}"`);
    expect(chartIds(data)).toEqual([...FIGURES, 'statistic-0', 'statistic-1', 'statistic-2', 'statistic-3', 'statistic-4']);
  });

  it("shows documents' text as text, never as markup", async () => {
    const page = await renderReport(data);
    expect(page).toContain('Our teacher wrote &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; on the board');
    expect(page).not.toContain('<script>alert(1)');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('clean-corpus report', () => {
  it('writes the page and says how many documents it sampled', async () => {
    const file = path.join(work, 'report.html');
    const result = await runCli(['report', output, '-o', file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^clean-corpus report: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+\\.\\d KB\\), 51 documents sampled of 51; \\d+\\.\\d\\d s\\n$`));
    expect(readFileSync(file, 'utf8')).toBe(await renderReport(data));
  });

  it('refuses a folder without a run in one line, exit 2', async () => {
    expect(await runCli(['report', work, '-o', path.join(work, 'x.html')])).toEqual({ code: 2, stdout: '', stderr: `clean-corpus report: ${work}: no manifest or journal of clean-corpus here\n` });
    expect(await runCli(['report', path.join(work, 'nowhere')])).toEqual({ code: 2, stdout: '', stderr: `clean-corpus report: ${path.join(work, 'nowhere')}: no such directory\n` });
    expect(existsSync(path.join(work, 'x.html'))).toBe(false);
    // An output folder that does not exist: one line, nothing left behind.
    expect(await runCli(['report', output, '-o', path.join(work, 'no-folder', 'r.html')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus report: ${path.join(work, 'no-folder', 'r.html')}: no such file or directory\n`,
    });
    const usage = await runCli(['report']);
    expect([usage.code, usage.stderr]).toEqual([2, "clean-corpus report: missing required argument 'dir'\n"]);
  });
});

/** Debian's Chromium, or the one CHROMIUM_PATH names. .ci/run installs it and requires this test to run. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const browserRequired = process.env['CLEAN_CORPUS_BROWSER_TESTS'] === 'required';
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && !browserRequired) console.warn(`report/browser: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!haveBrowser && !browserRequired)('report in a real browser (headless Chromium)', () => {
  it('draws every chart with its marks, and logs no error', async () => {
    const file = path.join(work, 'browser-report.html');
    writeFileSync(file, await renderReport(data));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) errors.push(`network request: ${request.url()}`);
      });
      await page.goto(`file://${file}`);
      // Bars and rectangles with an area, per chart: Plot draws bars, histogram bins and box plots' boxes as such.
      const marks = await page.$$eval('figure.chart', (figures) =>
        figures.map((figure) => {
          const shapes = [...figure.querySelectorAll('svg g[aria-label="bar"] > rect, svg g[aria-label="rect"] > rect')] as unknown as Array<{ getBBox(): { width: number; height: number } }>;
          return [figure.getAttribute('data-chart'), shapes.filter((shape) => shape.getBBox().width > 0 && shape.getBBox().height > 0).length, figure.querySelector('.empty') !== null];
        }),
      );
      expect(errors).toEqual([]);
      expect(marks.map(([chart]) => chart as string).sort()).toEqual(chartIds(data).sort());
      for (const [chart, drawn, empty] of marks) expect({ chart, drawn: (drawn as number) > 0, empty }).toEqual({ chart, drawn: true, empty: false });
      // The waterfall has a bar per stage, and its labels are the counts.
      expect(marks[0]).toEqual(['waterfall', 14, false]);
    } finally {
      await browser.close();
    }
  }, 30_000);
});
