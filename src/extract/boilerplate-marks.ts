/**
 * Decides which elements are boilerplate, from the hints elements give
 * about themselves checked against what they hold: a class name says
 * "sidebar", but an element that wraps the title and most of the text is a
 * page wrapper in a "sidebar open" state, not a sidebar.
 */
import { Hint } from './element-hints.js';
import { Tag } from './html-elements.js';
import { NodeFlag } from './html-tree.js';
import { nearestMarkedAncestor, sumPerElement, type Page } from './page-model.js';
import type { TextBlock } from './text-blocks.js';

/** An element holding more than this share of the page's text is a wrapper, whatever its class names say. */
const WRAPPER_TEXT_SHARE = 0.6;
/**
 * Comments are main content when they hold at least this share of the page's
 * content weight (a forum thread); below it they trail an article and go.
 */
const COMMENT_CONTENT_SHARE = 0.5;
/** Hidden elements and forms are dropped when this much of their text is menu links… */
const HIDDEN_LINK_DENSITY = 0.3;
/** …or when they hold less prose weight than this (dialogs, tooltips, form messages). */
const HIDDEN_MIN_PROSE = 100;
/** Weak boilerplate hints count when the element's text is at least this much menu-link text. */
const WEAK_HINT_LINK_DENSITY = 0.5;

/** Per block, whether it sits in navigation, a page header, a footer or an aside by tag or ARIA role. */
export function inSemanticBoilerplate(page: Page): (index: number) => boolean {
  const { tree, hints, blockElement } = page;
  const marks = new Uint8Array(tree.size);
  for (let node = 0; node < tree.size; node++) {
    const hint = hints[node] as number;
    if (hint & Hint.Semantic && hint & (Hint.Boilerplate | Hint.PageHeader)) marks[node] = 1;
  }
  const nearest = nearestMarkedAncestor(tree, marks);
  return (index) => nearest[blockElement[index] as number] !== 0;
}

/**
 * Per element, whether it wraps the page's main content: it holds the title
 * heading or a `main` element, or most of the page's text; and whether it
 * holds a `main` element. Class names and
 * visibility of such wrappers describe page states ("has-sidebar",
 * "menu-open", a loader hiding everything), not boilerplate.
 */
function findWrappers(page: Page, titleBlock: number, textLength: Float64Array): { wrappers: Uint8Array; holdsMain: Uint8Array } {
  const { tree, blockElement } = page;
  const anchors = new Float64Array(tree.size);
  const holdsMain = new Uint8Array(tree.size);
  if (titleBlock >= 0) anchors[blockElement[titleBlock] as number] = 1;
  for (let node = 1; node < tree.size; node++) {
    if (tree.tag[node] === Tag.Main || tree.attributes[node]?.role === 'main') {
      anchors[node] = 1;
      holdsMain[node] = 1;
    }
  }
  for (let node = tree.size - 1; node > 0; node--) {
    const parentNode = tree.parent[node] as number;
    anchors[parentNode] = (anchors[parentNode] as number) + (anchors[node] as number);
    if (holdsMain[node] === 1) holdsMain[parentNode] = 1;
  }
  const wrappers = new Uint8Array(tree.size);
  const pageText = textLength[0] as number;
  for (let node = 0; node < tree.size; node++) {
    if ((anchors[node] as number) > 0 || (textLength[node] as number) > WRAPPER_TEXT_SHARE * pageText) wrappers[node] = 1;
  }
  return { wrappers, holdsMain };
}

/** Share of the page's content weight that sits in comments (outermost comment elements). */
function commentShare(page: Page, positive: Float64Array): number {
  const { tree, hints } = page;
  let inComments = 0;
  let node = 1;
  while (node < tree.size) {
    if ((hints[node] as number) & Hint.Comment) {
      inComments += positive[node] as number;
      node = tree.end[node] as number;
    } else {
      node++;
    }
  }
  const total = positive[0] as number;
  return total > 0 ? inComments / total : 0;
}

/**
 * Which elements really are boilerplate (1) or not (0):
 * - tags and roles (nav, footer, aside, banner…) always, unless they are
 *   also marked as content by tag (`<article role="navigation">` is odd) or
 *   hold the page's `main` (an aside left unclosed);
 * - class and id names unless the element wraps the main content;
 * - comments unless they are most of the content (a thread);
 * - on a product's page (`describesProduct`), its customer reviews, however
 *   much of the page they are: the product is what the page is about;
 * - weak names (header, widget, tags…) only on elements full of menu links;
 * - hidden elements and forms when full of menu links or short of prose:
 *   menus and dialogs go, but collapsed accordions and tabs hold prose, a
 *   product form may hold the description, and ASP.NET pages sit in one form;
 *   a `<dialog>` that is not open, whatever it holds.
 */
export function markBoilerplate(page: Page, titleBlock: number, describesProduct: boolean): Uint8Array {
  const { tree, hints, lengths, scores, blocks } = page;
  const positive = sumPerElement(page, (index) => Math.max(0, scores[index] as number) * (lengths[index] as number));
  const textLength = sumPerElement(page, (index) => (blocks[index] as TextBlock).text.length);
  // Only menu-like links count: headline links (listing entries, product cards) are content.
  const menuLinkLength = sumPerElement(page, (index) => (blocks[index] as TextBlock).shortLinkLength);
  const { wrappers, holdsMain } = findWrappers(page, titleBlock, textLength);
  const commentsAreContent = commentShare(page, positive) >= COMMENT_CONTENT_SHARE;
  const marks = new Uint8Array(tree.size);
  for (let node = 1; node < tree.size; node++) {
    const hint = hints[node] as number;
    const isHidden = ((tree.flags[node] as number) & NodeFlag.Hidden) !== 0;
    const hiddenOrForm = isHidden || tree.tag[node] === Tag.Form;
    if (hint === 0 && !hiddenOrForm) continue;
    const isWrapper = wrappers[node] === 1;
    // A dialog not yet opened is a modal (sign-up, cookies, search, menu), whatever prose it holds.
    if (isHidden && tree.tag[node] === Tag.Dialog && !isWrapper) {
      marks[node] = 1;
      continue;
    }
    const linkShare = (menuLinkLength[node] as number) / Math.max(1, textLength[node] as number);
    if (hiddenOrForm && !isWrapper && (linkShare >= HIDDEN_LINK_DENSITY || (positive[node] as number) < HIDDEN_MIN_PROSE)) {
      marks[node] = 1;
      continue;
    }
    const contentByTag = (hint & Hint.StrongContent) !== 0;
    if (hint & Hint.Comment && !commentsAreContent && !isWrapper && !contentByTag) {
      marks[node] = 1;
    } else if (hint & Hint.Review && describesProduct && !isWrapper && !contentByTag) {
      marks[node] = 1;
    } else if (hint & (Hint.Boilerplate | Hint.PageHeader | Hint.Hidden)) {
      // A nav, aside, header or footer around the page's `main` was left unclosed: browsers show what follows it as the page.
      const semantic = (hint & Hint.Semantic) !== 0 && holdsMain[node] === 0;
      if (!contentByTag && (semantic || !isWrapper)) marks[node] = 1;
    } else if (hint & Hint.WeakBoilerplate && !(hint & Hint.Content)) {
      if (!isWrapper && linkShare >= WEAK_HINT_LINK_DENSITY) marks[node] = 1;
    }
  }
  return marks;
}
