import { addressSet, normaliseAddress } from './node-addresses.js';
import { judgeDomain, storedDnsMessage, uncheckedDomain } from './dns-verdict.js';

describe('normaliseAddress', () => {
  it.each([
    ['10.77.0.11', '10.77.0.11'],
    [' 10.77.0.11 ', '10.77.0.11'],
    ['FD77:0:0::0011', 'fd77::11'],
    ['[fd77::11]', 'fd77::11'],
    ['fe80::1%eth0', 'fe80::1'],
    ['::ffff:10.77.0.11', '10.77.0.11'],
    ['::ffff:a4d:b', '10.77.0.11'],
    ['shop.example.com', null],
    ['', null],
  ])('should read %j as %j', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });

  it('should drop unspecified addresses and duplicates', () => {
    expect(addressSet(['0.0.0.0', '10.77.0.11', '::', '::ffff:10.77.0.11', 'fd77::11', 'FD77::11'])).toEqual(['10.77.0.11', 'fd77::11']);
  });
});

describe('judgeDomain', () => {
  const nodes = ['10.77.0.11', '10.77.0.12', 'fd77::11'];

  it('should pass a domain whose every address is a node, however the addresses are spelt', () => {
    expect(judgeDomain('shop.example.com', ['10.77.0.12', 'FD77:0::11', '::ffff:10.77.0.12'], nodes)).toEqual({
      domain: 'shop.example.com',
      status: 'ok',
      addresses: ['10.77.0.12', 'fd77::11'],
      nodes,
      message: null,
    });
  });

  it("should say in the PRD's words that a domain resolves elsewhere, naming both sides", () => {
    expect(judgeDomain('shop.example.com', ['203.0.113.9'], ['10.77.0.11', '10.77.0.12'])).toMatchObject({
      status: 'elsewhere',
      message:
        'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node (it resolves to 203.0.113.9; the nodes are 10.77.0.11, 10.77.0.12)',
    });
  });

  it('should say a domain with no address does not resolve', () => {
    expect(judgeDomain('shop.example.com', [], nodes)).toMatchObject({
      status: 'unresolved',
      message: 'Cannot obtain certificate for shop.example.com: DNS does not resolve (no address for shop.example.com)',
    });
  });

  it('should warn that a domain pointing partly elsewhere (a stale AAAA record) may fail', () => {
    expect(judgeDomain('shop.example.com', ['10.77.0.11', '2001:db8::9'], ['10.77.0.11'])).toMatchObject({
      status: 'elsewhere',
      message:
        'Certificate for shop.example.com may fail: DNS also resolves to 2001:db8::9, which is not a cluster node (it resolves to 10.77.0.11, 2001:db8::9; the nodes are 10.77.0.11)',
    });
  });

  it('should shorten long address lists', () => {
    const many = Array.from({ length: 9 }, (_, i) => `203.0.113.${i + 1}`);
    expect(judgeDomain('a.example.com', many, ['10.77.0.11']).message).toContain(
      'it resolves to 203.0.113.1, 203.0.113.2, 203.0.113.3, 203.0.113.4, 203.0.113.5 and 4 more;',
    );
  });

  it('should claim nothing when the domain could not be checked', () => {
    expect(uncheckedDomain('a.example.com', 'no manager answers')).toEqual({
      domain: 'a.example.com',
      status: 'unknown',
      addresses: [],
      nodes: [],
      message: 'DNS of a.example.com could not be checked: no manager answers',
    });
  });

  it('should word a stored answer without its node list', () => {
    const at = new Date('2026-12-02T01:00:00Z');
    expect(storedDnsMessage('a.example.com', 'elsewhere', ['203.0.113.9'], at)).toBe(
      'Cannot obtain certificate for a.example.com: DNS does not resolve to a cluster node (it resolved to 203.0.113.9 at 2026-12-02T01:00:00.000Z)',
    );
    expect(storedDnsMessage('a.example.com', 'ok', ['10.77.0.11'], at)).toBeNull();
  });
});
