import { beforeAll, describe, expect, it } from 'vitest';
import { loadLanguageModel } from '../../src/filters/language.js';
import { buildPipeline } from '../../src/pipeline.js';
import { parsePipelineText, PRESETS } from '../../src/pipeline-file.js';
import type { Doc } from '../../src/types.js';

beforeAll(async () => {
  await loadLanguageModel();
});

/** The document steps of --preset fineweb, with English required. */
const preset = parsePipelineText(PRESETS['fineweb'] as string);
const steps = buildPipeline(preset.steps, preset.stepOptions, preset.stepSettings).documentSteps;
const all = buildPipeline(['gopher-repetition', 'gopher-quality', 'c4-quality', 'fineweb-quality', 'pii']).documentSteps;

function verdicts(text: string): Array<string | undefined> {
  const doc: Doc = { id: 'x', source: 'x', type: 'text', text, metadata: {} };
  return [steps, all].map((run) => {
    const result = run?.(doc);
    return result === undefined ? 'no steps' : 'rejected' in result ? `${result.filter}/${result.reason}` : undefined;
  });
}

describe('hostile documents get a verdict, in linear time', () => {
  it('an empty text and one of punctuation only', () => {
    expect(verdicts('')).toEqual(['language/below_language_threshold', 'gopher-quality/gopher_short_doc']);
    expect(verdicts('!!! ??? ... ,,, ;;; ---')).toEqual(['language/below_language_threshold', 'gopher-repetition/top_2_gram']);
  });

  it('one word of 20 MB', () => {
    const word = 'abcdefghij'.repeat(2_000_000);
    expect(verdicts(word)).toEqual(['language/below_language_threshold', 'gopher-quality/gopher_short_doc']);
    // Three tokens (the @ comes off): the first pair covers the text.
    expect(verdicts(`${word}@example.com`)[1]).toBe('gopher-repetition/top_2_gram');
  }, 60_000);

  it('100,000 identical lines', () => {
    const text = Array(100_000).fill('The same sentence, repeated over and over again.').join('\n');
    expect(verdicts(text)).toEqual(['gopher-repetition/dup_line_frac', 'gopher-repetition/dup_line_frac']);
  }, 60_000);
});
