import { Injectable } from '@nestjs/common';
import type { DomainCheck, Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { AcmeFinding } from './acme-log.js';
import type { DnsVerdict } from './dns-verdict.js';

/** The DomainCheck rows and the few reads of stacks and events this capability needs. */
@Injectable()
export class DomainCheckStore {
  constructor(private readonly prisma: PrismaService) {}

  stack(id: string): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { id } });
  }

  /** Stacks that were deployed at least once: only their domains are live on Traefik. */
  deployedStacks(): Promise<Stack[]> {
    return this.prisma.stack.findMany({ where: { lastDeployedAt: { not: null } } });
  }

  /** Rows of stacks that no longer exist (a removed stack routes nothing), deleted; answers them. */
  async removeOrphans(): Promise<DomainCheck[]> {
    const ids = (await this.prisma.stack.findMany({ select: { id: true } })).map((s) => s.id);
    const orphans = await this.prisma.domainCheck.findMany({ where: { stackId: { notIn: ids } } });
    if (orphans.length > 0) await this.prisma.domainCheck.deleteMany({ where: { domain: { in: orphans.map((o) => o.domain) } } });
    return orphans;
  }

  rows(stackId: string): Promise<DomainCheck[]> {
    return this.prisma.domainCheck.findMany({ where: { stackId } });
  }

  rowsFor(domains: string[]): Promise<DomainCheck[]> {
    return this.prisma.domainCheck.findMany({ where: { domain: { in: domains } } });
  }

  withCertificateProblem(): Promise<DomainCheck[]> {
    return this.prisma.domainCheck.findMany({ where: { certificateStatus: { notIn: ['unknown', 'ok'] } } });
  }

  /** Keeps the rows of a stack to the domains it declares (a domain moved to another stack moves its row). */
  async keepOnly(stack: Stack, domains: string[]): Promise<void> {
    await this.prisma.domainCheck.deleteMany({ where: { stackId: stack.id, domain: { notIn: domains } } });
    for (const domain of domains) {
      await this.prisma.domainCheck.upsert({
        where: { domain },
        create: { domain, stackId: stack.id, stackName: stack.name },
        update: { stackId: stack.id, stackName: stack.name },
      });
    }
  }

  saveDns(verdict: DnsVerdict, at: Date): Promise<DomainCheck> {
    return this.prisma.domainCheck.update({
      where: { domain: verdict.domain },
      data: { dnsStatus: verdict.status, dnsAddresses: JSON.stringify(verdict.addresses), dnsCheckedAt: at },
    });
  }

  saveCertificate(finding: AcmeFinding, line: string, seenAt: Date): Promise<DomainCheck> {
    return this.prisma.domainCheck.update({
      where: { domain: finding.domain },
      data: {
        certificateStatus: finding.status,
        certificateMessage: finding.message,
        certificateLogLine: line.slice(0, 4000),
        retryAfter: finding.retryAfter,
        certificateSeenAt: seenAt,
      },
    });
  }

  clearCertificate(domain: string): Promise<DomainCheck> {
    return this.prisma.domainCheck.update({
      where: { domain },
      data: { certificateStatus: 'unknown', certificateMessage: null, certificateLogLine: null, retryAfter: null },
    });
  }

  /** Whether the domain's incident is open: its latest certificate event is a problem (survives restarts). */
  async incidentOpen(domain: string): Promise<boolean> {
    const last = await this.prisma.event.findFirst({
      where: { incidentKey: `certificate.problem:${domain}` },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
    });
    return last?.kind === 'certificate.problem';
  }
}
