import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, identifyLanguage, languageStep, loadLanguageModel } from '../../src/filters/language.js';
import type { Doc } from '../../src/types.js';
import { runCli } from '../cli-harness.js';

beforeAll(async () => {
  await loadLanguageModel();
});

const docOf = (text: string): Doc => ({ id: 'd', source: 's', type: 'text', text, metadata: { charset: 'utf-8' } });

describe('language identification (lid.176)', () => {
  it.each([
    ['en', 'The river carries sediment from the mountains toward the coastal plain.'],
    ['de', 'Der Fluss trägt Sedimente aus den Bergen in die Küstenebene.'],
    ['fr', 'Le fleuve transporte des sédiments des montagnes vers la plaine côtière.'],
    ['ru', 'Река несёт осадки с гор к прибрежной равнине.'],
    ['zh', '河流把山上的泥沙带到沿海平原。'],
    ['ja', '川は山から海岸平野へ土砂を運びます。'],
    ['ar', 'يحمل النهر الرواسب من الجبال نحو السهل الساحلي.'],
    ['hi', 'नदी पहाड़ों से तटीय मैदान की ओर तलछट ले जाती है।'],
    ['he', 'הנהר נושא משקעים מההרים אל מישור החוף.'],
    ['th', 'แม่น้ำพาตะกอนจากภูเขาไปยังที่ราบชายฝั่ง'],
  ])('%s', (language, text) => {
    expect(identifyLanguage(text).language).toBe(language);
  });

  it("writes lid.176's labels as ISO codes", () => {
    expect(['__label__de', '__label__zh', '__label__ceb', '__label__als', '__label__eml'].map(codeOf)).toEqual(['de', 'zh', 'ceb', 'gsw', 'egl']);
  });

  it('says und, with score 0, for a text without letters', () => {
    expect(identifyLanguage('12345 67890 !!! 😀 👍')).toEqual({ language: 'und', score: 0 });
    expect(identifyLanguage('')).toEqual({ language: 'und', score: 0 });
  });

  it('reads the whole document, not its first line', () => {
    const text = `Impressum und Datenschutz\n${'The river carries sediment from the mountains toward the coastal plain, where farmers plant rice. '.repeat(5)}`;
    expect(identifyLanguage(text).language).toBe('en');
  });

  it('annotates metadata.language and language_score, and rejects other languages when asked', () => {
    const english = docOf('The river carries sediment from the mountains toward the coastal plain.');
    const annotated = languageStep()(english);
    expect('doc' in annotated && annotated.doc.metadata).toEqual({ charset: 'utf-8', language: 'en', language_score: expect.any(Number) });
    const score = 'doc' in annotated ? (annotated.doc.metadata['language_score'] as number) : 0;
    expect(score).toBeGreaterThan(0.65);
    expect(Math.round(score * 10_000) / 10_000).toBe(score);

    const only = languageStep({ languages: ['en'] });
    expect('doc' in only(english)).toBe(true);
    const german = only(docOf('Der Fluss trägt Sedimente aus den Bergen in die Küstenebene.'));
    expect(german).toEqual({ reject: 'below_language_threshold', doc: expect.objectContaining({ metadata: expect.objectContaining({ language: 'de' }) }) });
    // At or below the threshold for every listed language: rejected, even in the language asked for.
    expect(languageStep({ languages: ['en'], language_threshold: 0.99999 })(docOf('ok ok'))).toMatchObject({ reject: 'below_language_threshold' });
    expect('doc' in languageStep({ languages: ['de', 'en'] })(english)).toBe(true);
    // Under one half any listed language may pass, not only the likeliest.
    expect('doc' in languageStep({ languages: ['de', 'fr'], language_threshold: 0.0001 })(docOf('Der Fluss und la rivière.'))).toBe(true);
  });

  it('runs from the command line, in the main thread and in workers alike', async () => {
    const input = ['The river carries sediment from the mountains toward the coastal plain.', 'Der Fluss trägt Sedimente aus den Bergen in die Küstenebene.']
      .map((text, i) => JSON.stringify({ id: `d${i}`, text }))
      .join('\n');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(tmpdir(), 'clean-corpus-language-'));
    writeFileSync(path.join(dir, 'docs.jsonl'), `${input}\n`);
    for (const jobs of ['1', '2']) {
      const result = await runCli([dir, '--steps', 'language', '--languages', 'en', '--jobs', jobs, '--format', 'jsonl']);
      expect(result.code).toBe(0);
      const records = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { id: string; metadata: Record<string, unknown> });
      expect(records.map((record) => [record.id, record.metadata['language']])).toEqual([['d0', 'en']]);
      expect(result.stderr.split('\n')[1]).toBe('clean-corpus: rejected: language/below_language_threshold 1');
    }
  });
});
