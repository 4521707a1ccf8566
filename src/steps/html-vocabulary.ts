/**
 * The element vocabularies of the `strip-tags` rules, shared by the scanner
 * and by the test that holds it to an htmlparser2-based reference, so the
 * two can never drift apart.
 */

/** Elements whose tags end a line of text. */
export const BLOCK_ELEMENTS = [
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details',
  'dialog', 'dir', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'frameset', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'html', 'legend', 'li',
  'listing', 'main', 'menu', 'nav', 'ol', 'optgroup', 'option', 'p', 'pre', 'section', 'search',
  'select', 'summary', 'table', 'tbody', 'textarea', 'tfoot', 'thead', 'tr', 'ul', 'xmp',
];
/** Table cells: a space, so a row stays on one line. */
export const CELL_ELEMENTS = ['td', 'th'];

/**
 * Elements whose content the HTML tokenizer reads as raw text up to the
 * matching end tag (no markup inside). Their text is dropped, except for
 * `textarea` and `xmp`, whose text is visible. `noscript` is raw text because
 * browsers parse it that way with scripting enabled.
 */
export const RAW_TEXT_DROPPED = ['script', 'style', 'noscript', 'iframe', 'noembed', 'noframes', 'title'];
export const RAW_TEXT_KEPT = ['textarea', 'xmp'];

/** Elements parsed normally but whose whole subtree is not body text. */
export const SUBTREE_DROPPED = ['template', 'object', 'head'];

/**
 * Elements that may stand in `<head>`; any other start tag (or non-blank
 * text) ends the head implicitly, as the HTML tree builder does, so a page
 * that never closes its head does not lose its body.
 */
export const HEAD_CONTENT = new Set([
  'base', 'basefont', 'bgsound', 'link', 'meta', 'title', 'noscript', 'noframes', 'style', 'script',
  'template', 'head', 'html',
]);

/**
 * Inside `svg` and `math` (foreign content) the tokenizer honours `/>` and
 * knows no raw-text elements: `<title/>` is empty, and `<style>` is parsed
 * as markup. These foreign elements hold no visible text.
 */
export const FOREIGN_ROOTS = new Set(['svg', 'math']);
export const FOREIGN_DROPPED = new Set(['title', 'desc', 'style', 'script', 'metadata']);
/**
 * The dropped foreign elements that are HTML integration points: HTML start
 * tags inside them are their (hidden) content, so leaving foreign content
 * does not end them; it ends the others, which the tree builder pops.
 */
export const FOREIGN_HTML_HOLDERS = new Set(['title', 'desc']);
/** HTML start tags that end foreign content, as the tree builder's breakout rule says. */
export const FOREIGN_BREAKOUT = new Set([
  'b', 'big', 'blockquote', 'body', 'br', 'center', 'code', 'dd', 'div', 'dl', 'dt', 'em', 'embed', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'head', 'hr', 'i', 'img', 'li', 'listing', 'menu', 'meta', 'nobr', 'ol', 'p', 'pre', 'ruby', 's',
  'small', 'span', 'strong', 'strike', 'sub', 'sup', 'table', 'tt', 'u', 'ul', 'var',
]);
