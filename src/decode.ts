/**
 * Bytes to text: charset detection and WHATWG-correct decoding. The code is
 * in `./decode/`, one concern a file; `./decode/index.ts` holds the decision
 * order and says how each part fits.
 */
export * from './decode/index.js';
