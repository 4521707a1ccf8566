/**
 * A compact, flat HTML tree built straight from htmlparser2's tokenizer.
 *
 * Why not `parseDocument`: htmlparser2's tree builder keeps its open-element
 * stack with `unshift`/`shift`, which is quadratic in nesting depth (200,000
 * nested divs take ~20 s). This builder keeps the stack as a plain array,
 * tracks where each tag name and each scope boundary sits on it, and so does
 * every implied or explicit end tag in amortised O(1).
 *
 * Nodes are stored in document (pre-)order in parallel typed arrays; the
 * subtree of node `i` is the index range `[i, end[i])`. Bottom-up passes are
 * then a reverse loop and top-down passes a forward loop: no recursion
 * anywhere, whatever the nesting depth.
 *
 * Character references are not decoded: text nodes are offsets into the
 * source, so the text comes out exactly as written.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Tokenizer as TokenizerClass, TokenizerCallbacks } from 'htmlparser2';

/**
 * htmlparser2's package index pulls in its parser, DOM handler and utilities
 * (44 ms of start-up for every thread, against 11 ms for the tokenizer
 * alone); the tokenizer's own file of the CommonJS build, which the package's
 * export map does not name, is loaded by its path beside the index, and only
 * when a page is first extracted.
 */
const requireCommonJs = createRequire(import.meta.url);
let tokenizerClass: typeof TokenizerClass | undefined;
function loadTokenizer(): typeof TokenizerClass {
  tokenizerClass ??= withSearchingFastForward(loadPlainTokenizer());
  return tokenizerClass;
}

/** The tokenizer's own state that its `fastForwardTo` reads and moves. */
interface TokenizerPosition {
  index: number;
  buffer: string;
  offset: number;
}

/**
 * The tokenizer, with `fastForwardTo` (the skip to the next `<` in text, or
 * to the closing quote of an attribute value) done by `String#indexOf`
 * rather than a `charCodeAt` loop: the engine's search is vectorised, and
 * those skips were a seventh of extraction's time (`--cpu-prof` over
 * main-dev and web-dev). Same positions, same result. The method and the
 * fields it uses are htmlparser2's internals: when a version lacks them, the
 * tokenizer is used as it is.
 */
export function withSearchingFastForward(Base: typeof TokenizerClass): typeof TokenizerClass {
  const probe = new Base({}, {} as TokenizerCallbacks) as unknown as Partial<TokenizerPosition>;
  const hasInternals = typeof probe.index === 'number' && typeof probe.buffer === 'string' && typeof probe.offset === 'number';
  if (!hasInternals || typeof (Base.prototype as unknown as Record<string, unknown>)['fastForwardTo'] !== 'function') return Base;
  class SearchingTokenizer extends Base {}
  Object.defineProperty(SearchingTokenizer.prototype, 'fastForwardTo', {
    value: function fastForwardTo(this: TokenizerPosition, code: number): boolean {
      const found = this.buffer.indexOf(String.fromCharCode(code), this.index + 1 - this.offset);
      // Not found: on the last character, which the parse loop steps past.
      this.index = (found < 0 ? this.buffer.length - 1 : found) + this.offset;
      return found >= 0;
    },
  });
  return SearchingTokenizer;
}

/** htmlparser2's tokenizer as published, for tests that compare the two. */
export function loadPlainTokenizer(): typeof TokenizerClass {
  return (requireCommonJs(join(dirname(requireCommonJs.resolve('htmlparser2')), 'Tokenizer.js')) as { default: typeof TokenizerClass }).default;
}
import { ElementFlag, FIRST_UNLISTED_TAG_ID, KNOWN_TAG_IDS, Tag, elementFlags, isHeadingTag } from './html-elements.js';

/** Node flags kept beside the element-name flags (which use the low 16 bits). */
export const NodeFlag = {
  /**
   * Hidden by the `hidden` attribute or an inline `display:none` or
   * `visibility:hidden`. Not `aria-hidden="true"`: that hides an element from
   * screen readers, not from the screen, and sites put it on visible text
   * that a visually hidden copy reads out (a product card's "(37)" beside
   * "37 reviews with an average rating of 4.6 out of 5 stars").
   */
  Hidden: 1 << 16,
} as const;

/** The attributes the extractor looks at; absent ones are empty strings. */
export interface ElementAttributes {
  /** `class` and `id`, lower-cased and space-joined: what the vocabularies match. */
  classAndId: string;
  role: string;
  itemprop: string;
  itemtype: string;
  /** `type`, for `<script type="application/ld+json">`. */
  type: string;
}

/**
 * The page's characters, as the tree's offsets index them: a string, or
 * {@link SourceChunks}.
 */
export interface SourceText {
  readonly length: number;
  slice(start: number, end: number): string;
}

/**
 * A page held as consecutive strings of under 64 KB. A page decoded into one
 * string of more than 128 KB lands in V8's large-object space, each in fresh
 * memory from the kernel: on a virtual machine its page faults cost as much
 * as decoding (a fifth of extracting a 150 KB page's main content, measured
 * on this project's bench machine). Strings this small are allocated where
 * memory is reused.
 */
export class SourceChunks implements SourceText {
  readonly length: number;
  /** Where each chunk starts in the page. */
  private readonly starts: number[] = [];
  /** The chunk the last slice started in: slices mostly move forward. */
  private last = 0;

  constructor(readonly chunks: readonly string[]) {
    let length = 0;
    for (const chunk of chunks) {
      this.starts.push(length);
      length += chunk.length;
    }
    this.length = length;
  }

  private chunkAt(offset: number): number {
    let index = this.last;
    if ((this.starts[index] ?? 0) > offset) index = 0;
    while (index + 1 < this.chunks.length && (this.starts[index + 1] as number) <= offset) index++;
    this.last = index;
    return index;
  }

  slice(start: number, end: number): string {
    if (end <= start) return '';
    let index = this.chunkAt(start);
    const chunkStart = this.starts[index] as number;
    const chunk = this.chunks[index] as string;
    if (end <= chunkStart + chunk.length) return chunk.slice(start - chunkStart, end - chunkStart);
    let text = chunk.slice(start - chunkStart);
    for (index++; index < this.chunks.length && (this.starts[index] as number) < end; index++) {
      text += (this.chunks[index] as string).slice(0, end - (this.starts[index] as number));
    }
    return text;
  }
}

export interface HtmlTree {
  readonly source: SourceText;
  /** Number of nodes; node 0 is the document root. */
  readonly size: number;
  /** Tag id per node (`Tag.Text` for text nodes). */
  readonly tag: Uint16Array;
  /** Element flags (`ElementFlag`) and node flags (`NodeFlag`). */
  readonly flags: Uint32Array;
  readonly parent: Int32Array;
  /** Exclusive end of the node's subtree in document order. */
  readonly end: Int32Array;
  /** Source offsets of a text node's raw text. */
  readonly textStart: Int32Array;
  readonly textEnd: Int32Array;
  /** Attributes of the elements that have any of interest (sparse). */
  readonly attributes: ReadonlyArray<ElementAttributes | undefined>;
}

/** Attributes whose values are worth keeping, each in its slot of the element being read. */
const enum Kept {
  Class,
  Id,
  Role,
  Itemprop,
  Itemtype,
  Type,
  Hidden,
  Style,
  Open,
  Count,
}
const KEPT_ATTRIBUTES = new Map<string, Kept>([
  ['class', Kept.Class],
  ['id', Kept.Id],
  ['role', Kept.Role],
  ['itemprop', Kept.Itemprop],
  ['itemtype', Kept.Itemtype],
  ['type', Kept.Type],
  ['hidden', Kept.Hidden],
  ['style', Kept.Style],
  ['open', Kept.Open],
]);
/** Lengths of those names: most attributes (href, src, alt, data-…) are told apart by length alone, unread. */
const KEPT_NAME_LENGTHS = new Set([...KEPT_ATTRIBUTES.keys()].map((name) => name.length));

/** Four or more words joined by hyphens or underscores. */
const HEADING_SLUG = /^[^-_\s]+(?:[-_][^-_\s]+){3,}$/;
const INLINE_STYLE_HIDDEN = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const NON_WHITESPACE = /\S/;

const CDATA_OPEN = '<![CDATA[';
/** Same length as CDATA_OPEN, so that every offset into the source stays true: `<!?` opens a bogus comment. */
const BOGUS_COMMENT_OPEN = '<!?CDATA[';

/**
 * The source as the tokenizer should read it. In HTML content `<![CDATA[`
 * opens a bogus comment that ends at the next `>` (the HTML standard's
 * cdata-in-html-content); htmlparser2's tokenizer reads a CDATA section up
 * to `]]>` instead, and a stray `<![CDATA[` in a page's body (a forum's
 * template: forums.tomshardware.com) swallowed everything after it.
 */
function withHtmlCdata(source: string): string {
  return source.includes(CDATA_OPEN) ? source.replaceAll(CDATA_OPEN, BOGUS_COMMENT_OPEN) : source;
}

/**
 * Parses HTML into a flat tree. Never throws on any input. Chunks must not
 * cut a `<![CDATA[` (as {@link utf8SourceChunks} makes them). `Tokenizer` is
 * for tests, which compare the tokenizer used with the one published.
 */
export function buildHtmlTree(source: string | SourceChunks, Tokenizer: typeof TokenizerClass = loadTokenizer()): HtmlTree {
  const builder = new TreeBuilder(source);
  const tokenizer = new Tokenizer({ decodeEntities: false }, builder);
  if (typeof source === 'string') tokenizer.write(withHtmlCdata(source));
  else for (const chunk of source.chunks) tokenizer.write(withHtmlCdata(chunk));
  tokenizer.end();
  return builder.finish();
}

/** Bytes decoded at a time: at most as many UTF-16 units, under V8's 128 KB limit for strings off the large-object space. */
const CHUNK_BYTES = 32 * 1024;
const LESS_THAN_BYTE = 0x3c;
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Valid UTF-8 decoded into {@link SourceChunks}. A chunk ends before the last
 * `<` in the second half of its bytes, so no `<![CDATA[` (nine characters
 * without another `<`) is cut, or else at the end of a character.
 */
export function utf8SourceChunks(bytes: Uint8Array): SourceChunks {
  const chunks: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(bytes.length, start + CHUNK_BYTES);
    if (end < bytes.length) {
      const lastTag = bytes.lastIndexOf(LESS_THAN_BYTE, end - 1);
      if (lastTag > start + CHUNK_BYTES / 2) end = lastTag;
      else while (((bytes[end] as number) & 0xc0) === 0x80) end--;
    }
    chunks.push(utf8Decoder.decode(bytes.subarray(start, end)));
    start = end;
  }
  return new SourceChunks(chunks);
}

class TreeBuilder implements TokenizerCallbacks {
  private size = 0;
  private tag: Uint16Array;
  private flags: Uint32Array;
  private parent: Int32Array;
  private end: Int32Array;
  private textStart: Int32Array;
  private textEnd: Int32Array;
  private readonly attributes: (ElementAttributes | undefined)[] = [];

  /** Node indices of the open elements, outermost first. */
  private readonly stack: number[] = [];
  /** Per tag id, the stack depths where an element of that name is open. */
  private readonly openDepthsByTag = new Map<number, number[]>();
  /** Stack depths of open scope boundaries (table, td, button…), which end tags may not cross. */
  private readonly boundaryDepths: number[] = [];
  /** Stack depths of open list containers, which bound the implied end of `li`. */
  private readonly listDepths: number[] = [];
  private foreignDepth = 0;
  private readonly unlistedTagIds = new Map<string, number>();
  private readonly customElementIds = new Set<number>();

  /** The element whose start tag is being read, and its kept attributes so far (by `Kept` slot). */
  private pendingNode = -1;
  private readonly pendingValues: Array<string | undefined> = new Array<string | undefined>(Kept.Count).fill(undefined);
  private pendingCount = 0;
  /** The slot of the attribute being read, or -1 when it is not kept. */
  private attributeSlot = -1;
  private attributeValue = '';

  constructor(private readonly source: SourceText) {
    // Nodes rarely exceed one per 16 characters; the arrays grow when they do.
    const capacity = Math.max(64, source.length >> 4);
    this.tag = new Uint16Array(capacity);
    this.flags = new Uint32Array(capacity);
    this.parent = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.textStart = new Int32Array(capacity);
    this.textEnd = new Int32Array(capacity);
    const root = this.appendNode(Tag.Root, elementFlags(Tag.Root), -1);
    this.push(root, Tag.Root, elementFlags(Tag.Root));
  }

  finish(): HtmlTree {
    this.closeDownTo(0);
    return {
      source: this.source,
      size: this.size,
      tag: this.tag.subarray(0, this.size),
      flags: this.flags.subarray(0, this.size),
      parent: this.parent.subarray(0, this.size),
      end: this.end.subarray(0, this.size),
      textStart: this.textStart.subarray(0, this.size),
      textEnd: this.textEnd.subarray(0, this.size),
      attributes: this.attributes,
    };
  }

  // ----- node storage -----

  private appendNode(tagId: number, nodeFlags: number, parentNode: number): number {
    if (this.size === this.tag.length) this.grow();
    const index = this.size++;
    this.tag[index] = tagId;
    this.flags[index] = nodeFlags;
    this.parent[index] = parentNode;
    this.end[index] = index + 1;
    return index;
  }

  private grow(): void {
    const capacity = this.tag.length * 2;
    const grown = <T extends Uint16Array | Uint32Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(array);
      return next;
    };
    this.tag = grown(this.tag, (n) => new Uint16Array(n));
    this.flags = grown(this.flags, (n) => new Uint32Array(n));
    this.parent = grown(this.parent, (n) => new Int32Array(n));
    this.end = grown(this.end, (n) => new Int32Array(n));
    this.textStart = grown(this.textStart, (n) => new Int32Array(n));
    this.textEnd = grown(this.textEnd, (n) => new Int32Array(n));
  }

  // ----- the open-element stack -----

  private currentNode(): number {
    return this.stack[this.stack.length - 1] ?? 0;
  }

  private push(node: number, tagId: number, nodeFlags: number): void {
    const depth = this.stack.length;
    this.stack.push(node);
    let depths = this.openDepthsByTag.get(tagId);
    if (depths === undefined) {
      depths = [];
      this.openDepthsByTag.set(tagId, depths);
    }
    depths.push(depth);
    if (nodeFlags & ElementFlag.ScopeBoundary) this.boundaryDepths.push(depth);
    if (nodeFlags & ElementFlag.List) this.listDepths.push(depth);
    if (nodeFlags & ElementFlag.Foreign) this.foreignDepth++;
  }

  /** Closes every open element at stack depth ≥ `depth`. */
  private closeDownTo(depth: number): void {
    while (this.stack.length > depth) {
      const node = this.stack.pop() as number;
      this.end[node] = this.size;
      const tagId = this.tag[node] as number;
      this.openDepthsByTag.get(tagId)?.pop();
      const nodeFlags = this.flags[node] as number;
      if (nodeFlags & ElementFlag.ScopeBoundary) this.boundaryDepths.pop();
      if (nodeFlags & ElementFlag.List) this.listDepths.pop();
      if (nodeFlags & ElementFlag.Foreign) this.foreignDepth--;
    }
  }

  /** Stack depth of the innermost open element with this tag id, or -1. */
  private openDepth(tagId: number): number {
    const depths = this.openDepthsByTag.get(tagId);
    return depths === undefined || depths.length === 0 ? -1 : (depths[depths.length - 1] as number);
  }

  private innermostBoundary(): number {
    return this.boundaryDepths[this.boundaryDepths.length - 1] ?? -1;
  }

  /**
   * Closes the element open at stack depth `depth`, and everything above it,
   * when it lies above `limit` (the depth of a boundary the closing may not
   * cross). `depth` is -1 when there is nothing to close.
   */
  private closeIfOpenAbove(depth: number, limit: number): void {
    if (depth > limit) this.closeDownTo(depth);
  }

  // ----- names -----

  private tagIdOf(start: number, endIndex: number): number {
    const name = this.source.slice(start, endIndex).toLowerCase();
    const known = KNOWN_TAG_IDS.get(name);
    if (known !== undefined) return known;
    let id = this.unlistedTagIds.get(name);
    if (id === undefined) {
      // Tag ids are 16-bit; past that, unlisted names share the last id.
      id = Math.min(FIRST_UNLISTED_TAG_ID + this.unlistedTagIds.size, 0xffff);
      this.unlistedTagIds.set(name, id);
      // Custom elements (names with a hyphen) are nearly always styled as blocks.
      if (name.includes('-')) this.customElementIds.add(id);
    }
    return id;
  }

  private flagsOf(tagId: number): number {
    if (tagId < FIRST_UNLISTED_TAG_ID) return elementFlags(tagId);
    return this.customElementIds.has(tagId) ? ElementFlag.Block : 0;
  }

  // ----- implied end tags (HTML's tree-construction rules, simplified) -----

  private applyImpliedEndTags(tagId: number, nodeFlags: number): void {
    const headDepth = this.openDepth(Tag.Head);
    if (headDepth >= 0 && !(nodeFlags & ElementFlag.HeadContent) && this.openDepth(Tag.Noscript) < 0) {
      this.closeDownTo(headDepth);
    }
    if (nodeFlags & ElementFlag.ClosesParagraph) {
      this.closeIfOpenAbove(this.openDepth(Tag.P), this.innermostBoundary());
    }
    switch (tagId) {
      case Tag.Li:
        this.closeIfOpenAbove(this.openDepth(Tag.Li), Math.max(this.innermostBoundary(), this.listDepths.at(-1) ?? -1));
        break;
      case Tag.Dt:
      case Tag.Dd:
        this.closeIfOpenAbove(
          Math.max(this.openDepth(Tag.Dt), this.openDepth(Tag.Dd)),
          Math.max(this.innermostBoundary(), this.openDepth(Tag.Dl)),
        );
        break;
      case Tag.Td:
      case Tag.Th:
        this.closeIfOpenAbove(Math.max(this.openDepth(Tag.Td), this.openDepth(Tag.Th)), this.openDepth(Tag.Table));
        break;
      case Tag.Tr:
        this.closeIfOpenAbove(this.openDepth(Tag.Tr), this.openDepth(Tag.Table));
        break;
      case Tag.Thead:
      case Tag.Tbody:
      case Tag.Tfoot:
        this.closeIfOpenAbove(
          Math.max(this.openDepth(Tag.Thead), this.openDepth(Tag.Tbody), this.openDepth(Tag.Tfoot)),
          this.openDepth(Tag.Table),
        );
        break;
      case Tag.Option:
        if (this.tag[this.currentNode()] === Tag.Option) this.closeDownTo(this.stack.length - 1);
        break;
      case Tag.Optgroup: {
        const current = this.tag[this.currentNode()];
        if (current === Tag.Option || current === Tag.Optgroup) this.closeDownTo(this.stack.length - 1);
        break;
      }
      default:
        if (isHeadingTag(tagId) && isHeadingTag(this.tag[this.currentNode()] as number)) {
          this.closeDownTo(this.stack.length - 1);
        }
    }
  }

  // ----- tokenizer callbacks -----

  onopentagname(start: number, endIndex: number): void {
    const tagId = this.tagIdOf(start, endIndex);
    const nodeFlags = this.flagsOf(tagId);
    this.applyImpliedEndTags(tagId, nodeFlags);
    // A dialog is not shown until it is opened (browsers' own style sheet: `dialog:not([open])`).
    const node = this.appendNode(tagId, tagId === Tag.Dialog ? nodeFlags | NodeFlag.Hidden : nodeFlags, this.currentNode());
    if (!(nodeFlags & ElementFlag.Void)) this.push(node, tagId, nodeFlags);
    this.pendingNode = node;
    this.clearPendingAttributes();
  }

  onattribname(start: number, endIndex: number): void {
    this.attributeSlot = KEPT_NAME_LENGTHS.has(endIndex - start) ? (KEPT_ATTRIBUTES.get(this.source.slice(start, endIndex).toLowerCase()) ?? -1) : -1;
    this.attributeValue = '';
  }

  onattribdata(start: number, endIndex: number): void {
    if (this.attributeSlot >= 0) this.attributeValue += this.source.slice(start, endIndex);
  }

  onattribentity(): void {
    // Only called when decoding entities, which this builder never asks for.
  }

  onattribend(): void {
    const slot = this.attributeSlot;
    // The first occurrence of a repeated attribute wins, as in browsers.
    if (this.pendingNode < 0 || slot < 0 || this.pendingValues[slot] !== undefined) return;
    this.pendingValues[slot] = this.attributeValue;
    this.pendingCount++;
  }

  private clearPendingAttributes(): void {
    if (this.pendingCount === 0) return;
    this.pendingValues.fill(undefined);
    this.pendingCount = 0;
  }

  onopentagend(): void {
    this.finishStartTag();
  }

  onselfclosingtag(): void {
    const node = this.pendingNode;
    this.finishStartTag();
    // In HTML `<div/>` is just `<div>`; only SVG and MathML honour the slash.
    if (this.foreignDepth > 0 && node >= 0 && this.currentNode() === node) this.closeDownTo(this.stack.length - 1);
  }

  private finishStartTag(): void {
    const node = this.pendingNode;
    this.pendingNode = -1;
    if (node < 0 || this.pendingCount === 0) return;
    const values = this.pendingValues;
    const hiddenValue = values[Kept.Hidden];
    const style = values[Kept.Style];
    const hidden =
      (hiddenValue !== undefined && hiddenValue.toLowerCase() !== 'until-found') ||
      (style !== undefined && INLINE_STYLE_HIDDEN.test(style));
    if (hidden) this.flags[node] = (this.flags[node] as number) | NodeFlag.Hidden;
    else if (this.tag[node] === Tag.Dialog && values[Kept.Open] !== undefined) this.flags[node] = (this.flags[node] as number) & ~NodeFlag.Hidden;
    const id = values[Kept.Id] ?? '';
    // Ids like "respond-to-review-comments" are anchors made from heading text, not names.
    const classAndId = `${values[Kept.Class] ?? ''} ${HEADING_SLUG.test(id) ? '' : id}`.trim().toLowerCase();
    const role = values[Kept.Role]?.trim().toLowerCase() ?? '';
    const itemprop = values[Kept.Itemprop]?.trim().toLowerCase() ?? '';
    const itemtype = values[Kept.Itemtype]?.trim().toLowerCase() ?? '';
    const type = values[Kept.Type]?.trim().toLowerCase() ?? '';
    this.clearPendingAttributes();
    if (classAndId || role || itemprop || itemtype || type) {
      this.attributes[node] = { classAndId, role, itemprop, itemtype, type };
    }
  }

  onclosetag(start: number, endIndex: number): void {
    const tagId = this.tagIdOf(start, endIndex);
    if (tagId === Tag.Br) {
      // `</br>` is read as `<br>` by browsers.
      this.appendNode(Tag.Br, elementFlags(Tag.Br), this.currentNode());
      return;
    }
    // `</body>` and `</html>` do not end the document in browsers: later content still shows.
    if (tagId === Tag.Body || tagId === Tag.Html || tagId === Tag.Root) return;
    const nodeFlags = this.flagsOf(tagId);
    if (nodeFlags & ElementFlag.Void) return;
    const depth = this.openDepth(tagId);
    if (depth < 0) return;
    switch (tagId) {
      case Tag.Table:
        this.closeDownTo(depth);
        return;
      case Tag.Td:
      case Tag.Th:
      case Tag.Tr:
      case Tag.Thead:
      case Tag.Tbody:
      case Tag.Tfoot:
      case Tag.Caption:
        this.closeIfOpenAbove(depth, this.openDepth(Tag.Table));
        return;
      default:
        if (nodeFlags & ElementFlag.ScopeBoundary) {
          // A boundary may close itself, but not reach past a deeper boundary.
          if (depth >= this.innermostBoundary()) this.closeDownTo(depth);
        } else {
          this.closeIfOpenAbove(depth, this.innermostBoundary());
        }
    }
  }

  ontext(start: number, endIndex: number): void {
    let current = this.currentNode();
    if (this.tag[current] === Tag.Head && NON_WHITESPACE.test(this.source.slice(start, endIndex))) {
      // Visible text cannot live in <head>: browsers end the head here.
      this.closeDownTo(this.stack.length - 1);
      current = this.currentNode();
    }
    const last = this.size - 1;
    if (this.tag[last] === Tag.Text && this.parent[last] === current && this.textEnd[last] === start) {
      this.textEnd[last] = endIndex;
      return;
    }
    const node = this.appendNode(Tag.Text, 0, current);
    this.textStart[node] = start;
    this.textEnd[node] = endIndex;
  }

  ontextentity(): void {
    // Only called when decoding entities.
  }

  oncdata(): void {}
  oncomment(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}
