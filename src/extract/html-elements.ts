/**
 * What the extractor needs to know about HTML element names: which ones never
 * hold readable text, which ones start a new line of text, which ones the tree
 * builder must treat specially. Tag names are interned to small integers so the
 * hot loops compare numbers and look flags up in a typed array.
 */

/** Flag bits describing an element name. */
export const ElementFlag = {
  /** Subtree never contributes text (scripts, styles, embedded documents, form widgets). */
  Dropped: 1 << 0,
  /** Starts and ends a line of text (CSS display:block or similar by default). */
  Block: 1 << 1,
  /** Has no content and no end tag. */
  Void: 1 << 2,
  /** Table cell: ends a block for scoring but joins its row's line with a space. */
  Cell: 1 << 3,
  /** Preformatted: white space and line breaks are kept. */
  Preformatted: 1 << 4,
  /** Opening it closes an open `p` (HTML's "close a p element" rule). */
  ClosesParagraph: 1 << 5,
  /** Limits how far an end tag or an implied end tag may reach up the stack. */
  ScopeBoundary: 1 << 6,
  /** Allowed inside `head`; any other start tag implies `</head>`. */
  HeadContent: 1 << 7,
  /** Starts foreign (SVG/MathML) content, where `<x/>` self-closes. */
  Foreign: 1 << 8,
  /** A list container (ul, ol, menu): bounds the implied end of `li`. */
  List: 1 << 9,
  /** An interactive control whose label is not prose (button, select, label…). */
  Control: 1 << 10,
} as const;

/** Tag ids of the elements the algorithms refer to by name. */
export const Tag = {
  /** Text nodes carry this id. */
  Text: 0,
  Root: 1,
  Html: 2,
  Head: 3,
  Body: 4,
  A: 5,
  P: 6,
  Li: 7,
  Dt: 8,
  Dd: 9,
  Dl: 10,
  Table: 11,
  Tr: 12,
  Td: 13,
  Th: 14,
  Thead: 15,
  Tbody: 16,
  Tfoot: 17,
  Option: 18,
  Optgroup: 19,
  Br: 20,
  Hr: 21,
  Script: 22,
  Noscript: 23,
  Button: 24,
  Main: 25,
  Article: 26,
  Nav: 27,
  Aside: 28,
  Header: 29,
  Footer: 30,
  Section: 31,
  Div: 32,
  Form: 33,
  H1: 34,
  H2: 35,
  H3: 36,
  H4: 37,
  H5: 38,
  H6: 39,
  Pre: 40,
  Ul: 41,
  Ol: 42,
  Blockquote: 43,
  Figure: 44,
  Figcaption: 45,
  Caption: 46,
  Code: 47,
  Img: 48,
  Time: 49,
  Span: 50,
  Label: 51,
  Select: 52,
  Input: 53,
  Textarea: 54,
  Details: 55,
  Summary: 56,
  Dialog: 57,
  Address: 58,
  Template: 59,
  Svg: 60,
  Math: 61,
  Title: 62,
} as const;

/** First id handed out to element names not in the table below. */
export const FIRST_UNLISTED_TAG_ID = 256;

const { Dropped, Block, Void, Cell, Preformatted, ClosesParagraph, ScopeBoundary, HeadContent, Foreign, List, Control } =
  ElementFlag;

/** Elements with a fixed id (they are named in code) and their flags. */
const NAMED_ELEMENTS: ReadonlyArray<readonly [string, number, number]> = [
  ['#root', Tag.Root, Block | ScopeBoundary],
  ['html', Tag.Html, Block | ScopeBoundary],
  ['head', Tag.Head, Dropped],
  ['body', Tag.Body, Block],
  ['a', Tag.A, 0],
  ['p', Tag.P, Block | ClosesParagraph],
  ['li', Tag.Li, Block | ClosesParagraph],
  ['dt', Tag.Dt, Block | ClosesParagraph],
  ['dd', Tag.Dd, Block | ClosesParagraph],
  ['dl', Tag.Dl, Block | ClosesParagraph],
  ['table', Tag.Table, Block | ClosesParagraph | ScopeBoundary],
  ['tr', Tag.Tr, Block],
  ['td', Tag.Td, Cell | ScopeBoundary],
  ['th', Tag.Th, Cell | ScopeBoundary],
  ['thead', Tag.Thead, Block],
  ['tbody', Tag.Tbody, Block],
  ['tfoot', Tag.Tfoot, Block],
  ['option', Tag.Option, Block | Control],
  ['optgroup', Tag.Optgroup, Block | Control],
  ['br', Tag.Br, Void],
  ['hr', Tag.Hr, Void | Block | ClosesParagraph],
  ['script', Tag.Script, Dropped | HeadContent],
  ['noscript', Tag.Noscript, Dropped | HeadContent],
  ['button', Tag.Button, Control | ScopeBoundary],
  ['main', Tag.Main, Block | ClosesParagraph],
  ['article', Tag.Article, Block | ClosesParagraph],
  ['nav', Tag.Nav, Block | ClosesParagraph],
  ['aside', Tag.Aside, Block | ClosesParagraph],
  ['header', Tag.Header, Block | ClosesParagraph],
  ['footer', Tag.Footer, Block | ClosesParagraph],
  ['section', Tag.Section, Block | ClosesParagraph],
  ['div', Tag.Div, Block | ClosesParagraph],
  ['form', Tag.Form, Block | ClosesParagraph],
  ['h1', Tag.H1, Block | ClosesParagraph],
  ['h2', Tag.H2, Block | ClosesParagraph],
  ['h3', Tag.H3, Block | ClosesParagraph],
  ['h4', Tag.H4, Block | ClosesParagraph],
  ['h5', Tag.H5, Block | ClosesParagraph],
  ['h6', Tag.H6, Block | ClosesParagraph],
  ['pre', Tag.Pre, Block | Preformatted | ClosesParagraph],
  ['ul', Tag.Ul, Block | ClosesParagraph | List],
  ['ol', Tag.Ol, Block | ClosesParagraph | List],
  ['blockquote', Tag.Blockquote, Block | ClosesParagraph],
  ['figure', Tag.Figure, Block | ClosesParagraph],
  ['figcaption', Tag.Figcaption, Block | ClosesParagraph],
  ['caption', Tag.Caption, Block | ScopeBoundary],
  ['code', Tag.Code, 0],
  ['img', Tag.Img, Void],
  ['time', Tag.Time, 0],
  ['span', Tag.Span, 0],
  ['label', Tag.Label, Control],
  ['select', Tag.Select, Dropped | Control],
  ['input', Tag.Input, Void | Control],
  ['textarea', Tag.Textarea, Dropped | Control],
  ['details', Tag.Details, Block | ClosesParagraph],
  ['summary', Tag.Summary, Block | ClosesParagraph],
  ['dialog', Tag.Dialog, Block | ClosesParagraph],
  ['address', Tag.Address, Block | ClosesParagraph],
  ['template', Tag.Template, Dropped | HeadContent | ScopeBoundary],
  ['svg', Tag.Svg, Dropped | Foreign],
  ['math', Tag.Math, Dropped | Foreign],
  ['title', Tag.Title, Dropped | HeadContent],
];

/** Other elements the builder or the text walker treat specially; ids are assigned in order. */
const OTHER_ELEMENTS: ReadonlyArray<readonly [string, number]> = [
  // Never readable text.
  ['style', Dropped | HeadContent],
  ['meta', Void | HeadContent],
  ['link', Void | HeadContent],
  ['base', Void | HeadContent],
  ['iframe', Dropped],
  ['object', Dropped | ScopeBoundary],
  ['applet', Dropped | ScopeBoundary],
  ['embed', Void | Dropped],
  ['canvas', Dropped],
  ['video', Dropped],
  ['audio', Dropped],
  ['map', Dropped],
  ['datalist', Dropped],
  ['frameset', Dropped],
  ['frame', Dropped],
  ['noembed', Dropped],
  ['noframes', Dropped],
  ['picture', 0],
  ['marquee', ScopeBoundary],
  // Void elements.
  ['area', Void],
  ['col', Void],
  ['param', Void],
  ['source', Void],
  ['track', Void],
  ['wbr', Void],
  ['keygen', Void],
  // Block-level by default.
  ['center', Block | ClosesParagraph],
  ['dir', Block | ClosesParagraph | List],
  ['menu', Block | ClosesParagraph | List],
  ['fieldset', Block | ClosesParagraph],
  ['legend', Block],
  ['hgroup', Block | ClosesParagraph],
  ['search', Block | ClosesParagraph],
  ['listing', Block | Preformatted | ClosesParagraph],
  ['plaintext', Block | Preformatted | ClosesParagraph],
  ['xmp', Block | Preformatted | ClosesParagraph],
  ['colgroup', Block],
  ['tt', 0],
];

function buildTables(): { ids: ReadonlyMap<string, number>; flags: Uint16Array } {
  const ids = new Map<string, number>();
  const flags = new Uint16Array(FIRST_UNLISTED_TAG_ID);
  for (const [name, id, elementFlags] of NAMED_ELEMENTS) {
    ids.set(name, id);
    flags[id] = elementFlags;
  }
  let nextId = Tag.Title + 1;
  for (const [name, elementFlags] of OTHER_ELEMENTS) {
    if (ids.has(name)) continue;
    ids.set(name, nextId);
    flags[nextId] = elementFlags;
    nextId++;
  }
  return { ids, flags };
}

const tables = buildTables();

/** Interned ids of the known element names (lower-case). */
export const KNOWN_TAG_IDS: ReadonlyMap<string, number> = tables.ids;

/**
 * Flags of an element id. Unlisted names: custom elements (with a hyphen) get
 * ids flagged as blocks by the tree builder; other unknown names are inline.
 */
export function elementFlags(tagId: number): number {
  return tagId < FIRST_UNLISTED_TAG_ID ? (tables.flags[tagId] ?? 0) : 0;
}

/** Whether an element id names h1–h6. */
export function isHeadingTag(tagId: number): boolean {
  return tagId >= Tag.H1 && tagId <= Tag.H6;
}
