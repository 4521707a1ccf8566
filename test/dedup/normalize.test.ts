import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactText, simplifyText, simplifyTextByExpressions } from '../../src/dedup/normalize.js';

describe("dedup's normalizations", () => {
  // Expected values: datatrove's own simplify_text (datatrove v0.10.0, Python 3.11).
  it.each([
    ["Hello, World! It's 3.14 o'clock — 1,000 ＢＩＧ cats…", 'hello world it s 0 o clock 0 ｂｉｇ cats'],
    ['Café naïve Ünïcödé  \t résumé\n\nnew line', 'cafe naive unicode resume new line'],
    ['Числа ٣٤٥ и १२३, 12.5.6!', 'числа 0 и 0 0 0'],
    ['  «Quotes» “curly” ‘single’ "straight" \'apos\'  ', 'quotes curly ‘single straight apos'],
    ['ΟΔΟΣ İstanbul ŞİŞLİ', 'οδος istanbul sisli'],
  ])('simplifies %j as datatrove does', (text, simple) => {
    expect(simplifyText(text)).toBe(simple);
  });

  it('simplifies in one pass as the substitutions one after another do', () => {
    const pieces = ['a', 'B', 'é', 'e\u0301', '1', '23', '٣', '.', ',', '،', '٫', '⎖', '-', ' ', '  ', '\t', '\n', '\r', '\u00a0', '\ufeff', '!', '“', '’', '\u001c', 'x', 'İ', 'Σ', '中', 'ﬁ'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(simplifyText(text)).toBe(simplifyTextByExpressions(text));
      }),
      { numRuns: 5000 },
    );
    expect(simplifyText('𝟏𝟐 emoji 😀 3.5')).toBe(simplifyTextByExpressions('𝟏𝟐 emoji 😀 3.5'));
  });

  it('takes texts equal up to white space and Unicode form as exact duplicates', () => {
    expect(exactText('  Cafe\u0301 \n\t au\u00a0lait ')).toBe('Café au lait');
    expect(exactText('Café au lait')).toBe('Café au lait');
    expect(exactText('café au lait')).not.toBe(exactText('Café au lait'));
  });
});
