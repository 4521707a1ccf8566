/**
 * A parsed page as the extractor sees it: the flat tree, what each element
 * says about itself, the text blocks with their lengths and local scores,
 * and the linear-time aggregations over the tree that the later stages share.
 */
import { effectiveLength, localBlockScore } from './block-score.js';
import { computeElementHints } from './element-hints.js';
import { Tag } from './html-elements.js';
import { buildHtmlTree, type HtmlTree, type SourceChunks } from './html-tree.js';
import { collectTextBlocks, type TextBlock } from './text-blocks.js';

/**
 * Some pages (Discourse forums, for one) serve their text only inside
 * `noscript` for clients without scripts: it is read when it holds this many
 * times more text than the rest of the page.
 */
const NOSCRIPT_TEXT_RATIO = 2;

export interface Page {
  tree: HtmlTree;
  /** Per node, `Hint` bits (element-hints.ts). */
  hints: Uint16Array;
  blocks: TextBlock[];
  /** Per block, the innermost element around its first text (inline elements included). */
  blockElement: Int32Array;
  /** Per block, its length (ideographs weigh more; skipped button labels count). */
  lengths: Float64Array;
  /** Per block, its local content score in [-1, 1]. */
  scores: Float64Array;
}

/** Parses and scores a page; undefined when it has no text at all. */
export function buildPage(html: string | SourceChunks): Page | undefined {
  const tree = buildHtmlTree(html);
  const hints = computeElementHints(tree);
  let blocks = collectTextBlocks(tree, { skipHidden: false, readNoscript: false });
  const visibleLength = blocks.reduce((sum, block) => sum + block.text.length, 0);
  if (noscriptTextLength(tree) > NOSCRIPT_TEXT_RATIO * visibleLength) {
    blocks = collectTextBlocks(tree, { skipHidden: false, readNoscript: true });
  }
  if (blocks.length === 0) return undefined;
  const blockElement = new Int32Array(blocks.length);
  const lengths = new Float64Array(blocks.length);
  const scores = new Float64Array(blocks.length);
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as TextBlock;
    const length = effectiveLength(block.text) + block.controlLength;
    blockElement[index] = tree.parent[block.firstNode] as number;
    lengths[index] = length;
    scores[index] = localBlockScore(block, length, tree.tag[block.owner] as number);
  }
  return { tree, hints, blocks, blockElement, lengths, scores };
}

/** Raw length of the text inside `noscript` elements. */
function noscriptTextLength(tree: HtmlTree): number {
  let length = 0;
  for (let node = 0; node < tree.size; node++) {
    if (tree.tag[node] !== Tag.Noscript) continue;
    const end = tree.end[node] as number;
    for (let inner = node + 1; inner < end; inner++) {
      if (tree.tag[inner] === Tag.Text) length += (tree.textEnd[inner] as number) - (tree.textStart[inner] as number);
    }
    node = end - 1;
  }
  return length;
}

/** Sums a per-block quantity into every element that contains the block. */
export function sumPerElement(page: Page, value: (index: number) => number): Float64Array {
  const { tree, blocks, blockElement } = page;
  const sums = new Float64Array(tree.size);
  for (let index = 0; index < blocks.length; index++) {
    const element = blockElement[index] as number;
    sums[element] = (sums[element] as number) + value(index);
  }
  for (let node = tree.size - 1; node > 0; node--) {
    const parentNode = tree.parent[node] as number;
    sums[parentNode] = (sums[parentNode] as number) + (sums[node] as number);
  }
  return sums;
}

/** For every node, the innermost marked element among it and its ancestors (0 when none). */
export function nearestMarkedAncestor(tree: HtmlTree, marks: Uint8Array): Int32Array {
  const nearest = new Int32Array(tree.size);
  for (let node = 1; node < tree.size; node++) {
    nearest[node] = marks[node] === 1 ? node : (nearest[tree.parent[node] as number] as number);
  }
  return nearest;
}

export interface BlockRanges {
  /** Per element, the index of its first block (the block count when it has none). */
  first: Int32Array;
  /** Per element, the index of its last block (-1 when it has none). */
  last: Int32Array;
}

/** Per element, the indices of the first and last blocks inside it. */
export function blockRangePerElement(page: Page): BlockRanges {
  const { tree, blocks, blockElement } = page;
  const first = new Int32Array(tree.size).fill(blocks.length);
  const last = new Int32Array(tree.size).fill(-1);
  for (let index = blocks.length - 1; index >= 0; index--) {
    const element = blockElement[index] as number;
    first[element] = index;
    if ((last[element] as number) < index) last[element] = index;
  }
  for (let node = tree.size - 1; node > 0; node--) {
    const parentNode = tree.parent[node] as number;
    if ((first[node] as number) < (first[parentNode] as number)) first[parentNode] = first[node] as number;
    if ((last[node] as number) > (last[parentNode] as number)) last[parentNode] = last[node] as number;
  }
  return { first, last };
}
