import { describe, expect, it } from 'vitest';
import { buildHtmlTree } from '../../src/extract/html-tree.js';
import { readStructuredData } from '../../src/extract/json-ld.js';

const jsonLdMainText = (tree: ReturnType<typeof buildHtmlTree>): string => readStructuredData(tree).mainText;

const page = (json: string): string => `<html><head><script type="application/ld+json">${json}</script></head><body></body></html>`;

describe('JSON-LD main text', () => {
  it('reads an article body', () => {
    const json = JSON.stringify({ '@type': 'NewsArticle', headline: 'h', description: 'summary', articleBody: 'First paragraph.\nSecond paragraph.' });
    expect(jsonLdMainText(buildHtmlTree(page(json)))).toBe('First paragraph.\nSecond paragraph.');
  });

  it('reads a product description inside a graph, stripping markup', () => {
    const json = JSON.stringify({ '@graph': [{ '@type': 'WebPage', description: 'page' }, { '@type': ['Product'], description: '<p>Soft wool.</p><p>Made in Wales.</p>' }] });
    expect(jsonLdMainText(buildHtmlTree(page(json)))).toBe('Soft wool.\nMade in Wales.');
  });

  it('reads the steps of a how-to', () => {
    const json = JSON.stringify({ '@type': 'HowTo', description: 'Intro.', step: [{ '@type': 'HowToStep', text: 'Cut.' }, { '@type': 'HowToStep', text: 'Sew.' }] });
    expect(jsonLdMainText(buildHtmlTree(page(json)))).toBe('Intro.\nCut.\nSew.');
  });

  it('ignores broken JSON and pages without JSON-LD', () => {
    expect(jsonLdMainText(buildHtmlTree(page('{"articleBody": "unterminated')))).toBe('');
    expect(jsonLdMainText(buildHtmlTree('<p>no metadata</p>'))).toBe('');
  });

  it('tells a product page by its JSON-LD or microdata types', () => {
    const describesProduct = (html: string): boolean => readStructuredData(buildHtmlTree(html)).describesProduct;
    expect(describesProduct(page(JSON.stringify({ '@graph': [{ '@type': 'WebPage' }, { '@type': ['ProductGroup'], name: 'Socks' }] })))).toBe(true);
    expect(describesProduct('<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Socks</span></div>')).toBe(true);
    expect(describesProduct('<div itemscope itemtype="http://schema.org/Product">Socks</div>')).toBe(true);
    expect(describesProduct(page(JSON.stringify({ '@type': 'NewsArticle', about: { '@type': 'Thing', name: 'Product' } })))).toBe(false);
    expect(describesProduct('<div itemscope itemtype="https://schema.org/ProductReviewPage">x</div>')).toBe(false);
    expect(describesProduct('<p>no metadata</p>')).toBe(false);
  });
});
