/**
 * How much a text block, on its own, looks like main content: long runs of
 * prose with few links do, short fragments and link lists do not. The score
 * is in [-1, 1]; the extractor weighs it by the block's length.
 */
import { Tag, isHeadingTag } from './html-elements.js';
import type { TextBlock } from './text-blocks.js';

/** Blocks at least this long (characters) read as prose. */
const LONG_BLOCK = 80;
/** Blocks at least this long are sentences or captions rather than labels. */
const MEDIUM_BLOCK = 30;
/** Score of a block of each length class before links are accounted for. */
const LONG_SCORE = 1;
const MEDIUM_SCORE = 0.5;
const SHORT_SCORE = -0.1;
/** Headings are short but belong with the text they head. */
const HEADING_SCORE = 0.3;
/** Short plain text in table cells, definition lists and list items is data (specs, facts), not interface. */
const SHORT_DATA_SCORE = 0.1;
const DATA_TAGS = new Set<number>([Tag.Td, Tag.Th, Tag.Dd, Tag.Dt, Tag.Li]);
/** Score of text inside short links (menu items, "read more"): navigation more often than content. */
const SHORT_LINK_SCORE = -1;
/** Score of button and field labels: interface, but common inside content too (product cards, forms). */
const CONTROL_SCORE = -0.5;
/** Score of text inside headline-like links (entries of a listing, product cards). */
const HEADLINE_LINK_SCORE = 0.2;
/** Bonus for text that reads as sentences (several stops or commas). */
const SENTENCE_BONUS = 0.2;
/** Ideographic text says as much in a third of the characters. */
const IDEOGRAPHIC_WEIGHT = 3;

const SENTENCE_MARKS = /[.!?;,。！？；，、؟،]/g;
const IDEOGRAPHS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const HAS_IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** Length of a block's text, counting ideographs as several letters. */
export function effectiveLength(text: string): number {
  if (!HAS_IDEOGRAPH.test(text)) return text.length;
  const ideographs = text.match(IDEOGRAPHS)?.length ?? 0;
  return text.length + ideographs * (IDEOGRAPHIC_WEIGHT - 1);
}

/**
 * Local content score of a block in [-1, 1], from its own text and tag only:
 * the average over its characters of the score of plain text (by the block's
 * length), of short-link text and of headline-link text.
 */
export function localBlockScore(block: TextBlock, length: number, ownerTag: number): number {
  const rawLength = block.text.length + block.controlLength;
  let textScore: number;
  if (length >= LONG_BLOCK) textScore = LONG_SCORE;
  else if (length >= MEDIUM_BLOCK) textScore = MEDIUM_SCORE;
  else if (isHeadingTag(ownerTag)) textScore = HEADING_SCORE;
  else textScore = DATA_TAGS.has(ownerTag) ? SHORT_DATA_SCORE : SHORT_SCORE;
  if (length >= MEDIUM_BLOCK) {
    const marks = block.text.match(SENTENCE_MARKS)?.length ?? 0;
    if (marks >= 2) textScore += SENTENCE_BONUS;
  }
  const shortLinks = block.shortLinkLength / rawLength;
  const headlineLinks = (block.linkLength - block.shortLinkLength) / rawLength;
  const controls = block.controlLength / rawLength;
  const plain = Math.max(0, 1 - shortLinks - headlineLinks - controls);
  const score =
    plain * textScore + shortLinks * SHORT_LINK_SCORE + headlineLinks * HEADLINE_LINK_SCORE + controls * CONTROL_SCORE;
  return Math.max(-1, Math.min(1, score));
}
