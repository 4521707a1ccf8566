import { describe, expect, it } from 'vitest';
import { fineWebQuality } from '../../src/filters/fineweb-quality.js';

const fineweb = fineWebQuality();
const sentence = (i: number) => `This is a complete sentence number ${i} with enough words in it.`;

describe('fineweb-quality', () => {
  it('keeps prose', () => {
    expect(fineweb([1, 2, 3, 4].map(sentence).join('\n'))).toBeUndefined();
  });

  it('empty: no line with anything but white space', () => {
    expect(fineweb('')).toBe('empty');
    expect(fineweb(' \n\t\n')).toBe('empty');
  });

  it('line_punct_ratio: under 12 % of lines end in terminal punctuation, unless line_punct_exclude_zero and none do', () => {
    const lines = (punctuated: number, bare: number) =>
      [...Array.from({ length: punctuated }, (_, i) => sentence(i)), ...Array.from({ length: bare }, (_, i) => `${sentence(100 + i).slice(0, -1)} more`)].join('\n');
    expect(fineweb(lines(3, 22))).toBeUndefined(); // 0.12
    expect(fineweb(lines(2, 15))).toBe('line_punct_ratio'); // 0.1176
    expect(fineWebQuality({ line_punct_exclude_zero: true })(lines(0, 5))).toBeUndefined();
    // Terminal punctuation of other scripts counts: the Devanagari danda, the ideographic full stop.
    expect(fineweb('यह एक वाक्य है जो काफी लंबा है और इसमें शब्द हैं।\n这是一个很长的句子，里面有足够多的字符，对吧。')).toBeUndefined();
  });

  it('short_line_ratio: over 67 % of lines have at most 30 characters', () => {
    const lines = (shorts: number, longs: number) =>
      [...Array.from({ length: shorts }, (_, i) => `Short line ${i}.`), ...Array.from({ length: longs }, (_, i) => sentence(i))].join('\n');
    expect(fineweb(lines(2, 1))).toBeUndefined(); // 0.667
    expect(fineweb(lines(7, 3))).toBe('short_line_ratio'); // 0.7
  });

  it('char_dup_ratio: repeated lines hold over 1 % of the characters (line breaks not counted)', () => {
    const lines = Array.from({ length: 40 }, (_, i) => sentence(i));
    expect(fineweb([...lines, lines[0]].join('\n'))).toBe('char_dup_ratio');
    expect(fineweb(lines.join('\n'))).toBeUndefined();
  });

  it('list_ratio: more than 0.3 line breaks per word', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `Item number ${i}.`); // 4 words each with the period
    expect(fineweb(lines.join('\n'))).toBe('short_line_ratio');
    expect(fineWebQuality({ short_line_thr: 1 })(lines.join('\n'))).toBeUndefined(); // 9 / 40
    const terse = Array.from({ length: 10 }, (_, i) => `Item ${i}.`); // 3 words each
    expect(fineWebQuality({ short_line_thr: 1 })(terse.join('\n'))).toBeUndefined(); // 9 / 30 = 0.3, at the threshold
    expect(fineWebQuality({ short_line_thr: 1 })([...terse, 'Go.'].join('\n'))).toBe('list_ratio'); // 10 / 32
  });
});
