import { parseDocument } from 'yaml';

/**
 * Names Docker Hub goes by. Docker itself rewrites index.docker.io to docker.io when it reads a
 * reference; the others are what people copy from Hub's pages and older docs into a credential.
 */
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

/** A registry host as Docker keys its logins: lower case, Docker Hub under one name. */
export function registryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? 'docker.io' : lower;
}

/**
 * Whether an image reference's first path part names a registry, as Docker reads it
 * (distribution/reference's splitDockerDomain): it has a dot or a port, is "localhost", or has
 * an upper-case letter (a repository path never does). Otherwise the image is on Docker Hub.
 */
const namesHost = (first: string) => first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();

/** The registry an image reference names (Docker Hub: docker.io). */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  return slash >= 0 && namesHost(image.slice(0, slash)) ? registryHost(image.slice(0, slash)) : 'docker.io';
}

/**
 * An image's repository in full, `host/path` without tag or digest, as Docker expands it:
 * `nginx` is docker.io/library/nginx, `otto/app:1` is docker.io/otto/app.
 */
export function repositoryOf(image: string): string {
  const slash = image.indexOf('/');
  const hasHost = slash >= 0 && namesHost(image.slice(0, slash));
  const host = hasHost ? registryHost(image.slice(0, slash)) : 'docker.io';
  let path = (hasHost ? image.slice(slash + 1) : image).split('@')[0];
  // after the host, a colon can only start the tag
  const colon = path.indexOf(':');
  if (colon >= 0) path = path.slice(0, colon);
  if (host === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  return `${host}/${path}`;
}

/**
 * A stored credential's registry URL (`ghcr.io`, `ghcr.io/otto`, `10.0.0.5:5000/team`, scheme
 * and trailing slashes already dropped) as its host and the path its images live under
 * (empty: the whole registry).
 */
export function credentialScope(registryUrl: string): { host: string; path: string } {
  const slash = registryUrl.indexOf('/');
  const host = registryHost(slash < 0 ? registryUrl : registryUrl.slice(0, slash));
  const path = slash < 0 ? '' : registryUrl.slice(slash + 1).replace(/\/+$/, '');
  return { host, path };
}

/**
 * Whether a credential stored for `registryUrl` is the one to pull `image` with: same host (any
 * alias of Docker Hub is Docker Hub), and for a URL with a path, an image under that path.
 */
export function credentialCovers(registryUrl: string, image: string): boolean {
  const { host, path } = credentialScope(registryUrl);
  const repository = repositoryOf(image);
  if (!repository.startsWith(`${host}/`)) return false;
  return path === '' || repository.slice(host.length + 1).startsWith(`${path}/`);
}

/** Every service's `image` in a rendered stack file (unparseable text: none). */
export function imagesOf(rendered: string): string[] {
  const doc = parseDocument(rendered, { uniqueKeys: false });
  const root: unknown = doc.toJS({ maxAliasCount: 100 });
  const services = root && typeof root === 'object' ? (root as { services?: unknown }).services : undefined;
  if (!services || typeof services !== 'object') return [];
  const images = Object.values(services as Record<string, unknown>).map((s) =>
    s && typeof s === 'object' ? (s as { image?: unknown }).image : undefined,
  );
  return [...new Set(images.filter((i): i is string => typeof i === 'string' && i !== ''))];
}
