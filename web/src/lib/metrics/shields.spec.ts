import { describe, expect, it } from '@jest/globals';
import type { DomainShield } from '#lib/metrics/metrics.types.ts';
import { certificateLine, dnsLine } from '#lib/metrics/shields.ts';

function shield(dns: Partial<DomainShield['dns']> = {}, certificate: Partial<DomainShield['certificate']> = {}): DomainShield {
  return {
    domain: 'shop.example.com',
    service: 'web',
    dns: { status: 'ok', addresses: ['10.77.0.11'], nodes: ['10.77.0.11', '10.77.0.12'], checkedAt: null, message: null, ...dns },
    certificate: { status: 'unknown', message: null, retryAfter: null, seenAt: null, ...certificate },
  };
}

describe(dnsLine.name, () => {
  it('should show a domain that points at the cluster with its addresses', () => {
    expect(dnsLine(shield())).toEqual({ tone: 'good', label: 'Points at the cluster', detail: 'Resolves to 10.77.0.11.' });
  });

  it("should show Mission Control's words for a domain that points elsewhere", () => {
    const message =
      'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node (it resolves to 203.0.113.9; the nodes are 10.77.0.11, 10.77.0.12)';
    const line = dnsLine(shield({ status: 'elsewhere', addresses: ['203.0.113.9'], message }));

    expect(line).toEqual({ tone: 'bad', label: 'Not pointing at the cluster', detail: message });
  });

  it('should name the addresses and the nodes itself when no message came', () => {
    const line = dnsLine(shield({ status: 'elsewhere', addresses: ['203.0.113.9'] }));

    expect(line.detail).toBe('It resolves to 203.0.113.9; the nodes are 10.77.0.11, 10.77.0.12.');
  });

  it('should tell a name that does not resolve from one not checked yet', () => {
    expect(dnsLine(shield({ status: 'unresolved', addresses: [] }))).toMatchObject({ tone: 'bad', label: 'Does not resolve' });
    expect(dnsLine(shield({ status: 'unknown', addresses: [] }))).toEqual({ tone: 'idle', label: 'Not checked yet', detail: null });
  });
});

describe(certificateLine.name, () => {
  it("should give each ACME outcome its own label and keep Traefik's plain words", () => {
    const cases: [DomainShield['certificate']['status'], string, string][] = [
      ['ok', 'good', 'Certificate issued'],
      ['unknown', 'idle', 'No word from Traefik yet'],
      ['dns', 'bad', 'DNS problem'],
      ['challenge', 'bad', 'HTTP challenge failed'],
      ['rate_limited', 'busy', 'Rate limited'],
      ['account', 'bad', 'Account or email problem'],
      ['error', 'bad', 'Certificate error'],
    ];
    for (const [status, tone, label] of cases) {
      expect(certificateLine(shield({}, { status, message: `m-${status}` }))).toEqual({ tone, label, detail: `m-${status}` });
    }
  });

  it('should treat a status it does not know as an error rather than as fine', () => {
    const line = certificateLine(shield({}, { status: 'brand_new' as never }));

    expect(line.tone).toBe('bad');
  });
});
