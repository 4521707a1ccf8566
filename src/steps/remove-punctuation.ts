import type { Step } from '../types.js';
import { ATTACHED, BMP_CLASS, codePointClass, KEEP, PUNCTUATION, SURROGATE, SYMBOL, type CharClass } from './character-class.js';
import { isWhiteSpace, LINE_BREAK_CLASS } from './unicode.js';

/** Options of the `remove-punctuation` step. */
export interface RemovePunctuationOptions {
  /**
   * Keep symbols (Unicode S*: `$`, `+`, `©`, emoji…) and delete punctuation
   * (P*) only.
   * @default false
   */
  keepSymbols?: boolean;
  /**
   * What a deleted run of punctuation becomes. `nothing` joins its neighbours
   * (`isn't` → `isnt`) and, where the run stood alone between white space
   * (`a + b`), takes one side's white space with it so no double space is
   * left; `space` puts one space in its place (`e-mail` → `e mail`).
   * @default 'nothing'
   */
  replaceWith?: 'nothing' | 'space';
}

const LINE_BREAK = new RegExp(`[${LINE_BREAK_CLASS}]`);

/**
 * The class of the character at `index`, for a surrogate pair the class of
 * the whole code point. The caller steps by 2 when the index holds a high
 * surrogate followed by a low one.
 */
function classAt(text: string, index: number): CharClass {
  const cls = BMP_CLASS[text.charCodeAt(index)] as CharClass;
  // A lone surrogate is no character of any class: kept, the writer escapes it.
  return cls === SURROGATE ? codePointClass(text.codePointAt(index) as number) : cls;
}

function lengthAt(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  return unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
}

function trimTrailingWhiteSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isWhiteSpace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

function whiteSpaceRunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isWhiteSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Deletes Unicode punctuation (P*) and, unless kept, symbols (S*), with the
 * marks and joiners that belong to them; letters, marks, numbers and white
 * space of every script stay.
 */
export function removePunctuationWith(text: string, options: RemovePunctuationOptions = {}): string {
  const deleteSymbols = options.keepSymbols !== true;
  const asSpace = options.replaceWith === 'space';
  const n = text.length;
  let out = '';
  /** Start of the text not yet copied to `out`. */
  let pending = 0;
  /** Whether `out` ends in white space or is empty (the text's start counts as white space). */
  let outEndsInSpace = true;
  let i = 0;
  while (i < n) {
    const unitClass = BMP_CLASS[text.charCodeAt(i)] as CharClass;
    // Most characters are kept: stay in this tight loop for them.
    if (unitClass === KEEP || unitClass === ATTACHED) {
      i++;
      continue;
    }
    const firstClass = unitClass === SURROGATE ? classAt(text, i) : unitClass;
    const deletable = firstClass === PUNCTUATION || (deleteSymbols && firstClass === SYMBOL);
    if (!deletable) {
      i += lengthAt(text, i);
      continue;
    }
    const runStart = i;
    i += lengthAt(text, i);
    while (i < n) {
      const nextClass = classAt(text, i);
      const continues =
        nextClass === ATTACHED ||
        nextClass === PUNCTUATION ||
        (deleteSymbols && nextClass === SYMBOL);
      if (!continues) break;
      i += lengthAt(text, i);
    }
    let kept = text.slice(pending, runStart);
    const spaceBefore = kept.length > 0 ? isWhiteSpace(kept.charCodeAt(kept.length - 1)) : outEndsInSpace;
    pending = i;
    if (asSpace) {
      out += kept + ' ';
      outEndsInSpace = true;
      continue;
    }
    const spaceAfter = i >= n || isWhiteSpace(text.charCodeAt(i));
    if (spaceBefore && spaceAfter) {
      // The run stood alone: drop one side's white space too, keeping a line
      // break over a plain space so paragraphs survive.
      const followingEnd = whiteSpaceRunEnd(text, i);
      const followingHasBreak = LINE_BREAK.test(text.slice(i, followingEnd));
      if (i >= n || followingHasBreak) {
        kept = trimTrailingWhiteSpace(kept);
        if (kept.length === 0 && outEndsInSpace) out = trimTrailingWhiteSpace(out);
      } else {
        pending = followingEnd;
      }
    }
    out += kept;
    // Look at the piece just added, never at `out` itself: reading a character
    // of a concatenated string flattens it, which made this loop quadratic.
    if (kept.length > 0) outEndsInSpace = isWhiteSpace(kept.charCodeAt(kept.length - 1));
    else if (out.length === 0) outEndsInSpace = true;
  }
  return pending === 0 ? text : out + text.slice(pending);
}

/** The `remove-punctuation` step. */
export function removePunctuation(options: RemovePunctuationOptions = {}): Step {
  return (text) => removePunctuationWith(text, options);
}
