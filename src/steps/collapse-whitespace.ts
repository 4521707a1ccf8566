import type { Step } from '../types.js';
import { LINE_BREAK_CLASS, WHITE_SPACE_CLASS, WHITE_SPACE_EXCEPT_SPACE_CLASS } from './unicode.js';

/** Options of the `collapse-whitespace` step. */
export interface CollapseWhitespaceOptions {
  /**
   * Keep paragraph breaks: a run of white space that contains a line break
   * becomes one `\n` instead of a space.
   * @default false
   */
  keepNewlines?: boolean;
}

/**
 * A run of white space that is not already a single space: a space followed
 * by more white space, or any other white-space character and what follows
 * it. Lone spaces, most of the white space in text, never match, so the
 * replacement has far fewer matches to make.
 */
const WHITE_SPACE_RUN = new RegExp(` [${WHITE_SPACE_CLASS}]+|[${WHITE_SPACE_EXCEPT_SPACE_CLASS}][${WHITE_SPACE_CLASS}]*`, 'g');
const LINE_BREAK = new RegExp(`[${LINE_BREAK_CLASS}]`);

function trimSingleSpaces(text: string): string {
  const start = text.charCodeAt(0) === 0x20 || text.charCodeAt(0) === 0x0a ? 1 : 0;
  const last = text.charCodeAt(text.length - 1);
  const end = text.length > start && (last === 0x20 || last === 0x0a) ? text.length - 1 : text.length;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Every run of Unicode white space becomes one space; both ends trimmed. */
export function collapseWhitespaceText(text: string): string {
  return trimSingleSpaces(text.replace(WHITE_SPACE_RUN, ' '));
}

/** Like {@link collapseWhitespaceText}, but a run holding a line break becomes `\n`. */
export function collapseWhitespaceKeepingNewlines(text: string): string {
  return trimSingleSpaces(
    text.replace(WHITE_SPACE_RUN, (run) => (LINE_BREAK.test(run) ? '\n' : ' ')),
  );
}

/** The `collapse-whitespace` step. */
export function collapseWhitespace(options: CollapseWhitespaceOptions = {}): Step {
  return options.keepNewlines === true ? collapseWhitespaceKeepingNewlines : collapseWhitespaceText;
}
