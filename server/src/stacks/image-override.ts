import { isMap, isScalar, parseDocument } from 'yaml';
import type { ErrorDetail } from '../errors/api-error.js';
import { COMPONENT, HOST } from '../compose/built-image-name.js';
import { styleOf } from '../compose/yaml-style.js';

/** The most services one deploy may re-image (a pipeline names a few; a typo'd loop should stop early). */
export const MAX_IMAGE_OVERRIDES = 50;

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/**
 * Whether Docker reads `ref` as one image reference (distribution/reference's grammar):
 * `[host[:port]/]path[:tag][@digest]`, path components in lower case. No variables: an image a
 * pipeline sends is the image it built, not a template.
 */
export function isImageReference(ref: string): boolean {
  if (ref.length === 0 || ref.length > 512) return false;
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  if (at >= 0 && !DIGEST.test(ref.slice(at + 1))) return false;
  const parts = name.split('/');
  const last = parts[parts.length - 1];
  const colon = last.indexOf(':');
  if (colon >= 0) {
    if (!TAG.test(last.slice(colon + 1))) return false;
    parts[parts.length - 1] = last.slice(0, colon);
  }
  const first = parts[0];
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost && !HOST.test(first)) return false;
  return (hasHost ? parts.slice(1) : parts).every((p) => COMPONENT.test(p));
}

export type ImageOverride = { ok: true; configuration: string; changed: string[] } | { ok: false; message: string; details: ErrorDetail[] };

/**
 * The pasted file with each named service's `image:` replaced, everything else (comments, order,
 * anchors, quoting) as it was: the usual CI step "the pipeline built shop:1.4.2, roll it out".
 * A service not in the file is an error naming the ones that are; nothing is half applied.
 */
export function overrideImages(stackName: string, configuration: string, images: Record<string, string>): ImageOverride {
  const entries = Object.entries(images);
  const details: ErrorDetail[] = [];
  if (entries.length === 0)
    details.push({ field: 'images', message: 'name at least one service and its image, e.g. {"web": "shop:1.4.2"}' });
  if (entries.length > MAX_IMAGE_OVERRIDES)
    details.push({ field: 'images', message: `at most ${MAX_IMAGE_OVERRIDES} services per deploy` });
  for (const [service, image] of entries) {
    if (typeof image !== 'string' || !isImageReference(image))
      details.push({
        field: `images.${service}`,
        message: `${JSON.stringify(image)} is not an image reference Docker accepts (e.g. registry.example.com/shop/web:1.4.2)`,
      });
  }
  if (details.length > 0) return { ok: false, message: 'Some images cannot be deployed as given.', details };

  const doc = parseDocument(configuration, { uniqueKeys: false });
  const services = doc.get('services', true);
  const names = isMap(services) ? services.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter(Boolean) : [];
  const known = names.length > 0 ? names.join(', ') : 'none';
  for (const [service] of entries) {
    if (!names.includes(service))
      details.push({ field: `images.${service}`, message: `${stackName} has no service ${service}; its services are: ${known}` });
  }
  if (details.length > 0) return { ok: false, message: `${stackName} has no service by some of those names.`, details };

  const changed: string[] = [];
  for (const [service, image] of entries) {
    const before = doc.getIn(['services', service, 'image'], true);
    if (isScalar(before)) {
      if (before.value !== image) changed.push(service);
      before.value = image; // the node keeps its comment and quoting
    } else {
      changed.push(service);
      doc.setIn(['services', service, 'image'], image);
    }
  }
  return { ok: true, configuration: doc.toString(styleOf(configuration)), changed };
}
