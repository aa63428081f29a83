import { buildDockerView, EXTENSION_KEY } from '../compose/docker-view.js';
import { formatPath } from '../compose/document-path.js';
import { checkDomain } from '../compose/domain-name.js';
import { serviceEntries } from '../compose/stack-services.js';
import { parseSource } from '../compose/yaml-source.js';

export interface DomainPlace {
  domain: string;
  service: string;
  line: number;
  column: number;
  /** such as services.web.x-otternauts.domains[0] */
  path: string;
}

/**
 * Where each routable domain of x-otternauts is written in the user's file (the same parse as
 * validation, so lines and columns agree with its other findings). Entries validation refuses
 * (variables, bad names) are left to validation; a domain listed twice keeps its first place.
 */
export function domainPlaces(configuration: string): DomainPlace[] {
  const parsed = parseSource(configuration);
  if (!parsed.root || parsed.root.kind !== 'map') return [];
  const view = buildDockerView(parsed.root, new Set());
  const places: DomainPlace[] = [];
  const seen = new Set<string>();
  for (const { key: service, value } of serviceEntries(view.root)) {
    const extension = value.byKey.get(EXTENSION_KEY)?.value;
    if (extension?.kind !== 'map') continue;
    const domains = extension.byKey.get('domains')?.value;
    if (domains?.kind !== 'seq') continue;
    domains.items.forEach((item, i) => {
      if (item.kind !== 'scalar' || typeof item.value !== 'string' || item.value.includes('$')) return;
      const checked = checkDomain(item.value);
      if (!checked.ok || seen.has(checked.domain)) return;
      seen.add(checked.domain);
      places.push({
        domain: checked.domain,
        service,
        ...item.pos,
        path: formatPath(['services', service, EXTENSION_KEY, 'domains', i]),
      });
    });
  }
  return places;
}
