/**
 * Cuts a page into text blocks: the runs of inline text between block-level
 * boundaries, each owned by the innermost block element (or table cell)
 * around it. Blocks are what the extractor scores and keeps or drops, and what
 * the output is assembled from, one line per block.
 */
import { ElementFlag, Tag } from './html-elements.js';
import { NodeFlag, type HtmlTree } from './html-tree.js';

export interface TextBlock {
  /** Innermost block-level element or cell containing the text. */
  owner: number;
  /** Text as in the source (references undecoded), white space collapsed except in `pre`; `br` gives '\n'. */
  text: string;
  /** Characters of the text inside links. */
  linkLength: number;
  /** Characters inside short links (menu items, "read more"), as opposed to headline-like links. */
  shortLinkLength: number;
  /**
   * Characters of the short-labelled controls (buttons, field labels) inside
   * the block. Their text is left out of `text` but they count as evidence of
   * interface rather than content; a block of controls only has empty text.
   */
  controlLength: number;
  /** Continues the previous block's line: the two are neighbouring cells of a table row. */
  joinsWithSpace: boolean;
  /** Document-order index of the first text node, to sort and locate blocks. */
  firstNode: number;
}

export interface BlockOptions {
  /** Skip elements marked hidden (`hidden`, inline `display:none`; see `NodeFlag.Hidden`). */
  skipHidden: boolean;
  /** Read the content of `noscript` elements (pages that serve their text only there). */
  readNoscript: boolean;
}

/**
 * Runs of HTML white space that collapse to one space: every run but a lone
 * space, which is already what it would become. Replacing those too made a
 * replacement per word, and on a page of one long text the replace's parts
 * took memory by the hundred megabytes.
 */
const COLLAPSIBLE_WHITESPACE = /[ \t\n\r\f]{2,}|[\t\n\r\f]/g;
const LEADING_BLANK_LINES = /^(?:[ \t\f]*\n)+/;

/**
 * A link or control whose whole text is at least this long, in this many
 * words, reads as a headline, a product card or a question (an entry of a
 * listing, an accordion's toggle) rather than a menu item or a button label.
 */
const LONG_LABEL_LENGTH = 25;
const LONG_LABEL_WORDS = 4;
/** A label of this many words ending in a question mark is a question (an FAQ toggle), however short. */
const QUESTION_LABEL_WORDS = 3;
/** ?, ？ (full-width), ؟ (Arabic). */
const QUESTION_MARKS = new Set([0x3f, 0xff1f, 0x61f]);

/** Whether an element's subtree contributes no text under these options. */
function isSkipped(nodeTag: number, nodeFlags: number, options: BlockOptions): boolean {
  if (nodeFlags & NodeFlag.Hidden) return options.skipHidden;
  if (!(nodeFlags & ElementFlag.Dropped)) return false;
  return !(options.readNoscript && nodeTag === Tag.Noscript);
}

/**
 * Marks the outermost links and controls whose text (all of it, across
 * blocks) is long enough to read as content rather than as navigation or UI.
 */
function findLongLabels(tree: HtmlTree, options: BlockOptions): { long: Uint8Array; letters: Int32Array } {
  const { tag, flags, end, parent, textStart, textEnd, source } = tree;
  const outermostLink = new Int32Array(tree.size).fill(-1);
  const outermostControl = new Int32Array(tree.size).fill(-1);
  const letters = new Int32Array(tree.size);
  const words = new Int32Array(tree.size);
  const lastCharacter = new Uint16Array(tree.size);
  const count = (label: number, node: number): void => {
    let inWord = false;
    const text = source.slice(textStart[node] as number, textEnd[node] as number);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      const isSpace = code <= 0x20;
      if (!isSpace) {
        letters[label] = (letters[label] as number) + 1;
        if (!inWord) words[label] = (words[label] as number) + 1;
        lastCharacter[label] = code;
      }
      inWord = !isSpace;
    }
  };
  let node = 0;
  while (node < tree.size) {
    const nodeTag = tag[node] as number;
    const nodeFlags = flags[node] as number;
    if (nodeTag !== Tag.Text && isSkipped(nodeTag, nodeFlags, options)) {
      node = end[node] as number;
      continue;
    }
    const parentNode = parent[node] as number;
    const link = node > 0 ? (outermostLink[parentNode] as number) : -1;
    const control = node > 0 ? (outermostControl[parentNode] as number) : -1;
    outermostLink[node] = nodeTag === Tag.A && link < 0 ? node : link;
    outermostControl[node] = nodeFlags & ElementFlag.Control && control < 0 ? node : control;
    if (nodeTag === Tag.Text) {
      if (link >= 0) count(link, node);
      if (control >= 0) count(control, node);
    }
    node++;
  }
  const long = new Uint8Array(tree.size);
  for (let i = 0; i < tree.size; i++) {
    const wordCount = words[i] as number;
    // Questions on toggles are FAQ entries; questions in links are more often teasers.
    const isQuestion = tag[i] !== Tag.A && QUESTION_MARKS.has(lastCharacter[i] as number) && wordCount >= QUESTION_LABEL_WORDS;
    if (((letters[i] as number) >= LONG_LABEL_LENGTH && wordCount >= LONG_LABEL_WORDS) || isQuestion) long[i] = 1;
  }
  return { long, letters };
}

const enum Boundary {
  None = 0,
  Cell = 1,
  Line = 2,
}

/** Splits the whole tree into text blocks in document order. Iterative over the pre-order arrays. */
export function collectTextBlocks(tree: HtmlTree, options: BlockOptions): TextBlock[] {
  const { tag, flags, end, textStart, textEnd, source } = tree;
  const { long: longLabels, letters: labelLetters } = findLongLabels(tree, options);
  const blocks: TextBlock[] = [];

  // Elements entered whose exit matters: block owners, links, pre, long-labelled controls.
  const exitAt: number[] = [];
  const exitNode: number[] = [];
  const ownerStack: number[] = [0];
  let linkDepth = 0;
  /** Whether the outermost open link reads as a headline. */
  let inHeadlineLink = false;
  let preDepth = 0;
  let controlDepth = 0;

  let pieces: string[] = [];
  let pendingLength = 0;
  let endsWithSpace = true;
  let linkLength = 0;
  let shortLinkLength = 0;
  let controlLength = 0;
  let firstNode = -1;
  let boundary: Boundary = Boundary.Line;
  let blockBoundary: Boundary = Boundary.Line;

  const flush = (kind: Boundary): void => {
    if (firstNode >= 0) {
      // Preformatted text keeps the indentation of its first line.
      const text = preDepth > 0 ? pieces.join('').replace(LEADING_BLANK_LINES, '').trimEnd() : pieces.join('').trim();
      if (text.length > 0 || controlLength > 0) {
        blocks.push({
          owner: ownerStack[ownerStack.length - 1] as number,
          text,
          linkLength: Math.min(linkLength, text.length),
          shortLinkLength: Math.min(shortLinkLength, text.length),
          controlLength,
          joinsWithSpace: blockBoundary === Boundary.Cell,
          firstNode,
        });
        boundary = Boundary.None;
      }
    }
    pieces = [];
    pendingLength = 0;
    endsWithSpace = true;
    linkLength = 0;
    shortLinkLength = 0;
    controlLength = 0;
    firstNode = -1;
    if (kind > boundary) boundary = kind;
  };

  const append = (piece: string, node: number): void => {
    if (firstNode < 0) {
      firstNode = node;
      blockBoundary = boundary;
    }
    pieces.push(piece);
    pendingLength += piece.length;
    if (linkDepth > 0) {
      linkLength += piece.length;
      if (!inHeadlineLink) shortLinkLength += piece.length;
    } else if (controlDepth > 0) {
      // A question on a toggle reads like a headline link: content, but not prose.
      linkLength += piece.length;
    }
  };

  /** Controls are laid out as boxes: their text never runs into the text around them. */
  const separateWords = (): void => {
    if (firstNode >= 0 && !endsWithSpace) {
      pieces.push(' ');
      endsWithSpace = true;
    }
  };

  const leave = (node: number): void => {
    const nodeFlags = flags[node] as number;
    if (tag[node] === Tag.A) linkDepth--;
    if (nodeFlags & ElementFlag.Control) {
      controlDepth--;
      separateWords();
    }
    if (nodeFlags & (ElementFlag.Block | ElementFlag.Cell)) {
      flush(nodeFlags & ElementFlag.Block ? Boundary.Line : Boundary.Cell);
      ownerStack.pop();
    }
    if (nodeFlags & ElementFlag.Preformatted) preDepth--;
  };

  let node = 0;
  const size = tree.size;
  while (node < size) {
    while (exitAt.length > 0 && (exitAt[exitAt.length - 1] as number) <= node) {
      exitAt.pop();
      leave(exitNode.pop() as number);
    }
    const nodeTag = tag[node] as number;
    const nodeFlags = flags[node] as number;
    if (nodeTag === Tag.Text) {
      const raw = source.slice(textStart[node] as number, textEnd[node] as number);
      if (preDepth > 0) {
        // Browsers ignore one line break right after <pre>.
        const text = pendingLength === 0 ? raw.replace(/^\r?\n/, '') : raw;
        append(text.replace(/\r\n?/g, '\n'), node);
        endsWithSpace = false;
      } else {
        const collapsed = raw.replace(COLLAPSIBLE_WHITESPACE, ' ');
        if (collapsed !== ' ' || !endsWithSpace) {
          const piece: string = endsWithSpace && collapsed.startsWith(' ') ? collapsed.slice(1) : collapsed;
          if (piece.length > 0) {
            append(piece, node);
            endsWithSpace = piece.endsWith(' ');
          }
        }
      }
      node++;
      continue;
    }
    if (isSkipped(nodeTag, nodeFlags, options)) {
      node = end[node] as number;
      continue;
    }
    if (nodeTag === Tag.Br) {
      if (firstNode >= 0) {
        if (endsWithSpace && pieces.length > 0) pieces[pieces.length - 1] = (pieces[pieces.length - 1] as string).trimEnd();
        append('\n', node);
        endsWithSpace = true;
      }
      node++;
      continue;
    }
    if (nodeFlags & ElementFlag.Control && controlDepth === 0 && longLabels[node] === 0) {
      // Buttons and field labels are interface, not text: only their length is
      // kept, as evidence. They stand apart from the text around them.
      if (nodeFlags & ElementFlag.Block) flush(Boundary.Line);
      else separateWords();
      if (firstNode < 0) {
        firstNode = node;
        blockBoundary = boundary;
      }
      controlLength += labelLetters[node] as number;
      if (nodeFlags & ElementFlag.Block) flush(Boundary.Line);
      node = end[node] as number;
      continue;
    }
    if (nodeFlags & (ElementFlag.Block | ElementFlag.Cell)) {
      flush(nodeFlags & ElementFlag.Block ? Boundary.Line : Boundary.Cell);
      ownerStack.push(node);
    }
    if (nodeTag === Tag.A) {
      if (linkDepth === 0) inHeadlineLink = longLabels[node] === 1;
      linkDepth++;
    }
    if (nodeFlags & ElementFlag.Control) {
      // A long label (an FAQ question on a toggle) is kept, set apart like any control.
      separateWords();
      controlDepth++;
    }
    if (nodeFlags & ElementFlag.Preformatted) preDepth++;
    const nodeEnd = end[node] as number;
    if (nodeEnd > node + 1) {
      exitAt.push(nodeEnd);
      exitNode.push(node);
    } else {
      leave(node);
    }
    node++;
  }
  while (exitNode.length > 0) leave(exitNode.pop() as number);
  flush(Boundary.Line);
  return blocks;
}

/** Joins blocks into text: one line per block, neighbouring cells of a row on one line. */
export function renderBlocks(blocks: readonly TextBlock[], keep: (index: number) => boolean): string {
  let out = '';
  let previousKept = -2;
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index] as TextBlock;
    if (block.text.length === 0 || !keep(index)) continue;
    if (out.length > 0) out += block.joinsWithSpace && previousKept === index - 1 ? ' ' : '\n';
    out += block.text;
    previousKept = index;
  }
  return out;
}
