import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../src/document.js';
import { buildPipeline, DEFAULT_STEPS, type Pipeline } from '../src/pipeline.js';
import type { StepName } from '../src/steps/index.js';
import { stripTagsFull } from '../src/steps/strip-tags.js';
import type { RawDoc } from '../src/types.js';
import { hasShared, REPO_ROOT, sharedPath } from './shared-corpora.js';

/**
 * The fused path (steps run on the UTF-8 bytes, only the kept text decoded)
 * must give exactly what decoding the page and composing the separate steps
 * gives: same text, same metadata.
 */
const PIPELINES: Array<[string, readonly StepName[]]> = [
  ['default', DEFAULT_STEPS],
  ['full text', ['strip-tags', 'decode-entities', 'collapse-whitespace']],
  ['strip only', ['strip-tags']],
];

function general(pipeline: Pipeline): Pipeline {
  return { names: pipeline.names, forType: pipeline.forType };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.html?(\.gz)?$/.test(name))
    .map((name) => path.join(dir, name));
}

/** The page's bytes; the reader fixtures' deliberately broken gzip files are left out. */
function rawOf(file: string): RawDoc | undefined {
  let bytes: Buffer = readFileSync(file);
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return undefined;
    }
  }
  return { source: file, bytes, type: 'html', metadata: {} };
}

function expectSameOutcome(raw: RawDoc, names: readonly StepName[]): boolean {
  const pipeline = buildPipeline(names);
  expect(pipeline.fromUtf8Html).toBeDefined();
  const fused = cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, pipeline);
  const reference = cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, general(pipeline));
  expect(fused).toEqual(reference);
  return true;
}

describe('the fused UTF-8 path equals decoding and composing the steps', () => {
  const folders = [path.join(REPO_ROOT, 'fixtures')];
  for (const shared of ['web-dev', 'main-dev', 'encodings']) if (hasShared(shared)) folders.push(sharedPath(shared));

  for (const [label, names] of PIPELINES) {
    it(`${label}: on every page of the fixtures and the shared corpora`, () => {
      let pages = 0;
      for (const folder of folders) {
        for (const file of htmlFiles(folder)) {
          const raw = rawOf(file);
          if (raw === undefined) continue;
          expectSameOutcome(raw, names);
          pages++;
        }
      }
      expect(pages).toBeGreaterThan(20);
    });
  }

  it('on generated markup', () => {
    const piece = fc.constantFrom('<p>', '</p>', '<div class="a>b">', '<br/>', '<script>x<y</script>', '<!-- c -->', '<svg><title/></svg>', '&amp;', '&nbsp;', 'é', '中', '👩‍💻', ' ', '\n', '\r\n', '<', '>', 'text', 'Hello, world!', '<title>T</title>', '<head>', '<td>', '<b>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const raw: RawDoc = { source: 'generated.html', bytes: Buffer.from(parts.join('')), type: 'html', metadata: {} };
        for (const [, names] of PIPELINES) expectSameOutcome(raw, names);
      }),
      { numRuns: 300 },
    );
  });

  it('strip-tags on a string equals strip-tags on its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        const html = `<p>${text}</p><div>${text}</div>`;
        expect(stripTagsFull(html)).toBe(stripTagsFull(Buffer.from(html).toString('utf8')));
      }),
      { numRuns: 200 },
    );
  });
});
