import { parse } from 'yaml';
import { renderTraefikStack } from './traefik-stack.js';

describe('renderTraefikStack', () => {
  // Pinned against Traefik v3's documentation (swarm provider, entrypoint redirection, ACME HTTP-01).
  it('should render the v3 static configuration with the image and e-mail', () => {
    const doc = parse(renderTraefikStack({ image: 'traefik:v3.7.5', acmeEmail: 'ops@example.com' }));
    const traefik = doc.services.traefik;
    expect(traefik.image).toBe('traefik:v3.7.5');
    expect(traefik.command).toEqual([
      '--providers.swarm.endpoint=unix:///var/run/docker.sock',
      '--providers.swarm.exposedByDefault=false',
      '--providers.swarm.network=traefik-public',
      '--entrypoints.web.address=:80',
      '--entrypoints.web.http.redirections.entrypoint.to=websecure',
      '--entrypoints.web.http.redirections.entrypoint.scheme=https',
      '--entrypoints.websecure.address=:443',
      '--certificatesresolvers.letsencrypt.acme.httpchallenge=true',
      '--certificatesresolvers.letsencrypt.acme.httpchallenge.entrypoint=web',
      '--certificatesresolvers.letsencrypt.acme.storage=/acme/acme.json',
      '--certificatesresolvers.letsencrypt.acme.email=ops@example.com',
    ]);
    expect(traefik.deploy).toEqual({
      replicas: 1,
      placement: { constraints: ['node.role == manager'] },
      labels: ['otternauts.managed=ingress'],
    });
    expect(traefik.ports.map((p: { published: number; mode: string }) => `${p.published}/${p.mode}`)).toEqual([
      '80/ingress',
      '443/ingress',
    ]);
    expect(doc.networks).toEqual({ 'traefik-public': { external: true } });
  });

  it('should leave out the e-mail when none is set, and keep odd values as plain strings', () => {
    const file = renderTraefikStack({ image: 'traefik:v3.7.5', acmeEmail: null });
    expect(file).not.toContain('acme.email');
    const odd = parse(renderTraefikStack({ image: 'registry.local:5000/traefik:v3.7.5 # not a comment', acmeEmail: null }));
    expect(odd.services.traefik.image).toBe('registry.local:5000/traefik:v3.7.5 # not a comment');
  });
});
