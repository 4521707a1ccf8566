import { describe, expect, it } from 'vitest';
import { c4QualityText } from '../../src/filters/c4-quality.js';

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
});
