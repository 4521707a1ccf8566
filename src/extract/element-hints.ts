/**
 * What each element says about itself: its tag (nav, footer, main, article…),
 * its ARIA role, its microdata property and its class and id names, folded
 * into a few hint bits per element.
 */
import { Tag } from './html-elements.js';
import type { HtmlTree } from './html-tree.js';
import { NameHint, hintsFromNames } from './vocabulary.js';

export const Hint = {
  /** Navigation, footer, sidebar, ads, sharing…: never main content (unless it wraps most of the page). */
  Boilerplate: NameHint.Boilerplate,
  /** Softer signs: boilerplate when also link-heavy. */
  WeakBoilerplate: NameHint.WeakBoilerplate,
  /** Main, article, post body…: likely main content. */
  Content: NameHint.Content,
  /** Comments and replies. */
  Comment: NameHint.Comment,
  /** Screen-reader-only text. */
  Hidden: NameHint.Hidden,
  /** Customer reviews (by name, or microdata `review`). */
  Review: NameHint.Review,
  /** A page header (`header` or `role=banner` outside any article or main). */
  PageHeader: 1 << 6,
  /** The hint comes from the tag or role rather than from class names, which is more reliable. */
  Semantic: 1 << 7,
  /** `main`, `role=main` or `article`, or microdata marking the body of an article. */
  StrongContent: 1 << 8,
} as const;

const BOILERPLATE_ROLES = new Set([
  'navigation', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'toolbar', 'dialog', 'alertdialog',
  'tooltip',
]);

const CONTENT_ITEMPROPS = new Set(['articlebody', 'text', 'description', 'reviewbody', 'mainentityofpage', 'suggestedanswer', 'acceptedanswer']);

/** Per-element hints, computed once per page. Class strings repeat a lot, so their analysis is cached per page. */
export function computeElementHints(tree: HtmlTree): Uint16Array {
  const hints = new Uint16Array(tree.size);
  const byNames = new Map<string, number>();
  const { tag, attributes, parent } = tree;
  // Depth inside article/main, to tell a page header from an article's own header.
  const insideContent = new Uint8Array(tree.size);
  for (let node = 1; node < tree.size; node++) {
    const nodeTag = tag[node] as number;
    if (nodeTag === Tag.Text) continue;
    const parentNode = parent[node] as number;
    let hint = 0;
    const attribute = attributes[node];
    if (attribute !== undefined) {
      if (attribute.classAndId.length > 0) {
        let named = byNames.get(attribute.classAndId);
        if (named === undefined) {
          named = hintsFromNames(attribute.classAndId);
          byNames.set(attribute.classAndId, named);
        }
        hint |= named;
      }
      const role = attribute.role;
      if (role === 'main' || role === 'article') hint |= Hint.Content | Hint.StrongContent | Hint.Semantic;
      else if (role === 'banner') hint |= Hint.PageHeader | Hint.Semantic;
      else if (BOILERPLATE_ROLES.has(role)) hint |= Hint.Boilerplate | Hint.Semantic;
      const itemprop = attribute.itemprop;
      if (itemprop.length > 0) {
        if (CONTENT_ITEMPROPS.has(itemprop)) hint |= Hint.Content | Hint.StrongContent;
        else if (itemprop === 'comment') hint |= Hint.Comment;
        else if (itemprop === 'review') hint |= Hint.Review;
      }
      if (attribute.itemtype.endsWith('/comment')) hint |= Hint.Comment;
      else if (attribute.itemtype.endsWith('/review')) hint |= Hint.Review;
    }
    switch (nodeTag) {
      case Tag.Nav:
      case Tag.Aside:
      case Tag.Footer:
        hint |= Hint.Boilerplate | Hint.Semantic;
        break;
      case Tag.Figcaption:
        // Captions and photo credits are left out of the text in annotated corpora.
        hint |= Hint.Boilerplate | Hint.Semantic;
        break;
      case Tag.Header:
        if (insideContent[parentNode] === 0) hint |= Hint.PageHeader | Hint.Semantic;
        break;
      case Tag.Main:
      case Tag.Article:
        hint |= Hint.Content | Hint.StrongContent | Hint.Semantic;
        break;
      default:
    }
    hints[node] = hint;
    insideContent[node] = insideContent[parentNode] === 1 || hint & Hint.StrongContent ? 1 : 0;
  }
  return hints;
}
