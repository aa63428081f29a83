import { isAlias, isMap, isScalar, isSeq, parseDocument, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import { EXTENSION_KEY } from './docker-view.js';
import { parsePortSpec } from './port-spec.js';
import { checkTemplate, renderTemplate, type PreviewValues } from './preview-template.js';
import { ownCollection, pairOf, rootPlace, unshare, type Place } from './yaml-edit.js';
import { parseSource, YAML_PARSE_OPTIONS, type TreeMap, type TreeNode } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

export type { PreviewValues } from './preview-template.js';

/**
 * A stack file as a pull request's preview runs it, written on the YAML document so the user's
 * comments and formatting stay:
 * - each service's domains are its `x-otternauts.preview.domains` templates filled in, and none
 *   without templates: a preview never takes its parent's domains;
 * - a replicated service runs `x-otternauts.preview.replicas` tasks (1 when not given);
 * - ports published on the nodes are left out: the parent already holds them on every node,
 *   and a preview is reached through its domains.
 * The result is validated like any stack file (under the preview's own name), so a template
 * that gives a wrong domain for this request is reported at its line then. A file that does
 * not parse is returned as it is, for validation to report.
 */
export function previewCompose(text: string, values: PreviewValues): string {
  const parsed = parseSource(text);
  if (parsed.errors.length > 0 || parsed.root?.kind !== 'map') return text;
  const services = parsed.root.byKey.get('services')?.value;
  if (services?.kind !== 'map') return text;
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  if (!isMap(doc.contents)) return text;
  const servicesPlace = ownCollection(doc, rootPlace(doc), 'services', () => new YAMLMap());

  for (const { key: name, value: service } of services.entries) {
    if (service.kind !== 'map') continue;
    const extension = mapAt(service, EXTENSION_KEY);
    const preview = extension ? mapAt(extension, 'preview') : null;
    const templates = preview ? textsAt(preview, 'domains') : [];
    const replicas = preview ? numberAt(preview, 'replicas') : null;
    const place = () => ownCollection(doc, servicesPlace, name, () => new YAMLMap());

    if (extension) {
      const domains = templates.filter((t) => checkTemplate(t, values.stack).ok).map((t) => renderTemplate(t, values));
      const own = ownCollection(doc, place(), EXTENSION_KEY, () => new YAMLMap());
      // a list written here, even empty, wins over one merged in with `<<`
      setValue(doc, own, 'domains', doc.createNode(domains, { flow: true }));
    }

    const deploy = mapAt(service, 'deploy');
    const mode = deploy ? deploy.byKey.get('mode')?.value : undefined;
    const replicated = mode === undefined || (mode.kind === 'scalar' && (mode.value === 'replicated' || mode.value === null));
    if (replicated) {
      const own = ownCollection(doc, place(), 'deploy', () => new YAMLMap());
      setValue(doc, own, 'replicas', doc.createNode(replicas ?? 1));
    }

    const ports = service.byKey.get('ports')?.value;
    if (ports?.kind === 'seq' && ports.items.some(publishes)) {
      const own = ownCollection(doc, place(), 'ports', () => new YAMLSeq());
      const seq = own.node as YAMLSeq;
      // the tree holds the same items in the same order (aliases followed)
      seq.items = seq.items.filter((_, i) => !publishes(ports.items[i]));
    }
  }
  return doc.toString(styleOf(text));
}

function mapAt(map: TreeMap, key: string): TreeMap | null {
  const value = map.byKey.get(key)?.value;
  return value?.kind === 'map' ? value : null;
}

function textsAt(map: TreeMap, key: string): string[] {
  const value = map.byKey.get(key)?.value;
  if (value?.kind !== 'seq') return [];
  return value.items.flatMap((item) =>
    item.kind === 'scalar' && typeof item.value === 'string' && !item.value.includes('$') ? [item.value] : [],
  );
}

function numberAt(map: TreeMap, key: string): number | null {
  const value = map.byKey.get(key)?.value;
  return value?.kind === 'scalar' && typeof value.value === 'number' && Number.isInteger(value.value) && value.value >= 0
    ? value.value
    : null;
}

/** Whether a `ports` entry publishes a port of its own choosing on the nodes. */
function publishes(item: TreeNode | undefined): boolean {
  if (!item) return false;
  if (item.kind === 'map') {
    const published = item.byKey.get('published')?.value;
    return published !== undefined && !(published.kind === 'scalar' && (published.value === null || published.value === ''));
  }
  if (item.kind !== 'scalar' || (typeof item.value !== 'string' && typeof item.value !== 'number')) return false;
  const parsed = parsePortSpec(String(item.value));
  // a wrong entry stays, for validation to report
  return parsed.ok && parsed.port.published !== null;
}

/** Sets `key` of the mapping at this place to a node, changing nothing that shares the old value. */
function setValue(doc: Document, place: Place, key: string, value: Node) {
  const map = place.node;
  if (!isMap(map)) throw new Error('editing a stack file needs a validated one');
  const pair = pairOf(map, key);
  if (!pair) {
    map.add(doc.createPair(key, value));
    return;
  }
  if (isScalar(pair.value) || isSeq(pair.value) || isMap(pair.value)) unshare(doc, pair.value);
  else if (isAlias(pair.value)) pair.value = null;
  // a comment written after the old value stays with the new one
  const comment = isScalar(pair.value) || isSeq(pair.value) ? pair.value.comment : undefined;
  if (comment && (isScalar(value) || isSeq(value))) value.comment = comment;
  pair.value = value;
}
