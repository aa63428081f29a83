import { formatPath } from './document-path.js';
import { knownScalar, labelEntries, serviceEntries } from './stack-services.js';
import type { ViewMap } from './docker-view.js';
import type { ServiceExtension } from './otternauts-extension.js';
import { routerName, TRAEFIK_NETWORK, traefikLabels } from './traefik-labels.js';
import type { ComposeIssue } from './types.js';

/** A service Otternauts routes domains to, with the labels it will add. */
export interface Route {
  service: string;
  labels: Array<[string, string]>;
}

/**
 * The routes for services with domains, and the errors that would make the rewrite wrong: a
 * user label that says something else than ours, or a `traefik-public` network of the stack's
 * own where the cluster's shared one is needed.
 */
export function planRoutes(
  root: ViewMap,
  stackName: string,
  extensions: Map<string, ServiceExtension>,
  routersInUse: ReadonlyMap<string, string> = new Map(),
): { routes: Route[]; errors: ComposeIssue[] } {
  const routes: Route[] = [];
  const errors: ComposeIssue[] = [];
  // router names are normalised, so two names can meet (web.api and web-api, or stacks a_b and a-b)
  const routerOwners = new Map<string, string>();
  for (const { key: service, value, keyPos } of serviceEntries(root)) {
    const extension = extensions.get(service);
    if (!extension || extension.domains.length === 0 || extension.port === null) continue;
    const router = routerName(stackName, service);
    const clash = routerOwners.has(router)
      ? `service ${routerOwners.get(router)} of this stack`
      : routersInUse.has(router) && routersInUse.get(router) !== stackName
        ? `stack ${routersInUse.get(router)}`
        : null;
    if (clash) {
      errors.push({
        message: `Service ${service} would get the Traefik router name ${router}, which ${clash} already uses: rename the service so their routes stay apart.`,
        ...keyPos,
        path: formatPath(['services', service]),
      });
    }
    routerOwners.set(router, service);
    const labels = traefikLabels(router, extension.domains, extension.port);
    routes.push({ service, labels });
    const ours = new Map(labels);
    const deploy = value.byKey.get('deploy')?.value;
    const written = deploy?.kind === 'map' ? deploy.byKey.get('labels')?.value : undefined;
    for (const label of labelEntries(written)) {
      const wanted = ours.get(label.key);
      if (wanted === undefined || label.value === wanted) continue;
      errors.push({
        message: `The label ${label.key} in service ${service} clashes with the one Otternauts sets for its domains (${label.key}=${wanted}): remove it and let Otternauts manage it.`,
        ...label.pos,
        path: formatPath(['services', service, 'deploy', 'labels', label.at]),
      });
    }
  }
  if (routes.length > 0) {
    const network = root.byKey.get('networks')?.value;
    const declared = network?.kind === 'map' ? network.byKey.get(TRAEFIK_NETWORK) : undefined;
    if (declared && !isSharedIngressNetwork(declared.value)) {
      errors.push({
        message: `The network ${TRAEFIK_NETWORK} is the cluster's shared ingress network: declare it as external (${TRAEFIK_NETWORK}: {external: true}) or leave it out, and Otternauts adds it.`,
        ...declared.keyPos,
        path: formatPath(['networks', TRAEFIK_NETWORK]),
      });
    }
  }
  return { routes, errors };
}

function isSharedIngressNetwork(node: ViewMap['entries'][number]['value']): boolean {
  if (node.kind !== 'map') return false;
  const external = node.byKey.get('external')?.value;
  const name = knownScalar(node.byKey.get('name')?.value)?.value;
  if (name !== undefined && name !== TRAEFIK_NETWORK) return false;
  if (external?.kind === 'map') {
    const externalName = knownScalar(external.byKey.get('name')?.value)?.value;
    return externalName === undefined || externalName === TRAEFIK_NETWORK;
  }
  return knownScalar(external)?.value === true;
}
