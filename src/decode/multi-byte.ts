/** The CJK encodings, through iconv-lite with the codec WHATWG's definition corresponds to. */
import { countOccurrences, countReplacements, REPLACEMENT_CHARACTER, type Decoded } from './decoded.js';
import { ICONV_NAMES, legacyLibraries } from './libraries.js';

export const MULTI_BYTE_LEGACY = new Set(['gbk', 'gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr']);

/**
 * GB18030-2022 moved 18 two-byte codes from the Private Use Area to standard
 * code points, and WHATWG's gb18030 index follows it; iconv-lite still has the
 * 2005 mapping. Those PUA code points come only from these two-byte codes.
 */
const GB18030_2022_REMAPPED: ReadonlyMap<string, string> = new Map(
  [
    [0xe78d, 0xfe10], [0xe78e, 0xfe12], [0xe78f, 0xfe11], [0xe790, 0xfe13], [0xe791, 0xfe14], [0xe792, 0xfe15],
    [0xe793, 0xfe16], [0xe794, 0xfe17], [0xe795, 0xfe18], [0xe796, 0xfe19], [0xe81e, 0x9fb4], [0xe826, 0x9fb5],
    [0xe82b, 0x9fb6], [0xe82c, 0x9fb7], [0xe832, 0x9fb8], [0xe843, 0x9fb9], [0xe854, 0x9fba], [0xe864, 0x9fbb],
  ].map(([from, to]): [string, string] => [String.fromCharCode(from!), String.fromCharCode(to!)]),
);
const GB18030_2022_PATTERN = /[\uE78D-\uE796\uE81E\uE826\uE82B\uE82C\uE832\uE843\uE854\uE864]/g;
const LONE_SURROGATE = /\p{Surrogate}/u;
const LONE_SURROGATES = /\p{Surrogate}/gu;
const ENCODED_REPLACEMENT_GB18030 = Buffer.from([0x84, 0x31, 0xa4, 0x37]);

export function decodeMultiByte(bytes: Uint8Array, charset: string): Decoded {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = legacyLibraries().iconv.decode(buffer, ICONV_NAMES[charset] ?? charset, { stripBOM: false });
  const isGb18030 = charset === 'gbk' || charset === 'gb18030';
  if (isGb18030) {
    text = text.replace(GB18030_2022_PATTERN, (char) => GB18030_2022_REMAPPED.get(char) ?? char);
    // iconv-lite turns four-byte codes beyond U+10FFFF into lone surrogates; WHATWG makes them errors.
    if (LONE_SURROGATE.test(text)) text = text.replace(LONE_SURROGATES, REPLACEMENT_CHARACTER);
  }
  if (!text.includes(REPLACEMENT_CHARACTER)) return { text, invalidBytes: 0 };
  const literal = isGb18030 ? countOccurrences(bytes, ENCODED_REPLACEMENT_GB18030) : 0;
  return { text, invalidBytes: Math.max(0, countReplacements(text) - literal) };
}
