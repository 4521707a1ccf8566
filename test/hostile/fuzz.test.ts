import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../../src/document.js';
import { buildPipeline, DEFAULT_STEPS } from '../../src/pipeline.js';
import type { RawDoc } from '../../src/types.js';
import { jsonLine } from '../../src/writers/record.js';
import { REPO_ROOT } from '../shared-corpora.js';

/**
 * A bounded fuzz run: real pages from fixtures/, mutated byte-wise (flips,
 * cuts, splices of markup, repeated runs), cleaned end to end from bytes
 * with full-text and main-content extraction. Nothing may throw, every
 * record must serialise to one valid JSON line, and no page may take long.
 */
const PAGES: Buffer[] = [];
for (const dir of [path.join(REPO_ROOT, 'fixtures', 'sample-corpus'), path.join(REPO_ROOT, 'fixtures', 'main')]) {
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (name.endsWith('.html')) PAGES.push(readFileSync(path.join(dir, name)));
  }
}

const MARKUP = ['<', '>', '</', '<!--', '-->', '<script>', '</script>', '<svg>', '<title/>', '"', "'", '=', '&', '&#', ';', '<![CDATA[', '<head>', '<template>', '\0', '\r', '\uFEFF'].map((s) => Buffer.from(s));

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'cut'; at: number }
  | { kind: 'splice'; at: number; piece: number }
  | { kind: 'repeat'; at: number; length: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), piece: fc.integer({ min: 0, max: MARKUP.length - 1 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }), times: fc.integer({ min: 2, max: 200 }) }),
);

function mutate(page: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = Buffer.from(page);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'flip') bytes[at] = m.byte;
    else if (m.kind === 'cut') bytes = bytes.subarray(0, at);
    else if (m.kind === 'splice') bytes = Buffer.concat([bytes.subarray(0, at), MARKUP[m.piece] as Buffer, bytes.subarray(at)]);
    else {
      const run = bytes.subarray(at, at + m.length);
      bytes = Buffer.concat([bytes.subarray(0, at), ...Array.from({ length: m.times }, () => run), bytes.subarray(at)]);
    }
  }
  return bytes;
}

const DEFAULT_PIPELINE = buildPipeline(DEFAULT_STEPS);
const PIPELINES = [DEFAULT_PIPELINE, buildPipeline(DEFAULT_STEPS, { extract: 'main', keepNewlines: true })];

describe('fuzzing mutated real pages', () => {
  it('has pages to mutate', () => {
    expect(PAGES.length).toBeGreaterThan(10);
  });

  it('never throws, always yields valid JSON lines, and stays fast', () => {
    fc.assert(
      fc.property(fc.nat({ max: PAGES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }), (pageIndex, mutations) => {
        const bytes = mutate(PAGES[pageIndex] as Buffer, mutations);
        // As a page, and as plain text (which takes the one-pass text steps on its bytes).
        for (const [pipeline, type] of [...PIPELINES.map((p) => [p, 'html'] as const), [DEFAULT_PIPELINE, 'text'] as const]) {
          const raw: RawDoc = { source: 'fuzz.html', bytes: Buffer.from(bytes), type, metadata: {} };
          const started = performance.now();
          const outcome = cleanDocument(raw, pipeline);
          // Generous: a mutated page of a few KB cleans in well under a millisecond.
          expect(performance.now() - started).toBeLessThan(1_000);
          if ('doc' in outcome) {
            const line = jsonLine({ ...outcome.doc });
            expect(line.endsWith('\n')).toBe(true);
            expect(line.slice(0, -1)).not.toMatch(/[\n\r\u2028\u2029]/);
            expect(JSON.parse(line)).toMatchObject({ text: outcome.doc.text });
          }
        }
      }),
      { numRuns: 1500, seed: 20261129 },
    );
  });
});
