import { describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHost, forbiddenReason, isAllowed, pinnedLookup, RefusedTarget, urlHost, type Resolve } from './address-guard.js';

const fakeDns =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const list = table[host];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('forbiddenReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.3.4', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['169.254.169.254', 'cloud metadata'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['fd00:ec2:0:0:0:0:0:254', 'cloud metadata'],
    ['169.254.0.1', 'link-local'],
    ['169.254.255.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
  ])('should refuse %s as %s', (address, why) => {
    expect(forbiddenReason(address)).toContain(why);
  });

  it.each([
    '10.77.0.11',
    '192.168.1.20',
    '172.16.5.5',
    '100.64.1.1',
    '203.0.113.9',
    '8.8.8.8',
    'fd77::11',
    'fd00:ec2::253',
    '2001:db8::1',
    'fec0::1',
  ])('should let %s through (public and private LAN ranges are fine)', (address) => {
    expect(forbiddenReason(address)).toBeNull();
  });

  it('should refuse what is not an address at all', () => {
    expect(forbiddenReason('example.com')).toBe('is not an IP address');
  });
});

describe('urlHost', () => {
  it.each([
    ['http://2130706433/hook', '127.0.0.1'],
    ['http://0x7f.1/hook', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://127.1/', '127.0.0.1'],
    ['http://0177.0.0.1/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['https://[fe80::1]:8443/', 'fe80::1'],
    ['https://Hooks.Slack.com/services/x', 'hooks.slack.com'],
  ])('should read %s as host %s, which the guard then checks', (url, host) => {
    expect(urlHost(new URL(url))).toBe(host);
  });

  it('should refuse the odd spellings of loopback once normalised', async () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[::]/',
      'http://0/',
    ]) {
      await expect(checkHost(urlHost(new URL(url)), [], fakeDns({}))).rejects.toThrow(RefusedTarget);
    }
  });
});

describe('checkHost', () => {
  const dns = fakeDns({
    'hooks.example.com': ['203.0.113.10'],
    'sneaky.example.com': ['127.0.0.1'],
    'dual.example.com': ['203.0.113.11', '::1'],
    'meta.example.com': ['169.254.169.254'],
    'ntfy.lan': ['192.168.1.5'],
    'six.example.com': ['2001:db8::5'],
  });

  it('should answer the address it checked', async () => {
    await expect(checkHost('hooks.example.com', [], dns)).resolves.toEqual({
      host: 'hooks.example.com',
      address: '203.0.113.10',
      family: 4,
    });
    await expect(checkHost('six.example.com', [], dns)).resolves.toEqual({ host: 'six.example.com', address: '2001:db8::5', family: 6 });
    await expect(checkHost('ntfy.lan', [], dns)).resolves.toMatchObject({ address: '192.168.1.5' });
    await expect(checkHost('[2001:db8::9]', [], dns)).resolves.toEqual({ host: '2001:db8::9', address: '2001:db8::9', family: 6 });
  });

  it('should refuse a name that resolves to loopback, naming the address', async () => {
    await expect(checkHost('sneaky.example.com', [], dns)).rejects.toThrow(
      'sneaky.example.com resolves to 127.0.0.1, which is a loopback address; notifications may not go there unless OTTERNAUTS_NOTIFY_ALLOW',
    );
  });

  it('should refuse a name when any of its addresses is forbidden', async () => {
    await expect(checkHost('dual.example.com', [], dns)).rejects.toThrow('resolves to ::1, which is a loopback address');
    await expect(checkHost('meta.example.com', [], dns)).rejects.toThrow('cloud metadata');
  });

  it('should refuse address literals directly, without asking DNS', async () => {
    await expect(checkHost('169.254.169.254', [], fakeDns({}))).rejects.toThrow('169.254.169.254 is the cloud metadata address');
    await expect(checkHost('[::1]', [], fakeDns({}))).rejects.toThrow('::1 is a loopback address');
    await expect(checkHost('[fd00:ec2::254]', [], fakeDns({}))).rejects.toThrow('cloud metadata');
  });

  it('should refuse a name that does not resolve', async () => {
    await expect(checkHost('nowhere.example.com', [], dns)).rejects.toThrow('nowhere.example.com does not resolve');
  });

  it('should refuse localhost through the real resolver', async () => {
    await expect(checkHost('localhost', [])).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), which is a loopback address/);
  });

  it('should let notifyAllow open a host, an address or a range', async () => {
    await expect(checkHost('sneaky.example.com', ['sneaky.example.com'], dns)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(checkHost('sneaky.example.com', ['127.0.0.1'], dns)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(checkHost('sneaky.example.com', ['127.0.0.0/8'], dns)).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(checkHost('[::ffff:127.0.0.1]', ['127.0.0.0/8'], dns)).resolves.toMatchObject({ address: '::ffff:127.0.0.1' });
    await expect(checkHost('sneaky.example.com', ['other.example.com', '10.0.0.0/8'], dns)).rejects.toThrow(RefusedTarget);
    // allowing one name does not allow another name pointing at the same address
    await expect(checkHost('meta.example.com', ['sneaky.example.com'], dns)).rejects.toThrow(RefusedTarget);
  });
});

describe('isAllowed', () => {
  it('should match v4 inside v6 against v4 entries and v4 ranges written as v6', () => {
    expect(isAllowed('x', '::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isAllowed('x', '127.0.0.5', ['::ffff:127.0.0.0/104'])).toBe(true);
    expect(isAllowed('x', '127.0.0.5', ['::1'])).toBe(false);
    expect(isAllowed('x', 'fe80::5', ['fe80::/10'])).toBe(true);
    expect(isAllowed('x', 'fe80::5', ['garbage/99', 'nonsense'])).toBe(false);
  });
});

describe('pinnedLookup', () => {
  it('should make http.request connect to the checked address, whatever the URL names', async () => {
    const server = http.createServer((_req, res) => res.end('pinned'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const req = http.request(
          `http://does-not-exist.invalid:${port}/`,
          { lookup: pinnedLookup({ host: 'does-not-exist.invalid', address: '127.0.0.1', family: 4 }) },
          (res) => {
            let s = '';
            res.on('data', (c: Buffer) => (s += c.toString()));
            res.on('end', () => resolve(s));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe('pinned');
    } finally {
      server.close();
    }
  });
});
