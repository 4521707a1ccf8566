/**
 * Unicode character classes shared by the text steps, written out as code
 * unit ranges so that the regular expressions run without the `u` flag's
 * slower matcher where they can.
 */

/** Every character with the Unicode White_Space property but the space itself. */
export const WHITE_SPACE_EXCEPT_SPACE_CLASS = '\\t\\n\\v\\f\\r\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

/** Every character with the Unicode White_Space property. */
export const WHITE_SPACE_CLASS = ` ${WHITE_SPACE_EXCEPT_SPACE_CLASS}`;

/** The White_Space characters that break a line. */
export const LINE_BREAK_CLASS = '\\n\\v\\f\\r\\x85\\u2028\\u2029';

export function isWhiteSpace(codeUnit: number): boolean {
  if (codeUnit <= 0x20) return codeUnit === 0x20 || (codeUnit >= 0x09 && codeUnit <= 0x0d);
  if (codeUnit < 0x85) return false;
  return (
    codeUnit === 0x85 ||
    codeUnit === 0xa0 ||
    codeUnit === 0x1680 ||
    (codeUnit >= 0x2000 && codeUnit <= 0x200a) ||
    codeUnit === 0x2028 ||
    codeUnit === 0x2029 ||
    codeUnit === 0x202f ||
    codeUnit === 0x205f ||
    codeUnit === 0x3000
  );
}
