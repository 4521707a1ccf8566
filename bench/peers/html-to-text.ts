/**
 * Peer: html-to-text's `convert(html, { wordwrap: false })` (its defaults otherwise),
 * then the classic recipe's two regex passes.
 */
import { convert } from 'html-to-text';
import { classicRegexes, runPeer } from './common.js';

runPeer('html-to-text', (html) => classicRegexes(convert(html, { wordwrap: false })));
