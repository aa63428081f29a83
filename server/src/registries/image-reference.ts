import { parseDocument } from 'yaml';

/**
 * The registry an image reference names, as Docker reads it: the first path part when it has a
 * dot or a port or is "localhost" (registry.example.com/app, 10.0.0.5:5000/app), else Docker Hub.
 */
export function registryOf(image: string): string {
  const slash = image.indexOf('/');
  if (slash < 0) return 'docker.io';
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first.toLowerCase() : 'docker.io';
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
