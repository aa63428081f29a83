import type { DomainCheck, Stack } from '../generated/prisma/client.js';
import type { AppConfig } from '../config/app-config.js';
import type { EventInput, EventView } from '../events/event.types.js';
import type { EventsService } from '../events/events.service.js';
import type { AcmeFinding } from './acme-log.js';
import { CertificateWatch } from './certificate-watch.js';
import type { ClusterDns } from './cluster-dns.js';
import type { DomainCheckStore } from './domain-check.store.js';
import { judgeDomain, uncheckedDomain, type DnsVerdict } from './dns-verdict.js';
import type { IngressLogs, LoggedFinding } from './ingress-logs.js';

const NODES = ['10.77.0.11', '10.77.0.12'];
const stack = {
  id: 'st1',
  name: 'shop',
  configuration:
    'services:\n  web:\n    image: nginx:1.27\n    x-otternauts:\n      domains: [shop.example.com, www.example.com]\n      port: 80\n',
  repositoryId: null,
  updatedAt: new Date('2026-12-01T00:00:00Z'),
  lastDeployedAt: new Date('2026-12-01T00:00:00Z'),
} as Stack;

/** The DomainCheck table and the Event table's certificate events, in memory. */
class MemoryStore {
  rows = new Map<string, DomainCheck>();
  constructor(private readonly recorded: EventInput[]) {}
  existing = new Set([stack.id]);
  stack = async (id: string) => (this.existing.has(id) ? stack : null);
  deployedStacks = async () => (this.existing.has(stack.id) ? [stack] : []);
  removeOrphans = async () => {
    const orphans = [...this.rows.values()].filter((r) => !this.existing.has(r.stackId));
    for (const o of orphans) this.rows.delete(o.domain);
    return orphans;
  };
  rowsFor = async (domains: string[]) => domains.flatMap((d) => (this.rows.has(d) ? [this.rows.get(d)!] : []));
  withCertificateProblem = async () => [...this.rows.values()].filter((r) => !['unknown', 'ok'].includes(r.certificateStatus));
  keepOnly = async (s: Stack, domains: string[]) => {
    for (const d of this.rows.keys()) if (!domains.includes(d)) this.rows.delete(d);
    for (const domain of domains) {
      if (!this.rows.has(domain))
        this.rows.set(domain, {
          domain,
          stackId: s.id,
          stackName: s.name,
          dnsStatus: 'unknown',
          dnsAddresses: '[]',
          dnsCheckedAt: null,
          certificateStatus: 'unknown',
          certificateMessage: null,
          certificateLogLine: null,
          retryAfter: null,
          certificateSeenAt: null,
          updatedAt: new Date(),
        });
    }
  };
  private patch = (domain: string, data: Partial<DomainCheck>) => {
    const row = { ...this.rows.get(domain)!, ...data };
    this.rows.set(domain, row);
    return row;
  };
  saveDns = async (v: DnsVerdict, at: Date) =>
    this.patch(v.domain, { dnsStatus: v.status, dnsAddresses: JSON.stringify(v.addresses), dnsCheckedAt: at });
  saveCertificate = async (f: AcmeFinding, line: string, seenAt: Date) =>
    this.patch(f.domain, {
      certificateStatus: f.status,
      certificateMessage: f.message,
      certificateLogLine: line,
      retryAfter: f.retryAfter,
      certificateSeenAt: seenAt,
    });
  clearCertificate = async (domain: string) =>
    this.patch(domain, { certificateStatus: 'unknown', certificateMessage: null, certificateLogLine: null, retryAfter: null });
  incidentOpen = async (domain: string) =>
    this.recorded.filter((e) => e.incidentKey === `certificate.problem:${domain}`).at(-1)?.kind === 'certificate.problem';
}

function setup() {
  const recorded: EventInput[] = [];
  const store = new MemoryStore(recorded);
  let answers: Record<string, string[] | 'unknown'> = {};
  const asked: string[][] = [];
  const dns = {
    check: async (domains: readonly string[]) => {
      asked.push([...domains]);
      return new Map(
        domains.map((d) => {
          const a = answers[d] ?? [];
          return [d, a === 'unknown' ? uncheckedDomain(d, 'no manager answers') : judgeDomain(d, a, NODES)];
        }),
      );
    },
  } as unknown as ClusterDns;
  let logged: LoggedFinding[] = [];
  const ingress = { read: async () => logged } as unknown as IngressLogs;
  const events = { tryRecord: async (e: EventInput) => (recorded.push(e), null) } as unknown as EventsService;
  const config = { certificateCheckIntervalSeconds: 300 } as AppConfig;
  const watch = new CertificateWatch(store as unknown as DomainCheckStore, dns, ingress, events, config);
  return {
    watch,
    store,
    recorded,
    asked,
    answer: (a: Record<string, string[] | 'unknown'>) => (answers = a),
    log: (f: LoggedFinding[]) => (logged = f),
    kinds: () => recorded.map((e) => `${e.kind} ${e.incidentKey}`),
  };
}

const finding = (over: Partial<LoggedFinding> = {}): LoggedFinding => ({
  domain: 'shop.example.com',
  status: 'challenge',
  message: 'HTTP challenge failed for shop.example.com: port 80 at 203.0.113.9 is unreachable (connection refused).',
  retryAfter: null,
  at: null,
  line: 'the Traefik line',
  seenAt: new Date('2026-12-02T01:00:00Z'),
  ...over,
});

describe(CertificateWatch.name, () => {
  describe('checkAll', () => {
    it('should resolve every domain in one lookup and open one incident per domain that points elsewhere, once', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['203.0.113.9'], 'www.example.com': ['10.77.0.12'] });
      await t.watch.checkAll();
      await t.watch.checkAll();
      expect(t.asked).toEqual([
        ['shop.example.com', 'www.example.com'],
        ['shop.example.com', 'www.example.com'],
      ]);
      expect(t.recorded).toEqual([
        {
          kind: 'certificate.problem',
          message:
            'Cannot obtain certificate for shop.example.com: DNS does not resolve to a cluster node (it resolves to 203.0.113.9; the nodes are 10.77.0.11, 10.77.0.12)',
          stackId: 'st1',
          stackName: 'shop',
          incidentKey: 'certificate.problem:shop.example.com',
          details: { domain: 'shop.example.com', dns: 'elsewhere', certificate: 'unknown' },
        },
      ]);
    });

    it('should resolve the incident once when DNS points at the cluster again', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': [], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.answer({ 'shop.example.com': ['10.77.0.11'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      await t.watch.checkAll();
      expect(t.kinds()).toEqual([
        'certificate.problem certificate.problem:shop.example.com',
        'certificate.ok certificate.problem:shop.example.com',
      ]);
      expect(t.recorded[1].message).toBe('shop.example.com: DNS points at the cluster.');
    });

    it('should neither open nor resolve anything when no manager could ask', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['203.0.113.9'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.answer({ 'shop.example.com': 'unknown', 'www.example.com': 'unknown' });
      await t.watch.checkAll();
      expect(t.kinds()).toEqual(['certificate.problem certificate.problem:shop.example.com']);
      expect(t.store.rows.get('shop.example.com')).toMatchObject({ dnsStatus: 'elsewhere', dnsAddresses: '["203.0.113.9"]' });
    });
  });

  describe('checkAll after a stack was removed', () => {
    it('should forget its domains and resolve their open incidents once', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['203.0.113.9'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.store.existing.clear();
      await t.watch.checkAll();
      await t.watch.checkAll();
      expect(t.kinds()).toEqual([
        'certificate.problem certificate.problem:shop.example.com',
        'certificate.ok certificate.problem:shop.example.com',
      ]);
      expect(t.recorded[1].message).toBe('shop.example.com: no stack routes it any more (shop was removed)');
      expect(t.store.rows.size).toBe(0);
      expect(t.asked).toHaveLength(1);
    });
  });

  describe('readLogs', () => {
    it('should open an incident for a logged ACME error, not repeat it, and resolve it once Traefik stops logging it', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['10.77.0.11'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.log([finding(), finding({ domain: 'traefik.internal.example.com' })]);
      await t.watch.readLogs(new Date('2026-12-02T01:01:00Z'));
      await t.watch.readLogs(new Date('2026-12-02T01:05:00Z'));
      t.log([]);
      await t.watch.readLogs(new Date('2026-12-02T01:14:00Z'));
      expect(t.kinds()).toEqual(['certificate.problem certificate.problem:shop.example.com']);
      expect(t.store.rows.get('shop.example.com')).toMatchObject({
        certificateStatus: 'challenge',
        certificateLogLine: 'the Traefik line',
      });
      await t.watch.readLogs(new Date('2026-12-02T01:16:00Z'));
      expect(t.kinds()).toEqual([
        'certificate.problem certificate.problem:shop.example.com',
        'certificate.ok certificate.problem:shop.example.com',
      ]);
      expect(t.recorded[1].message).toBe(
        'shop.example.com: DNS points at the cluster and Traefik has logged no certificate error for it since 2026-12-02T01:00:00.000Z.',
      );
      expect(t.store.rows.get('shop.example.com')).toMatchObject({ certificateStatus: 'unknown', certificateMessage: null });
    });

    it("should keep a rate limit until Let's Encrypt's retry time has passed", async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['10.77.0.11'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.log([finding({ status: 'rate_limited', message: 'rate limited', retryAfter: new Date('2026-12-02T03:00:00Z') })]);
      await t.watch.readLogs(new Date('2026-12-02T01:01:00Z'));
      t.log([]);
      await t.watch.readLogs(new Date('2026-12-02T02:30:00Z'));
      expect(t.store.rows.get('shop.example.com')?.certificateStatus).toBe('rate_limited');
      await t.watch.readLogs(new Date('2026-12-02T03:02:00Z'));
      expect(t.store.rows.get('shop.example.com')?.certificateStatus).toBe('unknown');
      expect(t.kinds()).toEqual([
        'certificate.problem certificate.problem:shop.example.com',
        'certificate.ok certificate.problem:shop.example.com',
      ]);
    });

    it('should keep the incident open while DNS is still wrong after the log error went quiet', async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['203.0.113.9'], 'www.example.com': ['10.77.0.11'] });
      await t.watch.checkAll();
      t.log([finding()]);
      await t.watch.readLogs(new Date('2026-12-02T01:01:00Z'));
      t.log([]);
      await t.watch.readLogs(new Date('2026-12-02T02:00:00Z'));
      expect(t.kinds()).toEqual(['certificate.problem certificate.problem:shop.example.com']);
    });
  });

  describe('onEvent', () => {
    it("should check the deploying stack's domains when a deploy starts", async () => {
      const t = setup();
      t.answer({ 'shop.example.com': ['10.77.0.11'], 'www.example.com': ['10.77.0.11'] });
      t.watch.onEvent({ kind: 'deploy.started', stackId: 'st1' } as EventView);
      t.watch.onEvent({ kind: 'stack.changed', stackId: 'st1' } as EventView);
      await new Promise((r) => setTimeout(r, 50));
      expect(t.asked).toEqual([['shop.example.com', 'www.example.com']]);
      expect(t.store.rows.get('www.example.com')).toMatchObject({ dnsStatus: 'ok', dnsAddresses: '["10.77.0.11"]' });
      t.watch.stop();
    });
  });
});
