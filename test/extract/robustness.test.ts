/**
 * Hostile and degenerate input: extreme nesting, unclosed tags, random
 * markup. Extraction must never throw, never recurse over DOM depth, stay
 * fast, give the same output every time, and never return nothing for a
 * page that has text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractMainContent } from '../../src/extract/main-content.js';
import { stripTagsFull } from '../../src/steps/strip-tags.js';

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../fixtures/main');
/** Generous bound for one pathological page on a slow CI machine; locally these take 0.1–0.3 s. */
const FAST_MS = 5_000;

function timed(html: string): { text: string; ms: number } {
  const start = performance.now();
  const text = extractMainContent(html);
  return { text, ms: performance.now() - start };
}

describe('pathological markup', () => {
  it('handles 200,000 nested divs without overflowing the stack', () => {
    const html = `<html><body>${'<div>'.repeat(200_000)}Deep inside the nesting there is one sentence of text.${'</div>'.repeat(200_000)}</body></html>`;
    const { text, ms } = timed(html);
    expect(text).toContain('Deep inside the nesting there is one sentence of text.');
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('handles 200,000 nested divs that are never closed', () => {
    const { text, ms } = timed(`${'<div class="wrap">'.repeat(200_000)}Still readable at the bottom.`);
    expect(text).toContain('Still readable at the bottom.');
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('looks for a listing around a near-empty container in linear time, on 50,000 nested levels of the same link', () => {
    // Every ancestor of the one paragraph holds enough link entries, none of them distinct: none is a listing (a climb that read each one's blocks took 10 s for 40,000 levels).
    const sentence = 'A single sentence at the bottom of the page, long enough to count as prose on its own.';
    const { text, ms } = timed(`<html><body>${'<div><a href="/">Home</a>'.repeat(50_000)}<p>${sentence}</p></body></html>`);
    expect(text).toBe(sentence);
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('handles 100,000 unclosed inline tags', () => {
    const html = `<p>Start of a paragraph ${'<b>x '.repeat(100_000)}</p><p>A paragraph after the unclosed tags, with enough words to count as prose.</p>`;
    const { text, ms } = timed(html);
    expect(text).toContain('Start of a paragraph x x');
    expect(ms).toBeLessThan(FAST_MS);
  });

  it('handles deep implied structure: lists, tables, links, stray end tags', () => {
    const pages = [
      '<ul><li>'.repeat(100_000) + 'item',
      '<table><tr><td>'.repeat(50_000) + 'cell',
      '<div>'.repeat(100_000) + '</span>'.repeat(100_000) + 'after stray end tags',
      '<a href="/x">'.repeat(100_000) + 'link text',
      '<li><p>'.repeat(100_000),
    ];
    for (const html of pages) {
      const { ms } = timed(html);
      expect(ms).toBeLessThan(FAST_MS);
    }
  });
});

describe('never throws, never empty for a page with text', () => {
  const tags = ['div', 'p', 'span', 'a', 'li', 'ul', 'table', 'tr', 'td', 'nav', 'footer', 'main', 'article', 'script', 'pre', 'h1', 'h2', 'br', 'form', 'button', 'noscript', 'template', 'svg'];
  const attributes = ['', ' class="nav"', ' class="content"', ' id="comments"', ' hidden', ' style="display:none"', ' role="main"', ' aria-hidden="true"', ' class="sidebar"'];
  const piece = fc.oneof(
    fc.constantFrom(...tags).chain((tag) => fc.constantFrom(...attributes).map((attribute) => `<${tag}${attribute}>`)),
    fc.constantFrom(...tags).map((tag) => `</${tag}>`),
    fc.constantFrom('Some words of ordinary text.', 'x', ' ', '&amp;', '&nbsp;', '<!-- c -->', '<', '>', '"', 'a longer sentence, with a comma and a full stop.'),
    fc.string({ maxLength: 12 }),
  );
  const page = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

  it('returns a string for any input', () => {
    fc.assert(
      fc.property(page, (html) => {
        expect(typeof extractMainContent(html)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('returns text whenever the full text is not blank', () => {
    fc.assert(
      fc.property(page, (html) => {
        if (stripTagsFull(html).trim().length > 0) expect(extractMainContent(html).trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the empty string for pages without any text', () => {
    expect(extractMainContent('')).toBe('');
    expect(extractMainContent('<html><head><title>t</title></head><body><div></div></body></html>')).toBe('');
  });
});

describe('determinism', () => {
  const inputs = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, html: readFileSync(join(FIXTURES, name, 'input.html'), 'utf8') }));

  /** A seeded shuffle, so a failure reproduces. */
  function shuffled<T>(items: readonly T[], seed: number): T[] {
    const copy = [...items];
    let state = seed;
    for (let i = copy.length - 1; i > 0; i--) {
      state = (state * 1103515245 + 12345) % 2147483648;
      const j = state % (i + 1);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }

  it('gives identical output for each fixture run twice and in shuffled orders', () => {
    const first = new Map(inputs.map(({ name, html }) => [name, extractMainContent(html)]));
    for (const { name, html } of inputs) expect(extractMainContent(html)).toBe(first.get(name));
    for (const seed of [1, 7, 42]) {
      for (const { name, html } of shuffled(inputs, seed)) expect(extractMainContent(html)).toBe(first.get(name));
    }
  });
});
