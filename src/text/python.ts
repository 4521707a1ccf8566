import { isWhiteSpace } from '../steps/unicode.js';

/**
 * Python's string semantics, where datatrove's rules depend on them: the
 * filters must count lines, white space, letters and lengths as Python does
 * to reach the same verdicts.
 */

/** `str.isspace()` (and `\s` in Python's `re`): ASCII white space, the file/group/record/unit separators, NEL and Unicode's Zs, LS, PS. */
export const PY_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** `\w` in Python's `re`: letters, numbers and the underscore (combining marks are not word characters there). */
export const PY_WORD_CLASS = '\\p{L}\\p{N}_';

/** `str.splitlines()` boundaries. */
const LINE_BOUNDARY = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

/** Whether a UTF-16 code unit is white space to Python (all such characters are in the BMP): Unicode's White_Space and the file, group, record and unit separators. */
export function isPySpace(code: number): boolean {
  return isWhiteSpace(code) || (code >= 0x1c && code <= 0x1f);
}

/** Where `str.strip()` would cut: `[start, end)` of the text without white space at its ends. */
export function pyStripBounds(text: string): [number, number] {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text.charCodeAt(start))) start++;
  while (end > start && isPySpace(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/** `str.strip()`. */
export function pyStrip(text: string): string {
  const [start, end] = pyStripBounds(text);
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** `str.lstrip()`. */
export function pyLstrip(text: string): string {
  let start = 0;
  while (start < text.length && isPySpace(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

/** `str.rstrip()`. */
export function pyRstrip(text: string): string {
  let end = text.length;
  while (end > 0 && isPySpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** `str.split()` without arguments: runs of white space separate, none at the ends. */
export function pySplitWhitespace(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isPySpace(text.charCodeAt(i))) {
      if (start !== -1) {
        words.push(text.slice(start, i));
        start = -1;
      }
    } else if (start === -1) {
      start = i;
    }
  }
  if (start !== -1) words.push(text.slice(start));
  return words;
}

/** `len(str.split())`: the runs of non-white space, counted without making them strings. */
export function pySplitCount(text: string): number {
  let count = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPySpace(text.charCodeAt(i));
    if (!space && !inRun) count++;
    inRun = !space;
  }
  return count;
}

/** `str.splitlines()`: no empty last line for a text that ends with a line break. */
export function pySplitlines(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.split(LINE_BOUNDARY);
  // A text that ends with a line break has no empty line after it.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const SURROGATE = /[\ud800-\udfff]/;

/** Whether a text holds a surrogate code unit: without one, every part of it has as many code points as UTF-16 units. */
export function hasSurrogates(text: string): boolean {
  // A regular expression finds that out fastest.
  return SURROGATE.test(text);
}

/** `len(text)`: code points, not UTF-16 units. */
export function pyLen(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) surrogatePairs++;
    }
  }
  return text.length - surrogatePairs;
}

/** Non-overlapping occurrences of `needle`, as `str.count`. */
export function pyCount(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}
