import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicatePieces } from '../../src/filters/duplicate-pieces.js';
import { findDuplicates } from '../../src/filters/measures.js';
import { pyLen, pyStripBounds } from '../../src/text/python.js';

/** What the filter computed before: split with a regular expression, then datatrove's `find_duplicates` over the strings. */
function bySplitting(text: string, from: number, to: number, minBreak: 1 | 2): { pieces: number; elements: number; chars: number } {
  const pieces = text.slice(from, to).split(minBreak === 1 ? /\n+/ : /\n{2,}/);
  return { pieces: pieces.length, ...findDuplicates(pieces) };
}

describe('duplicatePieces', () => {
  it('counts lines as split(/\\n+/) gives them, empty ones at the ends included', () => {
    expect(duplicatePieces('a\nb\na\n\n\na', 0, 9, 1, false)).toEqual({ pieces: 4, elements: 2, chars: 2 });
    // A leading and a trailing break each give an empty line: the second one repeats the first.
    expect(duplicatePieces('\nx\n', 0, 3, 1, false)).toEqual({ pieces: 3, elements: 1, chars: 0 });
    expect(duplicatePieces('', 0, 0, 1, false)).toEqual({ pieces: 1, elements: 0, chars: 0 });
    expect(duplicatePieces('\n\n', 0, 2, 1, false)).toEqual({ pieces: 2, elements: 1, chars: 0 });
  });

  it('counts paragraphs between blank lines, a single line break inside one', () => {
    const text = '  one\ntwo\n\nthree\n\n\none\ntwo\n\n ';
    const [from, to] = pyStripBounds(text);
    expect(duplicatePieces(text, from, to, 2, false)).toEqual({ pieces: 3, elements: 1, chars: 7 });
    expect(duplicatePieces('a\nb', 0, 3, 2, false)).toEqual({ pieces: 1, elements: 0, chars: 0 });
  });

  it('counts a repeat in code points, as Python does, and never takes two pieces of one length for one', () => {
    expect(duplicatePieces('😀a\n😀a\nab\nba', 0, 12, 1, true)).toEqual({ pieces: 4, elements: 1, chars: 2 });
  });

  it('equals splitting and a set of strings on any text, for lines and paragraphs', () => {
    const text = fc.array(fc.constantFrom('a', 'b', '\n', '\n', ' ', '😀', 'é'), { maxLength: 60 }).map((units) => units.join(''));
    fc.assert(
      fc.property(text, fc.constantFrom<1 | 2>(1, 2), fc.boolean(), (sample, minBreak, strip) => {
        const [from, to] = strip ? pyStripBounds(sample) : [0, sample.length];
        expect(duplicatePieces(sample, from, to, minBreak, pyLen(sample) !== sample.length)).toEqual(bySplitting(sample, from, to, minBreak));
      }),
      { numRuns: 3000 },
    );
  });

  it('starts afresh for each text, after a text that grew its table', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i % 2500}`).join('\n');
    expect(duplicatePieces(long, 0, long.length, 1, false)).toEqual(bySplitting(long, 0, long.length, 1));
    expect(duplicatePieces('line 1\nline 2', 0, 13, 1, false)).toEqual({ pieces: 2, elements: 0, chars: 0 });
  });
});
