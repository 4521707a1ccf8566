import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collapseWhitespace } from '../../src/steps/collapse-whitespace.js';
import { removePunctuation } from '../../src/steps/remove-punctuation.js';
import { hasShared, sharedPath } from '../shared-corpora.js';

describe('remove-punctuation', () => {
  const remove = removePunctuation();

  it('deletes punctuation and symbols and keeps letters, marks and numbers of every script', () => {
    expect(remove('Hello, world! This is a test.')).toBe('Hello world This is a test');
    expect(remove('नमस्ते, दुनिया!')).toBe('नमस्ते दुनिया');
    expect(remove('שָׁלוֹם, עוֹלָם!')).toBe('שָׁלוֹם עוֹלָם');
    expect(remove('你好，世界！（AI）')).toBe('你好世界AI');
    expect(remove('مرحبا، كيف حالك؟')).toBe('مرحبا كيف حالك');
    expect(remove('สวัสดีครับ! ภาษาไทย')).toBe('สวัสดีครับ ภาษาไทย');
    expect(remove('x² + ½ = ٣٤٥')).toBe('x² ½ ٣٤٥');
  });

  it('takes the marks and joiners of a deleted symbol with it', () => {
    expect(remove('I ❤️ NLP 👩‍💻')).toBe('I NLP');
    expect(remove('flag 🏴󠁧󠁢󠁳󠁣󠁴󠁿 here')).toBe('flag here');
    expect(remove('ok 👍🏽 #️⃣')).toBe('ok');
  });

  it('joins the neighbours of a run inside a word', () => {
    expect(remove("isn't e-mail snake_case a@b.c")).toBe('isnt email snakecase abc');
  });

  it('leaves no double space where a run stood alone, keeping line breaks', () => {
    expect(remove('a + b — c')).toBe('a b c');
    expect(remove('¡ Hola !')).toBe('Hola');
    expect(remove('line one —\nline two')).toBe('line one\nline two');
    expect(remove('line one\n— line two')).toBe('line one\nline two');
  });

  it('keeps symbols when asked', () => {
    expect(removePunctuation({ keepSymbols: true })('5 € + 3 $, ok?')).toBe('5 € + 3 $ ok');
  });

  it('replaces runs with a space when asked', () => {
    expect(removePunctuation({ replaceWith: 'space' })('e-mail, ok')).toBe('e mail  ok');
  });

  it('keeps a lone surrogate rather than crashing', () => {
    expect(remove('a\ud800b!')).toBe('a\ud800b');
  });

  describe.skipIf(!hasShared('scripts', 'sentences.jsonl'))('shared sentences in ~30 scripts', () => {
    const lines = hasShared('scripts', 'sentences.jsonl')
      ? readFileSync(sharedPath('scripts', 'sentences.jsonl'), 'utf8').trim().split('\n')
      : [];
    const collapse = collapseWhitespace();
    for (const line of lines) {
      const { lang, text, expected } = JSON.parse(line) as { lang: string; text: string; expected: string };
      it(`${lang}: remove-punctuation then collapse-whitespace gives the expected text`, () => {
        expect(collapse(remove(text))).toBe(expected);
      });
      it(`${lang}: collapse-whitespace then remove-punctuation (the default order) gives it too`, () => {
        expect(remove(collapse(text))).toBe(expected);
      });
    }
  });
});
