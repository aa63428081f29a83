import { isIP } from 'node:net';
import { Injectable, Logger } from '@nestjs/common';
import { ClusterService } from '../cluster/cluster.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { ServerShell } from '../servers/server-shell.js';
import { lookupCommand, parseLookup } from './dns-lookup.js';
import { judgeDomain, uncheckedDomain, type DnsVerdict } from './dns-verdict.js';

const LOOKUP_TIMEOUT_MS = 20_000;
/** how long "no manager answered" is reused, at most */
const UNANSWERED_MAX_AGE_MS = 10_000;

/**
 * Domains resolved the way the cluster sees them: from a manager, in one SSH command for all of
 * them, compared with every address a node is known by (its SSH host name or address, the
 * address it advertises to the Swarm, and the Swarm's own Status.Addr).
 */
@Injectable()
export class ClusterDns {
  private readonly logger = new Logger('certificates');
  // the editor validates as the user types: a short memory keeps that from costing an SSH command per keystroke
  private readonly recent = new Map<string, { at: number; verdict: DnsVerdict }>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
  ) {}

  /** One verdict per domain; `unknown` ones (no manager could ask) claim nothing about the domain. */
  async check(domains: readonly string[], opts: { maxAgeMs?: number } = {}): Promise<Map<string, DnsVerdict>> {
    const verdicts = new Map<string, DnsVerdict>();
    const now = Date.now();
    const wanted = [...new Set(domains)];
    const ask = wanted.filter((d) => {
      const hit = this.recent.get(d);
      const maxAge = hit?.verdict.status === 'unknown' ? Math.min(opts.maxAgeMs ?? 0, UNANSWERED_MAX_AGE_MS) : (opts.maxAgeMs ?? 0);
      if (hit && opts.maxAgeMs !== undefined && now - hit.at <= maxAge) verdicts.set(d, hit.verdict);
      return !verdicts.has(d);
    });
    if (ask.length === 0) return verdicts;

    const servers = await this.prisma.server.findMany({
      where: { swarmNodeId: { not: null } },
      orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
    });
    const known = servers.flatMap((s) => [s.hostname, s.advertiseAddress ?? '']).filter((a) => a !== '');
    const hostNames = [...new Set(known.filter((h) => isIP(h.replace(/^\[|\]$/g, '')) === 0))];
    let answer: ReturnType<typeof parseLookup>;
    try {
      const { result } = await this.cluster.withManager(async (manager) =>
        this.shell.run(manager, lookupCommand([...ask, ...hostNames.filter((h) => !ask.includes(h))], this.shell.needsSudo(manager)), {
          timeoutMs: LOOKUP_TIMEOUT_MS,
          idempotent: true,
        }),
      );
      if (result.code !== 0) throw new Error(`the lookup exited with code ${result.code}: ${result.stderr.trim().slice(-200)}`);
      answer = parseLookup(result.stdout);
    } catch (err) {
      const text = String((err as Error).message);
      const reason = /has no manager yet/i.test(text)
        ? 'this cluster has no manager yet'
        : /cannot be reached|unreachable/i.test(text)
          ? 'no manager answers'
          : 'the manager could not run the lookup';
      // a cluster without managers is a normal state (nothing added yet), not worth a warning on every validation
      if (reason === 'this cluster has no manager yet') this.logger.debug('domains not resolved: no manager yet');
      else this.logger.warn({ err, domains: ask.length }, 'domains could not be resolved from a manager');
      for (const d of ask) {
        const verdict = uncheckedDomain(d, reason);
        verdicts.set(d, verdict);
        // remembered briefly: an unreachable cluster must not make every keystroke wait for SSH timeouts
        // (a cluster without managers answers at once, and may get one any moment: not remembered)
        if (reason !== 'this cluster has no manager yet') this.recent.set(d, { at: now, verdict });
      }
      return verdicts;
    }

    const nodeAddresses = [
      ...known.filter((h) => !hostNames.includes(h)),
      ...hostNames.flatMap((h) => answer.names.get(h) ?? []),
      ...answer.nodeAddresses,
    ];
    for (const d of ask) {
      const verdict = answer.failed.has(d)
        ? uncheckedDomain(d, "the manager's resolver did not answer")
        : judgeDomain(d, answer.names.get(d) ?? [], nodeAddresses);
      verdicts.set(d, verdict);
      this.recent.set(d, { at: now, verdict });
    }
    return verdicts;
  }
}
