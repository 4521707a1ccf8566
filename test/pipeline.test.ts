import { describe, expect, it } from 'vitest';
import { buildPipeline, cleanHtml, cleanText, compose, DEFAULT_STEPS, parseStepList, UnknownStepError } from '../src/pipeline.js';
import { collapseWhitespace } from '../src/steps/collapse-whitespace.js';
import { decodeEntities } from '../src/steps/decode-entities.js';
import { removePunctuation } from '../src/steps/remove-punctuation.js';
import { stripTags } from '../src/steps/strip-tags.js';
import { normalizeUnicode } from '../src/steps/normalize-unicode.js';

const CLASSIC = '<p>Hello, <b>world</b>! &nbsp; This is a test.</p>';

describe('pipeline', () => {
  it('cleans the classic example with the default steps', () => {
    expect(DEFAULT_STEPS).toEqual(['strip-tags', 'decode-entities', 'collapse-whitespace', 'remove-punctuation']);
    expect(cleanHtml(CLASSIC)).toBe('Hello world This is a test');
  });

  it('equals applying the steps one by one', () => {
    const byHand = normalizeUnicode()(removePunctuation()(collapseWhitespace()(decodeEntities()(stripTags()(CLASSIC)))));
    expect(cleanHtml(CLASSIC)).toBe(byHand);
  });

  it('composes any list of steps, including a user function', () => {
    const shout = compose([stripTags(), decodeEntities(), collapseWhitespace(), (text: string) => text.toUpperCase()]);
    expect(shout(CLASSIC)).toBe('HELLO, WORLD! THIS IS A TEST.');
    expect(compose([])('unchanged')).toBe('unchanged');
  });

  it('skips the markup steps for plain text', () => {
    expect(cleanText('a < b &amp; <3, fine.')).toBe('a b amp 3 fine');
    expect(buildPipeline(['strip-tags', 'decode-entities']).forType('text')('<p>&amp;</p>')).toBe('<p>&amp;</p>');
  });

  it('passes step options through', () => {
    const pipeline = buildPipeline(DEFAULT_STEPS, { keepNewlines: true, keepSymbols: true });
    expect(pipeline.forType('html')('<p>5 € + 3!</p><p>next</p>')).toBe('5 € + 3\nnext');
  });

  it('parses step lists and rejects unknown names with the valid ones', () => {
    expect(parseStepList('collapse-whitespace, strip-tags')).toEqual(['collapse-whitespace', 'strip-tags']);
    expect(() => parseStepList('strip-tags,nope')).toThrow(UnknownStepError);
    expect(() => parseStepList('nope')).toThrow(/valid steps: strip-tags, decode-entities, collapse-whitespace, remove-punctuation/);
  });
});
