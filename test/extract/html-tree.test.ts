import { describe, expect, it } from 'vitest';
import { KNOWN_TAG_IDS, Tag } from '../../src/extract/html-elements.js';
import { NodeFlag, buildHtmlTree, type HtmlTree } from '../../src/extract/html-tree.js';

const nameOf = new Map([...KNOWN_TAG_IDS].map(([name, id]) => [id, name]));

/** The tree as nested s-expressions, text nodes quoted: easy to compare. */
function outline(tree: HtmlTree, node = 0): string {
  if (tree.tag[node] === Tag.Text) return JSON.stringify(tree.source.slice(tree.textStart[node], tree.textEnd[node]));
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

  it('flags hidden elements', () => {
    const tree = buildHtmlTree('<div hidden>a</div><p style="display: none">b</p><span aria-hidden="true">c</span><i>d</i>');
    const hidden = [...tree.flags].map((flags, node) => (flags & NodeFlag.Hidden ? nameOf.get(tree.tag[node] as number) : undefined)).filter(Boolean);
    expect(hidden).toEqual(['div', 'p', 'span']);
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
