/**
 * MinHash signatures of word n-grams, cut into bands for locality-sensitive
 * hashing: two documents whose n-gram sets have Jaccard similarity J share
 * a band with probability about 1 - (1 - J^rows)^bands (FineWeb's 14 bands of
 * 8: one half at J ≈ 0.72, 95 % at J ≈ 0.82).
 *
 * The 112 minima are those of one-permutation hashing with optimal
 * densification (Li, Owen and Zhang 2012; Shrivastava 2017): each n-gram's
 * 64-bit hash picks one of the 112 bins and competes for that bin's minimum,
 * and an empty bin borrows the minimum of a bin chosen by its own hash
 * sequence. Two sets agree on each bin with probability J, as with 112
 * independent permutations, at the cost of one hash per n-gram instead of
 * 112, which is what lets signatures run at tens of MB/s in JavaScript.
 */

export interface MinHashOptions {
  /** Words per shingle. @default 5 */
  ngrams?: number;
  /** Bands of the signature. @default 14 */
  bands?: number;
  /** Hashes per band. @default 8 */
  rows?: number;
}

export const MINHASH_DEFAULTS = { ngrams: 5, bands: 14, rows: 8 } as const satisfies Required<MinHashOptions>;

/** Odd bases of the two 32-bit polynomial hashes of an n-gram's characters. */
const BASE_HIGH = 0x01000193;
const BASE_LOW = 0x5bd1e995;

/** murmur3's 32-bit finalizer: every input bit reaches every output bit. */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A word's hash lanes, alone (it opens an n-gram) and after a space (it continues one). */
interface WordHash {
  high: number;
  low: number;
  spacedHigh: number;
  spacedLow: number;
  spacedPowerHigh: number;
  spacedPowerLow: number;
}

function hashWord(word: string): WordHash {
  let high = 0;
  let low = 0;
  let powerHigh = 1;
  let powerLow = 1;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    high = (Math.imul(high, BASE_HIGH) + code) | 0;
    low = (Math.imul(low, BASE_LOW) + code) | 0;
    powerHigh = Math.imul(powerHigh, BASE_HIGH);
    powerLow = Math.imul(powerLow, BASE_LOW);
  }
  // " " + word: the space first, then the word's characters.
  return {
    high,
    low,
    spacedHigh: (Math.imul(0x20, powerHigh) + high) | 0,
    spacedLow: (Math.imul(0x20, powerLow) + low) | 0,
    spacedPowerHigh: Math.imul(powerHigh, BASE_HIGH),
    spacedPowerLow: Math.imul(powerLow, BASE_LOW),
  };
}

export class MinHasher {
  readonly ngrams: number;
  readonly bands: number;
  readonly rows: number;
  private readonly bins: number;
  /** Per bin: the high and low halves of the least 64-bit value seen. */
  private readonly minima: Uint32Array;
  private readonly filled: Uint8Array;

  constructor(options: MinHashOptions = {}) {
    const o = { ...MINHASH_DEFAULTS, ...options };
    this.ngrams = o.ngrams;
    this.bands = o.bands;
    this.rows = o.rows;
    this.bins = o.bands * o.rows;
    this.minima = new Uint32Array(this.bins * 2);
    this.filled = new Uint8Array(this.bins);
  }

  /**
   * Writes the band keys of the words' n-grams (two 32-bit halves per band)
   * into `keys`; false, and `keys` untouched, for fewer words than an n-gram.
   */
  bandKeys(words: readonly string[], keys: Int32Array): boolean {
    const { ngrams, bins, minima, filled } = this;
    if (words.length < ngrams) return false;
    minima.fill(0xffffffff);
    filled.fill(0);
    const hashes = new Map<string, WordHash>();
    const sequence: WordHash[] = new Array<WordHash>(words.length);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      let hash = hashes.get(word);
      if (hash === undefined) {
        hash = hashWord(word);
        hashes.set(word, hash);
      }
      sequence[i] = hash;
    }
    for (let start = 0; start + ngrams <= words.length; start++) {
      const first = sequence[start] as WordHash;
      let high = first.high;
      let low = first.low;
      for (let k = 1; k < ngrams; k++) {
        const next = sequence[start + k] as WordHash;
        high = (Math.imul(high, next.spacedPowerHigh) + next.spacedHigh) | 0;
        low = (Math.imul(low, next.spacedPowerLow) + next.spacedLow) | 0;
      }
      const valueHigh = mix(high ^ 0x3c6ef372);
      const valueLow = mix(low ^ 0xa54ff53a);
      const bin = mix(high ^ Math.imul(low, 0x9e3779b1)) % bins;
      const at = bin * 2;
      const currentHigh = minima[at] as number;
      if (valueHigh < currentHigh || (valueHigh === currentHigh && valueLow < (minima[at + 1] as number))) {
        minima[at] = valueHigh;
        minima[at + 1] = valueLow;
      }
      filled[bin] = 1;
    }
    // Optimal densification: an empty bin takes the minimum of the first filled bin its own probe sequence reaches.
    for (let bin = 0; bin < bins; bin++) {
      if (filled[bin] === 1) continue;
      for (let attempt = 1; ; attempt++) {
        // The probe sequence is a hash; past a generous number of misses, the next filled bin up ends it for sure.
        const donor = attempt <= 8 * bins ? mix(Math.imul(bin + 1, 0x27d4eb2d) ^ Math.imul(attempt, 0x165667b1)) % bins : (bin + attempt) % bins;
        if (filled[donor] === 1) {
          minima[bin * 2] = minima[donor * 2] as number;
          minima[bin * 2 + 1] = minima[donor * 2 + 1] as number;
          break;
        }
      }
    }
    for (let band = 0; band < this.bands; band++) {
      let high = band + 1;
      let low = Math.imul(band + 1, 0x85ebca6b);
      for (let row = 0; row < this.rows; row++) {
        const at = (band * this.rows + row) * 2;
        high = mix(high ^ (minima[at] as number)) ^ Math.imul(high, BASE_HIGH);
        low = mix(low ^ (minima[at + 1] as number)) ^ Math.imul(low, BASE_LOW);
      }
      keys[band * 2] = mix(high);
      keys[band * 2 + 1] = mix(low ^ high);
    }
    return true;
  }
}
