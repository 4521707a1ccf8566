/**
 * Replaces e-mail addresses and public IP addresses, as datatrove's
 * `PIIFormatter` does: with its regular expressions, its validation (only
 * IPv4 addresses that are global, by Python 3.11's `ipaddress` rules) and
 * its replacement lists, used in turn. One difference: the turn starts again
 * with every document, where datatrove carries it from one document to the
 * next, so that a document's output does not depend on which documents a
 * worker saw before it.
 */
import { PY_WORD_CLASS } from '../text/python.js';
import type { Doc } from '../types.js';
import type { DocumentStep } from './verdict.js';

export interface PiiOptions {
  /** Replace e-mail addresses. @default true */
  remove_emails?: boolean;
  /** Replace IPv4 addresses. @default true */
  remove_ips?: boolean;
  /** Replace only global (public) addresses, not private, loopback, link-local or documentation ones. @default true */
  only_remove_public_ips?: boolean;
  /** Replacements for e-mail addresses, used in turn. @default ['email@example.com', 'firstname.lastname@example.org'] */
  email_replacement?: string | readonly string[];
  /** Replacements for IP addresses, used in turn. @default datatrove's six addresses */
  ip_replacement?: string | readonly string[];
}

export const PII_DEFAULTS = {
  remove_emails: true,
  remove_ips: true,
  only_remove_public_ips: true,
  email_replacement: ['email@example.com', 'firstname.lastname@example.org'],
  ip_replacement: ['22.214.171.124', '126.96.36.199', '188.8.131.52', '184.108.40.206', '220.127.116.11', '18.104.22.168'],
} as const satisfies Required<PiiOptions>;

const W = `[${PY_WORD_CLASS}]`;
const OCTET = '(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)';
const LOCAL = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** datatrove's e-mail pattern; Python's `\b` (Unicode word characters) spelled out before the first character. */
const EMAIL = new RegExp(
  `(?:(?<=${W})(?!${W})|(?<!${W})(?=${W}))${LOCAL}+(?:\\.${LOCAL}+)*@(?:(?:${LABEL}\\.)+${LABEL}|\\[(?:${OCTET}\\.){3}(?:${OCTET}|[A-Za-z0-9-]*[A-Za-z0-9]:)\\])`,
  'gu',
);
const IPV4 = new RegExp(`(?:${OCTET}\\.){3}${OCTET}`, 'g');

/** Networks that Python 3.11's `ipaddress` does not call global: its private list and the shared address space 100.64.0.0/10. */
const NOT_GLOBAL: ReadonlyArray<readonly [number, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 29],
  ['192.0.0.170', 31],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['240.0.0.0', 4],
  ['255.255.255.255', 32],
].map(([address, bits]) => [ipv4Number(address as string) as number, bits as number] as const);

/** An IPv4 address as a number, or undefined where Python's `ip_address` refuses it (an octet with a leading zero). */
function ipv4Number(address: string): number | undefined {
  let value = 0;
  for (const octet of address.split('.')) {
    if (octet.length > 1 && octet.startsWith('0')) return undefined;
    value = value * 256 + Number(octet);
  }
  return value;
}

/** Whether Python would replace this match: a valid address, and global when only public ones are asked for. */
function isReplaceableIp(address: string, publicOnly: boolean): boolean {
  const value = ipv4Number(address);
  if (value === undefined) return false;
  if (!publicOnly) return true;
  return !NOT_GLOBAL.some(([network, bits]) => Math.floor(value / 2 ** (32 - bits)) === Math.floor(network / 2 ** (32 - bits)));
}

const asList = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);

/** The replacement of a text's e-mail and IP addresses. */
export function piiText(options: PiiOptions = {}): (text: string) => string {
  const o = { ...PII_DEFAULTS, ...options };
  const emails = asList(o.email_replacement);
  const ips = asList(o.ip_replacement);
  return (text) => {
    let result = text;
    if (o.remove_emails && emails.length > 0 && result.includes('@')) {
      let turn = 0;
      result = result.replace(EMAIL, () => emails[turn++ % emails.length] as string);
    }
    if (o.remove_ips && ips.length > 0 && /\d\.\d/.test(result)) {
      let turn = 0;
      result = result.replace(IPV4, (match) => (isReplaceableIp(match, o.only_remove_public_ips) ? (ips[turn++ % ips.length] as string) : match));
    }
    return result;
  };
}

export function pii(options: PiiOptions = {}): DocumentStep {
  const replace = piiText(options);
  return (doc: Doc) => {
    const text = replace(doc.text);
    return { doc: text === doc.text ? doc : { ...doc, text } };
  };
}
