import type { Step } from '../types.js';

/** Options of the Unicode normalization the pipeline applies last. */
export interface NormalizeUnicodeOptions {
  /**
   * `NFC` composes canonically equivalent sequences (`e` + U+0301 → `é`),
   * the form the web and most tokenizers expect; `NFKC` also folds
   * compatibility characters (`ﬁ` → `fi`, full-width `Ａ` → `A`); `none`
   * leaves the text as the page wrote it.
   * @default 'NFC'
   */
  form?: 'NFC' | 'NFKC' | 'none';
}

/** Pure ASCII is in every normal form: skip ICU for it. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Unicode normalization: canonically equivalent text (a precomposed `é` or
 * `e` + combining acute; Bengali `ড়` as one code point or two) gets the same
 * code points, so the same words have the same bytes whatever the source.
 */
export function normalizeUnicode(options: NormalizeUnicodeOptions = {}): Step {
  const form = options.form ?? 'NFC';
  if (form === 'none') return (text) => text;
  return (text) => (NON_ASCII.test(text) ? text.normalize(form) : text);
}
