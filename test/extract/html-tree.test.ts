import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/decode.js';
import { KNOWN_TAG_IDS, Tag } from '../../src/extract/html-elements.js';
import {
  NodeFlag,
  SourceChunks,
  buildHtmlTree,
  loadPlainTokenizer,
  utf8SourceChunks,
  withSearchingFastForward,
  type HtmlTree,
} from '../../src/extract/html-tree.js';
import { extractMainContent, extractMainContentUtf8 } from '../../src/extract/main-content.js';

const nameOf = new Map([...KNOWN_TAG_IDS].map(([name, id]) => [id, name]));

/** The tree as nested s-expressions, text nodes quoted: easy to compare. */
function outline(tree: HtmlTree, node = 0): string {
  if (tree.tag[node] === Tag.Text) return JSON.stringify(tree.source.slice(tree.textStart[node] as number, tree.textEnd[node] as number));
  const children: string[] = [];
  for (let child = node + 1; child < (tree.end[node] as number); child = tree.end[child] as number) {
    children.push(outline(tree, child));
  }
  const name = nameOf.get(tree.tag[node] as number) ?? '?';
  return children.length === 0 ? `(${name})` : `(${name} ${children.join(' ')})`;
}

const parse = (html: string): string => outline(buildHtmlTree(html));

describe('buildHtmlTree', () => {
  it('keeps character references as written', () => {
    expect(parse('<p>a &amp; b &nbsp;&#x27;</p>')).toBe('(#root (p "a &amp; b &nbsp;&#x27;"))');
  });

  it("reads a stray <![CDATA[ as the HTML standard does, a bogus comment up to the next '>', not a section that swallows the page", () => {
    // The comment ends inside `<b>`: no b element opens, and "x" is text, as in a browser.
    expect(parse('<p>alpha</p><![CDATA[ <b>x</b> ]]><p>beta</p>')).toBe('(#root (p "alpha") "x" " ]]>" (p "beta"))');
    // The comment takes `<div id="top">` with it; its `</div>` closes the outer div: the page goes on.
    expect(parse('<div><![CDATA[\n<div id="top"></div><p>post</p></div>')).toBe('(#root (div) (p "post"))');
  });

  it('closes paragraphs implied by block starts, not by inline ones', () => {
    expect(parse('<p>one<div>two</div><p>three<span>four</span>')).toBe('(#root (p "one") (div "two") (p "three" (span "four")))');
  });

  it('closes list items, cells and rows implicitly, within their own list or table', () => {
    expect(parse('<ul><li>a<li>b<ul><li>c</ul></ul>')).toBe('(#root (ul (li "a") (li "b" (ul (li "c")))))');
    expect(parse('<table><tr><td>a<td>b<tr><td>c</table>')).toBe('(#root (table (tr (td "a") (td "b")) (tr (td "c"))))');
  });

  it('does not let an end tag reach out of a table cell', () => {
    expect(parse('<div><table><tr><td>a</div>b</td></tr></table>c</div>')).toBe(
      '(#root (div (table (tr (td "a" "b"))) "c"))',
    );
  });

  it('ends an unclosed head at the first body element', () => {
    expect(parse('<html><head><title>t</title><div>body text')).toBe('(#root (html (head (title "t")) (div "body text")))');
  });

  it('treats void elements as empty and </br> as <br>', () => {
    expect(parse('a<br>b</br>c<img src=x>d')).toBe('(#root "a" (br) "b" (br) "c" (img) "d")');
  });

  it('honours self-closing syntax only in SVG', () => {
    expect(parse('<div/>x')).toBe('(#root (div "x"))');
    // path and text are not in the element table: they print as "?".
    expect(parse('<svg><path/><text>t</text></svg>y')).toBe('(#root (svg (?) (? "t")) "y")');
  });

  it('flags hidden elements, but not those hidden from screen readers only (aria-hidden), which show', () => {
    const tree = buildHtmlTree(
      '<div hidden>a</div><p style="display: none">b</p><h2 style="visibility:hidden">c</h2><div hidden="until-found">d</div><span aria-hidden="true">e</span><i>f</i>',
    );
    const hidden = [...tree.flags].map((flags, node) => (flags & NodeFlag.Hidden ? nameOf.get(tree.tag[node] as number) : undefined)).filter(Boolean);
    expect(hidden).toEqual(['div', 'p', 'h2']);
  });

  it('flags a dialog as hidden until it is open, as browsers show it', () => {
    const tree = buildHtmlTree('<dialog>a</dialog><dialog open>b</dialog><dialog class="x">c</dialog><dialog open hidden>d</dialog>');
    const dialogs = [...tree.tag].flatMap((tag, node) => (tag === Tag.Dialog ? [((tree.flags[node] as number) & NodeFlag.Hidden) !== 0] : []));
    expect(dialogs).toEqual([true, false, true, true]);
  });

  it('keeps class and id, but not ids that are heading anchors', () => {
    const tree = buildHtmlTree('<div class="Post Body" id="Main"></div><h2 id="how-to-set-it-up"></h2>');
    expect(tree.attributes[1]?.classAndId).toBe('post body main');
    expect(tree.attributes[2]?.classAndId ?? '').toBe('');
  });

  it('builds 200,000 levels of nesting iteratively and linearly', () => {
    const start = performance.now();
    const tree = buildHtmlTree('<div>'.repeat(200_000) + 'x');
    expect(tree.size).toBe(200_002);
    expect(tree.end[1]).toBe(200_002);
    expect(performance.now() - start).toBeLessThan(5_000);
  });
});

describe('a page decoded in chunks (utf8SourceChunks)', () => {
  const filler = (length: number, text: string): string => text.repeat(Math.ceil(length / text.length)).slice(0, length);
  // Pages whose 32 KB chunk boundaries fall in long text, in multi-byte characters, in a long attribute,
  // in a script, and beside a stray <![CDATA[ at every offset around the first boundary.
  const pages = [
    `<p>${filler(100_000, 'Ünïcödé ≠ ascii 漢字 🎉 ')}</p><div>end</div>`,
    `<div class="${filler(70_000, 'a-b ')}"><p>${filler(40_000, 'word ')}</p></div>`,
    `<script>${filler(50_000, 'var x = 1 < 2;')}</script><article><p>${filler(30_000, 'Text here. ')}</p></article>`,
    ...[16_370, 16_380, 16_384, 16_390, 32_750, 32_760, 32_765].map(
      (at) => `<p>${filler(at, 'x')}</p><![CDATA[ <b>hidden</b> ]]><p>${filler(40_000, 'after ')}</p>`,
    ),
    ...[32_760, 32_764, 32_766, 32_767, 32_768].map((at) => `<main><h1>Title</h1><p>${filler(at, 'y')}${filler(50_000, 'é漢')}</p></main>`),
  ];

  it('reads as the same tree as the one string', () => {
    for (const page of pages) {
      const chunks = utf8SourceChunks(Buffer.from(page));
      expect(chunks.chunks.length).toBeGreaterThan(1);
      expect(chunks.chunks.join('')).toBe(page);
      expect(outline(buildHtmlTree(chunks))).toBe(outline(buildHtmlTree(page)));
    }
  });

  it('gives the same main content', () => {
    for (const page of pages) expect(extractMainContentUtf8(Buffer.from(page))).toBe(extractMainContent(page));
  });

  it('reads a page of over 4 MB as one string, with the same main content', () => {
    const paragraphs = Array.from({ length: 120_000 }, (_, i) => `<p>Paragraph ${i} of Ünïcödé 漢字 text.</p>`).join('');
    const page = `<main><h1>Big</h1>${paragraphs}</main>`;
    expect(Buffer.byteLength(page)).toBeGreaterThan(4 * 1024 * 1024);
    const text = extractMainContentUtf8(Buffer.from(page));
    expect(text).toBe(extractMainContent(page));
    expect(text.slice(0, 64)).toBe('Big\nParagraph 0 of Ünïcödé 漢字 text.\nParagraph 1 of Ünïcödé 漢字 te');
  });

  it('keeps every chunk under 32 K UTF-16 units, so no string lands in the large-object space', () => {
    for (const page of pages) for (const chunk of utf8SourceChunks(Buffer.from(page)).chunks) expect(chunk.length).toBeLessThanOrEqual(32 * 1024);
  });

  it('slices across chunks', () => {
    const source = new SourceChunks(['abc', 'def', '', 'ghij']);
    expect(source.length).toBe(10);
    expect([source.slice(0, 3), source.slice(2, 4), source.slice(1, 9), source.slice(7, 10), source.slice(5, 5), source.slice(0, 10)]).toEqual([
      'abc',
      'cd',
      'bcdefghi',
      'hij',
      '',
      'abcdefghij',
    ]);
    // Backwards after forwards.
    expect(source.slice(1, 2)).toBe('b');
  });
});

describe("the tokenizer's fast-forward by String#indexOf", () => {
  const plain = loadPlainTokenizer();
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  /** Everything the extractor reads of a tree: shape, text offsets, flags, attributes. */
  const everything = (tree: HtmlTree): string =>
    JSON.stringify([outline(tree), [...tree.flags], [...tree.textStart.subarray(0, tree.size)], tree.attributes]);
  const same = (html: string): void => {
    expect(everything(buildHtmlTree(html))).toBe(everything(buildHtmlTree(html, plain)));
    const chunks = utf8SourceChunks(Buffer.from(html));
    expect(everything(buildHtmlTree(chunks))).toBe(everything(buildHtmlTree(chunks, plain)));
  };

  it("replaces htmlparser2's own in the installed version (its internals are still the ones it moves)", () => {
    expect(withSearchingFastForward(plain)).not.toBe(plain);
  });

  it('gives the trees of the published tokenizer on awkward input', () => {
    for (const html of [
      '',
      '<',
      'a < b',
      'text only',
      '<p class="unterminated',
      "<p class='single' id=bare data-x=\"a>b\">x</p>",
      '<!-- comment <p> --><p>a</p><!---->',
      '<script>if (a<b) x = "</p>";</script><p>after</p>',
      '<style>p{}</style><title>a &amp; b</title><textarea><p></textarea>',
      '<![CDATA[x]]><p>y</p>',
      '<p>' + 'x'.repeat(70_000) + '<b>bold</b>' + 'é'.repeat(40_000) + '</p>',
    ]) {
      same(html);
    }
  });

  it('gives the trees of the published tokenizer on the golden fixtures', () => {
    const pages: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.html')) pages.push(readFileSync(path, 'utf8'));
      }
    };
    walk(join(repoRoot, 'fixtures'));
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) same(page);
  });

  const sharedPages = resolve(repoRoot, '../shared/corpora/web-dev');
  it.skipIf(existsSync(sharedPages))('SKIPPED shared pages: ../shared/corpora/web-dev not found next to the repository', () => {});
  it.skipIf(!existsSync(sharedPages))('gives the trees of the published tokenizer on the 166 shared web-dev pages', () => {
    for (const file of readdirSync(sharedPages).filter((name) => name.endsWith('.html.gz'))) {
      const raw = gunzipSync(readFileSync(join(sharedPages, file)));
      same(decodeBytes(new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), { type: 'html' }).text);
    }
  });
});
