/**
 * clean-corpus as a library: the cleaning steps, the pipeline that composes
 * them, and the engine the CLI runs.
 */
export * from './steps/index.js';
export { ALL_STEP_NAMES, buildPipeline, cleanHtml, cleanText, compose, DEFAULT_STEPS, parseStepList, UnknownStepError } from './pipeline.js';
export type { DocumentOutcome, Pipeline, PipelineStepName } from './pipeline.js';
export * from './filters/index.js';
export { loadLanguageModel } from './filters/language.js';
export { FINEWEB_PIPELINE, parsePipelineText, pipelineFromValue, PipelineFileError, PRESETS } from './pipeline-file.js';
export type { PipelineSpec } from './pipeline-file.js';
export { wordSplitter } from './text/words.js';
export { runDedup, DEDUP_DEFAULTS, DEDUP_STAGES } from './dedup/run-dedup.js';
export type { DedupOptions, DedupStage } from './dedup/run-dedup.js';
export { MinHasher, MINHASH_DEFAULTS } from './dedup/minhash.js';
export type { MinHashOptions } from './dedup/minhash.js';
export { exactText, simplifyText } from './dedup/normalize.js';
export type { WordSplitter } from './text/words.js';
export { decodeBytes } from './decode.js';
export type { DecodeOptions, DecodeResult, CharsetSource } from './decode.js';
export { cleanDocument, decodeDocument, documentId } from './document.js';
export type { CleanOutcome } from './document.js';
export { discoverInputs, DEFAULT_INCLUDE } from './discover.js';
export { readInput } from './readers/index.js';
export { ShardWriter } from './writers/shard-writer.js';
export type { ShardInfo, ShardWriterOptions } from './writers/shard-writer.js';
export { StreamWriter } from './writers/stream-writer.js';
export { serializeRecord, toRecord } from './writers/record.js';
export type { OutputFormat, OutputRecord, RecordFormat } from './writers/record.js';
export { run, EXIT, RUN_DEFAULTS } from './run.js';
export type { RunOptions, RunCounts } from './run.js';
export { extractMainContent } from './extract/main-content.js';
export type { Doc, RawDoc, Step, StepFactory, InputError, InputType, ReadEvent, ReaderOptions } from './types.js';
