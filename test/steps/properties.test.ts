import fc from 'fast-check';
import he from 'he';
import { describe, expect, it } from 'vitest';
import { cleanHtml, DEFAULT_STEPS } from '../../src/pipeline.js';
import { collapseWhitespace } from '../../src/steps/collapse-whitespace.js';
import { decodeEntities } from '../../src/steps/decode-entities.js';
import { removePunctuation } from '../../src/steps/remove-punctuation.js';
import { stripTags } from '../../src/steps/strip-tags.js';
import { normalizeUnicode } from '../../src/steps/normalize-unicode.js';

/** Strings of every kind: any UTF-16 code unit (lone surrogates too), and markup-heavy ones. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.constantFrom('<', '>', '/', '!', '-', '&', ';', '#', 'a', 'p', ' ', '\n', '"', "'", '=', 'x', '\u00a0', '👩', '\u200d', '\u0301'), maxLength: 200 }),
);

const TAGS = ['p', 'div', 'span', 'b', 'li', 'h1', 'td', 'section', 'a', 'em'];
const word = fc.stringMatching(/^[A-Za-zÀ-ÿ0-9\u0900-\u097F\u4e00-\u4e20]{1,8}$/);

/** Well-formed HTML trees of known tags with plain words as text, and the words in order. */
const wellFormedHtml: fc.Arbitrary<{ html: string; words: string[] }> = fc.letrec<{ node: { html: string; words: string[] } }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    word.map((w) => ({ html: w, words: [w] })),
    fc.tuple(fc.constantFrom(...TAGS), fc.array(tie('node'), { maxLength: 4 }), fc.boolean()).map(([tag, children, withAttribute]) => ({
      html: `<${tag}${withAttribute ? ' class="x > y" data-a=\'<p>\'' : ''}>${children.map((child) => child.html).join(' ')}</${tag}>`,
      words: children.flatMap((child) => child.words),
    })),
  ),
})).node;

const steps = {
  'strip-tags': stripTags(),
  'decode-entities': decodeEntities(),
  'collapse-whitespace': collapseWhitespace(),
  'collapse-whitespace keeping newlines': collapseWhitespace({ keepNewlines: true }),
  'remove-punctuation': removePunctuation(),
  'remove-punctuation keeping symbols': removePunctuation({ keepSymbols: true }),
  'remove-punctuation to space': removePunctuation({ replaceWith: 'space' }),
};

describe('properties of every step', () => {
  for (const [name, step] of Object.entries(steps)) {
    it(`${name} never throws and returns a string`, () => {
      fc.assert(fc.property(anyText, (text) => typeof step(text) === 'string'), { numRuns: 500 });
    });
  }

  it('decode-entities agrees with he, an independent HTML5 decoder, on reference-heavy text', () => {
    const reference = fc.constantFrom('&amp;', '&amp', '&lt;', '&copy', '&copy;', '&notin;', '&notit;', '&#0;', '&#x80;', '&#xD800;', '&#9999999999;', '&#;', '&#x;', '&NotNestedLessLess;', '&bogus;', '&', ';', 'a', ' ', '#', 'x', '9');
    fc.assert(
      fc.property(fc.array(reference, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(decodeEntities()(text)).toBe(he.decode(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('collapse-whitespace is idempotent and leaves no run of white space', () => {
    for (const step of [steps['collapse-whitespace'], steps['collapse-whitespace keeping newlines']]) {
      fc.assert(
        fc.property(anyText, (text) => {
          const once = step(text);
          expect(step(once)).toBe(once);
          expect(once).not.toMatch(/\p{White_Space}{2}|^\p{White_Space}|\p{White_Space}$/u);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('remove-punctuation is idempotent and leaves no P* or S* character', () => {
    for (const step of [steps['remove-punctuation'], steps['remove-punctuation to space']]) {
      fc.assert(
        fc.property(anyText, (text) => {
          const once = step(text);
          expect(step(once)).toBe(once);
          expect(once).not.toMatch(/[\p{P}\p{S}]/u);
        }),
        { numRuns: 500 },
      );
    }
  });

  it('strip-tags output of well-formed HTML holds none of its tags, and all of its words', () => {
    fc.assert(
      fc.property(wellFormedHtml, ({ html, words }) => {
        const text = stripTags()(html);
        expect(text).not.toMatch(/<\/?[a-z]/);
        expect(text.split(/\s+/).filter(Boolean)).toEqual(words);
      }),
      { numRuns: 300 },
    );
  });

  it('the composed default pipeline equals applying the steps one by one, then NFC', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, wellFormedHtml.map((tree) => tree.html)), (html) => {
        let byHand = html;
        for (const step of [stripTags(), decodeEntities(), collapseWhitespace(), removePunctuation(), normalizeUnicode()]) byHand = step(byHand);
        expect(cleanHtml(html, DEFAULT_STEPS)).toBe(byHand);
      }),
      { numRuns: 500 },
    );
  });
});
