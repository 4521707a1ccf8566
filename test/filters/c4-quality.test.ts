import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { c4QualityText, type C4Result } from '../../src/filters/c4-quality.js';
import { pyLen, pySplitlines, pySplitWhitespace, pyStrip } from '../../src/text/python.js';
import { wordSplitter } from '../../src/text/words.js';

const c4 = c4QualityText();
const good = (i: number) => `This is sentence number ${i} of the text.`;

describe('c4-quality', () => {
  it('keeps lines with terminal punctuation and at least three words, joined by line breaks', () => {
    const text = [good(1), 'Menu', good(2), 'Home | About', good(3), good(4), good(5)].join('\n');
    expect(c4(text)).toEqual({ text: [good(1), good(2), good(3), good(4), good(5)].join('\n') });
  });

  it('too_few_sentences: fewer than five sentences left, counted by Punkt', () => {
    expect(c4([good(1), good(2), good(3), good(4)].join('\n'))).toEqual({ reject: 'too_few_sentences' });
    // One line of five sentences is enough.
    expect(c4('One is here. Two is here. Three is here. Four is here. Five is here.')).toEqual({
      text: 'One is here. Two is here. Three is here. Four is here. Five is here.',
    });
    // An abbreviation does not end a sentence: four sentences.
    expect(c4('Mr. Smith is here. Two is here. Three is here. Four is here.')).toEqual({ reject: 'too_few_sentences' });
  });

  it('drops lines without terminal punctuation, or ending in an ellipsis, unless the rule is off', () => {
    const lines = [good(1), good(2), good(3), good(4), good(5), 'a line that trails off...', 'no punctuation at all'];
    expect(c4(lines.join('\n'))).toEqual({ text: lines.slice(0, 5).join('\n') });
    expect(c4QualityText({ filter_no_terminal_punct: false })(lines.join('\n'))).toEqual({ text: lines.join('\n') });
    // Quotes close a sentence too.
    expect(c4([good(1), good(2), good(3), good(4), 'He said "it is fine."', "She said 'yes.'"].join('\n'))).toEqual({
      text: [good(1), good(2), good(3), good(4), 'He said "it is fine."', "She said 'yes.'"].join('\n'),
    });
  });

  it('drops lines under three words, mentioning javascript, or about cookies and terms', () => {
    const kept = [good(1), good(2), good(3), good(4), good(5)];
    const text = [...kept, 'Too short.', 'Please enable JavaScript to continue.', 'This site uses cookies to work.', 'Read our Privacy Policy now.'].join('\n');
    expect(c4(text)).toEqual({ text: kept.join('\n') });
  });

  it("finds the phrases as Python's lower() does: the Kelvin sign is a k, the long s stays itself", () => {
    const kept = [good(1), good(2), good(3), good(4), good(5)];
    expect(c4([...kept, 'This site uses coo\u212aies today.', 'This site u\u017fes cookies today.', 'Turn on JAVASCR\u0130PT now please.'].join('\n'))).toEqual({
      text: [...kept, 'This site u\u017fes cookies today.', 'Turn on JAVASCR\u0130PT now please.'].join('\n'),
    });
  });

  it('drops lines with a word of over 1000 characters, and removes citations before the punctuation test', () => {
    const kept = [good(1), good(2), good(3), good(4), good(5)];
    expect(c4([...kept, `A long ${'x'.repeat(1001)} word here.`].join('\n'))).toEqual({ text: kept.join('\n') });
    expect(c4([...kept, `A fine ${'x'.repeat(1000)} word here.`].join('\n'))).toEqual({ text: [...kept, `A fine ${'x'.repeat(1000)} word here.`].join('\n') });
    expect(c4([...kept, 'The claim was made here.[12]', 'Another claim is here.[citation needed]'].join('\n'))).toEqual({
      text: [...kept, 'The claim was made here.', 'Another claim is here.'].join('\n'),
    });
  });

  it('lorem_ipsum and curly_bracket reject the whole page, in a kept line only', () => {
    expect(c4([good(1), 'Lorem ipsum dolor sit amet.', good(2)].join('\n'))).toEqual({ reject: 'lorem_ipsum' });
    expect(c4([good(1), 'The code is { x } here.', good(2)].join('\n'))).toEqual({ reject: 'curly_bracket' });
    // A line dropped before the test cannot reject the page.
    expect(c4([good(1), good(2), good(3), good(4), good(5), 'function() { return }'].join('\n'))).toEqual({
      text: [good(1), good(2), good(3), good(4), good(5)].join('\n'),
    });
  });

  it('gives a verdict for empty and all-punctuation texts', () => {
    expect(c4('')).toEqual({ reject: 'too_few_sentences' });
    expect(c4('!!! ??? ...')).toEqual({ reject: 'too_few_sentences' });
    expect(c4QualityText({ min_num_sentences: -1 })('')).toEqual({ text: '' });
  });

  it('finds lines in place as datatrove does by splitting them: the same verdict and text for any text', () => {
    // datatrove's loop, written as plainly as it reads there.
    const reference = (text: string): C4Result => {
      const kept: string[] = [];
      let sentences = 0;
      for (const unit of pySplitlines(text)) {
        let line = pyStrip(unit);
        const words = pySplitWhitespace(line);
        if (words.some((word) => pyLen(word) > 1000)) continue;
        line = line.replace(/\[\p{Nd}*\]|\[edit\]|\[citation needed\]/gu, '');
        if (!/[.?!"']$/.test(line) || line.endsWith('...')) continue;
        if (words.length < 3) continue;
        const lower = line.toLowerCase();
        if (lower.includes('lorem ipsum')) return { reject: 'lorem_ipsum' };
        if (lower.includes('javascript')) continue;
        if (line.includes('{')) return { reject: 'curly_bracket' };
        if (['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies'].some((phrase) => lower.includes(phrase))) continue;
        sentences += wordSplitter('en').sentenceCount(line);
        kept.push(line);
      }
      return sentences < 5 ? { reject: 'too_few_sentences' } : { text: pyStrip(kept.join('\n')) };
    };
    // Lines of pieces and plain sentences: about three pages in ten pass, the rest fail for one reason or another.
    const pieces = ['It is', ' here', ' and there', ' ', ' ', '\t', '\u00a0', '[1]', '[edit]', '[x]', '[', 'Privacy Policy', 'uses COOKIES', 'use of cookies',
      'Terms of Use', 'of use', 'policy', 'JavaScript', 'Lorem Ipsum', '{', 'Mr.', 'Smith', 'x'.repeat(1001), '\u212aelvin', '\u0130', '😀', 'é', '.', '?'];
    const ending = fc.constantFrom('.', '!', '?', '"', "'", '...', '', ' ', '.[2]');
    const line = fc.tuple(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), ending).map(([parts, end]) => `${parts.join('')}${end}`);
    const separator = fc.constantFrom('\n', '\n', '\n', '\n\n', ' \n', '\r\n', '\r', '\u2028', '\f');
    const plain = fc.constantFrom('The river runs to the sea.', 'Mr. Smith went home. He slept.', 'Is this the way to go?', '  It said "yes."  ');
    const page = fc.array(fc.tuple(fc.oneof({ weight: 3, arbitrary: plain }, { weight: 2, arbitrary: line }), separator), { maxLength: 24 }).map((lines) => lines.map(([text, end]) => text + end).join(''));
    fc.assert(
      fc.property(page, (text) => {
        expect(c4(text)).toEqual(reference(text));
      }),
      { numRuns: 1000 },
    );
  });
});

