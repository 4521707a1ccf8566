/**
 * Differential test of the strip-tags scanner: every page of the fixtures and
 * of the shared corpora, and generated markup, must give the same text as a
 * REFERENCE built on htmlparser2's streaming Parser, after white space is
 * normalised (runs to one space, trimmed). The comparison is exact, per page.
 *
 * The reference applies the rules of the README's `strip-tags` section to
 * htmlparser2's tokens and element stack: markup, comments, doctypes and
 * processing instructions are dropped; the content of script, style, noscript,
 * template, head, title, iframe and object is dropped; block elements and
 * table cells separate text, inline elements do not; line breaks in text are
 * spaces.
 *
 * Where our scanner deliberately differs from htmlparser2 (it follows the
 * WHATWG tokenizer, or has no element stack by design), the reference
 * reproduces OUR rule; each such adjustment is marked [Dn] in the code:
 *
 * [D1] Raw text. The tokenizer reads script, style, title, textarea, xmp and,
 *      as browsers with scripting do, noscript, iframe, noembed and noframes
 *      as raw text up to `</name` followed by white space, `/`, `>` or the
 *      end, and `plaintext` to the end of the input. htmlparser2 knows only
 *      the first five, forgets the raw state on `<title/>` (a slash means
 *      nothing on an HTML element) and does not end at `</script/>`. The
 *      feeder reads raw text itself and gives htmlparser2 only the tags.
 *      noembed and noframes are dropped like noscript.
 * [D2] CDATA. In HTML content `<![CDATA[` opens a bogus comment that ends at
 *      the first `>` (htmlparser2 reads on to `]]>`): the feeder skips it. In
 *      svg and math it is a CDATA section to `]]>`, dropped like the comment
 *      htmlparser2 makes of it.
 * [D3] An unclosed `<head>` ends, as in a browser, at the first start tag that
 *      cannot stand in a head or the first non-blank text; htmlparser2 keeps
 *      it open until `<body>`.
 * [D4] Foreign content. Our scanner tracks svg/math with counters, not an
 *      element stack; the reference restates that rule (htmlparser2 still
 *      supplies the tokens): a visible, not self-closing svg or math start tag
 *      enters it, nested ones count, `</svg>` or `</math>` leaves one level
 *      (either name: a counter), a breakout start tag (`<p>`, `<div>`, …)
 *      leaves it entirely. Inside it
 *      `<x/>` is an empty element; title, desc, style, script and metadata
 *      are hidden (until their end tag, or the end tag of the level they
 *      started in; a breakout also ends style, script and metadata, which are
 *      no HTML integration points); there is no raw text (htmlparser2's raw
 *      state, which it enters for style, script, title, textarea and xmp
 *      everywhere, is left by writing it the end tag); other end tags and
 *      block tags mean nothing.
 * [D5] Self-closing. Only a `/` just before the `>`, and not one that ends an
 *      unquoted attribute value (`<svg a=b/>`), makes a tag self-closing;
 *      htmlparser2 also takes `/ >`, and honours `/>` by a foreign-content
 *      stack of its own (which `<svg/>` leaves set). The reference never lets
 *      htmlparser2 self-close a tag and applies our rule.
 * [D6] End tags are tokenized like start tags: `</` followed by white space
 *      opens a bogus comment (htmlparser2 skips the white space and reads a
 *      tag); the name ends at `/` (`</p/>`); a quoted attribute value may
 *      hold a `>` (htmlparser2 ends the tag at the first `>`; the reference
 *      finds the end with htmlparser2's start-tag tokenizer); `</>` and
 *      `</ >` are nothing (htmlparser2 makes them text).
 * [D7] Comments: `--!>` ends a comment (htmlparser2 reads on to `-->`);
 *      `<!>` and `<!->` are complete bogus comments (htmlparser2 reads on to
 *      the next `>`); an unterminated `<!x`, `<?x` or `</3` at the end of the
 *      input is a bogus comment (htmlparser2 emits its content as text).
 * [D8] No element stack. (a) Every block or cell tag separates text, start or
 *      end, matched or stray, and only tags do: elements htmlparser2 closes
 *      implicitly (an `<option>` closed by `<input>`, a `<p>` by `</span>`)
 *      separate nothing. (b) Inside template or object only their own end tag
 *      counts: an ancestor's end tag does not close them (they are scope
 *      markers in the HTML tree builder; htmlparser2 closes through them).
 *      (c) The text between two markup tokens is one run (htmlparser2 also
 *      splits it at a `<` that starts no tag); this matters only for the white
 *      space that ends a head.
 *
 * Bugs in the scanner found while writing this test (fixed, each with a unit
 * test in strip-tags.test.ts): `<svg a=b/>` was taken as self-closing;
 * `<![CDATA[` in svg/math ended at the first `>` instead of `]]>`; an svg title, desc,
 * style, script or metadata left open was not ended by `</svg>` (nor style,
 * script and metadata by a breakout tag), so the rest of the page could be
 * dropped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/decode.js';
import * as vocabulary from '../../src/steps/html-vocabulary.js';
import { stripTagsFull } from '../../src/steps/strip-tags.js';
import { hasShared, REPO_ROOT, sharedPath } from '../shared-corpora.js';

// ---------------------------------------------------------------------------
// The rules: the scanner's own element vocabularies, so the two cannot drift.

const BLOCK = new Set(vocabulary.BLOCK_ELEMENTS);
const CELL = new Set(vocabulary.CELL_ELEMENTS);
/** Parsed as markup, whole subtree dropped (the head has rules of its own [D3]). */
const SUBTREE_DROPPED = new Set(vocabulary.SUBTREE_DROPPED.filter((name) => name !== 'head'));
/** Raw text [D1]: dropped, or kept as text. */
const RAW_TEXT_DROPPED = new Set(vocabulary.RAW_TEXT_DROPPED);
const RAW_TEXT_KEPT = new Set(vocabulary.RAW_TEXT_KEPT);
/** What may stand in a head [D3]. */
const { HEAD_CONTENT, FOREIGN_ROOTS, FOREIGN_DROPPED, FOREIGN_HTML_HOLDERS, FOREIGN_BREAKOUT: BREAKOUT } = vocabulary;
/** The elements htmlparser2's tokenizer reads as raw text, wherever they are. */
const HTMLPARSER2_RAW_TEXT = new Set(['script', 'style', 'title', 'textarea', 'xmp']);

const separator = (name: string): string => (BLOCK.has(name) ? '\n' : CELL.has(name) ? ' ' : '');
const asText = (text: string): string => text.replace(/[\r\n]/g, ' ');
const isBlank = (text: string): boolean => !/[^\t\n\f\r ]/.test(text);

// ---------------------------------------------------------------------------
// The reference

/** An element open in htmlparser2's stack, as the reference sees it. */
interface Open {
  name: string;
  /** A template or object (content dropped), or raw text the feeder reads [D1]. */
  kind: 'subtree' | 'raw' | undefined;
}

/**
 * [D6] Index just past the `>` that ends a tag whose attributes start at
 * `from`, as htmlparser2 tokenizes a start tag; -1 when the input ends first.
 */
function tagEnd(html: string, from: number): number {
  let found = -1;
  const scratch: Parser = new Parser({ onopentag: () => { found = scratch.endIndex; } }, { decodeEntities: false });
  scratch.write('<x');
  for (let at = from; found === -1 && at < html.length; ) {
    const gt = html.indexOf('>', at);
    const end = gt === -1 ? html.length : gt + 1;
    scratch.write(html.slice(at, end));
    at = end;
  }
  return found === -1 ? -1 : from + found - 1;
}

/**
 * The text of `html` by the rules above, from htmlparser2's events. The page
 * is written to the parser in chunks that each end just after a `>`, so that
 * after each one the feeder knows where the parser stands and can read raw
 * text and bogus comments itself.
 */
export function referenceText(html: string): string {
  const out: string[] = [];
  const stack: Open[] = [];
  /** How many template/object elements are open (their content is dropped). */
  let hiddenSubtrees = 0;
  let inHead = false;
  /** [D4] svg/math levels, and the svg/math element being hidden with its depth and level. */
  let foreignDepth = 0;
  let foreignHidden: { name: string; depth: number; level: number } | undefined;

  const top = (): Open | undefined => stack[stack.length - 1];
  const outermostSubtree = (): Open | undefined => stack.find((open) => open.kind === 'subtree');
  const hidden = (): boolean => hiddenSubtrees > 0 || foreignHidden !== undefined;

  // [D8c] Text is gathered into runs, ended by any other event.
  let run = '';
  const emit = (text: string): void => {
    if (hidden() || text.length === 0) return;
    if (inHead) {
      if (isBlank(text)) return;
      inHead = false; // [D3]
    }
    out.push(asText(text));
  };
  const endRun = (): void => {
    emit(run);
    run = '';
  };

  // What the parser was given, to read tag names back from its indices.
  const fed: string[] = [];
  const fedAt: number[] = [];
  let fedLength = 0;
  const fedSlice = (start: number, end: number): string => {
    let k = fed.length - 1;
    while (k > 0 && (fedAt[k] as number) > start) k--;
    let slice = '';
    for (; k < fed.length && (fedAt[k] as number) < end; k++) {
      slice += (fed[k] as string).slice(Math.max(0, start - (fedAt[k] as number)), end - (fedAt[k] as number));
    }
    return slice;
  };

  // State shared by the parser's events and the feeder.
  /** Source index of the chunk being written, and its index in what was fed. */
  let chunkSource = 0;
  let chunkFed = 0;
  /** The tag being ended is self-closing by our rule [D5]. */
  let selfClosing = false;
  /** An end tag whose name was read ends at the next `>`; its name ends at this source index [D6]. */
  let endTagPending = false;
  let endTagNameEnd = -1;
  /** A raw-text element the feeder must read [D1]; `plaintext` reads to the end. */
  let rawText: Open | undefined;
  let plaintext = false;
  /** [D4] An end tag to write to leave htmlparser2's raw state in foreign content. */
  let leaveRawText = '';
  let writingOwnTag = false;
  /** Fed index where the markup being read began (or where text resumes), and where the last text ended. */
  let constructStart = 0;
  let lastTextEnd = -1;
  /** Text emitted by `end()` is the body of an unterminated bogus comment unless this says otherwise [D7]. */
  let ended = false;
  let keepTrailingText = false;

  class ReferenceParser extends Parser {
    /** [D5] htmlparser2 never self-closes a tag here; `selfClosing` tells our rule. */
    override onselfclosingtag(endIndex: number): void {
      selfClosing = fedSlice(endIndex - 1, endIndex) === '/';
      super.onopentagend(endIndex);
      selfClosing = false;
    }

    /** End tags, read by the tokenizer, before htmlparser2's tree builder sees them. */
    override onclosetag(start: number, endIndex: number): void {
      if (writingOwnTag) return;
      endRun();
      endTagPending = true;
      if (fedSlice(start - 1, start) !== '/') return; // [D6] `</ p>` is a bogus comment
      let name = fedSlice(start, endIndex);
      if (name.includes('/')) name = name.slice(0, name.indexOf('/')); // [D6] `</p/>`
      name = name.toLowerCase();
      endTagNameEnd = start + name.length - chunkFed + chunkSource;
      const subtree = outermostSubtree();
      if (subtree !== undefined) {
        if (name !== subtree.name) return; // [D8b]
      } else if (foreignHidden !== undefined) {
        if (name === foreignHidden.name) {
          if (--foreignHidden.depth === 0) foreignHidden = undefined;
        } else if (foreignDepth > 0 && FOREIGN_ROOTS.has(name)) {
          foreignDepth--;
          if (foreignDepth < foreignHidden.level) foreignHidden = undefined;
        } else {
          return;
        }
      } else if (foreignDepth > 0) {
        if (!FOREIGN_ROOTS.has(name)) return; // [D4]
        foreignDepth--;
      } else {
        if (name === 'head') inHead = false;
        out.push(separator(name)); // [D8a] also for a stray end tag
      }
      super.onclosetag(start, start + name.length);
    }
  }

  const parser = new ReferenceParser(
    {
      onopentagname: endRun,
      oncomment: endRun,
      onprocessinginstruction: endRun,
      onopentag(name, _attributes, isImplied) {
        if (isImplied) {
          // htmlparser2 opens a `p` for `</p>` and a `br` for `</br>`: the end tag has its boundary [D8a].
          stack.push({ name, kind: undefined });
          return;
        }
        if (!HEAD_CONTENT.has(name)) inHead = false; // [D3]
        const open: Open = { name, kind: undefined };
        stack.push(open);
        if (foreignDepth > 0) {
          if (BREAKOUT.has(name)) {
            foreignDepth = 0;
            if (foreignHidden !== undefined && !FOREIGN_HTML_HOLDERS.has(foreignHidden.name)) foreignHidden = undefined;
          } else {
            // [D4] Foreign content: no raw text, `/>` honoured, the text-less elements hidden.
            if (selfClosing) return;
            if (HTMLPARSER2_RAW_TEXT.has(name)) leaveRawText = `</${name}>`;
            if (FOREIGN_ROOTS.has(name)) foreignDepth++;
            else if (foreignHidden !== undefined) {
              if (name === foreignHidden.name) foreignHidden.depth++;
            } else if (FOREIGN_DROPPED.has(name)) foreignHidden = { name, depth: 1, level: foreignDepth };
            return;
          }
        }
        if (foreignHidden !== undefined) {
          if (name === foreignHidden.name) foreignHidden.depth++;
        } else if (hiddenSubtrees === 0) {
          if (name === 'head') inHead = true;
          if (SUBTREE_DROPPED.has(name)) {
            open.kind = 'subtree';
            hiddenSubtrees++;
          }
          if (FOREIGN_ROOTS.has(name) && !selfClosing) foreignDepth = 1;
          out.push(separator(name));
        }
        if (RAW_TEXT_DROPPED.has(name) || RAW_TEXT_KEPT.has(name)) {
          open.kind = 'raw';
          rawText = open;
        }
        if (name === 'plaintext') plaintext = true;
      },
      onclosetag() {
        endRun();
        const open = stack.pop();
        if (open?.kind === 'subtree') hiddenSubtrees--;
      },
      ontext(text) {
        constructStart = lastTextEnd = parser.endIndex + 1;
        // The feeder reads raw text [D1]; what htmlparser2 reports there is an end tag cut off by the end.
        if (rawText !== undefined || top()?.kind === 'raw') return;
        if (ended && !keepTrailingText) return; // [D7]
        // [D6] `</>` and `</ >` are nothing, but end a run as any markup does.
        text.split(/<\/[\t\n\f\r ]*>/).forEach((piece, k) => {
          if (k > 0) endRun();
          run += piece;
        });
      },
    },
    { decodeEntities: false, lowerCaseTags: true },
  );

  const write = (chunk: string): void => {
    if (chunk.length === 0) return;
    fed.push(chunk);
    fedAt.push(fedLength);
    fedLength += chunk.length;
    parser.write(chunk);
  };
  /** Writes a tag of the reference's own, which ends whatever htmlparser2 was reading. */
  const writeOwnTag = (tag: string): void => {
    writingOwnTag = true;
    write(tag);
    writingOwnTag = false;
    constructStart = fedLength;
  };

  /** Whether htmlparser2 is reading text (rather than inside a tag, comment…) after the last chunk. */
  let inText = true;
  const feed = (chunk: string, source: number): void => {
    if (chunk.length === 0) return;
    chunkSource = source;
    chunkFed = fedLength;
    write(chunk);
    // Text is reported at the end of each chunk; markup is reported at the `>` that ends it.
    const closed = chunk.endsWith('>');
    inText = lastTextEnd === fedLength || (closed && (parser.endIndex === fedLength - 1 || endTagPending));
    if (closed) endTagPending = false;
    if (inText) constructStart = fedLength;
  };

  const n = html.length;
  let pos = 0;
  let nextCdata = html.indexOf('<![CDATA[');
  /** [D1] A raw-text end tag written `</script/`, whose `/` htmlparser2 is given as a space. */
  let slashAt = -1;
  while (pos < n) {
    const gt = html.indexOf('>', pos);
    const end = gt === -1 ? n : gt + 1;

    if (nextCdata !== -1 && nextCdata < pos) nextCdata = html.indexOf('<![CDATA[', pos);
    if (nextCdata !== -1 && nextCdata < end) {
      // [D2] Up to the `<![CDATA[`; a `<` just before it is text (`<<![CDATA[`).
      const before = html.slice(pos, nextCdata);
      const lessThans = /<*$/.exec(before)?.[0] ?? '';
      feed(before.slice(0, before.length - lessThans.length), pos);
      if (inText && foreignDepth === 0) {
        run += lessThans;
        endRun();
        const close = html.indexOf('>', nextCdata);
        pos = close === -1 ? n : close + 1;
        inText = true;
        constructStart = fedLength;
        continue;
      }
      feed(lessThans, nextCdata - lessThans.length);
      pos = nextCdata;
    }

    let chunk = html.slice(pos, end);
    if (slashAt === pos) {
      const slash = chunk.indexOf('/', 2);
      chunk = `${chunk.slice(0, slash)} ${chunk.slice(slash + 1)}`;
      slashAt = -1;
    }
    feed(chunk, pos);
    pos = end;

    if (endTagNameEnd !== -1 && chunk.endsWith('>')) {
      // [D6] A quoted `>` does not end an end tag either.
      if (/["']/.test(html.slice(endTagNameEnd, end))) {
        const realEnd = tagEnd(html, endTagNameEnd);
        pos = realEnd === -1 ? n : realEnd;
      }
      endTagNameEnd = -1;
    }
    if (leaveRawText !== '') {
      writeOwnTag(leaveRawText); // [D4]
      leaveRawText = '';
    }
    if (!inText) {
      // [D7] `<!>`, `<!->` and a comment ending in `--!>` are complete.
      const open = fedSlice(constructStart, Math.min(fedLength, constructStart + 4));
      if ((open === '<!>' || open === '<!->') && constructStart + open.length === fedLength) {
        writeOwnTag('>');
        inText = true;
      } else if (open === '<!--' && chunk.endsWith('--!>') && constructStart + 8 <= fedLength) {
        writeOwnTag('-->');
        inText = true;
      }
    }
    if (plaintext) {
      endRun();
      emit(html.slice(pos)); // [D1]
      pos = n;
    } else if (rawText !== undefined) {
      // [D1] Raw text up to `</name` followed by white space, `/`, `>` or the end.
      const { name } = rawText;
      rawText = undefined;
      const endTag = new RegExp(`</${name}(?=[\\t\\n\\f\\r />]|$)`, 'gi');
      endTag.lastIndex = pos;
      const contentEnd = endTag.exec(html)?.index ?? n;
      if (RAW_TEXT_KEPT.has(name)) emit(html.slice(pos, contentEnd));
      pos = contentEnd;
      if (html[contentEnd + 2 + name.length] === '/') slashAt = contentEnd;
    }
  }
  ended = true;
  keepTrailingText = inText || ['<', '</'].includes(fedSlice(constructStart, fedLength));
  parser.end();
  endRun();
  return out.join('');
}

// ---------------------------------------------------------------------------
// Comparison

const normalise = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Where two normalised texts part, and the page's markup there: the first
 * characters after the difference are looked for in the page, with white
 * space or tags allowed between them.
 */
function differenceContext(html: string, ours: string, reference: string): string {
  let at = 0;
  while (at < ours.length && ours[at] === reference[at]) at++;
  const lines = [
    `texts differ at ${at}:`,
    `  ours:      …${JSON.stringify(ours.slice(Math.max(0, at - 60), at + 80))}`,
    `  reference: …${JSON.stringify(reference.slice(Math.max(0, at - 60), at + 80))}`,
  ];
  for (const [side, text] of [['reference', reference], ['ours', ours]] as const) {
    const probe = [...text.slice(at).replace(/\s+/g, '')].slice(0, 16);
    if (probe.length < 4) continue;
    const pattern = new RegExp(probe.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(?:\\s|<[^>]*>)*'));
    const found = pattern.exec(html);
    if (found !== null) {
      lines.push(`  markup where ${side} has ${JSON.stringify(probe.join(''))} (at ${found.index}):`, html.slice(Math.max(0, found.index - 400), found.index + 120));
      break;
    }
  }
  return lines.join('\n');
}

/** `undefined` when both texts agree, else a description of the first difference. */
function compare(html: string): string | undefined {
  const ours = normalise(stripTagsFull(html));
  const reference = normalise(referenceText(html));
  return ours === reference ? undefined : differenceContext(html, ours, reference);
}

function expectAgreement(pages: Array<[string, string]>): void {
  const failures: string[] = [];
  for (const [name, html] of pages) {
    const difference = compare(html);
    if (difference !== undefined) failures.push(`${name}: ${difference}`);
  }
  expect(failures, failures.join('\n\n')).toEqual([]);
  expect(pages.length).toBeGreaterThan(0);
}

const decodePage = (bytes: Uint8Array): string => decodeBytes(bytes, { type: 'html' }).text;

function readPages(dir: string, pattern: RegExp): Array<[string, string]> {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return [name, decodePage(name.endsWith('.gz') ? gunzipSync(bytes) : bytes)];
    });
}

// ---------------------------------------------------------------------------
// Tests

describe('strip-tags agrees with an htmlparser2 reference', () => {
  it('the reference reproduces each deliberate difference', () => {
    const cases: Array<[string, string]> = [
      // [D1]
      ['a<noscript><p>enable JS</p></noscript>b', 'ab'],
      ['a<iframe><!-- </iframe> -->b', 'a -->b'],
      ['a<noembed>x</noembed><noframes>y</noframes>b', 'ab'],
      ['a<title/>t</title>b<script>x</script/>c', 'abc'],
      ['<xmp><b>kept</b></xmp><plaintext></plaintext><p>', '<b>kept</b> </plaintext><p>'],
      // [D2]
      ['a<![CDATA[x>y]]>b', 'ay]]>b'],
      ['<svg><text><![CDATA[a > b]]>c</text></svg>', 'c'],
      // [D3]
      ['<head><title>T</title><span>body text</span>', 'body text'],
      // [D4]
      ['<svg><title/>label<desc>hidden</desc><style>a<g>c</style></svg>d', 'labeld'],
      ['<svg><title>unclosed</svg><p>shown', 'shown'],
      // [D5]
      ['<svg / ><desc>hidden</desc></svg>x<svg a=b/><desc>hidden</desc>', 'x'],
      ['<svg/><object/>hidden', ''],
      // [D6]
      ['a</ p>b</p/>c</div x=">">d</>e</ >f', 'ab c def'],
      // [D7]
      ['a<!-- x --!>b<!>c<!->d<?x', 'abcd'],
      // [D8]
      ['a</div>b<select><option>c<input>d', 'a b cd'],
      ['<div><object>x</div>hidden</object>y', 'y'],
      ['a<head> <!-- c -->b', 'ab'],
    ];
    for (const [html, expected] of cases) {
      expect(normalise(stripTagsFull(html)), html).toBe(expected);
      expect(normalise(referenceText(html)), html).toBe(expected);
    }
  });

  it('on every fixture page', () => {
    expectAgreement(readPages(path.join(REPO_ROOT, 'fixtures'), /\.html$/));
  });

  for (const [corpus, pattern] of [
    ['web-dev', /\.html\.gz$/],
    ['main-dev', /\.html\.gz$/],
    ['encodings', /\.html$/],
  ] as const) {
    it.skipIf(!hasShared(corpus))(`on every page of ../shared/corpora/${corpus} (skipped when absent)`, () => {
      expectAgreement(readPages(sharedPath(corpus), pattern));
    });
  }

  const RUNS = Number(process.env.STRIP_TAGS_DIFFERENTIAL_RUNS ?? 3000);
  const agree = (html: string): void => {
    const difference = compare(html);
    if (difference !== undefined) throw new Error(difference);
  };

  it('on generated markup: a soup of tags, comments and text', () => {
    const names = [
      'p', 'div', 'span', 'b', 'li', 'td', 'th', 'tr', 'table', 'br', 'h1', 'section', 'a', 'em', 'script', 'style', 'noscript',
      'template', 'head', 'title', 'iframe', 'object', 'noembed', 'noframes', 'textarea', 'xmp', 'svg', 'math', 'desc', 'metadata',
      'text', 'g', 'foreignObject', 'html', 'body', 'meta', 'link', 'select', 'option', 'input', 'button', 'mi', 'P', 'DiV', 'SCRIPT',
      'Svg', 'plaintext', 'annotation-xml', 'path', 'scriptx', 'TextArea', 'XMP', 'Title', 'dd', 'hr', 'img', 'ul', 'pre', 'base',
    ];
    const attributes = [
      '', ' class="x > y"', " title='<p>'", ' data-x=1', ' a=b/', ' checked', ' =x', ' x = "y"', ' x="--&gt;"', ' a="</p>"', '/',
      ' /', ' / ', ' x=\'a"b\'', '\n', '\tx\f', ' a=/', ' a="b"/', " a = '>' /",
    ];
    const texts = ['word', 'a b', '&amp;', '&lt;p&gt;', 'é', '中文', ' ', '\n', '\r\n', '<3', 'a < b', '>', 'x>y', '-->', ']]>', '"', "'", '='];
    const others = [
      '<!-- c -->', '<!-- <p> -->', '<!---->', '<!-->', '<!--->', '<!-- x --!>', '<!-- a -- b -->', '<!--', '<!DOCTYPE html>',
      '<?xml x?>', '<![CDATA[x]]>', '<![CDATA[a>b]]>', '</>', '</ x>', '</3>', '<', '</', '<!', '<?', '<!-', '<![CDATA[', '<a', '</a',
      '<a x="', '</p', '</script', '</scriptx>', '</SCRIPT >', '</style/>', '</title\t>', '<é>', '</é>', '<aé b>', '\u0000',
      '<!--<!-- -->', '<!-- --!-->', '<![cdata[x>', '<!doctype', '<?php echo "a>b" ?>',
    ];
    const token = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...texts) },
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...attributes)).map(([name, attrs]) => `<${name}${attrs}>`) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom('>', ' >', '/>', ' x=">">', ' x>')).map(([name, end]) => `</${name}${end}`) },
      { weight: 2, arbitrary: fc.constantFrom(...others) },
    );
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (tokens) => agree(tokens.join(''))), { numRuns: RUNS });
  });

  it('on generated markup: strings of markup characters and names', () => {
    const unit = fc.constantFrom(
      '<', '>', '/', '!', '-', '"', "'", '=', ' ', '\n', '\t', 'a', 'p', 'b', 'r', 'x', '[', ']', '?', 'é', 'CDATA', 'svg', 'SVG', 'math',
      'desc', 'title', 'script', 'Script', 'style', 'object', 'template', 'head', 'noscript', 'iframe', 'plaintext', 'textarea', 'xmp',
      'td', 'P', 'annotation-xml', 'foreignObject',
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 120 }), agree), { numRuns: RUNS });
  });

  it('on generated markup: documents with a head, nested blocks and raw text', () => {
    const word = fc.constantFrom('alpha', 'beta', 'gamma', 'δέλτα', '中文', '&amp;', 'x y');
    const raw = fc.constantFrom('var a = "</p>";', 'a<b && c>d', '<!-- x -->', '</scriptx>', '</SCRIPT', '<![CDATA[ x ]]>', '');
    const node: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        word,
        fc.tuple(fc.constantFrom('p', 'div', 'span', 'li', 'td', 'b', 'section', 'object', 'template', 'svg', 'desc', 'g', 'table', 'tr'), fc.array(tie('node'), { maxLength: 4 }), fc.boolean())
          .map(([name, children, closed]) => `<${name}>${children.join(' ')}${closed ? `</${name}>` : ''}`),
        fc.tuple(fc.constantFrom('script', 'style', 'noscript', 'iframe', 'textarea', 'title', 'xmp'), raw).map(([name, text]) => `<${name}>${text}</${name}>`),
      ),
    })).node;
    const head = fc.array(fc.constantFrom('<title>T</title>', '<meta charset="utf-8">', '<style>p{}</style>', '<script>x()</script>', '<link rel=x>', ' ', '\n'), { maxLength: 5 });
    const page = fc.tuple(head, fc.boolean(), fc.array(node, { maxLength: 6 })).map(
      ([headParts, closeHead, body]) => `<!DOCTYPE html><html><head>${headParts.join('')}${closeHead ? '</head><body>' : ''}${body.join('\n')}</body></html>`,
    );
    fc.assert(fc.property(page, agree), { numRuns: RUNS });
  });
});
