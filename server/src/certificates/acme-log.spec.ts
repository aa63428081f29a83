import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyAcmeLine } from './acme-log.js';
import { parseLogLine } from '../logs/log-line.js';

interface Fixture {
  id: string;
  source: string;
  format: string;
  line: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = JSON.parse(fs.readFileSync(path.join(here, 'fixtures', 'traefik-acme-lines.json'), 'utf8')) as Fixture[];
const fixture = (id: string) => fixtures.find((f) => f.id === id)!.line;

const rateLimited = {
  domain: 'danaullmann.de',
  status: 'rate_limited',
  message:
    'Let\'s Encrypt is rate-limiting danaullmann.de (too many failed authorizations (5) for "danaullmann.de" in the last 1h0m0s): it can be tried again after 2025-07-17 12:34:59 UTC.',
  retryAfter: new Date('2025-07-17T12:34:59Z'),
  at: new Date('2025-07-17T12:33:51Z'),
};

// Each real line (see fixtures/README.md for where each came from) and what the stack page says.
const expected: Record<string, object[]> = {
  'rate-limited-v3': [rateLimited],
  'rate-limited-v3-color': [rateLimited],
  'rate-limited-v3-json': [rateLimited],
  'rejected-identifier-v3': [
    {
      domain: 'example.com',
      status: 'error',
      message:
        'Let\'s Encrypt will not issue a certificate for example.com: Cannot issue for "example.com": The ACME server refuses to issue a certificate for this domain name, because it is forbidden by policy.',
      retryAfter: null,
      at: new Date('2025-06-13T13:00:03Z'),
    },
  ],
  'invalid-response-v3': [
    {
      domain: 'nguoiviec.com',
      status: 'challenge',
      message:
        "HTTP challenge failed for nguoiviec.com: port 80 at 2a02:4780:84::32 answered HTTP 500 instead of Traefik's challenge response (the domain may point at another server, or something else answers port 80).",
      retryAfter: null,
      at: null,
    },
  ],
  'nxdomain-v2': [
    {
      domain: 'www.demo.domain.com',
      status: 'dns',
      message:
        "Cannot obtain certificate for www.demo.domain.com: Let's Encrypt's DNS lookup failed: the name does not exist in DNS (NXDOMAIN). Add an A (or AAAA) record that points at a cluster node.",
      retryAfter: null,
      at: new Date('2022-10-14T10:30:09Z'),
    },
  ],
  'timeout-v2': [
    {
      domain: 'api.mon-domaine.fr',
      status: 'challenge',
      message:
        'HTTP challenge failed for api.mon-domaine.fr: port 80 at 13.XX.XX.XX is unreachable (connection timed out: likely a firewall).',
      retryAfter: null,
      at: new Date('2023-02-01T14:34:08Z'),
    },
  ],
  'rate-limited-orders-v2': [
    {
      domain: 'blogadmin.xxxx.com',
      status: 'rate_limited',
      message:
        "Let's Encrypt is rate-limiting blogadmin.xxxx.com (too many certificates already issued for exact set of domains: blogadmin.xxxx.com): wait before deploying again (see letsencrypt.org/docs/rate-limits).",
      retryAfter: null,
      at: new Date('2019-09-18T13:07:42Z'),
    },
  ],
  'invalid-email-v1': [
    {
      domain: 'spam.mydomain.tld',
      status: 'account',
      message:
        "Let's Encrypt refused the ACME account, so no domain gets a certificate (not a valid e-mail address): set a real e-mail address as the cluster's certificate e-mail.",
      retryAfter: null,
      at: new Date('2018-10-11T13:52:09Z'),
    },
  ],
};

describe('classifyAcmeLine', () => {
  it('should have an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.map((f) => f.id).sort()).toEqual(Object.keys(expected).sort());
    for (const f of fixtures) expect(f.source).toMatch(/https:\/\/github\.com\//);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('should put %s in plain words', (_id, f) => {
    expect(classifyAcmeLine(f.line)).toEqual(expected[f.id]);
  });

  it('should read a line as `docker service logs --timestamps` frames it', () => {
    const framed = `2025-07-17T12:33:51.123456789Z otternauts-ingress_traefik.1.q8x3pe2v1m0n@otn1    | ${fixture('rate-limited-v3')}`;
    expect(classifyAcmeLine(parseLogLine(framed).message)).toEqual([rateLimited]);
  });

  it('should give each domain of a multi-domain line its own finding', () => {
    const line =
      'time="2020-08-02T15:34:42+02:00" level=error msg="Unable to obtain ACME certificate for domains \\"demo.servles.de,www.demo.servles.de\\": unable to generate a certificate for the domains [demo.servles.de www.demo.servles.de]: acme: error: 429 :: POST :: https://acme-v02.api.letsencrypt.org/acme/new-order :: urn:ietf:params:acme:error:rateLimited :: Error creating new order :: too many failed authorizations recently: see https://letsencrypt.org/docs/rate-limits/, url: " providerName=demyx.acme';
    expect(classifyAcmeLine(line).map((f) => [f.domain, f.status])).toEqual([
      ['demo.servles.de', 'rate_limited'],
      ['www.demo.servles.de', 'rate_limited'],
    ]);
  });

  it('should ignore lines that are not certificate errors', () => {
    for (const line of [
      '2025-07-17T12:33:51Z INF Configuration loaded from flags.',
      '2025-07-17T12:33:52Z ERR error="service \\"web\\" error: port is missing" container=shop_web providerName=swarm',
      'time="2024-11-14T02:04:48Z" level=error msg="Unable to get token: missing token." providerName=acme',
      '',
    ]) {
      expect(classifyAcmeLine(line)).toEqual([]);
    }
  });
});

describe('classifyAcmeLine on renewals', () => {
  it("should find the domain of a renewal error in Traefik's {Main SANs} form", () => {
    const [f] = classifyAcmeLine(
      '2025-01-02T03:04:05Z ERR Error renewing ACME certificate: {Main:shop.example.com SANs:[]} error="acme: error: 400 :: urn:ietf:params:acme:error:dns :: DNS problem: SERVFAIL looking up A for shop.example.com" providerName=letsencrypt.acme',
    );
    expect(f).toMatchObject({
      domain: 'shop.example.com',
      status: 'dns',
      message:
        "Cannot obtain certificate for shop.example.com: Let's Encrypt's DNS lookup failed: the domain's name servers failed to answer (SERVFAIL). Check the domain's DNS hosting.",
    });
  });
});
