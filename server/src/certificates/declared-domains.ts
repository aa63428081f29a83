import type { Stack } from '../generated/prisma/client.js';
import { validateStack } from '../compose/validate-stack.js';

export interface DeclaredDomain {
  domain: string;
  service: string;
}

/**
 * The domains a stored stack routes, from its file as stored (what the next deploy sends).
 * Parsed once per version of the stack: the schedule asks for every stack each interval.
 */
export class DeclaredDomains {
  private readonly cache = new Map<string, { updatedAt: number; domains: DeclaredDomain[] }>();

  of(stack: Stack): DeclaredDomain[] {
    const hit = this.cache.get(stack.id);
    if (hit && hit.updatedAt === stack.updatedAt.getTime()) return hit.domains;
    const services = validateStack(stack.name, stack.configuration, {
      secretNames: new Set(),
      domainsInUse: new Map(),
      files: stack.repositoryId ? 'repository' : 'none',
    }).services;
    const domains = services.flatMap((s) => s.domains.map((domain) => ({ domain, service: s.name })));
    this.cache.set(stack.id, { updatedAt: stack.updatedAt.getTime(), domains });
    return domains;
  }
}
