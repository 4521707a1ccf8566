import { describe, expect, it } from 'vitest';
import { statisticsOf } from '../../src/report/statistics.js';

/** The one statistic of a step, with the run's settings for it. */
function statisticOf(step: string, settings: Record<string, unknown> = {}) {
  const [statistic] = statisticsOf([step], [settings]);
  if (statistic === undefined) throw new Error(`no statistic for ${step}`);
  return statistic;
}

describe('the statistic each filter thresholds', () => {
  it('gopher-repetition: the fraction of lines that repeat an earlier one', () => {
    const statistic = statisticOf('gopher-repetition');
    expect(statistic.measure('a\nb\na\n\na', {})).toBe(0.5);
    expect(statistic.measure('one line', {})).toBe(0);
    expect([statistic.option, statistic.reason, statistic.threshold, statistic.rejectsAbove]).toEqual(['dup_line_frac', 'dup_line_frac', 0.3, true]);
  });

  it('gopher-quality: words that are not only punctuation, split as the step splits them', () => {
    const statistic = statisticOf('gopher-quality');
    expect(statistic.measure('The cat, the dog... and — the bird.', {})).toBe(7);
    expect(statistic.measure('', {})).toBe(0);
    expect([statistic.threshold, statistic.rejectsAbove, statistic.log]).toEqual([50, false, true]);
    expect(statisticOf('gopher-quality', { min_doc_words: 20 }).threshold).toBe(20);
    // 0 and null turn the rule off: there is no threshold to draw.
    expect(statisticOf('gopher-quality', { min_doc_words: 0 }).threshold).toBeUndefined();
    expect(statisticOf('gopher-quality', { min_doc_words: null }).threshold).toBeUndefined();
  });

  it("c4-quality: sentences in the lines C4 keeps; none for a page it rejects by a line's content", () => {
    const statistic = statisticOf('c4-quality');
    expect(statistic.measure('This is one. This is two.\nshort\nAnother line here is fine.\nno punctuation at the end', {})).toBe(3);
    expect(statistic.measure('We wrote function() { return 1; } here.', {})).toBeUndefined();
    expect(statistic.threshold).toBe(5);
    expect(statisticOf('c4-quality', { min_num_sentences: -1 }).threshold).toBeUndefined();
  });

  it('fineweb-quality: the fraction of non-blank lines that end in terminal punctuation', () => {
    const statistic = statisticOf('fineweb-quality');
    expect(statistic.measure('Hello.\nworld\n\n  \nAgain!', {})).toBe(2 / 3);
    expect(statistic.measure('नमस्ते।\nदुनिया', {})).toBe(0.5);
    expect(statistic.measure('\n \n', {})).toBeUndefined();
    expect(statisticOf('fineweb-quality', { stop_chars: ['?'] }).measure('Why?\nBecause.', {})).toBe(0.5);
  });

  it("language: the run's own score, judged only for documents in a listed language", () => {
    const annotating = statisticOf('language');
    expect(annotating.threshold).toBeUndefined();
    expect(annotating.measure('text', { language: 'de', language_score: 0.9 })).toBe(0.9);
    const filtering = statisticOf('language', { languages: ['en'], language_threshold: 0.7 });
    expect(filtering.threshold).toBe(0.7);
    expect(filtering.measure('text', { language: 'en', language_score: 0.66 })).toBe(0.66);
    expect(filtering.measure('text', { language: 'de', language_score: 0.99 })).toBeUndefined();
    expect(filtering.measure('text', {})).toBeUndefined();
  });

  it('follows the pipeline: one statistic a filter step, in its order; cleaning steps and pii have none', () => {
    const steps = ['strip-tags', 'fineweb-quality', 'pii', 'language', 'gopher-quality'];
    expect(statisticsOf(steps, []).map((statistic) => statistic.step)).toEqual(['fineweb-quality', 'language', 'gopher-quality']);
  });
});
