import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHasher } from '../../src/dedup/minhash.js';

const keysOf = (hasher: MinHasher, words: string[]): Int32Array | undefined => {
  const keys = new Int32Array(hasher.bands * 2);
  return hasher.bandKeys(words, keys) ? keys : undefined;
};
const sameBands = (a: Int32Array, b: Int32Array, bands: number): number => {
  let same = 0;
  for (let band = 0; band < bands; band++) if (a[2 * band] === b[2 * band] && a[2 * band + 1] === b[2 * band + 1]) same++;
  return same;
};
const vocabulary = Array.from({ length: 400 }, (_, i) => `w${i}`);

describe('MinHash band keys', () => {
  const hasher = new MinHasher();

  it('need at least one n-gram: fewer than five words have none', () => {
    expect(keysOf(hasher, ['a', 'b', 'c', 'd'])).toBeUndefined();
    expect(keysOf(hasher, ['a', 'b', 'c', 'd', 'e'])).toBeInstanceOf(Int32Array);
  });

  it('depend on the set of n-grams only: n-grams seen again change nothing', () => {
    // A cycle of 30 words: twice or three times over, the same 30 distinct 5-grams.
    const cycle = vocabulary.slice(0, 30);
    const twice = [...cycle, ...cycle];
    const thrice = [...twice, ...cycle];
    expect(sameBands(keysOf(hasher, twice) as Int32Array, keysOf(hasher, thrice) as Int32Array, 14)).toBe(14);
    expect(sameBands(keysOf(hasher, twice) as Int32Array, keysOf(hasher, vocabulary.slice(30, 90)) as Int32Array, 14)).toBe(0);
  });

  it('are the same every run and for every instance', () => {
    const words = vocabulary.slice(0, 200);
    expect(Array.from(keysOf(new MinHasher(), words) as Int32Array)).toEqual(Array.from(keysOf(hasher, words) as Int32Array));
  });

  it('collide on a band about as often as (Jaccard)^8 says', () => {
    // Two texts of 300 words sharing a prefix: a measured Jaccard from ~0.2 to 1, over many pairs.
    const rng = fc.sample(fc.array(fc.constantFrom(...vocabulary), { minLength: 300, maxLength: 300 }), { numRuns: 120, seed: 7 });
    let expected = 0;
    let observed = 0;
    rng.forEach((words, i) => {
      const other = [...words.slice(0, 300 - (i % 60) * 4), ...rng[(i + 1) % rng.length]!.slice(0, (i % 60) * 4)];
      const grams = (list: string[]) => new Set(list.slice(0, list.length - 4).map((_, k) => list.slice(k, k + 5).join(' ')));
      const a = grams(words);
      const b = grams(other);
      const jaccard = [...a].filter((gram) => b.has(gram)).length / new Set([...a, ...b]).size;
      expected += 14 * jaccard ** 8;
      observed += sameBands(keysOf(hasher, words) as Int32Array, keysOf(hasher, other) as Int32Array, 14);
    });
    expect(observed / expected).toBeGreaterThan(0.8);
    expect(observed / expected).toBeLessThan(1.25);
  });
});
