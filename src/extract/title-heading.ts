/**
 * Finds the heading that titles the page's main content: the h1 whose words
 * best match the document's `<title>`, else the first h1 outside boilerplate.
 * Main content starts right after it on nearly every page.
 */
import { Tag } from './html-elements.js';
import type { HtmlTree } from './html-tree.js';
import type { TextBlock } from './text-blocks.js';

const TITLE_WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): Set<string> {
  return new Set(text.toLowerCase().match(TITLE_WORD) ?? []);
}

/** Text of the document's first `<title>`, or ''. */
function documentTitle(tree: HtmlTree): string {
  for (let node = 0; node < tree.size; node++) {
    if (tree.tag[node] !== Tag.Title) continue;
    const text = node + 1 < tree.size && tree.tag[node + 1] === Tag.Text && tree.parent[node + 1] === node ? node + 1 : -1;
    return text < 0 ? '' : tree.source.slice(tree.textStart[text] as number, tree.textEnd[text] as number);
  }
  return '';
}

/**
 * Index of the block holding the title heading, or -1 when the page has no h1.
 * `isBoilerplate` tells whether a block sits in navigation or the like.
 */
export function findTitleBlock(tree: HtmlTree, blocks: readonly TextBlock[], isBoilerplate: (index: number) => boolean): number {
  const titleWords = wordsOf(documentTitle(tree));
  let best = -1;
  let bestOverlap = 0;
  let firstOutsideBoilerplate = -1;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as TextBlock;
    if (tree.tag[block.owner] !== Tag.H1) continue;
    if (firstOutsideBoilerplate < 0 && !isBoilerplate(index)) firstOutsideBoilerplate = index;
    if (titleWords.size === 0) continue;
    let overlap = 0;
    for (const word of wordsOf(block.text)) if (titleWords.has(word)) overlap++;
    if (overlap > bestOverlap) {
      best = index;
      bestOverlap = overlap;
    }
  }
  return best >= 0 ? best : firstOutsideBoilerplate;
}
