/**
 * FineWeb's own rules (Penedo et al. 2024), as datatrove's
 * `FineWebQualityFilter` applies them: too few lines ending in terminal
 * punctuation, too many short lines, too many characters in repeated lines,
 * or a list-like text (many line breaks per word).
 */
import { TERMINAL_PUNCTUATION } from '../text/punctuation.js';
import { pyCount, pyLen, pyStrip } from '../text/python.js';
import { wordSplitter } from '../text/words.js';
import { findDuplicates, ratio, wordsOf } from './measures.js';
import type { TextFilter } from './verdict.js';

export interface FineWebQualityOptions {
  /** Reject when fewer than this fraction of lines end in terminal punctuation. @default 0.12 */
  line_punct_thr?: number;
  /** Keep a text none of whose lines end in punctuation (for languages written without it). @default false */
  line_punct_exclude_zero?: boolean;
  /** The characters that count as terminal punctuation. @default datatrove's TERMINAL_PUNCTUATION */
  stop_chars?: readonly string[] | null;
  /** Reject when more than this fraction of lines are short. @default 0.67 */
  short_line_thr?: number;
  /** A line of at most this many characters is short. @default 30 */
  short_line_length?: number;
  /** Reject when repeated lines hold more than this fraction of the characters (line breaks not counted). @default 0.01 */
  char_duplicates_ratio?: number;
  /** Reject when line breaks per word exceed this. @default 0.3 */
  new_line_ratio?: number;
  /** The language whose word splitting counts words. @default 'en' */
  language?: string;
}

export const FINEWEB_QUALITY_DEFAULTS = {
  line_punct_thr: 0.12,
  line_punct_exclude_zero: false,
  stop_chars: null,
  short_line_thr: 0.67,
  short_line_length: 30,
  char_duplicates_ratio: 0.01,
  new_line_ratio: 0.3,
  language: 'en',
} as const satisfies Required<FineWebQualityOptions>;

/** The last code point of a text. */
function lastChar(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xdc00 && last <= 0xdfff && text.length > 1 ? text.slice(-2) : text.slice(-1);
}

/** Whether a line ends in one of `stop_chars` (datatrove's terminal punctuation when null). */
export function lineEndTest(stop_chars: readonly string[] | null): (line: string) => boolean {
  if (stop_chars === null) return (line) => TERMINAL_PUNCTUATION.has(lastChar(line));
  const stopSuffixes = [...new Set(stop_chars)];
  return (line) => stopSuffixes.some((suffix) => line.endsWith(suffix));
}

export function fineWebQuality(options: FineWebQualityOptions = {}): TextFilter {
  const o = { ...FINEWEB_QUALITY_DEFAULTS, ...options };
  const endsWithStop = lineEndTest(o.stop_chars);
  return (text) => {
    const lines = text.split('\n').filter((line) => pyStrip(line) !== '');
    if (lines.length === 0) return 'empty';
    let punctuated = 0;
    for (const line of lines) if (endsWithStop(line)) punctuated++;
    const punctuatedRatio = punctuated / lines.length;
    if (punctuatedRatio < o.line_punct_thr && !(punctuatedRatio === 0 && o.line_punct_exclude_zero)) return 'line_punct_ratio';

    let short = 0;
    for (const line of lines) if (line.length <= o.short_line_length * 2 && pyLen(line) <= o.short_line_length) short++;
    if (short / lines.length > o.short_line_thr) return 'short_line_ratio';

    const newLines = pyCount(text, '\n');
    if (findDuplicates(lines).chars / (pyLen(text) - newLines) > o.char_duplicates_ratio) return 'char_dup_ratio';

    // Most texts are under the threshold by a count of words they have at least, and need not be split.
    if (ratio(newLines, wordSplitter(o.language).minimumWordCount(text)) <= o.new_line_ratio) return undefined;
    if (ratio(newLines, wordsOf(text, o.language).length) > o.new_line_ratio) return 'list_ratio';
    return undefined;
  };
}
