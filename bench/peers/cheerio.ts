/**
 * Peer: cheerio's default (parse5) backend. `cheerio.load(html)`, drop `<script>` and
 * `<style>` (BeautifulSoup's `get_text()` leaves their contents out too), take the
 * document's text, then the classic recipe's two regex passes.
 */
import { load } from 'cheerio';
import { classicRegexes, runPeer } from './common.js';

runPeer('cheerio', (html) => {
  const $ = load(html);
  $('script, style').remove();
  return classicRegexes($.root().text());
});
