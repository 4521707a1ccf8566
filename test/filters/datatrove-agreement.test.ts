/**
 * The filters' verdicts against datatrove's own, as `../shared/tools/datatrove-oracle.py`
 * computed them (datatrove v0.10.0 with its NLTK tokenizer, FineWeb's): on the project's
 * documents (fixtures/filters/documents.jsonl) always, and on the 450 main-dev texts where
 * `../shared` is present. An empty text, on which datatrove's GopherRepetitionFilter raises
 * ZeroDivisionError, gets a verdict here instead.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { c4QualityText, fineWebQuality, gopherQuality, gopherRepetition } from '../../src/filters/index.js';
import { buildPipeline } from '../../src/pipeline.js';
import type { Doc } from '../../src/types.js';
import { hasShared, sharedPath } from '../shared-corpora.js';

type Verdict = { keep: boolean; reason: string | null; text?: string; text_sha256?: string } | { error: string };
type Chain = { keep: boolean; filter: string | null; reason: string | null; text?: string; text_sha256?: string };
type Expected = { id: string; gopher_rep: Verdict; gopher_qual: Verdict; c4: Verdict; fineweb: Verdict; chain?: Chain };

const readJsonl = <T>(file: string | URL): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
const fixture = (name: string) => new URL(`../../fixtures/filters/${name}`, import.meta.url);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const c4 = c4QualityText();
const filters = {
  gopher_rep: gopherRepetition(),
  gopher_qual: gopherQuality(),
  fineweb: fineWebQuality(),
};

/** Our verdict in the oracle's shape. */
function ours(name: keyof Expected & ('gopher_rep' | 'gopher_qual' | 'c4' | 'fineweb'), text: string): { keep: boolean; reason: string | null; text?: string } {
  if (name === 'c4') {
    const result = c4(text);
    return 'reject' in result ? { keep: false, reason: result.reject } : { keep: true, reason: null, text: result.text };
  }
  const reason = filters[name](text);
  return reason === undefined ? { keep: true, reason: null } : { keep: false, reason };
}

/** FineWeb's order as the oracle's chain mode runs it: C4 without its terminal-punctuation rule. */
const chain = buildPipeline(['gopher-repetition', 'gopher-quality', 'c4-quality', 'fineweb-quality'], {}, [undefined, undefined, { filter_no_terminal_punct: false }, undefined]);
const CHAIN_NAMES: Record<string, string> = { 'gopher-repetition': 'gopher_rep', 'gopher-quality': 'gopher_qual', 'c4-quality': 'c4', 'fineweb-quality': 'fineweb' };

function ourChain(text: string): Chain {
  const doc: Doc = { id: 'x', source: 'x', type: 'text', text, metadata: {} };
  const result = chain.documentSteps?.(doc);
  if (result === undefined) throw new Error('the chain has document steps');
  if ('rejected' in result) return { keep: false, filter: CHAIN_NAMES[result.filter] ?? result.filter, reason: result.reason };
  return { keep: true, filter: null, reason: null, text: result.doc.text };
}

function compare(texts: Map<string, string>, expected: Expected[]): void {
  for (const verdicts of expected) {
    const text = texts.get(verdicts.id) as string;
    for (const name of ['gopher_rep', 'gopher_qual', 'c4', 'fineweb'] as const) {
      const theirs = verdicts[name];
      const mine = ours(name, text);
      if ('error' in theirs) {
        // datatrove divides by the length of an empty text; here it has no repetition.
        expect(text, `${verdicts.id} ${name}`).toBe('');
        expect(mine).toEqual({ keep: true, reason: null });
        continue;
      }
      expect({ id: verdicts.id, name, keep: mine.keep, reason: mine.reason }).toEqual({ id: verdicts.id, name, keep: theirs.keep, reason: theirs.reason });
      if (name === 'c4' && mine.keep) {
        if (theirs.text !== undefined) expect(mine.text).toBe(theirs.text);
        else expect(sha256(mine.text as string), `${verdicts.id} c4 text`).toBe(theirs.text_sha256);
      }
    }
    const theirChain = verdicts.chain;
    if (theirChain === undefined || (theirChain.reason ?? '').startsWith('ZeroDivisionError')) continue;
    const mine = ourChain(text);
    expect({ id: verdicts.id, keep: mine.keep, filter: mine.filter, reason: mine.reason }).toEqual({
      id: verdicts.id,
      keep: theirChain.keep,
      filter: theirChain.filter,
      reason: theirChain.reason,
    });
    if (mine.keep) {
      if (theirChain.text !== undefined) expect(mine.text).toBe(theirChain.text);
      else expect(sha256(mine.text as string), `${verdicts.id} chain text`).toBe(theirChain.text_sha256);
    }
  }
}

describe("agreement with datatrove's filters", () => {
  it("gives datatrove's verdicts, reasons and C4 texts on the project's documents, each filter alone and in FineWeb's order", () => {
    const documents = readJsonl<{ id: string; text: string }>(fixture('documents.jsonl'));
    const expected = readJsonl<Expected>(fixture('datatrove-filters.jsonl'));
    const chains = new Map(readJsonl<Chain & { id: string }>(fixture('datatrove-chain.jsonl')).map((entry) => [entry.id, entry]));
    expect(expected).toHaveLength(documents.length);
    compare(
      new Map(documents.map((doc) => [doc.id, doc.text])),
      expected.map((verdicts) => ({ ...verdicts, chain: chains.get(verdicts.id) as Chain })),
    );
  });

  it.runIf(hasShared('main-dev.truth.jsonl'))("gives datatrove's verdicts on the 450 main-dev texts, one paragraph a line", () => {
    const texts = new Map<string, string>();
    for (const page of readJsonl<{ file: string; main_content: string }>(sharedPath('main-dev.truth.jsonl'))) {
      // As the oracle was fed: trailing white space off each line, blank lines dropped.
      const lines = page.main_content.split('\n').map((line) => line.replace(/[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u, ''));
      texts.set(page.file, lines.filter((line) => line.length > 0).join('\n'));
    }
    const expected = readJsonl<Expected>(fixture('main-dev-datatrove.jsonl'));
    expect(expected).toHaveLength(450);
    compare(texts, expected);
  });
});
