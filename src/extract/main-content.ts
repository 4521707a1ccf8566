/**
 * Main-content extraction: keeps the article, the posts of a thread, a
 * product's description and specs, the entries of a listing, the sections
 * of a landing page; drops navigation, headers, footers, sidebars, ads,
 * cookie banners, share bars, related links and comment forms.
 *
 * 1. Parse into a flat tree (iterative, linear in the page) and cut the text
 *    into blocks (page-model.ts, html-tree.ts, text-blocks.ts).
 * 2. Score each block on its own — length, links, sentences (block-score.ts) —
 *    and read what elements say about themselves: tags, ARIA roles, class and
 *    id names in many languages (element-hints.ts, vocabulary.ts).
 * 3. Decide which elements really are boilerplate (boilerplate-marks.ts).
 * 4. Choose the container: the element whose blocks weigh most, favouring
 *    the one right after the title heading (container.ts, title-heading.ts).
 * 5. Inside it, drop blocks under boilerplate, sections announced as related
 *    links or comments (boilerplate-sections.ts) and navigation-like blocks.
 * 6. When the markup holds little and the page's JSON-LD states its text,
 *    use that (json-ld.ts); when nothing stands out, the page's full text.
 */
import { decodeEntitiesText } from '../steps/decode-entities.js';
import { stripTagsFull, stripTagsUtf8 } from '../steps/strip-tags.js';
import { inSemanticBoilerplate, markBoilerplate } from './boilerplate-marks.js';
import { boilerplateSections } from './boilerplate-sections.js';
import { chooseContainer } from './container.js';
import { utf8SourceChunks, type HtmlTree, type SourceChunks } from './html-tree.js';
import { readStructuredData, type StructuredData } from './json-ld.js';
import { blockRangePerElement, buildPage, nearestMarkedAncestor, sumPerElement, type BlockRanges, type Page } from './page-model.js';
import { renderBlocks, type TextBlock } from './text-blocks.js';
import { findTitleBlock } from './title-heading.js';

/** Inside the container, blocks scoring below this are dropped (menu links, lone labels). */
const KEEP_THRESHOLD = -0.45;
/** JSON-LD text shorter than this is a summary, not main content. */
const MIN_STRUCTURED_TEXT = 100;
/**
 * When the visible main content is shorter than this share of the JSON-LD
 * text, it is taken for an empty shell (title, price, buttons) and replaced;
 * otherwise the JSON-LD text is added after it.
 */
const STRUCTURED_ONLY_BELOW = 1;
/** Words compared to tell whether the visible page already shows a JSON-LD text. */
const PROBE_WORDS = 8;

/**
 * HTML → main-content text. Blocks (paragraphs, headings, list items, table
 * rows, lines of `pre`…) are separated by '\n'; character references are
 * left exactly as in the source. Falls back to the full text of the page when
 * no main content can be told apart, so a page with text never gives ''.
 * Pure, deterministic, linear in the page; never throws.
 */
export function extractMainContent(html: string): string {
  try {
    const text = extract(html);
    return text.length > 0 ? text : stripTagsFull(html);
  } catch {
    return stripTagsFull(html);
  }
}

/**
 * Pages up to this size are decoded in chunks. Above it one string is as
 * fast (its page faults are a small part of so much work) and takes less
 * memory at its peak: a 20 MB page peaked at 395 MB as one string, 550 MB
 * in chunks copied from the young generation to the old.
 */
const CHUNKED_PAGE_MAX_BYTES = 4 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * {@link extractMainContent} of a page's valid UTF-8 bytes, decoded in
 * chunks of under 64 KB rather than into one string (see SourceChunks): the
 * same text.
 */
export function extractMainContentUtf8(bytes: Uint8Array): string {
  if (bytes.length > CHUNKED_PAGE_MAX_BYTES) return extractMainContent(utf8.decode(bytes));
  try {
    const text = extract(utf8SourceChunks(bytes));
    return text.length > 0 ? text : stripTagsUtf8(bytes);
  } catch {
    return stripTagsUtf8(bytes);
  }
}

/** What the extractor decided for a page; for debugging and evaluation tools. */
export interface ContentAnalysis {
  tree: HtmlTree;
  blocks: TextBlock[];
  /** Per block, its local content score. */
  scores: Float64Array;
  /** The chosen container element, or -1. */
  container: number;
  /** Per node, the innermost element around it taken for boilerplate (0 when none). */
  nearestMark: Int32Array;
  /** Per node, the summed weight of its blocks, as the container choice saw it. */
  weights: Float64Array;
  /** Whether a block is part of the main content. */
  kept: (index: number) => boolean;
  /** What the page's JSON-LD and microdata say. */
  structured: StructuredData;
}

/** Parses and scores a page and picks its main content; undefined when the page has no text. */
export function analyseMainContent(html: string | SourceChunks): ContentAnalysis | undefined {
  const page = buildPage(html);
  if (page === undefined) return undefined;
  const { tree, blocks, blockElement, scores } = page;
  const structured = readStructuredData(tree);
  const titleBlock = findTitleBlock(tree, blocks, inSemanticBoilerplate(page));
  const boilerplate = markBoilerplate(page, titleBlock, structured.describesProduct);
  const { container, weights } = chooseContainer(page, boilerplate, titleBlock);
  const nearestMark = nearestMarkedAncestor(tree, boilerplate);
  if (container < 0) return { tree, blocks, scores, container, nearestMark, weights, kept: () => false, structured };
  const ranges = blockRangePerElement(page);
  const listing = listingAround(page, container, ranges, nearestMark);
  const chosen = withStatedDescription(page, listing ?? container, ranges, structured, nearestMark);
  const first = ranges.first[chosen] as number;
  const last = ranges.last[chosen] as number;
  const excludedSections = boilerplateSections(page, chosen, ranges, titleBlock);
  const threshold = listing === undefined ? KEEP_THRESHOLD : -1;
  const kept = (index: number): boolean =>
    index >= first &&
    index <= last &&
    excludedSections[index] === 0 &&
    // A mark on the container or above it was outweighed by the container's content.
    (nearestMark[blockElement[index] as number] as number) <= chosen &&
    (scores[index] as number) >= threshold;
  return { tree, blocks, scores, container: chosen, nearestMark, weights, kept, structured };
}

/**
 * A product page's description, as its structured data states it, is main
 * content: when the page shows it outside the chosen container, the
 * container grows to the nearest element holding both.
 */
function withStatedDescription(page: Page, chosen: number, ranges: BlockRanges, structured: StructuredData, nearestMark: Int32Array): number {
  if (!structured.describesProduct || structured.mainText.length < MIN_STRUCTURED_TEXT) return chosen;
  const probe = (probesOf(structured.mainText)[0] as string[]).join(' ');
  if (probe.length === 0) return chosen;
  const { tree, blocks, blockElement } = page;
  for (let index = 0; index < blocks.length; index++) {
    if (!wordString((blocks[index] as TextBlock).text).includes(` ${probe} `)) continue;
    if (index >= (ranges.first[chosen] as number) && index <= (ranges.last[chosen] as number)) return chosen;
    if (nearestMark[blockElement[index] as number] !== 0) continue;
    let common = chosen;
    while (common > 0 && !((ranges.first[common] as number) <= index && index <= (ranges.last[common] as number))) common = tree.parent[common] as number;
    return common;
  }
  return chosen;
}

/** Below this much text (characters) kept, a container is too little to be a page's main content on its own… */
const LISTING_MAX_KEPT = 400;
/** …and above it, entries holding at least this many times the text kept still make the page a listing (an index with an introduction). */
const LISTING_ENTRIES_OVER_KEPT = 2;
/** A listing has at least this many entries: links, each its own block, outside boilerplate. */
const LISTING_MIN_ENTRIES = 12;
/** …whose texts are mostly different (menus repeat "Read more", "Add to cart")… */
const LISTING_MIN_DISTINCT = 0.8;
/** …and that make most of its text: prose with links around it is an article with its related links. */
const LISTING_MIN_ENTRY_SHARE = 0.5;

/** Ancestors whose entries are checked for distinct texts, at most: the check reads their blocks, and the climb must stay linear. */
const LISTING_CANDIDATES_CHECKED = 3;

/**
 * When the container holds almost nothing, the page may be a listing: its
 * entries are links, which score as menus. The nearest ancestor of the
 * container holding many distinct link entries outside boilerplate is taken
 * instead, with its links kept.
 */
function listingAround(page: Page, container: number, ranges: BlockRanges, nearestMark: Int32Array): number | undefined {
  const { tree, blocks, blockElement, scores, lengths } = page;
  let keptLength = 0;
  for (let index = ranges.first[container] as number; index <= (ranges.last[container] as number); index++) {
    if ((scores[index] as number) >= KEEP_THRESHOLD && (nearestMark[blockElement[index] as number] as number) <= container) keptLength += lengths[index] as number;
  }
  const unmarked = (index: number): boolean => nearestMark[blockElement[index] as number] === 0;
  const isEntry = (index: number): boolean => unmarked(index) && (blocks[index] as TextBlock).linkLength >= (blocks[index] as TextBlock).text.length / 2;
  const entries = sumPerElement(page, (index) => (isEntry(index) ? 1 : 0));
  const entryLength = sumPerElement(page, (index) => (isEntry(index) ? (blocks[index] as TextBlock).text.length : 0));
  const unmarkedLength = sumPerElement(page, (index) => (unmarked(index) ? (blocks[index] as TextBlock).text.length : 0));
  let checked = 0;
  for (let node = container; node > 0; node = tree.parent[node] as number) {
    const count = entries[node] as number;
    if (count < LISTING_MIN_ENTRIES || (entryLength[node] as number) < LISTING_MIN_ENTRY_SHARE * (unmarkedLength[node] as number)) continue;
    // Past a short introduction, the entries must outweigh what was kept many times over: an article's related links do not.
    if (keptLength >= LISTING_MAX_KEPT && (entryLength[node] as number) < LISTING_ENTRIES_OVER_KEPT * keptLength) continue;
    if (checked++ === LISTING_CANDIDATES_CHECKED) return undefined;
    // Entries with headline links are judged apart when there are enough of
    // them: each carries short links that repeat ("3 days ago", "Add to cart").
    const texts = new Set<string>();
    const headlineTexts = new Set<string>();
    let headlines = 0;
    for (let index = ranges.first[node] as number; index <= (ranges.last[node] as number); index++) {
      if (!isEntry(index)) continue;
      const block = blocks[index] as TextBlock;
      texts.add(block.text);
      if (block.linkLength - block.shortLinkLength >= block.text.length / 2) {
        headlines++;
        headlineTexts.add(block.text);
      }
    }
    if (texts.size >= LISTING_MIN_DISTINCT * count) return node;
    if (headlines >= LISTING_MIN_ENTRIES && headlineTexts.size >= LISTING_MIN_DISTINCT * headlines) return node;
  }
  return undefined;
}

function extract(html: string | SourceChunks): string {
  const analysis = analyseMainContent(html);
  if (analysis === undefined) return '';
  const visible = renderBlocks(analysis.blocks, analysis.kept);
  const structured = analysis.structured.mainText;
  if (structured.length < MIN_STRUCTURED_TEXT || pageShowsText(analysis.blocks, structured)) return visible;
  // The page states its main text in metadata only: a script-rendered page, or a
  // product whose description is not in the markup.
  return visible.length < STRUCTURED_ONLY_BELOW * structured.length ? structured : `${visible}\n${structured}`;
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordString(text: string): string {
  return ` ${(decodeEntitiesText(text).toLowerCase().match(WORD) ?? []).join(' ')} `;
}

/** Whether the page's text (any block) already holds a text, judged by runs of its words. */
function pageShowsText(blocks: readonly TextBlock[], text: string): boolean {
  const page = wordString(blocks.map((block) => block.text).join('\n'));
  return probesOf(text).some((probe) => probe.length > 0 && page.includes(` ${probe.join(' ')} `));
}

/** Runs of words that tell where a text is shown: its first {@link PROBE_WORDS} words, and as many from its middle. */
function probesOf(text: string): string[][] {
  const words = wordString(text).trim().split(' ');
  const middle = Math.floor(words.length / 2);
  return [words.slice(0, PROBE_WORDS), words.slice(middle, middle + PROBE_WORDS)];
}
