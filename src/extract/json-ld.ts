/**
 * Main text that a page states in its JSON-LD metadata (schema.org): an
 * article's `articleBody`, a product's `description`, a how-to's steps. Pages
 * rendered by scripts often carry their text only there.
 */
import { Tag } from './html-elements.js';
import { buildHtmlTree, type HtmlTree } from './html-tree.js';
import { collectTextBlocks, renderBlocks } from './text-blocks.js';

/** JSON-LD scripts larger than this are skipped rather than parsed. */
const MAX_JSON_LD_LENGTH = 4_000_000;
/** Stops walking a JSON-LD document after this many values (bounded work on huge graphs). */
const MAX_VISITED_VALUES = 200_000;

const PRODUCT_TYPES = /^(?:product|productgroup|productmodel|individualproduct|vehicle|car|book|softwareapplication)$/i;
/** Types that make a page a shop's page of goods (a software application's page is often a service's landing page). */
const GOODS_TYPES = /^(?:product|productgroup|productmodel|individualproduct)$/i;
const HOW_TO_TYPES = /^(?:howto|recipe)$/i;
const LOOKS_LIKE_MARKUP = /<[a-z!/]/i;

function typesOf(value: Record<string, unknown>): string[] {
  const type = value['@type'];
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return [];
}

/** Text of a JSON string that may hold markup: tags stripped, blocks on their own lines. */
function plainText(value: string): string {
  if (LOOKS_LIKE_MARKUP.test(value)) {
    const tree = buildHtmlTree(value);
    return renderBlocks(collectTextBlocks(tree, { skipHidden: false, readNoscript: false }), () => true);
  }
  return value
    .split(/\r?\n/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** The texts of the steps of a how-to or recipe, in order. */
function stepTexts(steps: unknown): string[] {
  const texts: string[] = [];
  const pending: unknown[] = [steps];
  let visited = 0;
  while (pending.length > 0 && visited++ < MAX_VISITED_VALUES) {
    const value = pending.pop();
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) pending.push(value[i]);
    else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record['text'] === 'string') texts.push(record['text']);
      else if (record['itemListElement'] !== undefined) pending.push(record['itemListElement']);
    }
  }
  return texts;
}

interface Candidates {
  articleBody: string;
  product: string;
  howTo: string;
  /** Whether any value is of a type of goods (GOODS_TYPES). */
  describesProduct: boolean;
}

function collect(document: unknown, found: Candidates): void {
  const pending: unknown[] = [document];
  let visited = 0;
  while (pending.length > 0 && visited++ < MAX_VISITED_VALUES) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push(value[i]);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    const record = value as Record<string, unknown>;
    const types = typesOf(record);
    const articleBody = record['articleBody'];
    if (typeof articleBody === 'string' && articleBody.length > found.articleBody.length) found.articleBody = articleBody;
    const description = typeof record['description'] === 'string' ? record['description'] : '';
    if (types.some((type) => GOODS_TYPES.test(type))) found.describesProduct = true;
    if (types.some((type) => PRODUCT_TYPES.test(type)) && description.length > found.product.length) {
      found.product = description;
    }
    if (types.some((type) => HOW_TO_TYPES.test(type))) {
      const steps = stepTexts(record['step'] ?? record['recipeInstructions']);
      const howTo = [description, ...steps].filter((text) => text.length > 0).join('\n');
      if (howTo.length > found.howTo.length) found.howTo = howTo;
    }
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (child !== null && typeof child === 'object') pending.push(child);
    }
  }
}

/** Microdata item types of goods (`itemtype`, lower-cased), by the end of their URL. */
const PRODUCT_ITEM_TYPE = /\/(?:product|productgroup|productmodel|individualproduct)$/;

/** What a page's structured data (JSON-LD and microdata) says about it. */
export interface StructuredData {
  /**
   * The main text stated in the page's JSON-LD, or '' when there is none. An
   * article body wins over a product description, which wins over how-to steps.
   */
  mainText: string;
  /** The page describes goods for sale (schema.org `Product`, `ProductGroup`, `ProductModel`, `IndividualProduct`, in JSON-LD or microdata). */
  describesProduct: boolean;
}

/** Reads the page's JSON-LD scripts and microdata item types. */
export function readStructuredData(tree: HtmlTree): StructuredData {
  const found: Candidates = { articleBody: '', product: '', howTo: '', describesProduct: false };
  for (let node = 0; node < tree.size; node++) {
    const itemType = tree.attributes[node]?.itemtype;
    if (itemType !== undefined && itemType.length > 0 && PRODUCT_ITEM_TYPE.test(itemType)) found.describesProduct = true;
    if (tree.tag[node] !== Tag.Script || !(tree.attributes[node]?.type.includes('ld+json') ?? false)) continue;
    const textNode = node + 1;
    if (textNode >= tree.size || tree.tag[textNode] !== Tag.Text || tree.parent[textNode] !== node) continue;
    const start = tree.textStart[textNode] as number;
    const end = tree.textEnd[textNode] as number;
    if (end - start > MAX_JSON_LD_LENGTH) continue;
    let document: unknown;
    try {
      document = JSON.parse(tree.source.slice(start, end));
    } catch {
      continue;
    }
    collect(document, found);
  }
  const best = found.articleBody || found.product || found.howTo;
  return { mainText: best.length > 0 ? plainText(best) : '', describesProduct: found.describesProduct };
}
