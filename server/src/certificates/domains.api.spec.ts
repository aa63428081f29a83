import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

const FILE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    x-otternauts:',
  '      domains: [shop.example.com, www.shop.example.com]',
  '      port: 80',
  '  worker:',
  '    image: busybox:1.36',
  '',
].join('\n');

// A test app has no servers: nothing can be resolved, and nothing false may be said about it.
describe('stack domains API', () => {
  let t: TestApp;
  let id: string;
  const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
    const res = await t.app.inject({ method, url, payload });
    return { status: res.statusCode, body: res.json<any>() };
  };

  beforeAll(async () => {
    t = await startTestApp(tempDir('domains-api'));
    id = (await call('POST', '/api/stacks', { name: 'shop', configuration: FILE })).body.id;
  });
  afterAll(() => t.app.close());

  it("should list the stack's domains, unknown before any check", async () => {
    expect(await call('GET', `/api/stacks/${id}/domains`)).toEqual({
      status: 200,
      body: {
        domains: ['shop.example.com', 'www.shop.example.com'].map((domain) => ({
          domain,
          service: 'web',
          dns: { status: 'unknown', addresses: [], nodes: [], checkedAt: null, message: null },
          certificate: { status: 'unknown', message: null, retryAfter: null, seenAt: null },
        })),
      },
    });
  });

  it('should say a check could not be made when the cluster has no manager, and store nothing as a verdict', async () => {
    const res = await call('POST', `/api/stacks/${id}/domains/check`);
    expect(res.status).toBe(200);
    expect(res.body.domains.map((d: any) => [d.domain, d.dns.status, d.dns.message])).toEqual([
      ['shop.example.com', 'unknown', 'DNS of shop.example.com could not be checked: this cluster has no manager yet'],
      ['www.shop.example.com', 'unknown', 'DNS of www.shop.example.com could not be checked: this cluster has no manager yet'],
    ]);
    const rows = await t.app.get(PrismaService).domainCheck.findMany({ where: { stackId: id }, orderBy: { domain: 'asc' } });
    expect(rows.map((r) => [r.domain, r.dnsStatus, r.dnsCheckedAt])).toEqual([
      ['shop.example.com', 'unknown', null],
      ['www.shop.example.com', 'unknown', null],
    ]);
  });

  it('should show a stored answer and a certificate finding in plain words', async () => {
    const checkedAt = new Date('2026-12-02T01:00:00Z');
    await t.app.get(PrismaService).domainCheck.update({
      where: { domain: 'shop.example.com' },
      data: {
        dnsStatus: 'elsewhere',
        dnsAddresses: '["203.0.113.9"]',
        dnsCheckedAt: checkedAt,
        certificateStatus: 'rate_limited',
        certificateMessage:
          "Let's Encrypt is rate-limiting shop.example.com (too many failed authorizations (5)): it can be tried again after 2026-12-02 02:00:00 UTC.",
        retryAfter: new Date('2026-12-02T02:00:00Z'),
        certificateSeenAt: checkedAt,
      },
    });
    const shop = (await call('GET', `/api/stacks/${id}/domains`)).body.domains[0];
    expect(shop).toEqual({
      domain: 'shop.example.com',
      service: 'web',
      dns: {
        status: 'elsewhere',
        addresses: ['203.0.113.9'],
        nodes: [],
        checkedAt: '2026-12-02T01:00:00.000Z',
        message:
          'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node (it resolved to 203.0.113.9 at 2026-12-02T01:00:00.000Z)',
      },
      certificate: {
        status: 'rate_limited',
        message:
          "Let's Encrypt is rate-limiting shop.example.com (too many failed authorizations (5)): it can be tried again after 2026-12-02 02:00:00 UTC.",
        retryAfter: '2026-12-02T02:00:00.000Z',
        seenAt: '2026-12-02T01:00:00.000Z',
      },
    });
  });

  it('should answer 404 for an unknown stack', async () => {
    for (const [method, url] of [
      ['GET', '/api/stacks/nope/domains'],
      ['POST', '/api/stacks/nope/domains/check'],
    ] as const) {
      const res = await call(method, url);
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
  });

  it('should add no DNS warning to validation when no manager can be asked', async () => {
    const res = await call('POST', '/api/stacks/validate', { name: 'shop', configuration: FILE });
    expect(res).toMatchObject({ status: 200, body: { valid: true, warnings: [] } });
  });
});
