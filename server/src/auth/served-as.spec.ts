import type os from 'node:os';
import { servedAs } from './served-as.js';

const base = { host: '127.0.0.1', port: 8080, publicUrl: undefined, allowedHosts: [] as string[] };
const nic = (address: string, family: 'IPv4' | 'IPv6', scopeid?: number) => ({ address, family, scopeid }) as os.NetworkInterfaceInfo;
const interfaces = {
  lo: [nic('127.0.0.1', 'IPv4'), nic('::1', 'IPv6')],
  eth0: [nic('192.168.1.5', 'IPv4'), nic('fe80::1', 'IPv6', 2), nic('2001:db8::5', 'IPv6')],
};

describe(servedAs.name, () => {
  it('should serve the loopback names on the listen port only', () => {
    const s = servedAs(base, interfaces);
    expect([...s.hosts].sort()).toEqual(['127.0.0.1:8080', '[::1]:8080', 'localhost:8080']);
    expect(s.hostAllowed('LocalHost:8080')).toBe(true);
    expect(s.hostAllowed('192.168.1.5:8080')).toBe(false);
    expect(s.hostAllowed(undefined)).toBe(false);
  });

  it('should add every interface address when listening on all of them', () => {
    const s = servedAs({ ...base, host: '0.0.0.0' }, interfaces);
    expect(s.hostAllowed('192.168.1.5:8080')).toBe(true);
    expect(s.hostAllowed('[2001:db8::5]:8080')).toBe(true);
    expect(s.hostAllowed('[fe80::1]:8080')).toBe(false);
    expect(s.hostAllowed('0.0.0.0:8080')).toBe(false);
  });

  it('should add a bracketed IPv6 listen address and bare names on port 80', () => {
    expect(servedAs({ ...base, host: '2001:db8::5' }, interfaces).hostAllowed('[2001:db8::5]:8080')).toBe(true);
    const s = servedAs({ ...base, port: 80 }, interfaces);
    expect(s.hostAllowed('localhost')).toBe(true);
    expect(s.originAllowed('http://localhost')).toBe(true);
  });

  it('should take the public URL and the allowed hosts as hosts and origins', () => {
    const s = servedAs({ ...base, publicUrl: 'https://mc.example.com', allowedHosts: ['ops.lan:8080'] }, interfaces);
    expect(s.hostAllowed('mc.example.com')).toBe(true);
    expect(s.hostAllowed('mc.example.com:443')).toBe(true);
    expect(s.originAllowed('https://mc.example.com')).toBe(true);
    expect(s.originAllowed('http://ops.lan:8080')).toBe(true);
    expect(s.originAllowed('http://127.0.0.1:8080')).toBe(true);
  });

  it.each([
    'null',
    'http://127.0.0.1:3000',
    'http://localhost:8080/path',
    'http://user@localhost:8080',
    'file://',
    'chrome-extension://abc',
    'http://localhost:8080.evil.test',
    '',
  ])('should refuse the origin %s', (origin) => {
    expect(servedAs(base, interfaces).originAllowed(origin)).toBe(false);
  });
});
