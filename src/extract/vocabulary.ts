/**
 * What class and id names say about an element, in many languages.
 *
 * Names are split into parts on anything that is not a letter or digit
 * ("post-body__text" → post, body, text), and tried joined as well
 * ("side-bar" → sidebar). A word of an `exact` list must equal a part, one of
 * a `prefix` list must begin it ("nav" matches "navbar" but not "canvas"),
 * one of a `within` list may sit anywhere inside it ("sidebar" in
 * "leftsidebar"), so those lists hold only words long or specific enough not
 * to occur by chance, and the words of scripts that do not mark word
 * boundaries in names (Chinese, Japanese, Korean, Arabic).
 */

/** Bits describing what an element's class and id names suggest. */
export const NameHint = {
  /** Navigation, menus, footers, sidebars, ads, sharing, cookie banners…: not main content. */
  Boilerplate: 1 << 0,
  /** Softer signs (headers, banners, tags, meta lines): boilerplate when the element is also link-heavy or small. */
  WeakBoilerplate: 1 << 1,
  /** Article, post, entry, body text, description…: likely main content. */
  Content: 1 << 2,
  /** Comments and replies: main content on a forum, secondary under an article. */
  Comment: 1 << 3,
  /** Screen-reader-only or visually hidden text. */
  Hidden: 1 << 4,
  /** Customer reviews and ratings: secondary on a product's page. */
  Review: 1 << 5,
} as const;

interface Vocabulary {
  /** Words that must equal a name part. */
  exact: readonly string[];
  /** Words that must begin a name part ("nav" → "navbar", "navlinks"). */
  prefix: readonly string[];
  /** Words matched anywhere inside a name part ("sidebar" → "leftsidebar"). */
  within: readonly string[];
  /** Parts that never match, though a word above would ("commentary" is an editorial, not comments). */
  except?: readonly string[];
}

const BOILERPLATE: Vocabulary = {
  exact: [
    // English
    'ad', 'ads', 'adv', 'adslot', 'adunit', 'adsense', 'sponsored', 'promoted', 'foot', 'rail', 'crumbs', 'crumb', 'gdpr',
    'signup', 'signin', 'login', 'logout', 'register', 'popup', 'modal', 'overlay', 'lightbox', 'pager', 'paging',
    'paginator', 'trending', 'popular', 'mostread', 'mostpopular', 'toc', 'toolbar', 'skip', 'skiplink', 'skiplinks',
    'sitemap', 'outbrain', 'taboola', 'disqus', 'addthis', 'sharethis', 'shariff', 'masthead', 'topbar', 'bottombar',
    'searchform', 'searchbox', 'searchbar', 'offcanvas', 'drawer', 'dropdown', 'flyout', 'tooltip', 'upsell', 'print',
    'noprint', 'feedback', 'survey', 'cart', 'minicart', 'wishlist', 'account', 'hamburger', 'burger', 'languages',
    'langswitch', 'copyright', 'quicklinks',
    // Photo credits
    'imagecredit', 'photocredit', 'photocredits',
    // German
    'werbung', 'anzeige', 'anzeigen', 'menue', 'menü', 'hauptmenue', 'hauptmenü', 'fusszeile', 'fußzeile', 'kopfzeile',
    'seitenleiste', 'randspalte', 'teilen', 'verwandte', 'aehnliche', 'ähnliche', 'empfehlungen', 'empfehlung',
    'brotkrumen', 'brotkrümel', 'impressum', 'datenschutz', 'anmelden', 'anmeldung', 'bildnachweis', 'bildquelle',
    'fotonachweis',
    // French
    'publicite', 'publicité', 'pub', 'pied', 'entete', 'partage', 'partager', 'ariane', 'connexion', 'inscription',
    // Spanish, Portuguese, Italian
    'publicidad', 'publicidade', 'pubblicita', 'pubblicità', 'anuncio', 'anuncios', 'annunci', 'pie', 'piedepagina',
    'cabecera', 'encabezado', 'cabecalho', 'cabeçalho', 'rodape', 'rodapé', 'compartir', 'compartilhar', 'partilhar',
    'condividi', 'relacionados', 'relacionadas', 'correlati', 'migas', 'navegacion', 'navegación', 'navegacao',
    'navegação', 'navigazione', 'briciole',
    // Dutch, Polish, Turkish, Russian
    'advertentie', 'advertenties', 'reclame', 'voettekst', 'koptekst', 'zijbalk', 'delen', 'gerelateerd',
    'kruimelpad', 'navigatie', 'reklama', 'stopka', 'naglowek', 'nawigacja', 'reklam', 'altbilgi', 'paylas',
    'реклама', 'меню', 'навигация', 'подвал', 'шапка',
  ],
  prefix: [
    'nav', 'menu', 'submenu', 'megamenu', 'advert', 'sponsor', 'share', 'social', 'footer', 'sidebar', 'breadcrumb',
    'cookie', 'consent', 'newsletter', 'subscribe', 'pagination', 'related', 'recommend', 'promo', 'navigation',
  ],
  within: [
    'navigation', 'sidebar', 'breadcrumb', 'footer', 'cookie', 'newsletter', 'advert', 'pagination', 'sharing',
    'socialmedia', 'sharebar', 'sharebuttons', 'mainmenu', 'topmenu', 'navmenu', 'subnav', 'mainnav', 'topnav',
    'sitenav', 'globalnav', 'navbar', 'relatedpost', 'relatedarticle', 'relatedcontent', 'readmore', 'readnext',
    'morestories', 'youmaylike', 'alsolike', 'recommend', 'consent', 'onetrust', 'adsbygoogle', 'googlead', 'adslot',
    'adcontainer', 'adwrapper', 'adbanner', 'advertisement', 'sponsor', 'skiplink', 'skipto', 'tableofcontents',
    'copyright', 'werbung', 'seitenleiste', 'fusszeile', 'publicidad', 'publicite', 'barralateral', 'barrelaterale',
    // Chinese (characters and pinyin)
    '导航', '广告', '页脚', '底部', '页眉', '头部', '侧边', '侧栏', '边栏', '分享', '相关', '推荐', '面包屑', '版权', '菜单',
    'daohang', 'guanggao', 'yejiao', 'cebian', 'fenxiang', 'xiangguan', 'tuijian', 'mianbaoxie', 'banquan', 'caidan',
    // Japanese, Korean
    '広告', 'ナビ', 'フッター', 'ヘッダー', 'サイドバー', '関連', '광고', '메뉴', '푸터', '사이드바', '공유', '관련',
    // Arabic
    'إعلان', 'اعلان', 'تنقل', 'قائمة', 'القائمة', 'تذييل', 'ترويسة', 'جانبي', 'مشاركة', 'شارك', 'ذات-صلة', 'صلة',
    'حقوق', 'مسار',
  ],
  // "shared-styles" of design systems is not sharing; "navy" is a colour.
  except: ['shared', 'navy'],
};

const WEAK_BOILERPLATE: Vocabulary = {
  exact: [
    'header', 'head', 'meta', 'info', 'links', 'linklist', 'actions', 'buttons', 'btn', 'button', 'icons', 'icon',
    'controls', 'filter', 'filters', 'facets', 'facet', 'sort', 'search', 'secondary', 'aside', 'extra', 'extras', 'hero',
    'badge', 'badges', 'date', 'time', 'timestamp', 'dateline', 'widget', 'widgets', 'caption', 'captions', 'credit',
    'credits',
    'bildunterschrift', 'legende', 'légende', 'didascalia', 'piedefoto',
    'banner', 'announcement', 'notification', 'notice', 'alert', 'tags', 'tagcloud', 'taglist', 'categories',
    'byline', 'author', 'authors', 'avatar', 'rating', 'ratings', 'legal', 'disclaimer', 'utility', 'utilities',
    'sticky', 'carousel', 'slider', 'slideshow', 'gallery', 'thumbnails', 'marketing', 'cta', 'promotion',
  ],
  prefix: ['header', 'widget'],
  within: ['masthead', 'topbar', 'siteheader', 'pageheader'],
};

const CONTENT: Vocabulary = {
  exact: [
    'content', 'contents', 'article', 'articles', 'post', 'posts', 'entry', 'story', 'body', 'text', 'prose',
    'markdown', 'md', 'rte', 'richtext', 'main', 'maincontent', 'blog', 'news', 'message', 'messages', 'thread',
    'topic', 'question', 'answer', 'answers', 'description', 'descr', 'desc', 'details', 'documentation', 'docs', 'doc',
    'copy', 'bodytext', 'articlebody', 'postbody', 'entrycontent', 'postcontent', 'storybody', 'paragraph', 'product',
    'specs', 'specifications', 'recipe',
    // Other languages
    'inhalt', 'artikel', 'beitrag', 'haupt', 'contenu', 'contenido', 'contenuto', 'conteudo', 'articulo', 'artigo',
    'articolo', 'noticia', 'nota', 'cuerpo', 'corpo', 'testo', 'texto', 'texte', 'tekst', 'inhoud', 'bericht', 'tresc',
    'статья', 'контент', 'zhengwen', 'neirong', 'wenzhang',
  ],
  prefix: ['article', 'content', 'entry', 'story', 'artikel', 'inhalt'],
  within: ['正文', '内容', '文章', 'محتوى', 'مقال', 'المقال', 'متن', '本文', '記事', '본문'],
};

const COMMENT: Vocabulary = {
  exact: [
    'reply', 'replies', 'respond', 'discussion', 'kommentar', 'kommentare', 'commentaire', 'commentaires', 'comentario',
    'comentarios', 'commenti', 'reacties', 'komentarze', 'yorumlar', 'комментарии', 'pinglun',
  ],
  prefix: ['comment'],
  within: ['comment', '评论', '留言', 'コメント', '댓글', 'تعليق', 'kommentar'],
  except: ['commentary', 'commentator', 'commentators'],
};

const REVIEW: Vocabulary = {
  exact: ['bewertungen', 'kundenbewertungen', 'opiniones', 'recensioni', 'reseñas', 'avaliacoes', 'avaliações', 'отзывы'],
  prefix: ['review'],
  // Joined names ("customerReviews" lower-cased); "preview" is not a review.
  within: ['customerreview', 'productreview', 'userreview', 'ratingsreview'],
};

const HIDDEN: Vocabulary = {
  exact: ['sronly', 'visuallyhidden', 'screenreader', 'screenreadertext', 'offscreen', 'assistive', 'a11y'],
  prefix: [],
  within: ['visuallyhidden', 'screenreader', 'sronly'],
};

const NAME_PART = /[^\p{L}\p{N}]+/u;

const VOCABULARIES: ReadonlyArray<readonly [number, Vocabulary]> = [
  [NameHint.Boilerplate, BOILERPLATE],
  [NameHint.WeakBoilerplate, WEAK_BOILERPLATE],
  [NameHint.Content, CONTENT],
  [NameHint.Comment, COMMENT],
  [NameHint.Hidden, HIDDEN],
  [NameHint.Review, REVIEW],
];

function escapeForRegExp(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names are matched with their separators removed too, so `within` words are compared without theirs. */
function withinWords(vocabulary: Vocabulary): string[] {
  return vocabulary.within.map((word) => escapeForRegExp(word.replace(/-/g, '')));
}

/** Every word of every vocabulary, by the hint bits it gives: one lookup per name part instead of one per vocabulary. */
const EXACT_HINTS = new Map<string, number>();
/** Hint bits a part never gives, though a word of that vocabulary would match it. */
const EXCEPTED_HINTS = new Map<string, number>();
const PREFIXES: Array<readonly [string, number]> = [];
const WITHIN: Array<readonly [RegExp, number]> = [];
for (const [hint, vocabulary] of VOCABULARIES) {
  for (const word of vocabulary.exact) EXACT_HINTS.set(word, (EXACT_HINTS.get(word) ?? 0) | hint);
  for (const word of vocabulary.except ?? []) EXCEPTED_HINTS.set(word, (EXCEPTED_HINTS.get(word) ?? 0) | hint);
  for (const word of vocabulary.prefix) PREFIXES.push([word, hint]);
  const within = withinWords(vocabulary);
  if (within.length > 0) WITHIN.push([new RegExp(within.join('|'), 'u'), hint]);
}
/**
 * Whether a part could match any prefix or `within` word at all: nearly every
 * name part matches none ("flex", "mt", "1qbr3jw"), and one test of these
 * tells so instead of a test per vocabulary.
 */
const ANY_PREFIX = new RegExp(`^(?:${PREFIXES.map(([word]) => escapeForRegExp(word)).join('|')})`, 'u');
const ANY_WITHIN = new RegExp(VOCABULARIES.flatMap(([, vocabulary]) => withinWords(vocabulary)).join('|'), 'u');

/** Hint bits of one name part: the vocabularies one of whose words it equals, begins with or holds. */
function hintsOfPart(part: string): number {
  let hints = EXACT_HINTS.get(part) ?? 0;
  if (ANY_PREFIX.test(part)) {
    for (const [word, hint] of PREFIXES) if (part.startsWith(word)) hints |= hint;
  }
  if (ANY_WITHIN.test(part)) {
    for (const [pattern, hint] of WITHIN) if (pattern.test(part)) hints |= hint;
  }
  const excepted = EXCEPTED_HINTS.get(part);
  return excepted === undefined ? hints : hints & ~excepted;
}

/** Hints of single names, across pages: sites and frameworks reuse a few thousand class names on every page. */
const hintsByName = new Map<string, number>();
/** Enough names for many sites; past it the cache starts again, so memory stays bounded. */
const MAX_CACHED_NAMES = 50_000;

/**
 * First parts that make a name a flag about the page's layout or state
 * ("no-sidebars", "has-comments", "with-sidebar"): it says what the element
 * lacks or holds, not what it is (Drupal puts "no-sidebars" on the wrapper
 * of the main content).
 */
const STATE_FLAGS: ReadonlySet<string> = new Set(['no', 'has', 'with', 'without']);

/** Hints from one class or id name. */
function hintsOfName(name: string): number {
  const parts = name.split(NAME_PART).filter((part) => part.length > 0);
  // "no-print" is the exception: it says the element itself is left out of print, as interface is.
  if (parts.length > 1 && STATE_FLAGS.has(parts[0] as string) && parts[1] !== 'print') return 0;
  if (parts.length > 1) parts.push(parts.join(''));
  let hints = 0;
  for (const part of parts) hints |= hintsOfPart(part);
  return hints;
}

/**
 * Hints from lower-cased class and id names. Each class name is also tried
 * with its separators removed ("sr-only" → "sronly", "side_bar" → "sidebar").
 */
export function hintsFromNames(classAndId: string): number {
  let hints = 0;
  for (const name of classAndId.split(/\s+/)) {
    if (name.length === 0) continue;
    let named = hintsByName.get(name);
    if (named === undefined) {
      named = hintsOfName(name);
      if (hintsByName.size >= MAX_CACHED_NAMES) hintsByName.clear();
      hintsByName.set(name, named);
    }
    hints |= named;
  }
  return hints;
}
