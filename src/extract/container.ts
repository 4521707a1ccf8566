/**
 * Chooses the element that holds the main content: the one whose blocks
 * weigh most, each block weighing its length times its local score, or a
 * capped negative inside boilerplate. Adding a sidebar or a footer to a
 * candidate costs more than it brings, so the best element gathers the
 * content and leaves out what is around it.
 */
import { Hint } from './element-hints.js';
import { Tag } from './html-elements.js';
import { blockRangePerElement, nearestMarkedAncestor, sumPerElement, type Page } from './page-model.js';

/** Containers marked as main content (main, article, articleBody) get this much more weight. */
const STRONG_CONTENT_BONUS = 0.15;
/**
 * Main content begins right after the page's title heading: containers whose
 * first block comes at most this many blocks after it get this much more weight.
 */
const TITLE_WINDOW = 3;
const TITLE_ADJACENT_BONUS = 0.5;
/**
 * A block that looks like boilerplate counts against a container by at most
 * this many characters: one button label or long menu line is little
 * evidence, many short ones are much.
 */
const NEGATIVE_WEIGHT_CAP = 15;
/**
 * The container grows to its parent when the parent adds at least this much
 * weight of unmarked blocks, and this share of the container's own.
 */
const EXTEND_MIN_GAIN = 10;
const EXTEND_MIN_SHARE = 0.1;

/**
 * Per element, the summed weight of the blocks inside: length times score
 * (negative scores on capped lengths), and `markedWeight` times the capped
 * length for blocks under boilerplate.
 */
function blockWeights(page: Page, boilerplate: Uint8Array, markedWeight: number): Float64Array {
  const { tree, lengths, scores, blockElement } = page;
  const nearestMark = nearestMarkedAncestor(tree, boilerplate);
  return sumPerElement(page, (index) => {
    const length = lengths[index] as number;
    if (nearestMark[blockElement[index] as number] !== 0) return markedWeight * Math.min(length, NEGATIVE_WEIGHT_CAP);
    const score = scores[index] as number;
    return score * (score < 0 ? Math.min(length, NEGATIVE_WEIGHT_CAP) : length);
  });
}

/**
 * The element whose blocks weigh most; -1 when no element has positive
 * weight. Elements marked as content, and elements starting right after the
 * title heading, are favoured.
 */
function heaviestElement(page: Page, weights: Float64Array, titleBlock: number): number {
  const { tree, hints } = page;
  const firstBlock = blockRangePerElement(page).first;
  let best = -1;
  let bestWeight = 0;
  for (let node = 0; node < tree.size; node++) {
    if (tree.tag[node] === Tag.Text) continue;
    let weight = weights[node] as number;
    if (weight <= 0) continue;
    if ((hints[node] as number) & Hint.StrongContent) weight *= 1 + STRONG_CONTENT_BONUS;
    const first = firstBlock[node] as number;
    if (titleBlock >= 0 && first > titleBlock && first <= titleBlock + TITLE_WINDOW) weight *= 1 + TITLE_ADJACENT_BONUS;
    // On ties the later, deeper element wins: it holds the same content with less around it.
    if (weight >= bestWeight) {
      best = node;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * Climbs from the chosen container to its ancestors while each step adds
 * clearly more content than noise, counting boilerplate-marked blocks as
 * nothing: they are dropped from the output anyway, and comment threads or
 * share bars between the parts of the content must not split it.
 */
function extendContainer(page: Page, container: number, unmarkedWeights: Float64Array): number {
  const { tree } = page;
  let current = container;
  while (current > 0) {
    const parentNode = tree.parent[current] as number;
    const own = unmarkedWeights[current] as number;
    const gain = (unmarkedWeights[parentNode] as number) - own;
    if (gain < Math.max(EXTEND_MIN_GAIN, EXTEND_MIN_SHARE * own)) break;
    current = parentNode;
  }
  return current;
}

export interface ContainerChoice {
  /** The chosen element, or -1 when no element holds more content than noise. */
  container: number;
  /** Per element, the weight the choice was made on (for debugging tools). */
  weights: Float64Array;
}

/** Chooses the main-content container of a page. */
export function chooseContainer(page: Page, boilerplate: Uint8Array, titleBlock: number): ContainerChoice {
  const weights = blockWeights(page, boilerplate, -1);
  const heaviest = heaviestElement(page, weights, titleBlock);
  const container = heaviest < 0 ? heaviest : extendContainer(page, heaviest, blockWeights(page, boilerplate, 0));
  return { container, weights };
}
