import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PUNKT_ENGLISH } from '../../src/text/punkt-english.js';
import { PUNKT_WORD, punktWords, PunktSentenceSplitter } from '../../src/text/punkt.js';
import { pyLen, pySplitlines, pySplitWhitespace, pyStrip } from '../../src/text/python.js';
import { TokenList } from '../../src/text/token-sink.js';
import { pushTreebankWords, treebankWords, treebankWordsByRules } from '../../src/text/treebank.js';
import { wordSplitter } from '../../src/text/words.js';

/** Texts with NLTK 3.8's `word_tokenize` and English Punkt `span_tokenize` output (fixtures/filters/nltk-tokens.jsonl). */
const cases = readFileSync(new URL('../../fixtures/filters/nltk-tokens.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => JSON.parse(line) as { text: string; words: string[]; sentences: Array<[number, number]> });

describe('English words and sentences, as NLTK splits them', () => {
  const english = wordSplitter('en');
  const punkt = new PunktSentenceSplitter(PUNKT_ENGLISH);
  it.each(cases.map((c) => [JSON.stringify(c.text).slice(0, 60), c] as const))('%s', (_, c) => {
    expect(english.words(c.text)).toEqual(c.words);
    // NLTK's offsets count code points; ours, UTF-16 units: the sentences themselves are compared.
    const points = Array.from(c.text);
    expect(punkt.spans(c.text).map(([start, end]) => c.text.slice(start, end))).toEqual(
      c.sentences.map(([start, end]) => points.slice(start, end).join('')),
    );
  });

  it('splits clitics, quotes and the final period as the Treebank rules do', () => {
    expect(treebankWords("They'll save and invest more.")).toEqual(['They', "'ll", 'save', 'and', 'invest', 'more', '.']);
    expect(treebankWords("I can't, won't.")).toEqual(['I', 'ca', "n't", ',', 'wo', "n't", '.']);
    expect(treebankWords('"Hi," she said.')).toEqual(['``', 'Hi', ',', "''", 'she', 'said', '.']);
    expect(treebankWords('It costs 3,000 at 10:30 (roughly).')).toEqual(['It', 'costs', '3,000', 'at', '10:30', '(', 'roughly', ')', '.']);
  });

  it('keeps an abbreviation inside a sentence and breaks after an ordinary word', () => {
    expect(punkt.spans('Mr. Smith left. He came back.')).toEqual([
      [0, 15],
      [16, 29],
    ]);
    expect(punkt.count('No sentence end here')).toBe(1);
    expect(punkt.count('One. Two. Three.')).toBe(3);
  });
});

describe('the one-pass Treebank scanner', () => {
  // Sentences from an alphabet of the characters the rules look at, so that every rule and its neighbours meet.
  const pieces = ['a', 'B', 'n', 't', 's', 'll', 'cannot', 'gonna', 'WANNA', 'gim', 'me', 'got', 'ta', 'lem', 'tis', 'more', ' ', '  ', '\t', '\u00a0', '.', '..', ',', ':', ';', '?', '!', "'", '"', '(', ')', '[', ']', '{', '}', '<', '>', '-', '--', '*', '&', '#', '$', '%', '@', '3', '0', '«', '»', '“', '”', '‘', '’', '`', 'é', '\u0301', '😀', 'Ж'];
  const sentence = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((parts) => parts.join(''));

  it('gives the tokens the substitutions give for words in single quotes, whatever surrounds them', () => {
    expect(treebankWords("a 'proper' musician, 'mum'!")).toEqual(['a', "'proper", "'", 'musician', ',', "'mum", "'", '!']);
    expect(treebankWords("('dogs') 'a'b 'x''")).toEqual(treebankWordsByRules("('dogs') 'a'b 'x''"));
    // A sentence ends where it ends: what follows it in the text does not decide how its last word splits.
    for (const [sentence, after] of [["'ab'-", '-x'], ["'ab'..", '.x'], ["so 'ab'.", '.']] as const) {
      const tokens = new TokenList();
      pushTreebankWords(sentence + after, 0, sentence.length, tokens);
      expect(tokens.tokens).toEqual(treebankWordsByRules(sentence));
    }
    const quoted = fc.array(fc.constantFrom("'", "'ab'", "'s'", "'re'", "'don't'", 'ab', 'n', 's', ' ', '\t', '.', '..', ',', ':', '3', ')', '(', '"', '”', '-', '--', '!', 'é'), { maxLength: 16 });
    fc.assert(
      fc.property(quoted, (parts) => {
        const text = parts.join('');
        expect(treebankWords(text)).toEqual(treebankWordsByRules(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('gives the tokens the substitutions give, for any sentence', () => {
    fc.assert(
      fc.property(sentence, (text) => {
        expect(treebankWords(text)).toEqual(treebankWordsByRules(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Punkt sentences', () => {
  const pieces = ['a', 'The', 'Mr', 'mr', 'U.S', 'co-op', 'e.g', 'J', '3', '1990', ' ', '  ', '\n', '\t', '.', '. ', '? ', '! ', '...', ',', '(', ')', '"', "'", ':', '-', '--', 'é', 'Ünïcödé', '😀', 'S', 'Bach', 'Sr', 'Inc', 'dec', 'B', 'Smith', '12', 'Credit'];
  const fast = new PunktSentenceSplitter(PUNKT_ENGLISH);
  const reference = new PunktSentenceSplitter(PUNKT_ENGLISH, true);
  it('are the same with the shortcut for plain words as with Punkt splitting every context', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        expect(fast.spans(text)).toEqual(reference.spans(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("Punkt's word splitting", () => {
  const pieces = ['a', 'Mr', 'x', '.', '..', '. ', ' ', '\t', ',', ', ', '-', '--', '(', ')', '"', "'", ':', ';', '?', '!', '&', '#', '*', '@', '[', ']', '{', '}', '`', '3', '😀', 'é'];
  it('splits a line as its regular expression does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const line = parts.join('');
        expect(punktWords(line)).toEqual(Array.from(line.matchAll(PUNKT_WORD), (match) => match[0]));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("Python's string rules", () => {
  it('splits lines, strips and splits white space as str does', () => {
    expect(pySplitlines('a\nb\r\nc\rd\u2028e\x1cf\n')).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(pySplitlines('a\n\n')).toEqual(['a', '']);
    expect(pySplitlines('')).toEqual([]);
    expect(pyStrip('\u3000\x1f x \u00a0\n')).toBe('x');
    expect(pySplitWhitespace(' a\u2009b\x1ec  ')).toEqual(['a', 'b', 'c']);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(pyLen('a😀b')).toBe(3);
    expect(pyLen('👨‍👩‍👧')).toBe(5);
  });
});

describe('words of languages written without spaces', () => {
  it('segments Chinese, Japanese and Thai with ICU', () => {
    expect(wordSplitter('zh').words('我们今天去北京。')).toEqual(['我们', '今天', '去', '北京', '。']);
    expect(wordSplitter('ja').words('私は東京に住んでいます。')).toEqual(['私', 'は', '東京', 'に', '住', 'んで', 'い', 'ます', '。']);
    expect(wordSplitter('th').words('ฉันรักภาษาไทย')).toEqual(['ฉัน', 'รัก', 'ภาษา', 'ไทย']);
    expect(wordSplitter('zh').sentenceCount('第一句。第二句！第三句？')).toBe(3);
  });

  it('splits other languages at word boundaries, punctuation apart', () => {
    expect(wordSplitter('de').words('Das ist gut, oder? Ja.')).toEqual(['Das', 'ist', 'gut', ',', 'oder', '?', 'Ja', '.']);
  });
});

describe('the minimum word count', () => {
  it('is never more than the words, and needs no splitting', () => {
    const spaced = ['The', 'cat', "can't", '"', "'", '``', 'Mr.', '.', ',', '3,5', ' ', ' ', '\n', '(', 'é', '😀', '\t', '\u00a0', '\u3000', '\u2028', '...', '?!', 'x.y', "'''", '""'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...spaced), { maxLength: 60 }), fc.constantFrom('en', 'de', 'ja'), (parts, language) => {
        const text = parts.join('');
        const splitter = wordSplitter(language);
        expect(splitter.words(text).length).toBeGreaterThanOrEqual(splitter.minimumWordCount(text));
      }),
      { numRuns: 500 },
    );
    // Runs of non-white space, as Python's str.split() counts them.
    expect(wordSplitter('en').minimumWordCount(' a  b\u00a0c\n')).toBe(3);
  });
});
