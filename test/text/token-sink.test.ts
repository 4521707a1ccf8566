import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenList, wordHash, WordNumbering } from '../../src/text/token-sink.js';
import { wordSplitter } from '../../src/text/words.js';

/** Numbers by first appearance, the plain way. */
function numberPlainly(words: readonly string[]): { ids: number[]; distinct: string[] } {
  const byWord = new Map<string, number>();
  const ids = words.map((word) => {
    if (!byWord.has(word)) byWord.set(word, byWord.size);
    return byWord.get(word) as number;
  });
  return { ids, distinct: [...byWord.keys()] };
}

describe('WordNumbering', () => {
  it('numbers spans and strings alike, by first appearance', () => {
    const numbering = new WordNumbering();
    const text = 'the cat and the hat';
    numbering.span(text, 0, 3);
    numbering.span(text, 4, 7);
    numbering.token('the');
    numbering.span(text, 16, 19);
    numbering.span(text, 5, 7);
    const { ids, distinct, hashes } = numbering.take();
    expect([...ids]).toEqual([0, 1, 0, 2, 3]);
    expect(distinct).toEqual(['the', 'cat', 'hat', 'at']);
    expect([...hashes]).toEqual(distinct.map(wordHash));
  });

  it('forgets what it takes back, so that numbers still follow first appearance', () => {
    const numbering = new WordNumbering();
    for (const word of ['a', 'b']) numbering.token(word);
    const mark = numbering.length;
    for (const word of ['c', 'a', 'd']) numbering.token(word);
    numbering.truncate(mark);
    for (const word of ['d', 'c', 'b']) numbering.token(word);
    const { ids, distinct } = numbering.take();
    expect([...ids]).toEqual([0, 1, 2, 3, 1]);
    expect(distinct).toEqual(['a', 'b', 'd', 'c']);
  });

  it('equals plain numbering through growth, take-backs and reuse, for any tokens', () => {
    const numbering = new WordNumbering();
    const word = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'é', '😀', ''), fc.string({ maxLength: 3 }), fc.integer({ max: 500 }).map(String));
    const step = fc.oneof({ weight: 9, arbitrary: word.map((w) => ({ word: w })) }, { weight: 1, arbitrary: fc.nat({ max: 30 }).map((back) => ({ back })) });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
        const expected: string[] = [];
        for (const s of steps) {
          if ('word' in s) {
            // Spans of a text and whole strings must meet in one table.
            if (expected.length % 2 === 0) numbering.token(s.word);
            else numbering.span(`<${s.word}>`, 1, s.word.length + 1);
            expected.push(s.word);
          } else {
            expected.length = Math.max(0, expected.length - s.back);
            numbering.truncate(expected.length);
          }
        }
        const { ids, distinct } = numbering.take();
        expect({ ids: [...ids], distinct }).toEqual(numberPlainly(expected));
      }),
    );
  });
});

describe('numbered words', () => {
  const pieces = ['The', 'cat', "can't", 'cannot', '"', "'", '``', 'Mr.', 'Smith', '.', ',', '3,5', '!', ' ', ' ', '\n', "rock 'n' roll", "'tis", '--', '(', 'é', '😀'];
  it('are the words, numbered by first appearance, whichever way a sentence is split', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.constantFrom('en', 'de', 'zh'), (parts, language) => {
        const text = parts.join('');
        const splitter = wordSplitter(language);
        const { ids, distinct } = splitter.numberedWords(text);
        expect({ ids: [...ids], distinct }).toEqual(numberPlainly(splitter.words(text)));
      }),
    );
  });

  it('a token list is the tokens in order', () => {
    const list = new TokenList();
    list.span('a span', 2, 6);
    list.token('``');
    list.truncate(1);
    list.token('x');
    expect(list.tokens).toEqual(['span', 'x']);
  });
});
