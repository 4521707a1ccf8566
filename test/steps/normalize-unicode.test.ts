import { describe, expect, it } from 'vitest';
import { normalizeUnicode } from '../../src/steps/normalize-unicode.js';
import { cleanHtml } from '../../src/pipeline.js';

describe('normalize-unicode', () => {
  it('composes canonically equivalent sequences (NFC by default)', () => {
    expect(normalizeUnicode()('gepru\u0308ft')).toBe('geprüft');
    // U+09DC is a composition exclusion: NFC writes it as two code points.
    expect(normalizeUnicode()('সা\u09dcে')).toBe('সা\u09a1\u09bcে');
  });

  it('folds compatibility characters with NFKC, and can be turned off', () => {
    expect(normalizeUnicode({ form: 'NFKC' })('ﬁne Ａ ①')).toBe('fine A 1');
    expect(normalizeUnicode({ form: 'none' })('gepru\u0308ft')).toBe('gepru\u0308ft');
  });

  it('ends every pipeline', () => {
    expect(cleanHtml('<p>e&#x301;t&eacute;</p>')).toBe('été');
    expect(cleanHtml('<p>e&#x301;</p>', undefined, { normalize: 'none' })).toBe('e\u0301');
  });
});
