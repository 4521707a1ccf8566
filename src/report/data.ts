/**
 * What `clean-corpus report` shows, gathered from a run folder: the counts
 * from the manifests (exact), the documents from a sample of the shards.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StepSettings } from '../filters/index.js';
import type { Manifest } from '../manifest.js';
import type { InputError } from '../types.js';
import { readRunFolder, type RunFolder } from '../stats.js';
import { sampleShards, type SampledDoc } from './sample.js';
import { statisticsOf, type ThresholdStatistic } from './statistics.js';

export interface ReportOptions {
  /** The run folder: the output folder of `clean-corpus` or of `clean-corpus dedup`. */
  dir: string;
  /** Documents sampled from the kept shards, and as many from the rejected ones. @default 3000 */
  sampleSize?: number;
  /** Where problems that do not stop the report are told. */
  warn: (message: string) => void;
}

export const REPORT_DEFAULTS = { sampleSize: 3000 } as const;

/** One bar of the waterfall: documents from `start` to `end`. */
export interface WaterfallBar {
  stage: string;
  kind: 'read' | 'lost' | 'written';
  start: number;
  end: number;
}

/** How a sampled document fared, for the colours of the charts. */
export type Outcome = 'kept' | 'rejected by this step' | 'rejected by another step' | 'rejected';

export interface StatisticChart {
  step: string;
  label: string;
  option: string;
  reason: string;
  threshold: number | null;
  rejectsAbove: boolean;
  log: boolean;
  values: Array<{ value: number; outcome: Outcome }>;
}

/** The charts' data, embedded in the page as JSON. */
export interface ChartData {
  waterfall: WaterfallBar[];
  bytes: Array<{ what: string; bytes: number }>;
  lengths: Array<{ outcome: Outcome; chars: number; words: number }>;
  languages: Array<{ language: string; outcome: Outcome; documents: number }>;
  languageScores: Array<{ language: string; outcome: Outcome; score: number }>;
  statistics: StatisticChart[];
  charsets: Array<{ charset: string; source: string; documents: number }>;
  shards: Array<{ shard: string; kind: 'kept' | 'rejected'; bytes: number; records: number }>;
}

/** Documents near a threshold, for the tables. */
export interface ThresholdExamples {
  statistic: Pick<ThresholdStatistic, 'step' | 'label' | 'option' | 'reason' | 'threshold'>;
  kept: Array<SampledDoc & { value: number }>;
  rejected: Array<SampledDoc & { value: number }>;
}

export interface ReportData {
  dir: string;
  summary: string[];
  steps: string[];
  sample: { size: number; kept: number; keptSeen: number; rejected: number; rejectedSeen: number; rejectedDir: string | undefined };
  charts: ChartData;
  examples: ThresholdExamples[];
  /** Inputs and documents that failed, as the manifests list them: the first {@link ERRORS_LISTED}, and how many there are. */
  errors: { listed: InputError[]; total: number };
  problems: string[];
}

/** Failed inputs listed in the page; the rest are counted. */
export const ERRORS_LISTED = 50;
/** Examples listed on each side of a threshold. */
const EXAMPLES = 5;
/** Languages whose scores are drawn. */
const LANGUAGES_DRAWN = 15;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

function waterfallOf(run: RunFolder, steps: readonly string[]): WaterfallBar[] {
  const { total } = run;
  const bars: WaterfallBar[] = [{ stage: 'read', kind: 'read', start: 0, end: total.documentsRead }];
  let level = total.documentsRead;
  const lose = (stage: string, documents: number): void => {
    if (documents <= 0) return;
    bars.push({ stage, kind: 'lost', start: level - documents, end: level });
    level -= documents;
  };
  lose('empty', total.documentsEmpty);
  // In pipeline order, then the steps no longer in it (a dedup run's own), each by its reasons, most frequent first.
  const stepOrder = [...steps, ...Object.keys(total.rejected).filter((step) => !steps.includes(step)).sort()];
  for (const step of stepOrder) {
    const reasons = Object.entries(total.rejected[step] ?? {}).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [reason, documents] of reasons) lose(step === 'dedup' ? `removed: ${reason}` : `${step}: ${reason}`, documents);
  }
  // A document read and then failed (cleaning threw, or ran past --doc-timeout) is counted nowhere above;
  // neither is one of a task that was interrupted before its output was committed.
  lose(run.complete === run.count ? 'failed' : 'failed, or not committed by an unfinished task', level - total.documentsWritten);
  bars.push({ stage: 'written', kind: 'written', start: 0, end: total.documentsWritten });
  return bars;
}

/** The file of each shard a manifest lists, kept and rejected. */
function shardFiles(dir: string, manifests: readonly Manifest[], warn: (message: string) => void): { kept: string[]; rejected: string[]; rejectedDir: string | undefined } {
  const kept: string[] = [];
  const rejected: string[] = [];
  let rejectedDir: string | undefined;
  for (const manifest of manifests) {
    for (const shard of manifest.shards) kept.push(path.join(dir, shard.name));
    if (manifest.rejected === undefined) continue;
    // The folder as the run was given it, relative to where it ran; else beside the output folder.
    const candidates = [manifest.rejected.dir, path.join(dir, '..', path.basename(manifest.rejected.dir))];
    const found = candidates.find((candidate) => existsSync(candidate));
    if (found === undefined) {
      warn(`${manifest.rejected.dir}: the rejected documents' folder is not there; the report samples kept documents only`);
      continue;
    }
    rejectedDir = found;
    for (const shard of manifest.rejected.shards) rejected.push(path.join(found, shard.name));
  }
  return { kept, rejected, rejectedDir };
}

function outcomeOf(doc: SampledDoc, step?: string): Outcome {
  if (doc.kept) return 'kept';
  if (step === undefined) return 'rejected';
  return doc.filter === step ? 'rejected by this step' : 'rejected by another step';
}

function summaryOf(run: RunFolder, dir: string): string[] {
  const { total } = run;
  return [
    `${dir}: ${run.complete} of ${run.count} ${run.count === 1 ? 'task' : 'tasks'} complete${run.missing.length > 0 ? `; missing tasks ${run.missing.join(', ')}` : ''}`,
    `${total.documentsRead} documents read, ${total.documentsWritten} written, ${total.documentsEmpty} empty, ${total.documentsRejected} rejected; ${total.failed} inputs failed`,
  ];
}

export async function buildReport(options: ReportOptions): Promise<ReportData | { error: string }> {
  const run = await readRunFolder(options.dir, options.warn);
  if ('error' in run) return run;
  const sampleSize = options.sampleSize ?? REPORT_DEFAULTS.sampleSize;
  const first = run.manifests[0];
  const steps = (first?.options['steps'] as string[] | undefined) ?? [];
  const settings = (first?.options['stepSettings'] as Array<StepSettings | undefined> | undefined) ?? [];
  const statistics = statisticsOf(steps, settings);

  const files = shardFiles(options.dir, run.manifests, options.warn);
  const keptSample = await sampleShards(files.kept, run.total.documentsWritten, sampleSize, true, statistics);
  const rejectedSample = await sampleShards(files.rejected, run.total.documentsRejected, sampleSize, false, statistics);
  const docs = [...keptSample.docs, ...rejectedSample.docs];

  const languages: ChartData['languages'] = [];
  for (const [key, documents] of countBy(docs, (doc) => `${doc.language ?? 'not identified'}\t${outcomeOf(doc)}`)) {
    const [language, outcome] = key.split('\t') as [string, Outcome];
    languages.push({ language, outcome, documents });
  }
  languages.sort((a, b) => b.documents - a.documents || (a.language < b.language ? -1 : 1));
  const drawn = new Set([...countBy(docs.filter((doc) => doc.language !== undefined), (doc) => doc.language as string)].sort((a, b) => b[1] - a[1]).slice(0, LANGUAGES_DRAWN).map(([language]) => language));

  const charsets: ChartData['charsets'] = [];
  for (const [key, documents] of countBy(docs.filter((doc) => doc.charset !== undefined), (doc) => `${doc.charset}\t${doc.charsetSource ?? 'unknown'}`)) {
    const [charset, source] = key.split('\t') as [string, string];
    charsets.push({ charset, source, documents });
  }

  const charts: ChartData = {
    waterfall: waterfallOf(run, steps),
    bytes: [
      { what: 'read', bytes: run.total.bytesIn },
      { what: 'written (text)', bytes: run.total.bytesOut },
      { what: 'shards on disk', bytes: run.shardBytes },
    ],
    lengths: docs.map((doc) => ({ outcome: outcomeOf(doc), chars: doc.chars, words: doc.words })),
    languages,
    languageScores: docs
      .filter((doc) => doc.language !== undefined && drawn.has(doc.language) && doc.languageScore !== undefined)
      .map((doc) => ({ language: doc.language as string, outcome: outcomeOf(doc), score: doc.languageScore as number })),
    statistics: statistics.map((statistic, index) => ({
      step: statistic.step,
      label: statistic.label,
      option: statistic.option,
      reason: statistic.reason,
      threshold: statistic.threshold ?? null,
      rejectsAbove: statistic.rejectsAbove,
      log: statistic.log,
      values: docs.flatMap((doc) => {
        const value = doc.values[index];
        return value === null || value === undefined || !Number.isFinite(value) ? [] : [{ value, outcome: outcomeOf(doc, statistic.step) }];
      }),
    })),
    charsets,
    shards: run.manifests.flatMap((manifest) => [
      ...manifest.shards.map((shard) => ({ shard: shard.name, kind: 'kept' as const, bytes: shard.bytes, records: shard.records })),
      ...(manifest.rejected?.shards ?? []).map((shard) => ({ shard: `rejected/${shard.name}`, kind: 'rejected' as const, bytes: shard.bytes, records: shard.records })),
    ]),
  };

  const examples = statistics.flatMap((statistic, index): ThresholdExamples[] => {
    const threshold = statistic.threshold;
    if (threshold === undefined) return [];
    const withValue = (doc: SampledDoc): SampledDoc & { value: number } => ({ ...doc, value: doc.values[index] as number });
    const distance = (doc: SampledDoc & { value: number }): number => Math.abs(doc.value - threshold);
    const nearest = (candidates: SampledDoc[]): Array<SampledDoc & { value: number }> =>
      candidates
        .filter((doc) => typeof doc.values[index] === 'number')
        .map(withValue)
        .sort((a, b) => distance(a) - distance(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        .slice(0, EXAMPLES);
    return [
      {
        statistic: { step: statistic.step, label: statistic.label, option: statistic.option, reason: statistic.reason, threshold },
        kept: nearest(keptSample.docs),
        rejected: nearest(rejectedSample.docs.filter((doc) => doc.filter === statistic.step && doc.reason === statistic.reason)),
      },
    ];
  });

  return {
    dir: options.dir,
    summary: summaryOf(run, options.dir),
    steps,
    sample: {
      size: sampleSize,
      kept: keptSample.docs.length,
      keptSeen: keptSample.seen,
      rejected: rejectedSample.docs.length,
      rejectedSeen: rejectedSample.seen,
      rejectedDir: files.rejectedDir,
    },
    charts,
    examples,
    errors: { listed: run.errors.slice(0, ERRORS_LISTED), total: run.errors.length },
    problems: [...keptSample.problems, ...rejectedSample.problems],
  };
}
