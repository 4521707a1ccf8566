/**
 * Peer: the floor of a JS HTML parser. htmlparser2's bare `Tokenizer` (no tree, no
 * Parser on top) with callbacks that do nothing, run over the same strings the other
 * peers read. It produces no text, so it writes one line per document (the path and
 * its length) to still pay for an output file.
 */
import { Tokenizer } from 'htmlparser2';
import type { TokenizerCallbacks } from 'htmlparser2';
import { runPeer } from './common.js';

const noop = (): void => {};
const callbacks: TokenizerCallbacks = {
  onattribdata: noop,
  onattribentity: noop,
  onattribend: noop,
  onattribname: noop,
  oncdata: noop,
  onclosetag: noop,
  oncomment: noop,
  ondeclaration: noop,
  onend: noop,
  onopentagend: noop,
  onopentagname: noop,
  onprocessinginstruction: noop,
  onselfclosingtag: noop,
  ontext: noop,
  ontextentity: noop,
};

runPeer('htmlparser2-tokenizer', (html, path) => {
  // Same options as htmlparser2's Parser defaults for HTML: entities decoded, not XML.
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, callbacks);
  tokenizer.write(html);
  tokenizer.end();
  return `${path}\t${html.length}`;
});
