import { decodeHTML } from 'entities';
import type { Step } from '../types.js';

/**
 * Decodes HTML character references once, as an HTML parser does in text:
 * every HTML5 named reference (the legacy ones also without their semicolon),
 * decimal and hexadecimal references with the spec's replacements (`&#x80;`
 * is `€`, `&#0;` and surrogates are U+FFFD), ambiguous ampersands left alone.
 * `&amp;lt;` becomes `&lt;`, never `<`.
 */
export function decodeEntitiesText(text: string): string {
  // Most text holds no reference at all; skip the decoder for it.
  if (text.indexOf('&') === -1) return text;
  return decodeHTML(text);
}

/** The `decode-entities` step. It has no options. */
export function decodeEntities(): Step {
  return decodeEntitiesText;
}
