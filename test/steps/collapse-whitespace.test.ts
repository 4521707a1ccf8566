import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from '../../src/steps/collapse-whitespace.js';

describe('collapse-whitespace', () => {
  const collapse = collapseWhitespace();
  const keep = collapseWhitespace({ keepNewlines: true });

  it('turns every run of Unicode white space into one space and trims', () => {
    expect(collapse('  a \t\n b\u00a0\u00a0c\u3000d\u2028e\u2029f\u2003g\u0085h  ')).toBe('a b c d e f g h');
  });

  it('leaves characters that are not White_Space alone', () => {
    expect(collapse('a\u200bb\ufeffc')).toBe('a\u200bb\ufeffc');
  });

  it('keeps a paragraph break as one newline when asked', () => {
    expect(keep('\n\n first  line \n\n\n second\r\nthird \u2029 fourth  \n')).toBe('first line\nsecond\nthird\nfourth');
  });

  it('returns the empty string for white space only', () => {
    expect(collapse(' \n\t ')).toBe('');
    expect(keep(' \n\t ')).toBe('');
  });
});
