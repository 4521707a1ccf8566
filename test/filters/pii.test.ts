import { describe, expect, it } from 'vitest';
import { piiText } from '../../src/filters/pii.js';

const pii = piiText();

describe('pii', () => {
  it('replaces e-mail addresses with the replacements in turn, starting again with each document', () => {
    const text = 'Write to jane.doe@mail.co.uk, bob+tag@x-y.org or ops@[10.0.0.1].';
    const expected = 'Write to email@example.com, firstname.lastname@example.org or email@example.com.';
    expect(pii(text)).toBe(expected);
    expect(pii(text)).toBe(expected);
  });

  it('replaces public IPv4 addresses and keeps private, loopback, shared, documentation and malformed ones', () => {
    expect(pii('Servers 8.8.8.8 and 1.1.1.1, 93.184.216.34.')).toBe('Servers 22.214.171.124 and 126.96.36.199, 188.8.131.52.');
    expect(pii('Local 10.1.2.3 192.168.0.1 127.0.0.1 172.16.5.4 100.64.0.1 169.254.1.1 192.0.2.7 0.0.0.0 255.255.255.255')).toBe(
      'Local 10.1.2.3 192.168.0.1 127.0.0.1 172.16.5.4 100.64.0.1 169.254.1.1 192.0.2.7 0.0.0.0 255.255.255.255',
    );
    // Multicast is global to Python 3.11's ipaddress; the reserved 240/4 and benchmarking 198.18/15 are not.
    expect(pii('Multicast 224.0.0.1 and 240.1.1.1 and 198.18.0.1')).toBe('Multicast 22.214.171.124 and 240.1.1.1 and 198.18.0.1');
    // Python's ipaddress refuses leading zeros: not an address, not replaced.
    expect(pii('Version 01.2.3.4 here')).toBe('Version 01.2.3.4 here');
    expect(piiText({ only_remove_public_ips: false })('At 10.1.2.3.')).toBe('At 22.214.171.124.');
  });

  it('needs a word boundary before an address, by Unicode word characters', () => {
    expect(pii('éjane@mail.com')).toBe('éjane@mail.com');
    expect(pii('(jane@mail.com)')).toBe('(email@example.com)');
  });

  it('can be limited and given other replacements', () => {
    expect(piiText({ remove_emails: false })('a@b.co 8.8.8.8')).toBe('a@b.co 22.214.171.124');
    expect(piiText({ email_replacement: '<EMAIL>', ip_replacement: ['<IP>'] })('a@b.co 8.8.8.8')).toBe('<EMAIL> <IP>');
  });
});
