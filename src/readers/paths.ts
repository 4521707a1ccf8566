/**
 * What kind of input a path names, by its name alone: apart from the
 * readers, so that the main thread of a run whose files are read by its
 * workers never loads them.
 */

/** `.warc`, `.warc.gz`, `.wet`, `.wet.gz` (so `.warc.wet.gz`), any case. */
export function isWarcPath(path: string): boolean {
  return /\.(?:warc|wet)(?:\.gz)?$/i.test(path);
}

/** `.jsonl`, `.jsonl.gz`, `.json.gz` (dolma), any case. */
export function isJsonlPath(path: string): boolean {
  return /\.(?:jsonl(?:\.gz)?|json\.gz)$/i.test(path);
}

/** `.parquet`, any case. */
export function isParquetPath(path: string): boolean {
  return /\.parquet$/i.test(path);
}

/**
 * Whether a path is one document, a plain file or a gzipped one
 * (`page.html.gz`), rather than a container of many (WARC, JSONL, Parquet):
 * such a file is read where it is cleaned, by a worker thread with `--jobs`.
 */
export function isOneDocumentFile(path: string): boolean {
  return !isWarcPath(path) && !isJsonlPath(path) && !isParquetPath(path);
}
