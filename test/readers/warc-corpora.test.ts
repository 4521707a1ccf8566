// The WARC reader on the shared test corpora (../shared/corpora/warc, see its
// README). Expected documents are hard-coded here, checked by hand against
// `zcat | grep` and against webrecorder's warcio, which also serves below as an
// independent oracle for the decoded bodies.
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { WARCParser } from 'warcio';
import { readWarcChunks, readWarcFile } from '../../src/readers/warc.js';
import type { ReadEvent, ReaderOptions } from '../../src/types.js';

const CORPORA = join(import.meta.dirname, '../../../shared/corpora/warc');
const corporaPresent = existsSync(CORPORA);
if (!corporaPresent) console.warn(`warc-corpora.test.ts: skipped, ${CORPORA} is absent`);
const options: ReaderOptions = { maxDocSize: 10_000_000, textField: 'text' };

interface Expected {
  /** Target URIs of the documents, in order. */
  docs: string[];
  /** 'text' for WET conversions. */
  type?: 'html' | 'text';
  skipped: Record<string, number>;
  /** `offset reason` of each error. */
  errors?: string[];
}

const EXPECTED: Record<string, Expected> = {
  'cc-2020-34-excerpt.warc.gz': {
    docs: [
      'http://003338.cn/l41/481397.html',
      'http://01spb.ru/company/',
      'http://035.psb556.com/24/i/u_1090813/article.html',
      'http://037426.cn/',
      'http://041696.com/15477/list_6_4.html',
      'http://044545.com/topic/20200207/015849.html',
      'http://0513mt.com/index.php/art/detail/id/8884.html',
      'http://05925.net/index.php/vod/type/id/53.html',
      'http://06.live-radsport.ch/fahrerstatistik_801/Anthony_Ravard.html',
      'http://06.live-radsport.ch/tippspiel/stats_140_petzi.html',
      'http://0615235.com/02mjqjo%7Bibotij2.btq?odmbtt=106&tdmbtt=121',
      'http://0755krk.com/76104/list_4_1.html',
      'http://0760.jxtdw.com/area/sanxiang/',
      'http://077678u.info/erxiaoshujinguang/list_6_2.html',
      'http://0900-hovenier.nl/gelderland/oosterbeek/',
      'http://096355.com/video/11073.html?11073-0-2',
    ],
    skipped: { 'warc-warcinfo': 1, 'warc-request': 17, 'warc-metadata': 16 },
  },
  'cc-2024-22-whirlwind.warc.gz': {
    docs: ['https://an.wikipedia.org/wiki/Escopete'],
    skipped: { 'warc-warcinfo': 1, 'warc-request': 1, 'warc-metadata': 1 },
  },
  'cc-2024-22-whirlwind.warc.wet.gz': {
    docs: ['https://an.wikipedia.org/wiki/Escopete'],
    type: 'text',
    skipped: { 'warc-warcinfo': 1 },
  },
  'dolma-sample-0000.warc.gz': {
    docs: [
      'https://www.semanticscholar.org/research/research-team',
      'https://www.cs.washington.edu/people/faculty/weld',
      'https://soldaini.net/',
      'https://soldaini.net/facts/',
      'https://soldaini.net/lineage/',
      'https://kyleclo.com/',
      'https://kyleclo.com/research/',
      'https://joe.cat/',
      'https://maria-antoniak.github.io/',
      'https://maria-antoniak.github.io/2023/07/04/notes-on-mastodon.html',
      'https://maria-antoniak.github.io/2023/04/11/paperpile-to-zotero.html',
      'https://maria-antoniak.github.io/2022/07/27/topic-modeling-for-the-people.html',
      'https://maria-antoniak.github.io/2020/03/25/pip.html',
      'https://maria-antoniak.github.io/2018/11/19/data-science-crash-course.html',
      'https://talaugust.github.io/',
      'https://www.jonathanbragg.com/',
      'https://tomhoper.github.io/',
      'https://tomhoper.github.io/research/',
      'https://www.cs.cmu.edu/~anaik/',
      'https://dwadden.github.io/',
      'https://homes.cs.washington.edu/~axz/',
      'https://amyxzhang.wordpress.com/',
    ],
    skipped: { 'warc-warcinfo': 1, 'warc-request': 22, 'warc-metadata': 1, 'warc-resource': 2 },
  },
  'edge-example-bad-length.warc': {
    // The response's Content-Length is one byte short and the revisit's two bytes long.
    docs: [],
    skipped: { 'warc-warcinfo': 2, 'warc-request': 2 },
    errors: [
      '1197 wrong Content-Length 974: the block is not followed by a blank line',
      '3370 wrong Content-Length 371: the block is not followed by a blank line',
    ],
  },
  'edge-example-iana.org-chunked.warc': {
    docs: ['http://www.iana.org/'],
    skipped: { 'warc-warcinfo': 1, 'warc-request': 1 },
  },
  'edge-example-resource.warc.gz': { docs: [], skipped: { 'warc-resource': 1 } },
  'edge-example-url-agnostic-revisit.warc.gz': { docs: [], skipped: { 'warc-warcinfo': 1, 'warc-revisit': 1 } },
  'edge-example.warc': {
    docs: ['http://example.com/'],
    skipped: { 'warc-warcinfo': 2, 'warc-request': 2, 'warc-revisit': 1, 'warc-metadata': 1 },
  },
  'edge-example.warc.gz': {
    docs: ['http://example.com/'],
    skipped: { 'warc-warcinfo': 2, 'warc-request': 2, 'warc-revisit': 1 },
  },
  'edge-post-test.warc.gz': { docs: [], skipped: { 'non-html': 3, 'warc-request': 3 } },
  'edge-redirect.warc': { docs: [], skipped: { 'http-status': 1, 'warc-request': 1 } },
};

async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** An event with its bytes as base64, which compares much faster than a Buffer. */
function comparable(event: ReadEvent): unknown {
  return 'doc' in event ? { ...event.doc, bytes: Buffer.from(event.doc.bytes).toString('base64') } : event;
}

function summarize(path: string, events: ReadEvent[]) {
  const docs: string[] = [];
  const types = new Set<string>();
  const skipped: Record<string, number> = {};
  const errors: string[] = [];
  for (const event of events) {
    if ('doc' in event) {
      docs.push(event.doc.source);
      types.add(event.doc.type);
    } else if ('error' in event) {
      errors.push(`${event.error.source.replace(`${path}@`, '')} ${event.error.reason}`);
    } else {
      skipped[event.skipped] = (skipped[event.skipped] ?? 0) + 1;
    }
  }
  return { docs, types: [...types], skipped, errors };
}

/** warcio's decoded payloads of the HTML 200 responses, by target URI. */
async function warcioBodies(path: string): Promise<Map<string, Buffer>> {
  const bodies = new Map<string, Buffer>();
  for await (const record of new WARCParser(createReadStream(path))) {
    const contentType = record.httpHeaders?.headers.get('content-type') ?? '';
    if (record.warcType !== 'response' || record.httpHeaders?.statusCode !== 200 || !/^(text\/html|application\/xhtml\+xml)/i.test(contentType)) {
      continue;
    }
    bodies.set(record.warcTargetURI ?? '', Buffer.from(await record.readFully(true)));
  }
  return bodies;
}

describe.skipIf(!corporaPresent)('readWarcFile on ../shared/corpora/warc', () => {
  it('covers every file of the corpus', () => {
    const files = readFileSync(join(CORPORA, '../README.md'), 'utf8');
    expect(files).toContain('warc/');
    for (const name of Object.keys(EXPECTED)) expect(existsSync(join(CORPORA, name)), name).toBe(true);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: exactly its ${expected.type === 'text' ? 'conversions' : 'HTML 200 responses'}`, async () => {
      const path = join(CORPORA, name);
      const events = await collect(readWarcFile(path, options));
      expect(summarize(path, events)).toEqual({
        docs: expected.docs,
        types: expected.docs.length > 0 ? [expected.type ?? 'html'] : [],
        skipped: expected.skipped,
        errors: expected.errors ?? [],
      });

      // Same bytes as warcio's decoding (which also undoes chunking and content coding).
      if (expected.type !== 'text' && expected.errors === undefined) {
        const oracle = await warcioBodies(path);
        expect(oracle.size).toBe(expected.docs.length);
        for (const event of events) {
          if (!('doc' in event)) continue;
          const body = oracle.get(event.doc.source);
          expect(body, event.doc.source).toBeDefined();
          expect(Buffer.from(event.doc.bytes).equals(body ?? Buffer.alloc(0)), event.doc.source).toBe(true);
        }
      }

      const bytes = readFileSync(path);
      const tiny = await collect(readWarcChunks(Readable.from(Array.from(bytes, (byte) => Buffer.from([byte]))), path, options));
      expect(tiny.map(comparable)).toEqual(events.map(comparable));
    });
  }

  it('decodes chunked and gzip-encoded bodies', async () => {
    const [chunked] = (await collect(readWarcFile(join(CORPORA, 'edge-example-iana.org-chunked.warc'), options))).filter((event) => 'doc' in event);
    const chunkedBody = chunked && 'doc' in chunked ? Buffer.from(chunked.doc.bytes).toString('utf8') : '';
    expect(chunkedBody.startsWith('<!doctype html>')).toBe(true);
    expect(chunkedBody.trimEnd().endsWith('</html>')).toBe(true);
    expect(chunkedBody).not.toMatch(/^[0-9a-f]+\r$/m); // no chunk-size lines left

    const [gzipped] = (await collect(readWarcFile(join(CORPORA, 'edge-example.warc.gz'), options))).filter((event) => 'doc' in event);
    expect(gzipped && 'doc' in gzipped ? Buffer.from(gzipped.doc.bytes).toString('utf8') : '').toContain('<title>Example Domain</title>');
  });

  it('merges two Content-Type headers keeping the charset', async () => {
    const events = await collect(readWarcFile(join(CORPORA, 'cc-2020-34-excerpt.warc.gz'), options));
    const doc = events.find((event) => 'doc' in event && event.doc.source === 'http://035.psb556.com/24/i/u_1090813/article.html');
    expect(doc && 'doc' in doc ? doc.doc.contentType : undefined).toBe('text/html; charset=utf-8');
  });
});
