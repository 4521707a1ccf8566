import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';
import { hasShared, REPO_ROOT, sharedPath } from './shared-corpora.js';

interface Record_ {
  id: string;
  source: string;
  text: string;
  metadata: Record<string, unknown>;
}

async function cleanInto(args: string[]): Promise<{ code: number; stderr: string; records: Record_[] }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'clean-corpus-inputs-')), 'out');
  const result = await runCli([...args, '-o', out, '-q']);
  const records = readdirSync(out)
    .filter((name) => name.startsWith('part-'))
    .flatMap((name) => readFileSync(path.join(out, name), 'utf8').split('\n'))
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record_);
  return { code: result.code, stderr: result.stderr, records };
}

const FULL_TEXT = ['--steps', 'strip-tags,decode-entities,collapse-whitespace'];
const collapse = (text: string) => text.replace(/\s+/gu, ' ').trim();

/** Pages in legacy charsets, undeclared or declared: each must give exactly its expected text. */
function expectEncodingsFolder(folder: string, records: Record_[]): void {
  const pages = readdirSync(folder).filter((name) => name.endsWith('.html'));
  expect(pages.length).toBeGreaterThan(0);
  for (const page of pages) {
    const record = records.find((candidate) => path.basename(candidate.source) === page);
    const expected = collapse(readFileSync(path.join(folder, page.replace(/\.html$/, '.expected.txt')), 'utf8'));
    expect({ page, text: record?.text }).toEqual({ page, text: expected });
  }
}

describe('legacy charsets through the CLI', () => {
  it("the project's own encoding fixtures", async () => {
    const folder = path.join(REPO_ROOT, 'fixtures', 'encodings');
    const { code, records } = await cleanInto([folder, '--include', '*.html', ...FULL_TEXT]);
    expect(code).toBe(0);
    expectEncodingsFolder(folder, records);
  });

  it.skipIf(!hasShared('encodings'))('every page of ../shared/corpora/encodings', async () => {
    const { code, records } = await cleanInto([sharedPath('encodings'), ...FULL_TEXT]);
    expect(code).toBe(0);
    expectEncodingsFolder(sharedPath('encodings'), records);
  });
});

describe.skipIf(!hasShared('warc'))('Common Crawl WARCs through the CLI', () => {
  it('the CC 2020-34 excerpt: gb2312, gbk and windows-1251 pages in clean Chinese and Russian', async () => {
    const { code, records } = await cleanInto([sharedPath('warc', 'cc-2020-34-excerpt.warc.gz'), ...FULL_TEXT]);
    expect(code).toBe(0);
    expect(records).toHaveLength(16);
    const byUrl = new Map(records.map((record) => [record.source, record]));
    const legacy = records.filter((record) => ['gbk', 'windows-1251'].includes(String(record.metadata['charset'])));
    expect(legacy.map((record) => [record.source, record.metadata['charset']]).sort()).toEqual([
      ['http://01spb.ru/company/', 'windows-1251'],
      ['http://037426.cn/', 'gbk'],
      ['http://041696.com/15477/list_6_4.html', 'gbk'],
      ['http://0755krk.com/76104/list_4_1.html', 'gbk'],
      ['http://0760.jxtdw.com/area/sanxiang/', 'gbk'],
      ['http://077678u.info/erxiaoshujinguang/list_6_2.html', 'gbk'],
      ['http://096355.com/video/11073.html?11073-0-2', 'gbk'],
    ]);
    expect(byUrl.get('http://01spb.ru/company/')?.text).toContain('Центральный офис');
    expect(byUrl.get('http://0760.jxtdw.com/area/sanxiang/')?.text).toContain('中山英才网');
    // No mojibake: no Latin-1 reading of UTF-8 and no CJK reading of Cyrillic.
    for (const record of legacy) expect(record.text).not.toMatch(/Ã.|Ð.|Ñ./u);
  });

  it("the whirlwind page agrees with Common Crawl's own WET extraction", async () => {
    const html = await cleanInto([sharedPath('warc', 'cc-2024-22-whirlwind.warc.gz'), ...FULL_TEXT]);
    const wet = await cleanInto([sharedPath('warc', 'cc-2024-22-whirlwind.warc.wet.gz'), ...FULL_TEXT]);
    expect(html.records).toHaveLength(1);
    expect(wet.records.map((record) => record.source)).toContain(html.records[0]?.source);
    const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    const ours = words(html.records[0]?.text ?? '');
    const theirs = words(wet.records.find((record) => record.source === html.records[0]?.source)?.text ?? '');
    const shared = [...theirs].filter((word) => ours.has(word)).length;
    // Substantially the same words: nearly all of WET's vocabulary is in ours, and ours adds little.
    expect(shared / theirs.size).toBeGreaterThan(0.95);
    expect(shared / ours.size).toBeGreaterThan(0.9);
  });

  it('every WARC of the folder: one record per HTML 200 response, with its URL', async () => {
    const { records, stderr } = await cleanInto([sharedPath('warc'), '--include', '*.warc', '--include', '*.warc.gz', ...FULL_TEXT]);
    expect(stderr).toBe(
      [
        `clean-corpus: ${sharedPath('warc', 'edge-example-bad-length.warc')}@1197: wrong Content-Length 974: the block is not followed by a blank line`,
        `clean-corpus: ${sharedPath('warc', 'edge-example-bad-length.warc')}@3370: wrong Content-Length 371: the block is not followed by a blank line`,
        '',
      ].join('\n'),
    );
    expect(records.every((record) => /^https?:\/\//.test(record.source))).toBe(true);
    expect(records.length).toBe(42);
  });
});
