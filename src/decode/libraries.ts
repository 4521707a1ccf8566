/**
 * The two CommonJS libraries behind the legacy encodings: chardet (statistical
 * detection) and iconv-lite (the single-byte tables and the CJK codecs).
 */
import { createRequire } from 'node:module';
import type { analyse as ChardetAnalyse } from 'chardet';
import type IconvLite from 'iconv-lite';

/**
 * chardet and iconv-lite are needed only for pages that are not UTF-8 (a few
 * percent of a crawl): they load on first use, so every thread does not pay
 * for them at start-up.
 */
const requireCommonJs = createRequire(import.meta.url);
let legacy: { rankCharsets: typeof ChardetAnalyse; iconv: typeof IconvLite } | undefined;
export function legacyLibraries(): { rankCharsets: typeof ChardetAnalyse; iconv: typeof IconvLite } {
  legacy ??= {
    rankCharsets: (requireCommonJs('chardet') as { analyse: typeof ChardetAnalyse }).analyse,
    iconv: requireCommonJs('iconv-lite') as typeof IconvLite,
  };
  return legacy;
}

/** iconv-lite's name for a WHATWG encoding where the two differ. */
export const ICONV_NAMES: Readonly<Record<string, string>> = {
  'iso-8859-8-i': 'iso-8859-8', // same bytes, only the text direction differs
  'x-mac-cyrillic': 'maccyrillic',
  // WHATWG's gbk decoder is its gb18030 decoder.
  gbk: 'gb18030',
  gb18030: 'gb18030',
  // WHATWG big5 is Big5-HKSCS; iconv-lite's big5hkscs table was built from WHATWG's index.
  big5: 'big5hkscs',
  shift_jis: 'shiftjis',
  'euc-jp': 'eucjp',
  // WHATWG euc-kr is Windows code page 949 (Unified Hangul Code).
  'euc-kr': 'cp949',
};
