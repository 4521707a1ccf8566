import { describe, expect, it } from 'vitest';
import { buildHtmlTree } from '../../src/extract/html-tree.js';
import { collectTextBlocks, renderBlocks } from '../../src/extract/text-blocks.js';

function text(html: string): string {
  const blocks = collectTextBlocks(buildHtmlTree(html), { skipHidden: false, readNoscript: false });
  return renderBlocks(blocks, () => true);
}

describe('text blocks', () => {
  it('puts blocks on their own lines and keeps inline elements together', () => {
    expect(text('<h1>Title</h1><p>one <b>bold</b><i>italic</i> two</p><ul><li>a</li><li>b</li></ul>')).toBe(
      'Title\none bolditalic two\na\nb',
    );
  });

  it('turns source line breaks into spaces and br into line breaks', () => {
    expect(text('<p>first\n   line<br>second  line</p>')).toBe('first line\nsecond line');
  });

  it('keeps pre formatting line by line', () => {
    expect(text('<p>before</p><pre>\n  indented\n    more\n</pre>')).toBe('before\n  indented\n    more');
  });

  it('joins the cells of a row with spaces', () => {
    expect(text('<table><tr><th>Key</th><th>Value</th></tr><tr><td>a</td><td>1</td></tr></table>')).toBe('Key Value\na 1');
  });

  it('drops scripts, styles, templates and short button labels, keeps long toggles', () => {
    expect(
      text('<p>a<script>x()</script><style>p{}</style><template>t</template><button>Add to cart</button>b</p><button>How do refunds work?</button>'),
    ).toBe('a b\nHow do refunds work?');
  });

  it('keeps block structure around skipped block-level controls', () => {
    expect(text('<div><option>x</option>after</div><p>next</p>')).toBe('after\nnext');
  });

  it('leaves character references undecoded', () => {
    expect(text('<p>Fish &amp; chips&nbsp;&#8212; &eacute;</p>')).toBe('Fish &amp; chips&nbsp;&#8212; &eacute;');
  });

  it('measures link text, telling headline links from menu links', () => {
    const blocks = collectTextBlocks(
      buildHtmlTree('<li><a href="/">Home</a></li><li><a href="/x">A long headline that reads like an article title</a></li>'),
      { skipHidden: false, readNoscript: false },
    );
    expect(blocks.map((block) => [block.linkLength, block.shortLinkLength])).toEqual([
      [4, 4],
      [48, 0],
    ]);
  });

  it('skips hidden elements only when asked', () => {
    const tree = buildHtmlTree('<p>shown</p><p hidden>hidden</p>');
    expect(renderBlocks(collectTextBlocks(tree, { skipHidden: true, readNoscript: false }), () => true)).toBe('shown');
    expect(renderBlocks(collectTextBlocks(tree, { skipHidden: false, readNoscript: false }), () => true)).toBe('shown\nhidden');
  });
});
