import { Injectable, Logger } from '@nestjs/common';
import type { DomainCheck, Stack } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { EventsService } from '../events/events.service.js';
import type { EventView } from '../events/event.types.js';
import { ClusterDns } from './cluster-dns.js';
import { DeclaredDomains } from './declared-domains.js';
import { DomainCheckStore } from './domain-check.store.js';
import { storedDnsMessage, type DnsVerdict } from './dns-verdict.js';
import { IngressLogs } from './ingress-logs.js';

const DNS_PROBLEMS = ['elsewhere', 'unresolved'];
const CERTIFICATE_PROBLEMS = ['dns', 'challenge', 'rate_limited', 'account', 'error'];
/** Traefik retries a failing domain while a router asks for it: silence this long means the error is gone */
const MIN_QUIET_MS = 15 * 60_000;
/** after a rate limit's retry time, a minute more without the error */
const AFTER_RETRY_QUIET_MS = 60_000;
/** Traefik needs a moment after a deploy to see the new routers and ask Let's Encrypt */
const AFTER_DEPLOY_MS = 30_000;

/** What is wrong with a domain now, in the words shown to the user; null when nothing is known to be. */
export function problemOf(
  row: Pick<DomainCheck, 'domain' | 'dnsStatus' | 'certificateStatus' | 'certificateMessage'>,
  dnsMessage: string | null,
) {
  if (DNS_PROBLEMS.includes(row.dnsStatus) && dnsMessage) return dnsMessage;
  if (CERTIFICATE_PROBLEMS.includes(row.certificateStatus) && row.certificateMessage) return row.certificateMessage;
  return null;
}

/** Says only what is known: DNS was checked, and/or Traefik stopped logging errors. */
export function resolvedMessage(row: Pick<DomainCheck, 'domain' | 'dnsStatus' | 'certificateSeenAt'>): string {
  const quiet = row.certificateSeenAt
    ? `Traefik has logged no certificate error for it since ${row.certificateSeenAt.toISOString()}`
    : null;
  if (row.dnsStatus === 'ok') return `${row.domain}: DNS points at the cluster${quiet ? ` and ${quiet}` : ''}.`;
  return `${row.domain}: ${quiet ?? 'the certificate problem is gone'}.`;
}

/**
 * Keeps DomainCheck true: DNS before each deploy and on a schedule, Traefik's ACME errors after
 * each deploy and on the schedule, and one certificate.problem / certificate.ok event per change
 * (the open incident is read back from the events, so a restart neither repeats nor loses one).
 */
@Injectable()
export class CertificateWatch {
  private readonly logger = new Logger('certificates');
  private readonly declared = new DeclaredDomains();
  /** the last verdict per domain, for its message and the node list (not stored in a column) */
  private readonly verdicts = new Map<string, DnsVerdict>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: DomainCheckStore,
    private readonly dns: ClusterDns,
    private readonly ingress: IngressLogs,
    private readonly events: EventsService,
    private readonly config: AppConfig,
  ) {}

  domainsOf(stack: Stack) {
    return this.declared.of(stack);
  }

  /** The DNS message for a stored row: the last verdict's (with the node list) while it matches the row. */
  dnsMessage(row: DomainCheck): string | null {
    const verdict = this.verdicts.get(row.domain);
    if (verdict && verdict.status === row.dnsStatus) return verdict.message;
    return storedDnsMessage(row.domain, row.dnsStatus, JSON.parse(row.dnsAddresses) as string[], row.dnsCheckedAt);
  }

  nodesOf(domain: string): string[] {
    return this.verdicts.get(domain)?.nodes ?? [];
  }

  onEvent(event: EventView): void {
    if (!event.stackId) return;
    if (event.kind === 'deploy.started') {
      const stackId = event.stackId;
      void this.checkStack(stackId).catch((err: unknown) => this.logger.warn({ err, stackId }, 'domain check before a deploy failed'));
    }
    if (event.kind === 'deploy.succeeded') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.readLogs().catch((err: unknown) => this.logger.warn({ err }, 'reading the ingress logs failed'));
      }, AFTER_DEPLOY_MS);
      timer.unref();
      this.timers.add(timer);
    }
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** DNS of one stack's domains, now; answers the verdicts (unknown ones included). */
  async checkStack(stackId: string): Promise<Map<string, DnsVerdict>> {
    const stack = await this.store.stack(stackId);
    if (!stack) return new Map();
    return this.checkStacks([stack]);
  }

  /** The schedule: every deployed stack's domains in one lookup, then the ingress logs. */
  async checkAll(): Promise<void> {
    await this.forgetRemoved();
    const verdicts = await this.checkStacks(await this.store.deployedStacks());
    // no deployed stack routes a domain: Traefik has nothing to certify, so its logs are not read
    if (verdicts.size > 0) await this.readLogs();
  }

  private async checkStacks(stacks: Stack[]): Promise<Map<string, DnsVerdict>> {
    const byStack = stacks.map((stack) => ({ stack, domains: this.declared.of(stack).map((d) => d.domain) }));
    for (const { stack, domains } of byStack) await this.serial(() => this.store.keepOnly(stack, domains));
    const all = byStack.flatMap((s) => s.domains);
    if (all.length === 0) return new Map();
    const verdicts = await this.dns.check(all);
    const now = new Date();
    for (const { stack, domains } of byStack) {
      for (const domain of domains) {
        const verdict = verdicts.get(domain);
        // no manager could ask: the last known answer stays, and nothing opens or resolves
        if (!verdict || verdict.status === 'unknown') continue;
        this.verdicts.set(domain, verdict);
        await this.serial(async () => this.transition(await this.store.saveDns(verdict, now), stack));
      }
    }
    return verdicts;
  }

  async readLogs(now = new Date()): Promise<void> {
    const findings = await this.ingress.read(now);
    const rows = new Map((await this.store.rowsFor([...new Set(findings.map((f) => f.domain))])).map((r) => [r.domain, r]));
    for (const finding of findings) {
      const row = rows.get(finding.domain);
      // a domain no stack routes (Traefik's own, or a stack removed since)
      if (!row) continue;
      if (row.certificateSeenAt && row.certificateSeenAt > finding.seenAt) continue;
      await this.serial(async () => this.transition(await this.store.saveCertificate(finding, finding.line, finding.seenAt)));
    }
    await this.expire(now);
  }

  /** A removed stack's domains are no one's problem any more: their open incidents are resolved. */
  private async forgetRemoved(): Promise<void> {
    for (const row of await this.serial(() => this.store.removeOrphans())) {
      this.verdicts.delete(row.domain);
      await this.serial(async () => {
        if (!(await this.store.incidentOpen(row.domain))) return;
        await this.events.tryRecord({
          kind: 'certificate.ok',
          message: `${row.domain}: no stack routes it any more (${row.stackName} was removed)`,
          stackId: row.stackId,
          stackName: row.stackName,
          incidentKey: `certificate.problem:${row.domain}`,
          details: { domain: row.domain, removed: true },
        });
      });
    }
  }

  /** A certificate error Traefik stopped repeating is over; a rate limit is over at Let's Encrypt's retry time. */
  private async expire(now: Date): Promise<void> {
    const quietMs = Math.max(MIN_QUIET_MS, 3 * this.config.certificateCheckIntervalSeconds * 1000);
    for (const row of await this.store.withCertificateProblem()) {
      const seen = row.certificateSeenAt?.getTime() ?? 0;
      const over = row.retryAfter ? row.retryAfter <= now && now.getTime() - seen >= AFTER_RETRY_QUIET_MS : now.getTime() - seen >= quietMs;
      if (!over) continue;
      await this.serial(async () => this.transition(await this.store.clearCertificate(row.domain)));
    }
  }

  private async transition(row: DomainCheck, stack?: Stack): Promise<void> {
    const problem = problemOf(row, this.dnsMessage(row));
    const open = await this.store.incidentOpen(row.domain);
    const common = {
      stackId: row.stackId,
      stackName: stack?.name ?? row.stackName,
      incidentKey: `certificate.problem:${row.domain}`,
      details: { domain: row.domain, dns: row.dnsStatus, certificate: row.certificateStatus },
    };
    if (problem && !open) {
      await this.events.tryRecord({ kind: 'certificate.problem', message: problem, ...common });
    } else if (!problem && open) {
      await this.events.tryRecord({
        kind: 'certificate.ok',
        message: resolvedMessage(row),
        ...common,
      });
    }
  }

  /** Transitions one at a time, so two checks never both open the same incident. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
