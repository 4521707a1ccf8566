/**
 * The signature record of a document, the same in the main thread and in a
 * worker: its exact key (the first 8 bytes of the SHA-256 of its text after
 * {@link exactText}), whether it has a MinHash signature (at least one
 * n-gram), and the band keys of that signature, as 32-bit numbers.
 */
import { createHash } from 'node:crypto';
import { wordSplitter } from '../text/words.js';
import { MinHasher } from './minhash.js';
import { exactText, simplifyText } from './normalize.js';

export interface SignatureSetup {
  ngrams: number;
  bands: number;
  rows: number;
  language: string;
}

/** Records are this many 32-bit numbers: the exact key (2), whether there is a signature (1), the band keys (2 per band). */
export const recordInts = (bands: number): number => 3 + 2 * bands;

/** The exact key of a text, as two 32-bit numbers. */
export function exactKey(text: string): [number, number] {
  const digest = createHash('sha256').update(exactText(text)).digest();
  return [digest.readInt32LE(0), digest.readInt32LE(4)];
}

const hashers = new Map<string, MinHasher>();

/** The records of a batch of texts, one after another. */
export function signatureRecords(texts: readonly string[], setup: SignatureSetup): Int32Array<ArrayBuffer> {
  const key = `${setup.ngrams},${setup.bands},${setup.rows}`;
  let hasher = hashers.get(key);
  if (hasher === undefined) {
    hasher = new MinHasher({ ngrams: setup.ngrams, bands: setup.bands, rows: setup.rows });
    hashers.set(key, hasher);
  }
  const splitter = wordSplitter(setup.language);
  const ints = recordInts(setup.bands);
  const records = new Int32Array(texts.length * ints);
  texts.forEach((text, i) => {
    const record = records.subarray(i * ints, (i + 1) * ints);
    const [high, low] = exactKey(text);
    record[0] = high;
    record[1] = low;
    record[2] = hasher.bandKeys(splitter.words(simplifyText(text)), record.subarray(3)) ? 1 : 0;
  });
  return records;
}
