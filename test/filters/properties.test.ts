import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_STEPS } from '../../src/filters/index.js';
import { buildPipeline } from '../../src/pipeline.js';
import type { Doc } from '../../src/types.js';

const pieces = ['the', 'and', 'river', 'of', 'Mr.', 'Smith', '.', ',', '!', '?', ' ', ' ', ' ', '\n', '\n\n', '•', '-', '...', '…', '#', '{', '"', "'s", 'lorem ipsum', 'javascript', '3.5', '😀', 'é', 'नमस्ते', '中文'];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 120 }).map((parts) => parts.join(''));
const docOf = (body: string, i: number): Doc => ({ id: `d${i}`, source: `s${i}`, type: 'text', text: body, metadata: {} });

const FILTERS = ['gopher-repetition', 'gopher-quality', 'fineweb-quality'] as const;

describe('filter properties', () => {
  it('a filter keeps or rejects, and never changes the text (only c4-quality and pii rewrite it)', () => {
    const steps = FILTERS.map((name) => DOCUMENT_STEPS[name].create({}));
    fc.assert(
      fc.property(text, (body) => {
        const doc = docOf(body, 0);
        for (const step of steps) {
          const result = step(doc);
          if ('doc' in result) expect(result.doc).toBe(doc);
          else expect(typeof result.reject).toBe('string');
        }
      }),
    );
  });

  it("a document's verdict does not depend on the documents before it", () => {
    const pipeline = buildPipeline(['gopher-repetition', 'gopher-quality', 'c4-quality', 'fineweb-quality']);
    const verdictOf = (doc: Doc) => {
      const result = pipeline.documentSteps?.(doc);
      return result === undefined ? undefined : 'rejected' in result ? `${result.filter}/${result.reason}` : result.doc.text;
    };
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (bodies) => {
        const alone = bodies.map((body, i) => {
          // Something else is looked at before each document, as in a worker that cleaned other pages first.
          verdictOf(docOf(`${body} something else entirely`, 99));
          return verdictOf(docOf(body, i));
        });
        const inSequence = bodies.map((body, i) => verdictOf(docOf(body, i)));
        const reversed = [...bodies].reverse().map((body, i) => verdictOf(docOf(body, bodies.length - 1 - i))).reverse();
        expect(inSequence).toEqual(alone);
        expect(reversed).toEqual(alone);
      }),
    );
  });
});
