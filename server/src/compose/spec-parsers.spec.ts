import { describe, expect, it } from '@jest/globals';
import { parseExposeSpec, parsePortSpec } from './port-spec.js';
import { isAbsoluteHostPath, isRelativeHostPath, parseVolumeSpec } from './volume-spec.js';

describe('parseVolumeSpec (docker/cli loader.ParseVolume)', () => {
  it.each([
    ['/data', { type: 'volume', source: '', target: '/data' }],
    ['data:/data', { type: 'volume', source: 'data', target: '/data' }],
    ['data:/data:ro', { type: 'volume', source: 'data', target: '/data' }],
    ['./src:/app', { type: 'bind', source: './src', target: '/app' }],
    ['~/conf:/etc/conf:ro', { type: 'bind', source: '~/conf', target: '/etc/conf' }],
    ['/var/run/docker.sock:/var/run/docker.sock', { type: 'bind', source: '/var/run/docker.sock', target: '/var/run/docker.sock' }],
    ['C:\\data:/data', { type: 'bind', source: 'C:\\data', target: '/data' }],
  ])('reads %s', (spec, volume) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: true, volume });
  });

  it.each([
    ['', 'invalid empty volume spec'],
    [':/data', 'invalid spec: :/data: empty section between colons'],
    ['aa:bb:ro:extra', 'invalid spec: aa:bb:ro:extra: too many colons'],
  ])('refuses %j', (spec, reason) => {
    expect(parseVolumeSpec(spec)).toEqual({ ok: false, reason });
  });

  it('tells paths relative to the file or home from absolute ones', () => {
    expect(['./a', '../a', '.', '~/a'].every(isRelativeHostPath)).toBe(true);
    expect(isRelativeHostPath('/a')).toBe(false);
    expect(['/etc/key', 'C:\\key', '\\\\server\\share'].every(isAbsoluteHostPath)).toBe(true);
    expect(['key.txt', 'db/password.txt', './x'].some(isAbsoluteHostPath)).toBe(false);
  });
});

describe('parsePortSpec (go-connections nat.ParsePortSpec)', () => {
  it.each([
    ['80', { hostIp: '', published: null, target: { start: 80, end: 80 }, protocol: 'tcp' }],
    ['8080:80', { hostIp: '', published: { start: 8080, end: 8080 }, target: { start: 80, end: 80 }, protocol: 'tcp' }],
    [
      '127.0.0.1:8001:8001',
      { hostIp: '127.0.0.1', published: { start: 8001, end: 8001 }, target: { start: 8001, end: 8001 }, protocol: 'tcp' },
    ],
    ['[::1]:53:53/udp', { hostIp: '::1', published: { start: 53, end: 53 }, target: { start: 53, end: 53 }, protocol: 'udp' }],
    ['9090-9091:8080-8081', { hostIp: '', published: { start: 9090, end: 9091 }, target: { start: 8080, end: 8081 }, protocol: 'tcp' }],
    ['8000-8010:80', { hostIp: '', published: { start: 8000, end: 8010 }, target: { start: 80, end: 80 }, protocol: 'tcp' }],
  ])('reads %s', (raw, port) => {
    expect(parsePortSpec(raw)).toEqual({ ok: true, port });
  });

  it.each([
    ['abc', 'invalid containerPort: abc'],
    ['80:', 'no port specified: 80:<empty>'],
    ['70000', 'invalid containerPort: 70000'],
    ['80/icmp', 'invalid proto: icmp'],
    ['1.2.3:80:80', 'invalid IP address: 1.2.3'],
  ])('refuses %j', (raw, reason) => {
    expect(parsePortSpec(raw)).toEqual({ ok: false, reason });
  });

  it('reads expose entries', () => {
    expect(parseExposeSpec('3000')).toEqual({ start: 3000, end: 3000, protocol: 'tcp' });
    expect(parseExposeSpec('3000-3002/udp')).toEqual({ start: 3000, end: 3002, protocol: 'udp' });
    expect(parseExposeSpec('x')).toBeNull();
  });
});
