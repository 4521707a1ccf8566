import { describe, expect, it } from 'vitest';
import { NameHint, hintsFromNames } from '../../src/extract/vocabulary.js';

const has = (names: string, hint: number): boolean => (hintsFromNames(names) & hint) !== 0;

describe('class and id vocabularies', () => {
  it('recognises boilerplate names in several languages', () => {
    for (const names of ['main-nav', 'navbar', 'site-footer', 'left_sidebar', 'cookie-banner', 'ad-slot', 'social-share', 'breadcrumbs',
      'werbung', 'navigation', 'fusszeile', 'seitenleiste', 'publicidad', 'pied-de-page', 'guanggao', 'daohang', '侧边栏', '广告位',
      'إعلان', 'القائمة', 'تذييل-الصفحة', 'ذات-صلة']) {
      expect(has(names, NameHint.Boilerplate), names).toBe(true);
    }
  });

  it('does not see boilerplate inside unrelated words', () => {
    for (const names of ['canvas', 'headline', 'address', 'download', 'gradient', 'shadow', 'article-body', 'elementor-widget-text-editor']) {
      expect(has(names, NameHint.Boilerplate), names).toBe(false);
    }
  });

  it('reads layout and state flags as saying nothing of the element itself, except that it is not printed', () => {
    expect(['no-sidebars', 'has-sidebar', 'with-sidebar', 'without-footer', 'has-comments', 'no-js'].map(hintsFromNames)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(['sidebar', 'no-print', 'noprint'].map((names) => has(names, NameHint.Boilerplate))).toEqual([true, true, true]);
  });

  it('recognises content names', () => {
    for (const names of ['entry-content', 'post-body', 'article__text', 'story', 'inhalt', 'artikel-text', 'zhengwen', '文章内容', 'محتوى-المقال']) {
      expect(has(names, NameHint.Content), names).toBe(true);
    }
  });

  it('recognises comments but not commentary', () => {
    expect(has('comment-list', NameHint.Comment)).toBe(true);
    expect(has('kommentare', NameHint.Comment)).toBe(true);
    expect(has('commentary', NameHint.Comment)).toBe(false);
  });

  it('recognises screen-reader-only text', () => {
    expect(has('sr-only', NameHint.Hidden)).toBe(true);
    expect(has('visually-hidden', NameHint.Hidden)).toBe(true);
  });

  it('recognises customer reviews, and not previews', () => {
    for (const names of ['reviews', 'customer-review', 'review-card__text', 'customerReviews', 'woocommerce-Reviews', 'kundenbewertungen', 'отзывы']) {
      expect(has(names.toLowerCase(), NameHint.Review), names).toBe(true);
    }
    for (const names of ['preview', 'video-preview', 'overview', 'previewer']) {
      expect(has(names, NameHint.Review), names).toBe(false);
    }
  });
});
