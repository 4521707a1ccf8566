import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, decodeBytes, replaceInvalidUtf8, utf8InvalidCount } from '../src/decode.js';
import { decodeUtf8 } from '../src/decode/utf8.js';
import type { CharsetSource, DecodeOptions, DecodeResult } from '../src/decode.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixturesDir = join(repoRoot, 'fixtures', 'encodings');
const sharedEncodingsDir = resolve(repoRoot, '../shared/corpora/encodings');
const sharedWebDevDir = resolve(repoRoot, '../shared/corpora/web-dev');

/** Bytes from pieces: strings are taken as UTF-8, arrays as raw bytes. */
function bytesOf(...pieces: ReadonlyArray<string | readonly number[] | Uint8Array>): Buffer {
  return Buffer.concat(
    pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece as number[]))),
  );
}

const html = (bytes: Uint8Array, httpContentType?: string): DecodeResult => {
  const options: DecodeOptions = { type: 'html' };
  if (httpContentType !== undefined) options.httpContentType = httpContentType;
  return decodeBytes(bytes, options);
};
const text = (bytes: Uint8Array): DecodeResult => decodeBytes(bytes, { type: 'text' });

const russian = 'Очистка данных: первый шаг при обучении больших языковых моделей. Старые русские сайты.';
const koi8r = (value: string): Buffer => iconv.encode(value, 'koi8-r');
const cp1251 = (value: string): Buffer => iconv.encode(value, 'windows-1251');

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

/** Reference body text: no head, scripts or styles; white space collapsed. */
function bodyText(markup: string): string {
  const $ = cheerio.load(markup);
  $('head, script, style').remove();
  return collapse($('body').text());
}

describe('charsetFromContentType', () => {
  it.each([
    ['text/html; charset=UTF-8', 'utf-8'],
    ['text/html;charset="Shift_JIS"', 'shift_jis'],
    ['text/html; charset=latin1', 'windows-1252'],
    ['text/html; charset=ISO-8859-1', 'windows-1252'],
    ['text/html; charset=us-ascii', 'windows-1252'],
    ['text/html; charset=gb2312', 'gbk'],
    ['text/html; charset=GB18030', 'gb18030'],
    ['text/html; charset=x-sjis', 'shift_jis'],
    ['text/html; charset=ks_c_5601-1987', 'euc-kr'],
    ['text/html; charset=big5-hkscs', 'big5'],
    ['text/html; charset=utf-16', 'utf-16le'],
    ['text/html; charset=koi8-ru', 'koi8-u'],
    ['text/html; charset=x-mac-ukrainian', 'x-mac-cyrillic'],
    ['text/html; charset=logical', 'iso-8859-8-i'],
    ['text/html; charset=iso-2022-kr', 'replacement'],
    ['text/html; CHARSET= windows-1251 ', 'windows-1251'],
    ['text/html; foo="a;charset=koi8-r"; charset=euc-kr', 'euc-kr'],
    ['text/html; charset="utf\\-8"', 'utf-8'],
  ])('%s → %s', (contentType, expected) => {
    expect(charsetFromContentType(contentType)).toBe(expected);
  });

  it.each([['text/html'], [''], ['text/html; charset='], ['text/html; charset=klingon'], ['text/html; charset=utf\u212a']])(
    '%j → undefined',
    (contentType) => {
      expect(charsetFromContentType(contentType)).toBeUndefined();
    },
  );

  it('agrees with whatwg-encoding on every label it knows', () => {
    const require = createRequire(import.meta.url);
    let table: Record<string, string>;
    try {
      table = require('whatwg-encoding/lib/labels-to-names.json') as Record<string, string>;
    } catch {
      return; // not installed: nothing to compare with
    }
    const disagreements = Object.entries(table)
      .map(([label, name]) => [label, name.toLowerCase(), charsetFromContentType(`text/plain; charset=${label}`)])
      .filter(([, expected, actual]) => expected !== actual);
    expect(disagreements).toEqual([]);
    expect(Object.keys(table).length).toBeGreaterThan(200);
  });
});

describe('decodeBytes: byte order mark', () => {
  it('UTF-8 BOM beats a contradicting meta and is removed', () => {
    const result = html(bytesOf([0xef, 0xbb, 0xbf], '<meta charset="iso-8859-1"><p>Grüße €</p>'));
    expect(result).toEqual({
      text: '<meta charset="iso-8859-1"><p>Grüße €</p>',
      charset: 'utf-8',
      charsetSource: 'bom',
      invalidBytes: 0,
    });
  });

  it('BOM beats the HTTP header', () => {
    const result = html(bytesOf([0xef, 0xbb, 0xbf], 'Grüße'), 'text/html; charset=windows-1251');
    expect([result.text, result.charset, result.charsetSource]).toEqual(['Grüße', 'utf-8', 'bom']);
  });

  it('UTF-16LE and UTF-16BE BOMs', () => {
    const little = bytesOf([0xff, 0xfe], Buffer.from('<p>日本語 ok</p>', 'utf16le'));
    const big = bytesOf([0xfe, 0xff], Buffer.from('<p>日本語 ok</p>', 'utf16le').swap16());
    expect(html(little)).toEqual({ text: '<p>日本語 ok</p>', charset: 'utf-16le', charsetSource: 'bom', invalidBytes: 0 });
    expect(html(big)).toEqual({ text: '<p>日本語 ok</p>', charset: 'utf-16be', charsetSource: 'bom', invalidBytes: 0 });
  });

  it('a second U+FEFF after the BOM is text, as in WHATWG decode', () => {
    expect(text(bytesOf([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a')).text).toBe('\uFEFFa');
  });

  it('UTF-16 odd trailing byte and lone surrogate are counted', () => {
    const result = text(bytesOf([0xff, 0xfe], [0x41, 0x00, 0x00, 0xd8, 0x42, 0x00, 0x43]));
    expect(result.text).toBe('A\uFFFDB\uFFFD');
    expect(result.invalidBytes).toBe(2);
  });

  it('plain text honours the BOM too', () => {
    expect(text(bytesOf([0xfe, 0xff], [0x00, 0x41])).charset).toBe('utf-16be');
  });
});

describe('decodeBytes: HTTP Content-Type', () => {
  const page = bytesOf('<meta charset="windows-1251"><p>', koi8r(russian), '</p>');

  it('the header wins over meta', () => {
    const result = html(page, 'text/html; charset=KOI8-R');
    expect(result.charset).toBe('koi8-r');
    expect(result.charsetSource).toBe('http');
    expect(result.text).toContain(russian);
  });

  it('an unknown label in the header falls through to meta', () => {
    const result = html(page, 'text/html; charset=klingon');
    expect([result.charset, result.charsetSource]).toEqual(['windows-1251', 'meta']);
  });

  it('a header without charset falls through to meta', () => {
    expect(html(page, 'text/html').charsetSource).toBe('meta');
  });

  it('a header declaring UTF-16 on bytes without NULs is ignored', () => {
    const result = html(bytesOf('<p>Grüße</p>'), 'text/html; charset=utf-16');
    expect([result.text, result.charset, result.charsetSource]).toEqual(['<p>Grüße</p>', 'utf-8', 'utf8']);
  });

  it('x-user-defined from HTTP is decoded as such', () => {
    const result = html(bytesOf('a', [0x80, 0xff]), 'text/html; charset=x-user-defined');
    expect([result.text, result.charset]).toEqual(['a\uF780\uF7FF', 'x-user-defined']);
  });

  it('the replacement encoding (ISO-2022-KR, HZ…) yields one U+FFFD', () => {
    const result = html(bytesOf('abc', [0x0e, 0x21, 0x21, 0x0f, 0x80]), 'text/html; charset=iso-2022-kr');
    expect(result).toEqual({ text: '\uFFFD', charset: 'replacement', charsetSource: 'http', invalidBytes: 8 });
  });

  it('is ignored for plain text', () => {
    const result = decodeBytes(bytesOf('Grüße'), { type: 'text', httpContentType: 'text/plain; charset=koi8-r' });
    expect([result.text, result.charsetSource]).toEqual(['Grüße', 'utf8']);
  });
});

describe('decodeBytes: meta prescan', () => {
  const body = koi8r(russian);
  const withHead = (head: string, payload: Uint8Array = body): Buffer => bytesOf(head, '<p>', payload, '</p>');
  const metaResult = (head: string, payload?: Uint8Array): [string, CharsetSource] => {
    const result = html(withHead(head, payload));
    return [result.charset, result.charsetSource];
  };

  it('<meta charset>', () => {
    const result = html(withHead('<!DOCTYPE html><html><head><meta charset="koi8-r">'));
    expect([result.charset, result.charsetSource]).toEqual(['koi8-r', 'meta']);
    expect(result.text).toContain(russian);
  });

  it('unquoted, upper-case, slash-separated and spaced forms', () => {
    expect(metaResult('<META CHARSET=KOI8-R>')).toEqual(['koi8-r', 'meta']);
    expect(metaResult('<meta/charset = "koi8-r"/>')).toEqual(['koi8-r', 'meta']);
    expect(metaResult("<meta\tcharset='  koi8-r '>")).toEqual(['koi8-r', 'meta']);
  });

  it('http-equiv + content, in either order and with quotes inside content', () => {
    expect(metaResult('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')).toEqual(['koi8-r', 'meta']);
    expect(metaResult('<meta content="text/html;charset=koi8-r" http-equiv=content-type>')).toEqual(['koi8-r', 'meta']);
    expect(metaResult(`<meta http-equiv="content-type" content="text/html; charset='koi8-r'">`)).toEqual([
      'koi8-r',
      'meta',
    ]);
    expect(metaResult('<meta http-equiv="content-type" content="text/html; charsetx; charset = koi8-r;x">')).toEqual([
      'koi8-r',
      'meta',
    ]);
  });

  it('content without http-equiv="content-type" is not a declaration', () => {
    expect(metaResult('<meta content="text/html; charset=koi8-r">')[1]).not.toBe('meta');
    expect(metaResult('<meta http-equiv="refresh" content="text/html; charset=koi8-r">')[1]).not.toBe('meta');
  });

  it('charset attribute beats content; the first duplicate attribute wins', () => {
    const cp = cp1251(russian);
    expect(metaResult('<meta content="text/html; charset=koi8-r" charset="windows-1251" http-equiv="content-type">', cp)).toEqual([
      'windows-1251',
      'meta',
    ]);
    expect(metaResult('<meta charset="windows-1251" content="text/html; charset=koi8-r" http-equiv="content-type">', cp)).toEqual([
      'windows-1251',
      'meta',
    ]);
    expect(metaResult('<meta charset="windows-1251" charset="koi8-r">', cp)).toEqual(['windows-1251', 'meta']);
  });

  it('a meta inside a comment is ignored, the next one counts', () => {
    expect(metaResult('<!-- <meta charset="windows-1251"> --><meta charset="koi8-r">')).toEqual(['koi8-r', 'meta']);
    expect(metaResult('<!--><meta charset="koi8-r">')).toEqual(['koi8-r', 'meta']); // "<!-->" is a whole comment
    const commentOnly = html(withHead('<!-- <meta charset="windows-1251"> -->'));
    expect(commentOnly.charsetSource).not.toBe('meta');
  });

  it('a meta inside another tag’s quoted attribute is ignored', () => {
    const result = html(withHead('<div title="<meta charset=windows-1251>"><meta charset="koi8-r">'));
    expect([result.charset, result.charsetSource]).toEqual(['koi8-r', 'meta']);
  });

  it('<script>, <!doctype>, <?pi> and end tags are skipped without looking inside', () => {
    expect(metaResult('<!doctype html><?php x ?></head><meta charset="koi8-r">')).toEqual(['koi8-r', 'meta']);
  });

  it('the prescan looks at the first 1024 bytes; a meta past them changes a guessed encoding, as the parser would', () => {
    const early = html(withHead(`<!-- ${'x'.repeat(900)} --><meta charset="koi8-r">`));
    expect([early.charset, early.charsetSource]).toEqual(['koi8-r', 'meta']);
    const late = html(withHead(`<!-- ${'x'.repeat(1100)} --><meta charset="koi8-r">`));
    expect([late.charset, late.charsetSource]).toEqual(['koi8-r', 'meta']);
    expect(late.text).toContain(russian);
    // An HTTP charset is no guess: a late meta does not change it.
    expect(html(withHead(`<!-- ${'x'.repeat(1100)} --><meta charset="koi8-r">`), 'text/html; charset=windows-1251').charset).toBe('windows-1251');
  });

  it('a meta cut off by the 1024-byte limit is found by the late look', () => {
    const head = `${' '.repeat(1024 - '<meta charset="koi8-r"'.length)}<meta charset="koi8-r" >`;
    expect([html(withHead(head)).charset, html(withHead(head)).charsetSource]).toEqual(['koi8-r', 'meta']);
  });

  it('an unknown label is no declaration', () => {
    const result = html(bytesOf('<meta charset="klingon"><p>Grüße</p>'));
    expect([result.charset, result.charsetSource]).toEqual(['utf-8', 'utf8']);
  });

  it('meta declaring UTF-16 means UTF-8', () => {
    const result = html(bytesOf('<meta charset="utf-16le"><p>Grüße</p>'));
    expect([result.text, result.charset, result.charsetSource]).toEqual(['<meta charset="utf-16le"><p>Grüße</p>', 'utf-8', 'meta']);
  });

  it('meta declaring x-user-defined means windows-1252', () => {
    const result = html(bytesOf('<meta charset="x-user-defined"><p>', [0x80], '</p>'));
    expect([result.text, result.charset]).toEqual(['<meta charset="x-user-defined"><p>€</p>', 'windows-1252']);
  });

  it('latin1 maps to windows-1252: 0x80 is €, 0x93/0x94 are curly quotes', () => {
    const result = html(bytesOf('<meta charset=latin1><p>', [0x80, 0x20, 0x93, 0x61, 0x94, 0x85, 0xe9], '</p>'));
    expect(result).toEqual({
      text: '<meta charset=latin1><p>€ “a”…é</p>',
      charset: 'windows-1252',
      charsetSource: 'meta',
      invalidBytes: 0,
    });
  });

  it('an XML declaration counts when no meta does', () => {
    const result = html(bytesOf('<?xml version="1.0" encoding="koi8-r"?><html><p>', body, '</p>'));
    expect([result.charset, result.charsetSource]).toEqual(['koi8-r', 'meta']);
  });

  it('is skipped for plain text', () => {
    const result = text(bytesOf('<meta charset="koi8-r"> Grüße'));
    expect([result.charset, result.charsetSource]).toEqual(['utf-8', 'utf8']);
  });
});

describe('decodeBytes: UTF-8', () => {
  it('undeclared valid UTF-8 and pure ASCII are UTF-8', () => {
    expect(html(bytesOf('<p>人工智能 Grüße</p>'))).toEqual({
      text: '<p>人工智能 Grüße</p>',
      charset: 'utf-8',
      charsetSource: 'utf8',
      invalidBytes: 0,
    });
    expect(text(bytesOf('plain ascii'))).toEqual({ text: 'plain ascii', charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 0 });
    expect(text(new Uint8Array())).toEqual({ text: '', charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 0 });
  });

  it('UTF-8 declared as latin1 (meta or HTTP) is still UTF-8', () => {
    const page = bytesOf('<meta charset="iso-8859-1"><p>Größere Übungen: „Äpfel“ – 5 €</p>');
    expect(html(page)).toMatchObject({ charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 0 });
    expect(html(page).text).toContain('„Äpfel“ – 5 €');
    expect(html(bytesOf('Größe'), 'text/html; charset=windows-1250').charsetSource).toBe('utf8');
    expect(html(bytesOf('<meta charset="gbk"><p>人工智能</p>')).charset).toBe('utf-8');
  });

  it('ASCII-only pages keep their declared legacy charset', () => {
    expect(html(bytesOf('<meta charset="iso-8859-1"><p>plain</p>'))).toMatchObject({
      charset: 'windows-1252',
      charsetSource: 'meta',
    });
  });

  it('invalid sequences become U+FFFD and are counted; literal U+FFFD is not counted', () => {
    const result = html(bytesOf('<meta charset="utf-8">ok ', [0xc3, 0xa9, 0xff], ' ', [0xe2, 0x82], ' ', [0xef, 0xbf, 0xbd], ' end'));
    expect(result).toEqual({
      text: '<meta charset="utf-8">ok é\uFFFD \uFFFD \uFFFD end',
      charset: 'utf-8',
      charsetSource: 'meta',
      invalidBytes: 2,
    });
  });

  it('a download cut inside a character is UTF-8 with one invalid byte sequence', () => {
    const result = text(bytesOf('Grüße aus Köln, 5 ', Buffer.from('€').subarray(0, 2)));
    expect(result).toEqual({ text: 'Grüße aus Köln, 5 \uFFFD', charset: 'utf-8', charsetSource: 'utf8', invalidBytes: 1 });
  });

  it('UTF-8 with a stray latin1 byte among many good characters is still UTF-8', () => {
    const result = text(bytesOf('Größe, Übung, Straße, café ', [0xe9], ' fin'));
    expect(result).toEqual({
      text: 'Größe, Übung, Straße, café \uFFFD fin',
      charset: 'utf-8',
      charsetSource: 'detected',
      invalidBytes: 1,
    });
  });

  it('declared UTF-8 that is really windows-1252 goes to detection', () => {
    const french = 'L’été dernier, nous avons visité le château — c’était magnifique ! Crème brûlée à la française.';
    const latin = iconv.encode(`<p>${french}</p>`, 'windows-1252');
    const result = html(bytesOf('<meta charset="utf-8">', latin));
    expect([result.charset, result.charsetSource, result.invalidBytes]).toEqual(['windows-1252', 'detected', 0]);
    expect(result.text).toContain('L’été dernier');
  });
});

describe('decodeBytes: detection', () => {
  it('UTF-16LE and UTF-16BE without BOM, from their NULs', () => {
    const page = '<!DOCTYPE html><html><body><p>日本語のテキスト and English</p></body></html>';
    const little = Buffer.from(page, 'utf16le');
    const big = Buffer.from(page, 'utf16le').swap16();
    expect(html(little)).toEqual({ text: page, charset: 'utf-16le', charsetSource: 'detected', invalidBytes: 0 });
    expect(html(big)).toEqual({ text: page, charset: 'utf-16be', charsetSource: 'detected', invalidBytes: 0 });
    expect(text(Buffer.from('plain text file\n', 'utf16le')).charset).toBe('utf-16le');
  });

  it('NULs without the UTF-16 regularity are not UTF-16', () => {
    expect(text(bytesOf('abc', [0, 0, 0, 0, 0, 0], 'def')).charset).toBe('utf-8');
  });

  it('ISO-2022-JP from its escape sequences', () => {
    const result = html(bytesOf('<p>', [0x1b, 0x24, 0x42], '$3$s$K$A$O', [0x1b, 0x28, 0x42], '</p>'));
    expect([result.text, result.charset, result.charsetSource]).toEqual(['<p>こんにちは</p>', 'iso-2022-jp', 'detected']);
  });

  it('undeclared windows-1251 and KOI8-R Russian', () => {
    const long = `${russian} ${russian}`;
    expect(html(bytesOf('<p>', cp1251(long), '</p>'))).toMatchObject({ charset: 'windows-1251', charsetSource: 'detected' });
    expect(html(bytesOf('<p>', koi8r(long), '</p>'))).toMatchObject({ charset: 'koi8-r', charsetSource: 'detected' });
    expect(text(koi8r(long)).text).toBe(long);
  });

  it('undeclared CJK', () => {
    const chinese = '人工智能正在改变世界。大规模语言模型的训练始于海量数据，原始网页往往充满了噪声。';
    const japanese = '日本語のウェブページは今でもシフトJISやEUC-JPで書かれていることがあります。';
    expect(text(iconv.encode(chinese, 'gbk')).text).toBe(chinese);
    expect(text(iconv.encode(japanese, 'shiftjis'))).toMatchObject({ text: japanese, charset: 'shift_jis' });
  });
});

describe('decodeBytes: WHATWG decoders', () => {
  const declared = (charset: string, payload: readonly number[]): DecodeResult =>
    html(bytesOf(`<meta charset="${charset}">`, payload));
  const decodedPayload = (charset: string, payload: readonly number[]): string =>
    declared(charset, payload).text.slice(`<meta charset="${charset}">`.length);

  it('windows-1252 0x80–0x9F follow the WHATWG index (undefined bytes are C1 controls)', () => {
    const row = Array.from({ length: 32 }, (_, index) => 0x80 + index);
    expect(decodedPayload('windows-1252', row)).toBe(
      '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ',
    );
    expect(declared('windows-1252', row).invalidBytes).toBe(0);
  });

  it('other single-byte indexes where iconv-lite differs', () => {
    expect(decodedPayload('windows-1250', [0x81, 0x8a])).toBe('\u0081Š');
    expect(decodedPayload('macintosh', [0xbd, 0xdb, 0xf0])).toBe('Ω€\uF8FF');
    expect(decodedPayload('x-mac-cyrillic', [0xa2, 0xb6, 0xff])).toBe('Ґґ€');
    expect(decodedPayload('koi8-u', [0xae, 0xbe, 0xa4])).toBe('ўЎє');
    expect(decodedPayload('windows-1255', [0xca])).toBe('\u05BA');
  });

  it('undefined single bytes are U+FFFD and counted', () => {
    expect(declared('windows-1253', [0xaa, 0x41])).toMatchObject({ text: '<meta charset="windows-1253">\uFFFDA', invalidBytes: 1 });
    expect(declared('windows-874', [0xdb, 0xfc])).toMatchObject({ invalidBytes: 2 });
  });

  it('gbk decodes as gb18030: euro byte, four-byte codes, GB18030-2022 code points', () => {
    expect(decodedPayload('gbk', [0x80])).toBe('€');
    expect(decodedPayload('gb2312', [0x81, 0x30, 0x81, 0x30, 0x90, 0x30, 0x81, 0x30])).toBe('\u0080\u{10000}');
    expect(decodedPayload('gb18030', [0xa6, 0xd9, 0xfe, 0x59, 0xa3, 0xa0])).toBe('\uFE10\u9FB4\u3000');
  });

  it('gb18030: a literal U+FFFD is not an error, a code beyond U+10FFFF is, and leaves no lone surrogate', () => {
    expect(declared('gb18030', [0x84, 0x31, 0xa4, 0x37])).toMatchObject({ invalidBytes: 0 });
    const beyond = declared('gb18030', [0xe3, 0x32, 0x9a, 0x36, 0x41]);
    expect(beyond.text.endsWith('A')).toBe(true);
    expect(beyond.text).not.toMatch(/\p{Surrogate}/u);
    expect(beyond.invalidBytes).toBeGreaterThan(0);
  });

  it('big5 is Big5-HKSCS, with its two-code-point sequences', () => {
    expect(decodedPayload('big5', [0x88, 0x62, 0x88, 0x64, 0x87, 0x40, 0xa4, 0xa4])).toBe('\u00CA\u0304\u00CA\u030C\u43F0中');
  });

  it('shift_jis: ASCII 0x5C and 0x7E, Windows-31J code points, half-width katakana', () => {
    expect(decodedPayload('shift_jis', [0x5c, 0x7e, 0x81, 0x5f, 0x81, 0x60, 0x87, 0x40, 0xb1])).toBe('\\~＼～①ｱ');
  });

  it('euc-kr is code page 949', () => {
    expect(decodedPayload('euc-kr', [0xa2, 0xe6, 0x81, 0x41, 0xb0, 0xa1])).toBe('€갂가');
  });

  it('euc-jp reaches JIS X 0212 and half-width katakana', () => {
    expect(decodedPayload('euc-jp', [0x8f, 0xb0, 0xa1, 0x8e, 0xb1, 0xc6, 0xfc])).toBe('丂ｱ日');
  });

  it('invalid multi-byte sequences are counted', () => {
    expect(declared('shift_jis', [0x82, 0xa0, 0x82, 0x20, 0xa0])).toMatchObject({ invalidBytes: 2 });
  });
});

describe('decodeBytes: never throws', () => {
  const interesting = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc
      .tuple(
        fc.constantFrom('', '\uFEFF', '<meta charset="gbk">', '<meta charset=utf-16>', '<?xml encoding="x"?>', '<!--'),
        fc.uint8Array({ maxLength: 200 }),
      )
      .map(([prefix, tail]) => bytesOf(prefix, tail)),
  );
  const contentTypes = fc.option(
    fc.oneof(fc.string(), fc.constantFrom('text/html; charset=utf-16', 'text/html; charset=gb18030', 'text/html; charset=iso-2022-jp')),
    { nil: undefined },
  );

  it('returns well-formed text and a known charset for any bytes', () => {
    fc.assert(
      fc.property(interesting, contentTypes, fc.constantFrom('html' as const, 'text' as const), (bytes, contentType, type) => {
        const options: DecodeOptions = { type };
        if (contentType !== undefined) options.httpContentType = contentType;
        const result = decodeBytes(bytes, options);
        expect(result.text).not.toMatch(/\p{Surrogate}/u);
        expect(Number.isInteger(result.invalidBytes) && result.invalidBytes >= 0).toBe(true);
        expect(charsetFromContentType(`text/plain; charset=${result.charset}`)).toBe(result.charset);
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips any UTF-8 text without BOM, NUL or ESC', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }).filter((value) => !/^\uFEFF|[\0\x1b]/.test(value)),
        (value) => {
          expect(text(Buffer.from(value, 'utf8')).text).toBe(value);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('fixtures/encodings', () => {
  const manifest = JSON.parse(readFileSync(join(fixturesDir, 'manifest.json'), 'utf8')) as Record<
    string,
    { charset: string; charsetSource: CharsetSource; httpContentType?: string }
  >;

  it.each(Object.entries(manifest))('%s', (file, expected) => {
    const result = html(readFileSync(join(fixturesDir, file)), expected.httpContentType);
    expect([result.charset, result.charsetSource, result.invalidBytes]).toEqual([expected.charset, expected.charsetSource, 0]);
    expect(bodyText(result.text)).toBe(collapse(readFileSync(join(fixturesDir, file.replace(/\.html$/, '.expected.txt')), 'utf8')));
  });
});

/** What each page of the shared corpus must report; pages added later are checked for their text only. */
const SHARED_EXPECTED: Readonly<Record<string, { charset: readonly string[]; source: CharsetSource }>> = {
  'big5-meta-charset.html': { charset: ['big5'], source: 'meta' },
  'euc-jp-meta-charset.html': { charset: ['euc-jp'], source: 'meta' },
  'euc-kr-meta-charset.html': { charset: ['euc-kr'], source: 'meta' },
  'gb18030-undeclared.html': { charset: ['gb18030', 'gbk'], source: 'detected' },
  'gb2312-http-equiv.html': { charset: ['gbk'], source: 'meta' },
  'gbk-meta-charset.html': { charset: ['gbk'], source: 'meta' },
  'iso-8859-2-meta-charset.html': { charset: ['iso-8859-2'], source: 'meta' },
  'koi8-r-http-equiv.html': { charset: ['koi8-r'], source: 'meta' },
  'shift_jis-http-equiv.html': { charset: ['shift_jis'], source: 'meta' },
  'shift_jis-undeclared.html': { charset: ['shift_jis'], source: 'detected' },
  'utf-16be-bom.html': { charset: ['utf-16be'], source: 'bom' },
  'utf-16le-bom.html': { charset: ['utf-16le'], source: 'bom' },
  'utf-8-bom-contradicting-meta.html': { charset: ['utf-8'], source: 'bom' },
  'utf-8-declared-latin1.html': { charset: ['utf-8'], source: 'utf8' },
  'utf-8-undeclared.html': { charset: ['utf-8'], source: 'utf8' },
  'windows-1250-meta-charset.html': { charset: ['windows-1250'], source: 'meta' },
  'windows-1251-meta-charset.html': { charset: ['windows-1251'], source: 'meta' },
  'windows-1252-undeclared.html': { charset: ['windows-1252'], source: 'detected' },
};

const hasSharedEncodings = existsSync(sharedEncodingsDir);
const hasSharedWebDev = existsSync(sharedWebDevDir);

it.skipIf(hasSharedEncodings)('SKIPPED shared corpus: ../shared/corpora/encodings not found next to the repository', () => {});

describe.skipIf(!hasSharedEncodings)('shared corpus: ../shared/corpora/encodings', () => {
  const pages = hasSharedEncodings ? readdirSync(sharedEncodingsDir).filter((file) => file.endsWith('.html')) : [];

  it('has pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(18);
  });

  it.each(pages)('%s', (file) => {
    const result = html(readFileSync(join(sharedEncodingsDir, file)));
    const expectedText = collapse(readFileSync(join(sharedEncodingsDir, file.replace(/\.html$/, '.expected.txt')), 'utf8'));
    expect(bodyText(result.text)).toBe(expectedText);
    expect(result.invalidBytes).toBe(0);
    const expected = SHARED_EXPECTED[file];
    if (expected !== undefined) {
      expect(expected.charset).toContain(result.charset);
      expect(result.charsetSource).toBe(expected.source);
    }
  });
});

it.skipIf(hasSharedWebDev)('SKIPPED shared corpus: ../shared/corpora/web-dev not found next to the repository', () => {});

describe.skipIf(!hasSharedWebDev)('shared corpus: ../shared/corpora/web-dev', () => {
  it('every page decodes without replacement characters; the legacy ones have accented letters, not C1 controls', () => {
    const files = readdirSync(sharedWebDevDir).filter((file) => file.endsWith('.html.gz'));
    const sources: Record<string, number> = {};
    for (const file of files) {
      const result = html(gunzipSync(readFileSync(join(sharedWebDevDir, file))));
      sources[`${result.charsetSource}:${result.charset}`] = (sources[`${result.charsetSource}:${result.charset}`] ?? 0) + 1;
      expect.soft(result.invalidBytes, file).toBe(0);
      // Compared as booleans: a failure should name the page, not print it.
      if (result.charset !== 'utf-8' && /[^\x00-\x7f]/.test(result.text)) {
        expect.soft(/[À-ÿ]/.test(result.text), `${file} has accented letters`).toBe(true);
        expect.soft(/[\u0080-\u009f]/.test(result.text), `${file} has C1 controls`).toBe(false);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(166);
    expect(sources['default:windows-1252'] ?? 0).toBe(0);
  });
});

describe('replaceInvalidUtf8', () => {
  it('gives the bytes of decoding with U+FFFD and encoding again, without the text', () => {
    const piece = fc.constantFrom([0x61], [0x3c], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbd], [0x80], [0xbf], [0xc3], [0xc1, 0x80], [0xe2, 0x82], [0xe0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xf4, 0x90, 0x80], [0xf5], [0xff]);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const bytes = Buffer.from(pieces.flat());
        const replacements = utf8InvalidCount(bytes);
        expect(replacements).toBe(decodeUtf8(bytes).invalidBytes);
        expect(replaceInvalidUtf8(bytes, replacements)).toEqual(Buffer.from(new TextDecoder().decode(bytes)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decodeBytes: a late <meta charset> and decodings that yield controls', () => {
  const polish = 'Zażółć gęślą jaźń. Pchnąć w tę łódź jeża lub ośm skrzyń fig. Źdźbło, łąka, żółw, ćma, śnieg.';
  const page = (before: string, body: string) =>
    Buffer.concat([Buffer.from(`<html><head>${before}<meta charset="iso-8859-2"><title>T</title></head><body><p>`), iconv.encode(body, 'iso-8859-2'), Buffer.from('</p></body></html>')]);

  it('changes a guessed encoding to a <meta charset> found after the first 1024 bytes, as a browser does', () => {
    for (const before of [`<!--${'x'.repeat(3000)}-->`, `<script>${'var a = 1;\n'.repeat(800)}</script>`, ' '.repeat(8192)]) {
      const decoded = decodeBytes(page(before, 'Źdźbło ąę'), { type: 'html' });
      expect({ charset: decoded.charset, source: decoded.charsetSource, text: decoded.text.includes('Źdźbło ąę') }).toEqual({ charset: 'iso-8859-2', source: 'meta', text: true });
    }
    expect(decodeBytes(page(`<!--${'x'.repeat(3000)}-->`, polish), { type: 'html' }).text).toContain(polish);
  });

  it('takes no declaration from inside a script, and none over an HTTP charset or valid UTF-8', () => {
    const inScript = Buffer.concat([Buffer.from(`<html><head><script>${'x'.repeat(2000)} var s = '<meta charset="iso-8859-2">';</script></head><body><p>`), iconv.encode('Źdźbło', 'iso-8859-2'), Buffer.from('</p></body></html>')]);
    expect(decodeBytes(inScript, { type: 'html' }).charsetSource).not.toBe('meta');
    expect(decodeBytes(page(`<!--${'x'.repeat(3000)}-->`, polish), { type: 'html', httpContentType: 'text/html; charset=windows-1250' }).charset).toBe('windows-1250');
    const utf8Page = Buffer.from(`<html><head><!--${'x'.repeat(3000)}--><meta charset="iso-8859-2"></head><body>Źdźbło</body></html>`);
    expect(decodeBytes(utf8Page, { type: 'html' })).toMatchObject({ charset: 'utf-8', charsetSource: 'utf8' });
  });

  it('does not pick a decoding into C1 controls when another candidate decodes the text cleanly: French in GB18030', () => {
    const french = "Le français est une langue romane parlée en France, en Belgique, au Québec et dans de nombreux pays d'Afrique. Été, hôpital, forêt, naïve, cœur, déjà, où, âge, élève, très, après, Noël.";
    expect(decodeBytes(iconv.encode(french, 'gb18030'), { type: 'text' })).toEqual({ text: french, charset: 'gb18030', charsetSource: 'detected', invalidBytes: 0 });
  });
});
