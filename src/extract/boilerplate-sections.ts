/**
 * Sections inside the content container that their heading announces as
 * boilerplate ("Related articles", "Comments", "Mehr zum Thema"…).
 */
import { Tag, isHeadingTag } from './html-elements.js';
import type { BlockRanges, Page } from './page-model.js';
import { isBoilerplateSectionTitle } from './section-titles.js';
import type { TextBlock } from './text-blocks.js';

function headingLevel(tagId: number): number {
  return isHeadingTag(tagId) ? tagId - Tag.H1 + 1 : 0;
}

/**
 * Per block, 1 when it belongs to such a section: the largest element the
 * heading opens, or else everything up to the next heading of the same or a
 * higher level. A container that opens with such a heading is that section
 * (nothing better was found) and is left alone, sections and all, as is a
 * page whose own title is such a heading.
 */
export function boilerplateSections(page: Page, container: number, ranges: BlockRanges, titleBlock: number): Uint8Array {
  const { tree, blocks } = page;
  const excluded = new Uint8Array(blocks.length);
  const start = ranges.first[container] as number;
  const stop = ranges.last[container] as number;
  // A page, or a container, titled "Reviews" or "Comments" is about them: its sections so titled are its content.
  const opensWith = (index: number): boolean =>
    index >= 0 && index < blocks.length && headingLevel(tree.tag[(blocks[index] as TextBlock).owner] as number) > 0 && isBoilerplateSectionTitle((blocks[index] as TextBlock).text);
  if (opensWith(titleBlock) || opensWith(start)) return excluded;
  for (let index = start + 1; index <= stop; index++) {
    const heading = (blocks[index] as TextBlock).owner;
    const level = headingLevel(tree.tag[heading] as number);
    if (level === 0 || !isBoilerplateSectionTitle((blocks[index] as TextBlock).text)) continue;
    let section = heading;
    for (let ancestor = tree.parent[heading] as number; ancestor !== container && ancestor > 0; ancestor = tree.parent[ancestor] as number) {
      if (ranges.first[ancestor] !== index) break;
      section = ancestor;
    }
    let end: number;
    if (section !== heading) {
      end = ranges.last[section] as number;
    } else {
      end = Math.min(stop, ranges.last[tree.parent[heading] as number] as number);
      for (let next = index + 1; next <= end; next++) {
        const nextLevel = headingLevel(tree.tag[(blocks[next] as TextBlock).owner] as number);
        if (nextLevel > 0 && nextLevel <= level) {
          end = next - 1;
          break;
        }
      }
    }
    for (let covered = index; covered <= end; covered++) excluded[covered] = 1;
    index = Math.max(index, end);
  }
  return excluded;
}
