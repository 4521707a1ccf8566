import { describe, expect, it } from 'vitest';
import { isBoilerplateSectionTitle } from '../../src/extract/section-titles.js';

describe('boilerplate section titles', () => {
  it('recognises related-content and comment headings in several languages', () => {
    for (const title of ['Related articles', 'You may also like', '12 Comments', 'Leave a Reply', 'Mehr zum Thema', 'Das könnte Sie auch interessieren',
      'Lesen Sie auch:', 'À lire aussi', 'Noticias relacionadas', 'Leggi anche', 'مقالات ذات صلة', '相关文章', 'Die meistgelesenen Artikel bei SWR']) {
      expect(isBoilerplateSectionTitle(title), title).toBe(true);
    }
  });

  it("recognises a shop's reviews and the products it offers beside the one on the page", () => {
    for (const title of ['Customer Reviews', 'Reviews (29)', '4 Reviews', 'Ratings & Reviews', 'Frequently bought together', 'Customers also viewed',
      'Kundenbewertungen', 'Avis clients', 'Reseñas', 'Отзывы', 'カスタマーレビュー']) {
      expect(isBoilerplateSectionTitle(title), title).toBe(true);
    }
    for (const title of ['Reviewing the evidence', 'Reviewed by our editors', 'Bewertungsportale im Vergleich']) expect(isBoilerplateSectionTitle(title), title).toBe(false);
  });

  it('leaves ordinary headings alone', () => {
    for (const title of ['What changes for drivers', 'Relationship advice for new parents', 'Tagsüber geöffnet', 'Comment installer le logiciel',
      'Sharing economy in 2024', 'A very long heading that merely mentions related articles somewhere in the middle of its many many words']) {
      expect(isBoilerplateSectionTitle(title), title).toBe(false);
    }
  });
});
