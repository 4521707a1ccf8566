import { describe, expect, it } from 'vitest';
import { stripTags, stripTagsFull } from '../../src/steps/strip-tags.js';

/** strip-tags output with its white space shown plainly: runs to one space, trimmed. */
const words = (html: string): string => stripTagsFull(html).replace(/\s+/g, ' ').trim();

describe('strip-tags', () => {
  it('drops tags and separates blocks with one line break, only between texts', () => {
    expect(stripTagsFull('<p>foo</p><p>bar</p>')).toBe('foo\nbar');
    expect(stripTagsFull('<div>a<br>b</div>')).toBe('a\nb');
    expect(stripTagsFull('<ul>\n  <li>one</li>\n  <li>two</li>\n</ul>')).toBe('one\ntwo');
  });

  it('does not separate inline elements', () => {
    expect(stripTagsFull('<p>Hello, <b>wor</b><i>ld</i> <a href="/x">link</a><span>s</span></p>')).toBe('Hello, world links');
  });

  it('puts table cells of a row on one line', () => {
    expect(stripTagsFull('<table><tr><td>a</td><td>b</td></tr><tr><th>c</th></tr></table>')).toBe('a b\nc');
  });

  it('drops the content of script, style, noscript, template, head, iframe and object', () => {
    const html =
      '<html><head><title>T</title><meta charset="utf-8"><style>p{color:red}</style></head>' +
      '<body>A<script>var s = "</p>not text";</script>B<noscript>enable js</noscript>C' +
      '<template><p>tpl</p></template>D<iframe src="x">frame text</iframe>E' +
      '<object data="x"><object>inner</object>fallback</object>F</body></html>';
    expect(words(html)).toBe('ABCDEF');
  });

  it('finds raw-text end tags in any case and only as whole names', () => {
    expect(words('<SCRIPT>x</scriptx>y</ScRiPt >z')).toBe('z');
    expect(words('<StYlE>a{}</STYLE>text')).toBe('text');
  });

  it('drops comments, doctypes, processing instructions and CDATA in HTML', () => {
    expect(words('<!DOCTYPE html><?xml version="1.0"?>a<!-- c <p> -->b<!---->c<!-->d<![CDATA[x]]>e')).toBe('abcde');
    expect(words('a<!-- x --!>b<!-- - -- y -->c<!--->d')).toBe('abcd');
  });

  it('stays linear with many comments on a long page', () => {
    const page = '<p>text</p><!-- c -->'.repeat(100_000);
    const started = performance.now();
    expect(words(page)).toBe(Array(100_000).fill('text').join(' '));
    // Quadratic rescanning would take minutes here; linear takes milliseconds.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('ends an unclosed comment, script or tag at the end of the input', () => {
    expect(words('a<!-- never closed <p>b')).toBe('a');
    expect(words('a<script>never closed')).toBe('a');
    expect(words('a<div class="never closed>b')).toBe('a');
    expect(words('a<div')).toBe('a');
  });

  it('keeps a < that starts no tag', () => {
    expect(stripTagsFull('a < b and 3<4, <3 and <')).toBe('a < b and 3<4, <3 and <');
  });

  it('reads </ followed by a non-letter as a bogus comment up to >, as the tokenizer does', () => {
    expect(stripTagsFull('x </ y> z')).toBe('x  z');
    expect(stripTagsFull('x </')).toBe('x </');
  });

  it('ignores > inside quoted attribute values', () => {
    expect(stripTagsFull('<a title="x > y" data-z=\'>\'>link</a>')).toBe('link');
    expect(stripTagsFull('<img alt=a>b>')).toBe('b>');
  });

  it('leaves character references for decode-entities', () => {
    expect(stripTagsFull('<p>&lt;b&gt; &amp;amp; &nbsp;</p>')).toBe('&lt;b&gt; &amp;amp; &nbsp;');
  });

  it('turns source line breaks inside text into spaces, outside of blocks', () => {
    expect(stripTagsFull('<p>wrapped\nsource\r\nline</p>')).toBe('wrapped source  line');
  });

  it('ends the head implicitly when body content appears', () => {
    expect(words('<head><title>t</title><p>body text')).toBe('body text');
    expect(words('<head><meta charset=utf-8>visible')).toBe('visible');
  });

  it('tells tag names apart exactly, whatever their bytes', () => {
    expect(words('<h\u00111>not a heading</h\u00111>x')).toBe('not a headingx');
    expect(words('<H1>heading</H1>x')).toBe('heading x');
    expect(words('<blockquotes>long name</blockquotes>x')).toBe('long namex');
    expect(words('<dív>accented</dív>x')).toBe('accentedx');
  });

  it('honours foreign content: self-closing tags, and no raw text inside svg and math', () => {
    expect(words('<p>before <svg viewBox="0 0 1 1"><title/><style>.a{fill:red}</style><desc>a drawing</desc><text>label</text></svg> after</p>')).toBe(
      'before label after',
    );
    expect(words('<svg><title>Tooltip</title><path d="M0"/></svg><p>visible</p>')).toBe('visible');
    expect(words('<p><math><mi>x</mi><mo>=</mo><mn>1</mn></math></p><p>next</p>')).toBe('x=1 next');
    expect(words('<svg><g><p>breaks out</p>')).toBe('breaks out');
    expect(words('<title/>in html a title is raw text to its end tag')).toBe('');
  });

  it('takes a tag as self-closing only as the tokenizer does: not for a / that ends an unquoted value', () => {
    // `<svg class=icon/>` opens an svg (the value is `icon/`), so its desc is hidden.
    expect(words('<svg class=icon/><desc>an icon</desc></svg>text')).toBe('text');
    expect(words('<svg><title id=t/>Tooltip</title></svg>text')).toBe('text');
    expect(words('<svg/><desc>not svg: an unknown HTML element</desc>')).toBe('not svg: an unknown HTML element');
    expect(words('<svg / ><desc>a space after the slash: not self-closing</desc></svg>text')).toBe('text');
  });

  it('drops a CDATA section in svg or math up to ]]>, not to the first >', () => {
    expect(words('<svg><text><![CDATA[a > b]]></text></svg>after')).toBe('after');
    expect(words('<svg><style><![CDATA[ p > a { color: red } ]]></style></svg>after')).toBe('after');
    expect(words('<p>a<![CDATA[x>y]]>b</p>')).toBe('ay]]>b'); // in HTML it is a bogus comment
  });

  it('ends an unclosed svg title, desc, style or script with its svg', () => {
    expect(words('<svg><title>Close</svg><p>The article text.</p>')).toBe('The article text.');
    expect(words('<p>a <svg><desc>hidden</svg> b</p>')).toBe('a b');
    // A breakout tag pops svg style, script and metadata; title and desc hold HTML, which stays hidden.
    expect(words('<svg><style>.a{}<p>The article text.</p>')).toBe('The article text.');
    expect(words('<svg><script><body>The article text.')).toBe('The article text.');
    expect(words('<svg><title><p>hidden</p></title></svg>shown')).toBe('shown');
    // An svg nested in a desc closes only itself.
    expect(words('<svg><desc><svg></svg>hidden</desc></svg>shown')).toBe('shown');
  });

  it('keeps the text of textarea and xmp, which are raw text but visible', () => {
    expect(words('<textarea><b>not a tag</b></textarea>')).toBe('<b>not a tag</b>');
  });

  it('is correct on every script', () => {
    const html =
      '<p>中文文本</p><p>नमस्ते दुनिया</p><p>שָׁלוֹם עוֹלָם</p><p>مرحبا بالعالم</p><p>สวัสดีครับ</p><p>I ❤️ 👩‍💻</p>';
    expect(words(html)).toBe('中文文本 नमस्ते दुनिया שָׁלוֹם עוֹלָם مرحبا بالعالم สวัสดีครับ I ❤️ 👩‍💻');
  });

  it('handles deep nesting without recursion', () => {
    const depth = 200_000;
    const html = '<div>'.repeat(depth) + 'deep' + '</div>'.repeat(depth);
    expect(words(html)).toBe('deep');
  });

  it('is the full-text scanner unless main content is asked for', () => {
    expect(stripTags()('<p>x</p>')).toBe(stripTagsFull('<p>x</p>'));
    expect(stripTags({ extract: 'all' })).toBe(stripTagsFull);
  });
});
