import { Injectable } from '@nestjs/common';
import type { DomainCheck } from '../generated/prisma/client.js';
import { notFound } from '../errors/api-error.js';
import { CertificateWatch } from './certificate-watch.js';
import { DomainCheckStore } from './domain-check.store.js';
import type { DnsVerdict } from './dns-verdict.js';
import type { DomainDnsDto, StackDomainsDto } from './domain.dto.js';

/** A stack's domains with what is known about their DNS and certificates. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly store: DomainCheckStore,
    private readonly watch: CertificateWatch,
  ) {}

  async list(stackId: string, checked?: Map<string, DnsVerdict>): Promise<StackDomainsDto> {
    const stack = await this.store.stack(stackId);
    if (!stack) throw notFound('stack', stackId);
    const rows = new Map((await this.store.rows(stackId)).map((r) => [r.domain, r]));
    return {
      domains: this.watch.domainsOf(stack).map(({ domain, service }) => {
        const row = rows.get(domain);
        return {
          domain,
          service,
          dns: this.dnsView(domain, row, checked?.get(domain)),
          certificate: {
            status: row?.certificateStatus ?? 'unknown',
            message: row?.certificateMessage ?? null,
            retryAfter: row?.retryAfter ?? null,
            seenAt: row?.certificateSeenAt ?? null,
          },
        };
      }),
    };
  }

  /** DNS now (one command on a manager for all the stack's domains), then the same answer as list. */
  async check(stackId: string): Promise<StackDomainsDto> {
    if (!(await this.store.stack(stackId))) throw notFound('stack', stackId);
    return this.list(stackId, await this.watch.checkStack(stackId));
  }

  private dnsView(domain: string, row: DomainCheck | undefined, checked: DnsVerdict | undefined): DomainDnsDto {
    const stored = {
      status: row?.dnsStatus ?? 'unknown',
      addresses: row ? (JSON.parse(row.dnsAddresses) as string[]) : [],
      nodes: this.watch.nodesOf(domain),
      checkedAt: row?.dnsCheckedAt ?? null,
      message: row ? this.watch.dnsMessage(row) : null,
    };
    // a check nobody could answer says so, next to the last known answer (not instead of it)
    if (checked?.status === 'unknown') return { ...stored, message: checked.message };
    return stored;
  }
}
