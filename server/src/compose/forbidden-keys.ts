import { formatPath } from './document-path.js';
import type { ViewMap } from './docker-view.js';
import type { ComposeIssue } from './types.js';

/**
 * Service keys docker/cli refuses outright, before validating the file, with the advice it
 * prints for each (cli/compose/types ForbiddenProperties).
 */
export const FORBIDDEN_SERVICE_KEYS: Readonly<Record<string, string>> = {
  extends: 'docker stack deploy does not implement `extends`: write the service out in full (YAML anchors and `<<` merges work)',
  volume_driver: 'define a volume in the top-level `volumes` with its driver, and mount that volume',
  volumes_from: 'define a volume in the top-level `volumes` and mount it in each service that shares it',
  cpu_quota: 'set resource limits with deploy.resources',
  cpu_shares: 'set resource limits with deploy.resources',
  cpuset: 'set resource limits with deploy.resources',
  mem_limit: 'set resource limits with deploy.resources',
  memswap_limit: 'set resource limits with deploy.resources',
};

export function checkForbiddenKeys(root: ViewMap): ComposeIssue[] {
  const services = root.byKey.get('services')?.value;
  if (services?.kind !== 'map') return [];
  const issues: ComposeIssue[] = [];
  for (const service of services.entries) {
    if (service.value.kind !== 'map') continue;
    for (const entry of service.value.entries) {
      if (!Object.hasOwn(FORBIDDEN_SERVICE_KEYS, entry.key)) continue;
      const advice = FORBIDDEN_SERVICE_KEYS[entry.key];
      issues.push({
        message: `\`${entry.key}\` in service ${service.key} is not supported by docker stack deploy: ${advice}.`,
        ...entry.keyPos,
        path: formatPath(['services', service.key, entry.key]),
      });
    }
  }
  return issues;
}
