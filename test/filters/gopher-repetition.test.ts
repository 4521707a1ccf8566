import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { duplicateNGramChars, gopherRepetition, topNGramChars, type GopherRepetitionOptions } from '../../src/filters/gopher-repetition.js';
import { wordSplitter } from '../../src/text/words.js';

const OFF: GopherRepetitionOptions = {
  dup_line_frac: null,
  dup_para_frac: null,
  dup_line_char_frac: null,
  dup_para_char_frac: null,
  top_n_grams: [],
  dup_n_grams: [],
};
const only = (options: GopherRepetitionOptions) => gopherRepetition({ ...OFF, ...options });

/** Distinct lines of equal length: `line 00`, `line 01`, … */
const distinct = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `line ${String(from + i).padStart(2, '0')}`);

describe('gopher-repetition', () => {
  it('keeps a text without repetition with the default thresholds', () => {
    const text = [
      'Rivers carry sediment from mountains toward distant coastal plains.',
      'Farmers along the delta plant rice where floods leave fertile silt.',
      'Every spring, migrating birds rest on sandbars before flying north again.',
      'Engineers study how dams change the shape of each downstream channel.',
    ].join('\n');
    expect(gopherRepetition()(text)).toBeUndefined();
    // A short text is its own most frequent 3-gram: datatrove rejects it too.
    expect(gopherRepetition()('One sentence here.')).toBe('top_2_gram');
  });

  it('dup_para_frac: more than 30 % of paragraphs (split at blank lines) are repeats', () => {
    const filter = only({ dup_para_frac: 0.3 });
    expect(filter([...distinct(7), 'line 00', 'line 00', 'line 01'].join('\n\n'))).toBeUndefined(); // 3 of 10
    expect(filter([...distinct(6), 'line 00', 'line 00', 'line 01', 'line 02'].join('\n\n'))).toBe('dup_para_frac'); // 4 of 10
  });

  it('dup_para_char_frac: repeated paragraphs hold more than 20 % of the characters', () => {
    const filter = only({ dup_para_char_frac: 0.2 });
    // 10 paragraphs of 7 characters joined by 9 blank lines (2 characters each): 88 characters; 17.6 over 20 % of them.
    expect(filter([...distinct(8), 'line 00', 'line 01'].join('\n\n'))).toBeUndefined(); // 14 / 88
    expect(filter([...distinct(7), 'line 00', 'line 01', 'line 02'].join('\n\n'))).toBe('dup_para_char_frac'); // 21 / 88
  });

  it('dup_line_frac and dup_line_char_frac: the same for lines', () => {
    const lines = only({ dup_line_frac: 0.3 });
    expect(lines([...distinct(7), 'line 00', 'line 00', 'line 01'].join('\n'))).toBeUndefined();
    expect(lines([...distinct(6), 'line 00', 'line 00', 'line 01', 'line 02'].join('\n'))).toBe('dup_line_frac');
    const chars = only({ dup_line_char_frac: 0.2 });
    // 10 lines of 7 characters and 9 line breaks: 79 characters.
    expect(chars([...distinct(8), 'line 00', 'line 01'].join('\n'))).toBeUndefined(); // 14 / 79
    expect(chars([...distinct(7), 'line 00', 'line 01', 'line 02'].join('\n'))).toBe('dup_line_char_frac'); // 21 / 79
  });

  it('top_2_gram: the most frequent word pair covers more than its fraction of the characters', () => {
    const filter = only({ top_n_grams: [[2, 0.2]] });
    // "ab cd" (5 characters) twice in a text of 50: 10 / 50 = 0.2, at the threshold.
    const at = 'ab cd ab cd ' + 'xyzwvu qrstuv mnopqr ghijkl abcdef ghi'.padEnd(38, 'z');
    expect(at.length).toBe(50);
    expect(filter(at)).toBeUndefined();
    expect(filter(at.slice(0, 49))).toBe('top_2_gram');
  });

  it('duplicated_5_n_grams: repeated 5-grams cover more than 15 % of the characters', () => {
    const filter = only({ dup_n_grams: [[5, 0.15]] });
    const gram = 'a b c d e'; // 5 characters joined without spaces
    const filler = (length: number) => 'q'.repeat(length);
    // Twice: the second 5-gram is a repeat, 5 characters.
    const text = (total: number) => {
      const base = `${gram} ${gram} `;
      return base + filler(total - base.length);
    };
    expect(filter(text(40))).toBeUndefined(); // 5 / 40 = 0.125
    expect(filter(text(34))).toBeUndefined(); // 5 / 34 = 0.147
    expect(filter(text(33))).toBe('duplicated_5_n_grams'); // 5 / 33 = 0.152
  });

  it('counts the most frequent n-gram and the repeated n-grams as datatrove does', () => {
    expect(topNGramChars(['a', 'b', 'a', 'b', 'c'], 2)).toBe(6); // "a b" twice
    expect(topNGramChars(['x', 'yy', 'x', 'zz', 'zz', 'x'], 1)).toBe(3); // "x" three times
    // Equal counts: the n-gram seen first wins, not the longest or the last.
    expect(topNGramChars(['aaa', 'b', 'c', 'b', 'c', 'aaa'], 1)).toBe(6);
    // A repeat skips its n words: "abab" then "ab" again after it.
    expect(duplicateNGramChars(['a', 'b', 'a', 'b', 'a', 'b'], 2)).toBe(4);
    // Joined without spaces, different splits of the same letters are the same n-gram.
    expect(duplicateNGramChars(['ab', 'c', 'a', 'bc'], 2)).toBe(3);
  });

  it('equals the definition for any words', () => {
    const word = fc.constantFrom('a', 'b', 'ab', 'ba', 'aab', 'é', '😀');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.integer({ min: 1, max: 6 }), (words, n) => {
        expect(topNGramChars(words, n)).toBe(referenceTop(words, n));
        expect(duplicateNGramChars(words, n)).toBe(referenceDuplicates(words, n));
      }),
    );
  });

  it("gives the definition's verdict for any text and thresholds, the pages passed by the bound on word counts included", () => {
    const word = fc.constantFrom('a', 'b', 'ab', 'the', 'river', 'riverbank', '.', 'é', '😀');
    // Runs of a phrase said again a few times, so that n-grams repeat as on real pages.
    const phrases = fc
      .array(fc.tuple(fc.array(word, { minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 12 })
      .map((runs) => runs.flatMap(([phrase, times]) => Array<string[]>(times).fill(phrase).flat()));
    const rules = (ns: number[], fractions: number[]) => fc.tuple(...ns.map((n) => fc.constantFrom(...fractions).map((f) => [n, f] as const)));
    fc.assert(
      fc.property(phrases, rules([2, 3, 4], [0.1, 0.2, 0.3, 0.5, 0.9]), rules([5, 7, 10], [0.02, 0.05, 0.1, 0.2]), (parts, top, dup) => {
        const text = parts.join(' ');
        const words = wordSplitter('en').words(text);
        const length = [...text].length;
        const expected =
          top.find(([n, f]) => words.length >= n && referenceTop(words, n) / length > f)?.[0] ?? undefined;
        const expectedDup = dup.find(([n, f]) => referenceDuplicates(words, n) / length > f)?.[0];
        const verdict = expected !== undefined ? `top_${expected}_gram` : expectedDup !== undefined ? `duplicated_${expectedDup}_n_grams` : undefined;
        expect(only({ top_n_grams: top, dup_n_grams: dup })(text)).toBe(verdict);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a verdict for empty text and for 100,000 identical lines', () => {
    expect(gopherRepetition()('')).toBeUndefined();
    expect(gopherRepetition()(Array(100_000).fill('same line').join('\n'))).toBe('dup_line_frac');
    expect(gopherRepetition()(Array(100_000).fill('same line').join('\n\n'))).toBe('dup_para_frac');
  });
});

/** datatrove's find_top_duplicate(get_n_grams(words, n)), written plainly. */
function referenceTop(words: string[], n: number): number {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const gram = words.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let best = '';
  let bestCount = 0;
  for (const [gram, count] of counts) if (count > bestCount) [best, bestCount] = [gram, count];
  return Array.from(best).length * bestCount;
}

/** datatrove's find_all_duplicate(words, n), written plainly. */
function referenceDuplicates(words: string[], n: number): number {
  const seen = new Set<string>();
  let repeated = 0;
  let i = 0;
  while (i < words.length - n + 1) {
    const gram = words.slice(i, i + n).join('');
    if (seen.has(gram)) {
      repeated += Array.from(gram).length;
      i += n;
    } else {
      seen.add(gram);
      i++;
    }
  }
  return repeated;
}
