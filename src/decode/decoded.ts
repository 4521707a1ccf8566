/** What every decoder returns, and the helpers they share to count the errors in it. */

export interface Decoded {
  text: string;
  invalidBytes: number;
}

/** A Buffer over the same memory: Buffer's indexOf is memchr, a plain Uint8Array's is a slow generic loop. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export const REPLACEMENT_CHARACTER = '\uFFFD';

export function countReplacements(text: string): number {
  let count = 0;
  for (let index = text.indexOf(REPLACEMENT_CHARACTER); index !== -1; index = text.indexOf(REPLACEMENT_CHARACTER, index + 1)) {
    count++;
  }
  return count;
}

export function countOccurrences(bytes: Uint8Array, needle: Uint8Array): number {
  const haystack = asBuffer(bytes);
  let count = 0;
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + needle.length)) {
    count++;
  }
  return count;
}
