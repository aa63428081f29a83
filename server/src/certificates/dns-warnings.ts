import { Injectable } from '@nestjs/common';
import type { ComposeIssue } from '../compose/types.js';
import { ClusterDns } from './cluster-dns.js';
import { domainPlaces } from './domain-positions.js';

/** The editor validates while the user types: an answer this recent is good enough. */
const VALIDATION_MAX_AGE_MS = 60_000;
/** How long validation waits for a manager's answer before it answers without DNS warnings. */
const VALIDATION_WAIT_MS = 8_000;

/**
 * Validation warnings for domains whose DNS does not point at the cluster, placed on the domain
 * in the user's file. When no manager can be asked nothing is said: validation never claims a
 * domain is wrong without having looked.
 */
@Injectable()
export class DnsWarnings {
  constructor(private readonly dns: ClusterDns) {}

  async for(configuration: string): Promise<ComposeIssue[]> {
    const places = domainPlaces(configuration);
    if (places.length === 0) return [];
    const lookup = this.dns.check(
      places.map((p) => p.domain),
      { maxAgeMs: VALIDATION_MAX_AGE_MS },
    );
    // validation answers within a bound: a slow manager's answer still lands in the cache for the next one
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), VALIDATION_WAIT_MS);
      timer.unref();
    });
    const verdicts = await Promise.race([lookup, late]).finally(() => clearTimeout(timer));
    if (!verdicts) return [];
    return places.flatMap((p) => {
      const v = verdicts.get(p.domain);
      if (!v || v.status === 'unknown' || v.status === 'ok' || !v.message) return [];
      return [{ message: v.message, line: p.line, column: p.column, path: p.path }];
    });
  }

  /** The validation answer with the DNS warnings merged in, in file order. */
  async addTo<T extends { warnings: ComposeIssue[] }>(result: T, configuration: string): Promise<T> {
    const extra = await this.for(configuration);
    if (extra.length === 0) return result;
    const warnings = [...result.warnings, ...extra].sort((a, b) => a.line - b.line || a.column - b.column);
    return { ...result, warnings };
  }
}
