import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FINEWEB_PIPELINE, parsePipelineText } from '../src/pipeline-file.js';
import { runCli } from './cli-harness.js';
import { REPO_ROOT } from './shared-corpora.js';

const FILTERS = 'gopher-repetition,gopher-quality,c4-quality,fineweb-quality';
let work: string;
let corpus: string;

/** The 38 filter documents, ten times over in two JSONL files: 380 documents. */
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'clean-corpus-filters-'));
  corpus = path.join(work, 'corpus');
  mkdirSync(corpus);
  const lines = readFileSync(path.join(REPO_ROOT, 'fixtures', 'filters', 'documents.jsonl'), 'utf8').trim().split('\n');
  for (const part of [0, 1]) {
    const copies: string[] = [];
    for (let copy = part * 5; copy < part * 5 + 5; copy++) {
      for (const line of lines) {
        const doc = JSON.parse(line) as { id: string; text: string };
        copies.push(JSON.stringify({ id: `${doc.id}-${copy}`, text: doc.text }));
      }
    }
    writeFileSync(path.join(corpus, `part-${part}.jsonl`), copies.join('\n') + '\n');
  }
});

/** The visible files of a folder; the manifest with the folder of rejected documents, which differs between runs, left out. */
function folderContents(dir: string): Record<string, string> {
  const contents: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const text = readFileSync(path.join(dir, name), 'utf8');
    contents[name] = name === 'manifest.json' ? JSON.stringify({ ...(JSON.parse(text) as object), rejected: undefined }) : text;
  }
  return contents;
}

function recordsOf(dir: string): Array<{ id: string; text: string; metadata: Record<string, unknown> }> {
  return Object.entries(folderContents(dir))
    .filter(([name]) => name.endsWith('.jsonl'))
    .flatMap(([, text]) => text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as { id: string; text: string; metadata: Record<string, unknown> }));
}

describe('filters on the command line', () => {
  it('writes kept and rejected documents, counting rejections by step and reason in the summary, the manifest and stats', async () => {
    const out = path.join(work, 'out');
    const rejected = path.join(work, 'rejected');
    const result = await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', rejected]);
    expect(result.code).toBe(0);
    const [summary, reasons] = result.stderr.split('\n');
    // The empty document is counted as empty, before any step sees it.
    expect(summary).toMatch(/^clean-corpus: 380 documents read, 90 written, 10 empty, 280 rejected, 0 failed; /);
    expect(reasons).toBe(
      'clean-corpus: rejected: gopher-quality/gopher_short_doc 80, gopher-repetition/top_2_gram 50, gopher-quality/gopher_below_alpha_threshold 30, ' +
        'gopher-quality/gopher_too_many_bullets 20, gopher-repetition/dup_line_frac 20, gopher-repetition/top_3_gram 20, c4-quality/lorem_ipsum 10, ' +
        'c4-quality/too_few_sentences 10, gopher-quality/gopher_too_many_end_ellipsis 10, gopher-quality/gopher_too_many_hashes 10, ' +
        'gopher-repetition/dup_para_frac 10, gopher-repetition/duplicated_5_n_grams 10',
    );
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      counts: { documentsRejected: number; rejected: Record<string, Record<string, number>> };
      rejected: { dir: string; shards: Array<{ name: string; records: number }> };
    };
    expect(manifest.counts.documentsRejected).toBe(280);
    expect(manifest.counts.rejected['c4-quality']).toEqual({ lorem_ipsum: 10, too_few_sentences: 10 });
    expect(manifest.rejected).toEqual({ dir: rejected, shards: [expect.objectContaining({ name: 'part-00000.jsonl', records: 280 })] });

    const rejections = recordsOf(rejected);
    expect(rejections).toHaveLength(280);
    const short = rejections.find((record) => record.id === 'short-0');
    expect(short).toMatchObject({ text: 'Thanks for reading.', metadata: { filter: 'gopher-repetition', filter_reason: 'top_2_gram' } });
    // c4-quality rewrites what it keeps: the kept article lost its menu lines.
    const menu = recordsOf(out).find((record) => record.id === 'article-with-menu-3');
    expect(menu?.text.startsWith('Home')).toBe(false);

    const stats = await runCli(['stats', out]);
    expect(stats.stdout.split('\n').slice(1, 3)).toEqual([
      'documents: 380 read, 90 written, 10 empty, 280 rejected, 0 failed',
      `rejected: ${reasons?.replace('clean-corpus: rejected: ', '')}`,
    ]);
  });

  it('writes the same bytes, kept and rejected, whatever --jobs and however the shards roll', async () => {
    const runs: Array<Record<string, string>> = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(work, `jobs-${jobs}`);
      const rejected = path.join(work, `jobs-${jobs}-rejected`);
      expect((await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', rejected, '--shard-docs', '7', '--jobs', jobs, '-q'])).code).toBe(0);
      runs.push({ ...prefixed('out/', folderContents(out)), ...prefixed('rejected/', folderContents(rejected)) });
    }
    expect(Object.keys(runs[0] as object).length).toBeGreaterThan(40);
    expect(runs[1]).toEqual(runs[0]);
  });

  it('resumes after a crash with the output and the rejected folder as an uninterrupted run left them', async () => {
    const sharding = ['--shard-docs', '7', '-q'];
    const reference = path.join(work, 'reference');
    await runCli([corpus, '--steps', FILTERS, '-o', reference, '--rejected', `${reference}-rejected`, ...sharding]);
    const out = path.join(work, 'crashed');
    const rejected = `${out}-rejected`;
    await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', rejected, ...sharding]);
    // A crash after the fourth shard commit: the journal ends there, later shards never got their lines.
    const journalFile = path.join(out, '.journal.jsonl');
    const journal = readFileSync(journalFile, 'utf8').split('\n');
    const shardLines = journal.filter((line) => line.includes('"type":"shard"'));
    const kept = journal.slice(0, journal.indexOf(shardLines[3] as string) + 1);
    writeFileSync(journalFile, kept.join('\n') + '\n');
    rmSync(path.join(out, 'manifest.json'));
    const committedRejected = kept.flatMap((line) => ((JSON.parse(line) as { rejectedShards?: Array<{ name: string }> }).rejectedShards ?? []).map((shard) => shard.name));
    expect(committedRejected.length).toBeGreaterThan(0);
    for (const name of readdirSync(out)) if (name.startsWith('part-') && !kept.some((line) => line.includes(`"${name}"`))) rmSync(path.join(out, name));
    // A rejected shard committed after the last journal line is there too; the resume removes and redoes it.
    const resumed = await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', rejected, '--resume', ...sharding]);
    expect(resumed).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(folderContents(out)).toEqual(folderContents(reference));
    expect(folderContents(rejected)).toEqual(folderContents(`${reference}-rejected`));
  });

  it('refuses the output folder as the folder of rejected documents, and an earlier run there even when writing to stdout', async () => {
    const out = path.join(work, 'same');
    expect(await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', `${out}/`, '-q'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'clean-corpus: --rejected must be another folder than --output\n',
    });
    const rejected = path.join(work, 'stdout-rejected');
    expect((await runCli([corpus, '--steps', FILTERS, '--rejected', rejected, '-q'])).code).toBe(0);
    const again = await runCli([corpus, '--steps', FILTERS, '--rejected', rejected, '-q']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/the folder of rejected documents already holds shards of an earlier run/);
  });

  it('refuses a folder of rejected documents that holds an earlier run, unless told to overwrite it', async () => {
    const out = path.join(work, 'again');
    const rejected = path.join(work, 'again-rejected');
    await runCli([corpus, '--steps', FILTERS, '-o', out, '--rejected', rejected, '-q']);
    const again = await runCli([corpus, '--steps', FILTERS, '-o', path.join(work, 'again-2'), '--rejected', rejected, '-q']);
    expect(again).toEqual({
      code: 2,
      stdout: '',
      stderr: `clean-corpus: ${rejected}: the folder of rejected documents already holds shards of an earlier run (1); choose a new folder, pass --resume to continue it, or --overwrite to replace it\n`,
    });
  });
});

describe('pipeline files and presets', () => {
  it("--preset fineweb is the pipeline file fixtures/pipelines/fineweb.yaml, FineWeb's order", () => {
    const file = readFileSync(path.join(REPO_ROOT, 'fixtures', 'pipelines', 'fineweb.yaml'), 'utf8');
    expect(file).toBe(FINEWEB_PIPELINE);
    expect(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).toContain('```yaml\n' + FINEWEB_PIPELINE + '```\n');
    expect(parsePipelineText(file)).toEqual({
      steps: ['strip-tags', 'decode-entities', 'collapse-whitespace', 'language', 'gopher-repetition', 'gopher-quality', 'c4-quality', 'fineweb-quality', 'pii'],
      stepOptions: { extract: 'main', keepNewlines: true },
      stepSettings: [undefined, undefined, undefined, { languages: ['en'], language_threshold: 0.65 }, {}, {}, { filter_no_terminal_punct: false }, {}, {}],
    });
  });

  it('reads JSON as well, and a bare list of steps', () => {
    expect(parsePipelineText('[ "strip-tags", { "gopher-quality": { "min_doc_words": 10, "stop_words": null } } ]')).toEqual({
      steps: ['strip-tags', 'gopher-quality'],
      stepOptions: {},
      stepSettings: [undefined, { min_doc_words: 10, stop_words: null }],
    });
  });

  it('says in one line what is wrong with a pipeline file, and exits 2', async () => {
    const file = (name: string, text: string) => {
      const at = path.join(work, name);
      writeFileSync(at, text);
      return at;
    };
    const cases: Array<[string, string, string]> = [
      ['unknown-step.yaml', 'steps: [strip-tags, shout]', 'unknown step shout (valid: strip-tags, decode-entities, collapse-whitespace, remove-punctuation, language, gopher-repetition, gopher-quality, c4-quality, fineweb-quality, pii)'],
      ['unknown-option.yaml', 'steps:\n  - gopher-quality: { min_doc_word: 3 }', 'step gopher-quality: unknown option min_doc_word (valid: min_doc_words, max_doc_words, min_avg_word_length, max_avg_word_length, max_symbol_word_ratio, max_bullet_lines_ratio, max_ellipsis_lines_ratio, max_non_alpha_words_ratio, min_stop_words, stop_words, language)'],
      ['wrong-type.yaml', 'steps:\n  - c4-quality: { min_num_sentences: five }', 'step c4-quality: option min_num_sentences must be a number, not string'],
      ['text-option.yaml', 'steps:\n  - strip-tags: { extract: body }', 'step strip-tags: option extract must be one of all, main'],
      ['not-yaml.yaml', 'steps: [a, b', 'not valid YAML or JSON: Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 13'],
      ['empty.yaml', 'steps: []', 'the steps list is empty'],
    ];
    for (const [name, text, message] of cases) {
      const at = file(name, text);
      expect(await runCli(['--pipeline', at, '-'], 'x')).toEqual({ code: 2, stdout: '', stderr: `clean-corpus: ${at}: ${message}\n` });
    }
    const missing = path.join(work, 'missing.yaml');
    expect(await runCli(['--pipeline', missing, '-'], 'x')).toEqual({ code: 2, stdout: '', stderr: `clean-corpus: ${missing}: no such file or directory\n` });
    expect((await runCli(['--pipeline', file('ok.yaml', 'steps: [strip-tags]'), '--steps', 'strip-tags', '-'], 'x')).stderr).toBe(
      'clean-corpus: --steps and --pipeline contradict each other; pick one\n',
    );
    expect((await runCli(['--languages', 'en', '-'], 'x')).stderr).toBe('clean-corpus: --languages needs the language step: add language to --steps\n');
  });

  it('takes the options of a pipeline file', async () => {
    const at = path.join(work, 'options.yaml');
    writeFileSync(at, 'steps:\n  - strip-tags\n  - collapse-whitespace: { keep_newlines: true }\n  - c4-quality: { min_num_sentences: 1, min_words_per_line: 1 }\n');
    const html = '<p>First line here.</p><p>Menu</p><p>Second line, kept.</p>';
    expect(await runCli(['--pipeline', at, '-q', '-'], html)).toEqual({ code: 0, stdout: 'First line here.\nSecond line, kept.\n', stderr: '' });
  });
});

function prefixed(prefix: string, contents: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(contents).map(([name, text]) => [prefix + name, text]));
}

describe('--preset fineweb', () => {
  it('writes the same kept and rejected bytes with --jobs 1 and 2 (the language model loaded in each worker)', async () => {
    const pages = path.join(REPO_ROOT, 'fixtures', 'sample-corpus');
    const runs: Array<Record<string, string>> = [];
    for (const jobs of ['1', '2']) {
      const out = path.join(work, `preset-${jobs}`);
      const rejected = path.join(work, `preset-${jobs}-rejected`);
      const result = await runCli([pages, '--preset', 'fineweb', '-o', out, '--rejected', rejected, '--jobs', jobs, '-q']);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      runs.push({ ...prefixed('out/', folderContents(out)), ...prefixed('rejected/', folderContents(rejected)) });
    }
    expect(runs[1]).toEqual(runs[0]);
    const rejected = Object.entries(runs[0] as Record<string, string>)
      .filter(([name]) => name.startsWith('rejected/part-'))
      .flatMap(([, text]) => text.split('\n').filter((line) => line.length > 0))
      .map((line) => (JSON.parse(line) as { metadata: { filter: string; language?: string } }).metadata);
    // The sample corpus is in eleven languages: most pages are not English.
    expect(rejected.filter((metadata) => metadata.filter === 'language').length).toBeGreaterThan(5);
    expect(rejected.every((metadata) => metadata.filter !== 'language' || typeof metadata.language === 'string')).toBe(true);
  });
});
