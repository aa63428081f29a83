/**
 * The service labels that route a domain to a service through Traefik v3's Swarm provider
 * (written for Traefik v3.7, like the ingress stack in templates/traefik-stack.yml).
 *
 * - Swarm services are read by the `swarm` provider (v2's docker.swarmMode is gone in v3), from
 *   labels under `deploy.labels`; its per-service network label is `traefik.swarm.network`.
 * - Traefik cannot read a port from a Swarm service, so the load balancer port is explicit.
 * - `websecure` and `letsencrypt` are the entry point and certificate resolver of the ingress stack.
 */
export const TRAEFIK_NETWORK = 'traefik-public';
export const ENTRYPOINT = 'websecure';
export const CERT_RESOLVER = 'letsencrypt';

/**
 * Router and Traefik service name for a stack's service: "<stack>-<service>", normalised the
 * way Traefik normalises names it derives itself (runs of anything but letters and digits
 * become one `-`), and lower-cased. Dots would break the label keys.
 */
export function routerName(stack: string, service: string): string {
  return `${stack}-${service}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part !== '')
    .join('-');
}

/** The labels, in a stable order, as [key, value] pairs. */
export function traefikLabels(router: string, domains: readonly string[], port: number): Array<[string, string]> {
  const rule = domains.map((domain) => `Host(\`${domain}\`)`).join(' || ');
  return [
    ['traefik.enable', 'true'],
    [`traefik.http.routers.${router}.rule`, rule],
    [`traefik.http.routers.${router}.entrypoints`, ENTRYPOINT],
    [`traefik.http.routers.${router}.tls.certresolver`, CERT_RESOLVER],
    [`traefik.http.routers.${router}.service`, router],
    [`traefik.http.services.${router}.loadbalancer.server.port`, String(port)],
    ['traefik.swarm.network', TRAEFIK_NETWORK],
  ];
}
