import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanDocument } from '../src/document.js';
import { cleanTextUtf8 } from '../src/fused-text.js';
import { buildPipeline, DEFAULT_STEPS, type Pipeline } from '../src/pipeline.js';
import { collapseWhitespaceText, decodeEntitiesText, removePunctuationWith, type StepName, type StepOptions } from '../src/steps/index.js';
import { stripTagsFull } from '../src/steps/strip-tags.js';
import type { RawDoc } from '../src/types.js';
import { hasShared, REPO_ROOT, sharedPath } from './shared-corpora.js';

/**
 * The fused path (steps run on the UTF-8 bytes, only the kept text decoded)
 * must give exactly what decoding the page and composing the separate steps
 * gives: same text, same metadata.
 */
const PIPELINES: Array<[string, readonly StepName[], StepOptions?]> = [
  ['default', DEFAULT_STEPS],
  ['full text', ['strip-tags', 'decode-entities', 'collapse-whitespace']],
  ['strip only', ['strip-tags']],
  ['references left alone', ['strip-tags', 'collapse-whitespace', 'remove-punctuation']],
  // Main content: the page decoded in chunks instead of one string.
  ['main content', ['strip-tags', 'decode-entities', 'collapse-whitespace'], { extract: 'main', keepNewlines: true }],
];

/** The same pipeline without its fused paths: decode, then compose the steps. */
function general(pipeline: Pipeline): Pipeline {
  return { names: pipeline.names, forType: pipeline.forType };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.html?(\.gz)?$/.test(name))
    .map((name) => path.join(dir, name));
}

/** The page's bytes; the reader fixtures' deliberately broken gzip files are left out. */
function rawOf(file: string): RawDoc | undefined {
  let bytes: Buffer = readFileSync(file);
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return undefined;
    }
  }
  return { source: file, bytes, type: 'html', metadata: {} };
}

function expectSameOutcome(raw: RawDoc, names: readonly StepName[], options: StepOptions = {}): boolean {
  const pipeline = buildPipeline(names, options);
  expect(pipeline.fromUtf8Html).toBeDefined();
  const fused = cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, pipeline);
  const reference = cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, general(pipeline));
  expect(fused).toEqual(reference);
  return true;
}

describe('the fused UTF-8 path equals decoding and composing the steps', () => {
  const folders = [path.join(REPO_ROOT, 'fixtures')];
  for (const shared of ['web-dev', 'main-dev', 'encodings']) if (hasShared(shared)) folders.push(sharedPath(shared));

  for (const [label, names, options] of PIPELINES) {
    it(`${label}: on every page of the fixtures and the shared corpora`, () => {
      let pages = 0;
      for (const folder of folders) {
        for (const file of htmlFiles(folder)) {
          const raw = rawOf(file);
          if (raw === undefined) continue;
          expectSameOutcome(raw, names, options);
          pages++;
        }
      }
      expect(pages).toBeGreaterThan(20);
    });
  }

  it('on generated markup', () => {
    const piece = fc.constantFrom('<p>', '</p>', '<div class="a>b">', '<br/>', '<script>x<y</script>', '<!-- c -->', '<svg><title/></svg>', '&amp;', '&nbsp;', 'é', '中', '👩‍💻', ' ', '\n', '\r\n', '<', '>', 'text', 'Hello, world!', '<title>T</title>', '<head>', '<td>', '<b>');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const raw: RawDoc = { source: 'generated.html', bytes: Buffer.from(parts.join('')), type: 'html', metadata: {} };
        for (const [, names, options] of PIPELINES) expectSameOutcome(raw, names, options);
      }),
      { numRuns: 300 },
    );
  });

  it('on UTF-8 with flaws, after a BOM, and ASCII under a legacy declaration: the same outcome as decoding first', () => {
    // Ill-formed sequences among enough well-formed ones are still read as UTF-8 (a declared
    // UTF-8 accepts more); the byte path must give what decoding with U+FFFD and cleaning gives.
    const bytePiece = fc.constantFrom(
      ...['<p>', '</p>', '<div class="a>b">', '<br/>', '<script>x<y</script>', '<!-- c -->', '&amp;', '&nbsp;', ' ', '\n', 'text', 'Hello, world!', '<title>T</title>', '<td>'].map((piece) => [...Buffer.from(piece)]),
      ...['é', '中文', '👩‍💻', 'ж', '\ufffd'].map((piece) => [...Buffer.from(piece)]),
      [0x80], [0xc3], [0xe2, 0x82], [0xff], [0xed, 0xa0, 0x80], [0xf0, 0x9f], [0xc0, 0xaf], [0xe2], [0x00],
      // ISO-2022-JP's own bytes: ESC sequences, SO and SI.
      [0x1b, 0x24, 0x42, 0x30, 0x21, 0x1b, 0x28, 0x42], [0x0e], [0x0f],
    );
    const prefix = fc.constantFrom(
      ...['', '<meta charset="utf-8">', '<meta charset="iso-8859-1">', '<meta charset="iso-2022-jp">', '<meta charset="shift_jis">'].map((head) => [...Buffer.from(head)]),
      [0xef, 0xbb, 0xbf],
    );
    fc.assert(
      fc.property(prefix, fc.array(bytePiece, { maxLength: 30 }), fc.constantFrom('html', 'text', 'auto'), (head, pieces, type) => {
        const bytes = Buffer.from([...head, ...pieces.flat()]);
        const raw: RawDoc = { source: 'flawed.html', bytes, type: type as RawDoc['type'], metadata: {} };
        for (const [, names] of PIPELINES) {
          const pipeline = buildPipeline(names);
          expect(cleanDocument({ ...raw, bytes: Buffer.from(bytes) }, pipeline)).toEqual(cleanDocument({ ...raw, bytes: Buffer.from(bytes) }, general(pipeline)));
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('strip-tags on a string equals strip-tags on its UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (text) => {
        const html = `<p>${text}</p><div>${text}</div>`;
        expect(stripTagsFull(html)).toBe(stripTagsFull(Buffer.from(html).toString('utf8')));
      }),
      { numRuns: 200 },
    );
  });
});

/**
 * The one-pass text steps of the default pipeline (decode-entities,
 * collapse-whitespace, remove-punctuation over UTF-8 bytes) against the
 * three steps composed, on text made of the pieces that each step treats
 * specially.
 */
describe('the fused text pass equals decode-entities, collapse-whitespace and remove-punctuation composed', () => {
  const pieces = [
    // character references: named with and without `;`, legacy prefixes, numeric, broken, ones that decode to punctuation, space or marks
    '&amp;', '&amp', '&ampx', '&lt;', '&gt', '&nbsp;', '&nbsp', '&notit;', '&nGt;', '&NotEqualTilde;', '&#65;', '&#x41', '&#X1F600;', '&#128512',
    '&#0;', '&#x80;', '&#xD800;', '&#x110000;', '&#9;', '&#10;', '&#x2028;', '&#x301;', '&#769', '&#', '&#x', '&#;', '&;', '&', '& ', '&&', '&a', '&zwj;', '&#8205;',
    // white space of every kind
    ' ', '  ', '\t', '\n', '\r', '\v', '\f', '\u0085', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\u200b',
    // punctuation, symbols, marks, joiners, emoji sequences
    '!', '?', '-', "'", '"', '.', ',', '$', '+', '©', '—', '«', '»', '、', '。', '\u0301', '\u05b8', '\u0e31', '\ufe0f', '\u20e3', '\u200d', '👩‍💻', '👍🏽', '🇫🇷', '🏴\u{e0067}\u{e0062}\u{e007f}', '1\ufe0f\u20e3', '𝔄', '𝟘',
    // letters of many scripts, and characters NFC changes or composes
    'word', 'Hello', 'é', 'e\u0301', '中文', 'हिन्दी', 'العربية', 'שָׁלוֹם', 'ไทย', 'Ω', '\u2126', '\u212b', '\u0958', '\u1100\u1161', '\uac00\u11a8', '\uf900', '\u0344', 'ﬁ', 'Ａ', '\u{2f800}', '\x01', '\x7f',
  ];
  const text = fc.array(fc.constantFrom(...pieces), { maxLength: 30 }).map((parts) => parts.join(''));
  const composed = (input: string, keepSymbols: boolean): string =>
    removePunctuationWith(collapseWhitespaceText(decodeEntitiesText(input)), keepSymbols ? { keepSymbols: true } : {});

  it('on generated text, deleting symbols or keeping them', () => {
    fc.assert(
      fc.property(text, fc.boolean(), (input, keepSymbols) => {
        const bytes = Buffer.from(input);
        const fused = cleanTextUtf8(bytes, bytes.length, keepSymbols);
        expect(fused?.text).toBe(composed(input, keepSymbols));
        if (fused?.isNfc === true) expect(fused.text.normalize('NFC')).toBe(fused.text);
      }),
      { numRuns: 2000 },
    );
  });

  it('has room for references that decode to more bytes than they take (&nGt; is 5 bytes, its text 6)', () => {
    for (const input of ['&nGt;'.repeat(5000), 'a&nGt;b '.repeat(2000), '&nGt;'.repeat(3) + 'x']) {
      const bytes = Buffer.from(input);
      expect(cleanTextUtf8(bytes, bytes.length, true)?.text).toBe(composed(input, true));
    }
  });

  it('reads only the given length of a longer buffer', () => {
    const bytes = Buffer.from('a &amp; b! c&nbsp;d e');
    expect(cleanTextUtf8(bytes, 9, false)?.text).toBe(composed('a &amp; b', false));
    expect(cleanTextUtf8(bytes, 11, false)?.text).toBe(composed('a &amp; b! ', false));
  });

  it('declines bytes that are not valid UTF-8, which the general path then decodes', () => {
    for (const bad of [[0x61, 0x80], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0xff]]) {
      expect(cleanTextUtf8(Buffer.from(bad), bad.length, false)).toBeUndefined();
    }
  });

  it('on plain text documents (references are text there), equals decoding and composing the steps', () => {
    const lists: Array<readonly StepName[]> = [DEFAULT_STEPS, ['collapse-whitespace', 'remove-punctuation'], ['strip-tags', 'collapse-whitespace', 'remove-punctuation']];
    fc.assert(
      fc.property(text, fc.constantFrom(...lists), fc.boolean(), (input, names, keepSymbols) => {
        const pipeline = buildPipeline(names, keepSymbols ? { keepSymbols: true } : {});
        expect(pipeline.fromUtf8Text).toBeDefined();
        const raw: RawDoc = { source: 'generated.txt', bytes: Buffer.from(input), type: 'text', metadata: {} };
        const fused = cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, pipeline);
        expect(fused).toEqual(cleanDocument({ ...raw, bytes: Buffer.from(raw.bytes) }, general(pipeline)));
      }),
      { numRuns: 1000 },
    );
  });

  it('in a pipeline, whatever the normalization and symbol options, equals the composed steps', () => {
    const optionSets: StepOptions[] = [{}, { keepSymbols: true }, { normalize: 'NFKC' }, { normalize: 'none' }, { keepSymbols: true, normalize: 'NFKC' }];
    fc.assert(
      fc.property(text, fc.constantFrom(...optionSets), (input, options) => {
        const pipeline = buildPipeline(DEFAULT_STEPS, options);
        const html = `<p>${input}</p><div>${input}<br>x</div>`;
        expect(pipeline.fromUtf8Html?.(Buffer.from(html))).toBe(pipeline.forType('html')(html));
      }),
      { numRuns: 1000 },
    );
  });
});
