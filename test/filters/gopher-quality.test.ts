import { describe, expect, it } from 'vitest';
import { gopherQuality, type GopherQualityOptions } from '../../src/filters/gopher-quality.js';

/** Every rule off: a test turns on the one it checks. */
const OFF: GopherQualityOptions = {
  min_doc_words: null,
  max_doc_words: null,
  min_avg_word_length: null,
  max_avg_word_length: null,
  max_symbol_word_ratio: null,
  max_bullet_lines_ratio: null,
  max_ellipsis_lines_ratio: null,
  max_non_alpha_words_ratio: null,
  min_stop_words: null,
};
const only = (options: GopherQualityOptions) => gopherQuality({ ...OFF, ...options });
const words = (n: number, word = 'word'): string => Array.from({ length: n }, () => word).join(' ');

describe('gopher-quality', () => {
  it('keeps an ordinary paragraph with the default thresholds', () => {
    const text = `${words(30, 'stone')} the river and the ${words(20, 'garden')}`;
    expect(gopherQuality()(text)).toBeUndefined();
  });

  it('gopher_short_doc: fewer than min_doc_words words, symbols not counted', () => {
    const filter = only({ min_doc_words: 50 });
    expect(filter(words(49))).toBe('gopher_short_doc');
    expect(filter(`${words(49)} . , ;`)).toBe('gopher_short_doc');
    expect(filter(words(50))).toBeUndefined();
    expect(filter(words(51))).toBeUndefined();
  });

  it('gopher_long_doc: more than max_doc_words words', () => {
    const filter = only({ max_doc_words: 60 });
    expect(filter(words(59))).toBeUndefined();
    expect(filter(words(60))).toBeUndefined();
    expect(filter(words(61))).toBe('gopher_long_doc');
  });

  it('gopher_below_avg_threshold and gopher_above_avg_threshold: the mean word length, in code points', () => {
    const short = only({ min_avg_word_length: 3 });
    expect(short('ab abcd')).toBeUndefined(); // mean 3
    expect(short('ab abc')).toBe('gopher_below_avg_threshold'); // mean 2.5
    const long = only({ max_avg_word_length: 10 });
    expect(long('abcdefghij abcdefghij')).toBeUndefined(); // mean 10
    expect(long('abcdefghij abcdefghijk')).toBe('gopher_above_avg_threshold'); // mean 10.5
    // Emoji and accents are one character each, whatever their UTF-16 length.
    expect(long('😀😀😀😀😀😀😀😀😀😀')).toBeUndefined();
  });

  it('gopher_too_many_hashes and gopher_too_many_ellipsis: symbols per word over max_symbol_word_ratio', () => {
    const filter = only({ max_symbol_word_ratio: 0.1 });
    // Each # is a token of its own: 10 of 100 words is at the threshold, 11 of 101 over it.
    expect(filter(`${words(90)} ${'# '.repeat(10)}`)).toBeUndefined();
    expect(filter(`${words(90)} ${'# '.repeat(11)}`)).toBe('gopher_too_many_hashes');
    // "…" stays on its word: 10 in 100 words is at the threshold, 11 over it.
    expect(filter(`${words(90)} ${'word… '.repeat(10)}`)).toBeUndefined();
    expect(filter(`${words(89)} ${'word… '.repeat(11)}`)).toBe('gopher_too_many_ellipsis');
  });

  it('gopher_too_many_bullets: more than max_bullet_lines_ratio of lines start with • or -', () => {
    const filter = only({ max_bullet_lines_ratio: 0.9 });
    const lines = (bullets: number, plain: number) => [...Array(bullets).fill('  • item'), ...Array(plain).fill('plain line')].join('\n');
    expect(filter(lines(9, 1))).toBeUndefined();
    expect(filter(lines(10, 0))).toBe('gopher_too_many_bullets');
    expect(filter(['- a', '- b', '- c'].join('\n'))).toBe('gopher_too_many_bullets');
  });

  it('gopher_too_many_end_ellipsis: more than max_ellipsis_lines_ratio of lines end with ... or …', () => {
    const filter = only({ max_ellipsis_lines_ratio: 0.3 });
    const lines = (ellipses: number, plain: number) => [...Array(ellipses).fill('and so on...  '), ...Array(plain).fill('full stop.')].join('\n');
    expect(filter(lines(3, 7))).toBeUndefined();
    expect(filter(lines(4, 6))).toBe('gopher_too_many_end_ellipsis');
    expect(filter('to be continued…\nend.')).toBe('gopher_too_many_end_ellipsis');
  });

  it('gopher_below_alpha_threshold: fewer than max_non_alpha_words_ratio of words hold a letter', () => {
    const filter = only({ max_non_alpha_words_ratio: 0.8 });
    expect(filter(`${words(8)} 12 34`)).toBeUndefined(); // 0.8
    expect(filter(`${words(7)} 12 34 56`)).toBe('gopher_below_alpha_threshold'); // 0.7
    // Letters of any script count: Devanagari vowel signs are marks, the consonants are letters.
    expect(filter('नमस्ते दुनिया')).toBeUndefined();
  });

  it('gopher_enough_stop_words: fewer than min_stop_words different stop words, matched case-sensitively', () => {
    const filter = only({ min_stop_words: 2 });
    expect(filter('the cat and the dog')).toBeUndefined();
    expect(filter('the cat the dog')).toBe('gopher_enough_stop_words');
    expect(filter('The cat And the dog')).toBe('gopher_enough_stop_words');
    expect(only({ min_stop_words: 1, stop_words: ['der'] })('der Hund')).toBeUndefined();
  });

  it('gives a verdict for empty, all-punctuation and one-word texts', () => {
    expect(gopherQuality()('')).toBe('gopher_short_doc');
    expect(gopherQuality()('!!! ... ???')).toBe('gopher_short_doc');
    expect(gopherQuality({ min_doc_words: null })('')).toBe('gopher_below_alpha_threshold');
    expect(gopherQuality()('x'.repeat(1_000_000))).toBe('gopher_short_doc');
  });
});
