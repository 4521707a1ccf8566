import { isUtf8 } from 'node:buffer';
import type { InputType } from './types.js';

export type CharsetSource = 'bom' | 'http' | 'meta' | 'utf8' | 'detected' | 'default';

export interface DecodeResult {
  text: string;
  charset: string;
  charsetSource: CharsetSource;
  invalidBytes: number;
}

export interface DecodeOptions {
  type: InputType;
  httpContentType?: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Bytes to text as UTF-8; invalid sequences become U+FFFD and are counted. */
export function decodeBytes(bytes: Uint8Array, _options: DecodeOptions): DecodeResult {
  const text = utf8.decode(bytes);
  let invalidBytes = 0;
  if (!isUtf8(bytes)) for (const char of text) if (char === '\uFFFD') invalidBytes++;
  return { text, charset: 'utf-8', charsetSource: 'utf8', invalidBytes };
}
