import { describe, expect, it } from 'vitest';
import { BMP_CLASS_RUNS, BMP_CLASS_UNICODE_VERSION } from '../../src/steps/bmp-class-runs.js';
import { BMP_CLASS, classifyBmpByRegex } from '../../src/steps/character-class.js';

const sameUnicode = process.versions.unicode === BMP_CLASS_UNICODE_VERSION;
if (!sameUnicode) {
  console.warn(
    `skipping: src/steps/bmp-class-runs.ts is from Unicode ${BMP_CLASS_UNICODE_VERSION}, this Node has ${process.versions.unicode ?? 'none'} (npx tsx scripts/generate-unicode-tables.ts)`,
  );
}

describe('the BMP character classes', () => {
  it('cover U+0000..U+FFFF exactly', () => {
    let total = 0;
    for (let index = 1; index < BMP_CLASS_RUNS.length; index += 2) total += BMP_CLASS_RUNS[index] as number;
    expect(total).toBe(0x10000);
  });

  it.skipIf(!sameUnicode)('equal what the regular expressions of this Node say, for every code unit', () => {
    expect(Buffer.from(BMP_CLASS).equals(Buffer.from(classifyBmpByRegex()))).toBe(true);
  });

  it('classify a few characters as the step documents', () => {
    const classOf = (char: string): number => BMP_CLASS[char.charCodeAt(0)] as number;
    expect(['a', 'é', '中', '5', ' ', '\u00a0'].map(classOf)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['!', '、', '«', '-'].map(classOf)).toEqual([1, 1, 1, 1]);
    expect(['$', '+', '©', '€'].map(classOf)).toEqual([2, 2, 2, 2]);
    expect(['\u0301', '\u05b8', '\u200d', '\ufe0f'].map(classOf)).toEqual([3, 3, 3, 3]);
    expect(classOf('\ud800')).toBe(4);
  });
});
