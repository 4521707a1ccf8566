/**
 * Headings that announce boilerplate sections at the end of an article —
 * "Related articles", "Mehr zum Thema", "Lire aussi", "Comments" — in many
 * languages. Such sections sit inside the content column on many sites, with
 * no class name to tell them apart, but their headings give them away.
 */
import { decodeEntitiesText } from '../steps/decode-entities.js';

/** Headings longer than this are article headings, whatever words they contain. */
const MAX_SECTION_TITLE_LENGTH = 80;

/** Phrases a boilerplate section title starts with (lower-case, single spaces, no punctuation). */
const TITLE_STARTS = [
  // English
  'related', 'read more', 'read also', 'read next', 'more from', 'more stories', 'more news', 'more articles',
  'more on this', 'more like this', 'you may also', 'you might also', 'you may like', 'you might like', 'also read',
  'see also', 'recommended', 'most read', 'most popular', 'popular posts', 'popular articles', 'trending', 'latest news',
  'latest posts', 'latest articles', 'recent posts', 'recent articles', 'top stories', 'further reading', 'comments',
  'leave a reply', 'leave a comment', 'post a comment', 'add a comment', 'join the discussion', 'share this',
  'share on', 'tags', 'about the author', 'sign up for', 'subscribe to', 'newsletter', 'sponsored', 'advertisement',
  // Shops: reviews and the products offered beside the one on the page.
  'reviews', 'customer reviews', 'ratings and reviews', 'ratings reviews', 'write a review', 'customers also',
  'frequently bought', 'similar items', 'similar products', 'complete the look', 'shop the look', 'recently viewed',
  // German
  'mehr zum thema', 'zum thema', 'mehr zu', 'mehr aus', 'mehr artikel', 'mehr news', 'lesen sie auch', 'lesen sie mehr',
  'auch interessant', 'das könnte sie auch', 'das könnte dich auch', 'dies könnte sie auch', 'ähnliche', 'verwandte',
  'weitere artikel', 'weitere beiträge', 'weitere news', 'weitere nachrichten', 'weitere themen', 'meistgelesen',
  'die meistgelesenen', 'meist gelesen', 'neueste artikel', 'neueste beiträge', 'aktuelle artikel', 'empfehlungen',
  'unsere empfehlung', 'kommentare', 'kommentar schreiben', 'schreibe einen kommentar', 'hinterlasse einen kommentar',
  'diesen artikel teilen', 'artikel teilen', 'teilen', 'schlagwörter', 'schlagworte', 'über den autor',
  'über die autorin', 'top themen', 'kundenbewertungen', 'bewertungen', 'kunden kauften auch', 'ähnliche produkte',
  // French
  'à lire aussi', 'a lire aussi', 'lire aussi', 'lire la suite', 'sur le même sujet', 'articles similaires',
  'articles liés', 'les plus lus', 'nos derniers articles', 'derniers articles', 'commentaires', 'vos réactions',
  'laisser un commentaire', 'laissez un commentaire', 'partager', 'vous aimerez aussi', 'vous aimerez peut être',
  'avis clients', 'avis des clients', 'produits similaires',
  // Spanish, Portuguese, Italian
  'te puede interesar', 'también te puede', 'noticias relacionadas', 'temas relacionados', 'artículos relacionados',
  'lo más leído', 'lo último', 'más noticias', 'más leídas', 'comentarios', 'deja un comentario', 'deja tu comentario',
  'compartir', 'leia também', 'leia mais', 'notícias relacionadas', 'mais lidas', 'comentários', 'deixe um comentário',
  'leggi anche', 'articoli correlati', 'potrebbe interessarti', 'i più letti', 'commenti', 'lascia un commento',
  'opiniones de clientes', 'reseñas', 'avaliações', 'recensioni',
  // Dutch, Polish, Turkish
  'lees ook', 'lees meer', 'gerelateerde', 'meest gelezen', 'reacties', 'laat een reactie achter', 'czytaj także',
  'czytaj też', 'podobne artykuły', 'komentarze', 'ilgili haberler', 'yorumlar', 'beoordelingen', 'opinie klientów',
  // Russian, Arabic, Chinese, Japanese
  'читайте также', 'похожие статьи', 'комментарии', 'مقالات ذات صلة', 'اقرأ أيضا', 'اقرأ ايضا', 'الأكثر قراءة',
  'التعليقات', 'تعليقات', 'أخبار ذات صلة', '相关文章', '相关阅读', '相关推荐', '推荐阅读', '热门文章', '猜你喜欢',
  '评论', '関連記事', 'コメント', '관련 기사', '댓글', 'отзывы', '商品评价', '用户评价', 'カスタマーレビュー', 'レビュー',
];

/** Phrases that may appear anywhere in a (short) boilerplate section title. */
const TITLE_CONTAINS = ['related articles', 'related posts', 'related stories', 'meistgelesen', 'you may also like'];

const NOT_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
const LEADING_COUNT = /^\d+ /;

function normalise(text: string): string {
  return decodeEntitiesText(text).toLowerCase().replace(NOT_WORD, ' ').trim();
}

/** Whether a heading's text announces a boilerplate section. */
export function isBoilerplateSectionTitle(text: string): boolean {
  if (text.length > MAX_SECTION_TITLE_LENGTH) return false;
  // "12 Comments", "3 Kommentare"
  const title = normalise(text).replace(LEADING_COUNT, '');
  if (title.length === 0) return false;
  for (const start of TITLE_STARTS) {
    if (title.startsWith(start) && (title.length === start.length || title.charCodeAt(start.length) === 0x20 || !/[a-z]/.test(start))) {
      return true;
    }
  }
  return TITLE_CONTAINS.some((phrase) => title.includes(phrase));
}
