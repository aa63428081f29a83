/** Docker's longest repository name (registry host and path, without the tag). */
const MAX_NAME_LENGTH = 255;

// docker/distribution's reference grammar: a host (with an optional port), then lower-case path
// components separated by one of `.`, `_`, `__` or a run of `-`.
export const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$/;
export const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export type BuiltImageName = { ok: true; image: string } | { ok: false; reason: string };

/**
 * A name a stack, service or path part can stand under in an image reference: as written when
 * Docker accepts it, else lower-cased with every run of other characters made one `-`
 * (Compose allows service names such as `Web` or `api.v2_` that a reference does not).
 */
export function imageComponent(name: string): string {
  const lower = name.toLowerCase();
  if (COMPONENT.test(lower)) return lower;
  return lower
    .split(/[^a-z0-9]+/)
    .filter((part) => part !== '')
    .join('-');
}

/**
 * `<registry>/<stack>/<service>:<commit>`, the tag an image built from a commit gets: the same
 * commit builds the same name, so a preview (named with its parent's stack) and a rollback
 * find the image already pushed. The registry may carry a path (ghcr.io/otto).
 */
export function builtImageName(registry: string, stack: string, service: string, commit: string): BuiltImageName {
  const cut = registry.indexOf('/');
  const host = cut === -1 ? registry : registry.slice(0, cut);
  const path = cut === -1 ? [] : registry.slice(cut + 1).split('/');
  if (!HOST.test(host) || !(host.includes('.') || host.includes(':') || host === 'localhost')) {
    return {
      ok: false,
      reason: `the registry for builds (${shorten(registry)}) does not start with a registry host such as registry.example.com or 10.0.0.5:5000: correct it under Registries`,
    };
  }
  if (path.some((part) => !COMPONENT.test(part))) {
    return {
      ok: false,
      reason: `the path of the registry for builds (${shorten(registry)}) is not one Docker accepts (lower-case letters, digits, and . _ - between them): correct it under Registries`,
    };
  }
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(commit)) return { ok: false, reason: `"${shorten(commit)}" is not a full commit id` };
  const stackPart = imageComponent(stack);
  const servicePart = imageComponent(service);
  if (stackPart === '' || servicePart === '') {
    return { ok: false, reason: `the service name ${shorten(service)} has no letter or digit to name its image after: rename the service` };
  }
  const name = [host.toLowerCase(), ...path, stackPart, servicePart].join('/');
  if (name.length > MAX_NAME_LENGTH) {
    return {
      ok: false,
      reason: `its image name would be longer than Docker's ${MAX_NAME_LENGTH} characters: choose a shorter service name`,
    };
  }
  return { ok: true, image: `${name}:${commit}` };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
