/**
 * A sample of a run's documents, read from its shards in one pass with
 * bounded memory: every k-th document, k chosen from the count the
 * manifests give, so the sample is the same on every run and spread evenly
 * over the shards. A sampled document keeps its measures and the start of
 * its text, never the whole text.
 */
import { isJsonlPath } from '../readers/jsonl.js';
import { isParquetPath } from '../readers/parquet.js';
import { readInput } from '../readers/index.js';
import { wordsOf } from '../filters/measures.js';
import { pyLen } from '../text/python.js';
import type { ThresholdStatistic } from './statistics.js';

/** Characters of a sampled document's text kept for the report's tables. */
export const EXCERPT_CHARS = 400;

/** What the report keeps of one sampled document. */
export interface SampledDoc {
  kept: boolean;
  id: string;
  source: string;
  /** Length in code points. */
  chars: number;
  /** Words as the filters split them, in the document's language where it is known. */
  words: number;
  language: string | undefined;
  languageScore: number | undefined;
  charset: string | undefined;
  charsetSource: string | undefined;
  /** For a rejected document: the step that rejected it and why. */
  filter: string | undefined;
  reason: string | undefined;
  /** The value of each thresholded statistic, in the order of the list given; null where it does not apply. */
  values: Array<number | null>;
  excerpt: string;
}

export interface ShardSample {
  docs: SampledDoc[];
  /** Documents in the shards read (sampled or not). */
  seen: number;
  /** Shards that could not be read, with the reason. */
  problems: string[];
}

/** Whether the report can read a shard: JSONL (plain or gzip) and Parquet carry metadata, text shards do not. */
export function isSampledShard(file: string): boolean {
  return isJsonlPath(file) || isParquetPath(file);
}

/** The start of a text, not cutting a surrogate pair in two. */
function excerptOf(text: string): string {
  if (text.length <= EXCERPT_CHARS) return text;
  const end = (text.charCodeAt(EXCERPT_CHARS - 1) & 0xfc00) === 0xd800 ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
  return `${text.slice(0, end)}…`;
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numberOf = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * Reads `files` (the shards of the kept or of the rejected documents, in
 * order) and samples about `size` of their `expected` documents.
 */
export async function sampleShards(
  files: readonly string[],
  expected: number,
  size: number,
  kept: boolean,
  statistics: readonly ThresholdStatistic[],
): Promise<ShardSample> {
  const rate = expected <= size ? 1 : size / expected;
  const docs: SampledDoc[] = [];
  const problems: string[] = [];
  let seen = 0;
  for (const file of files) {
    if (!isSampledShard(file)) continue;
    for await (const event of readInput(file, { maxDocSize: Number.MAX_SAFE_INTEGER, textField: 'text' })) {
      if ('error' in event) {
        problems.push(`${event.error.source}: ${event.error.reason}`);
        continue;
      }
      if ('skipped' in event) continue;
      const index = seen++;
      // Every 1/rate-th document: the same sample on every run, spread over all shards.
      if (Math.floor((index + 1) * rate) === Math.floor(index * rate) || docs.length >= size) continue;
      const raw = event.doc;
      const text = raw.text ?? '';
      const nested = raw.metadata['metadata'];
      const metadata = typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as Record<string, unknown>) : raw.metadata;
      const language = stringOf(metadata['language']);
      docs.push({
        kept,
        id: raw.id ?? `${file}#${index}`,
        source: stringOf(raw.metadata['source']) ?? file,
        chars: pyLen(text),
        words: wordsOf(text, language ?? 'en').length,
        language,
        languageScore: numberOf(metadata['language_score']),
        charset: stringOf(metadata['charset']),
        charsetSource: stringOf(metadata['charsetSource']),
        filter: stringOf(metadata['filter']),
        reason: stringOf(metadata['filter_reason']),
        values: statistics.map((statistic) => statistic.measure(text, metadata) ?? null),
        excerpt: excerptOf(text),
      });
    }
  }
  return { docs, seen, problems };
}
