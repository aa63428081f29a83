import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, YAMLMap, YAMLSeq, type Document } from 'yaml';
import type { PlannedBuild } from '../builds/build-plan.js';
import { EXTENSION_KEY } from './docker-view.js';
import type { Route } from './routing-check.js';
import { TRAEFIK_NETWORK } from './traefik-labels.js';
import { append, isMergePair, ownCollection, setText, type Place } from './yaml-edit.js';
import { YAML_PARSE_OPTIONS } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

/**
 * The file as Otternauts deploys it: Traefik labels under `deploy.labels` and the shared
 * ingress network for every routed service, each built service's `image` set to its built tag
 * and its `build` removed, `x-otternauts` removed. Works on the YAML document itself so
 * comments, quoting and ${VAR} references stay as written. A file without x-otternauts or
 * builds is returned unchanged, byte for byte.
 */
export function renderStack(text: string, routes: readonly Route[], builds: readonly PlannedBuild[] = []): string {
  if (routes.length === 0 && builds.length === 0 && !text.includes(EXTENSION_KEY)) return text;
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  const root = doc.contents;
  if (!isMap(root)) throw new Error('renderStack needs a validated stack file');
  for (const build of builds) {
    const services = ownCollection(doc, { node: root, chain: [] }, 'services', () => new YAMLMap());
    const service = ownCollection(doc, services, build.service, () => new YAMLMap());
    setText(doc, service, 'image', build.image);
    dropKey(doc, service.node as YAMLMap, 'build');
  }
  for (const route of routes) {
    const services = ownCollection(doc, { node: root, chain: [] }, 'services', () => new YAMLMap());
    const service = ownCollection(doc, services, route.service, () => new YAMLMap());
    const deploy = ownCollection(doc, service, 'deploy', () => new YAMLMap());
    addLabels(
      doc,
      ownCollection(doc, deploy, 'labels', () => new YAMLSeq()),
      route.labels,
    );
    const networks = ownCollection(doc, service, 'networks', () => {
      // A service without `networks` is on the stack's `default` network: keep it there.
      const seq = new YAMLSeq();
      seq.add(doc.createNode('default'));
      return seq;
    });
    if (isSeq(networks.node) && !networks.node.items.some((item) => isScalar(item) && item.value === TRAEFIK_NETWORK)) {
      append(networks, doc.createNode(TRAEFIK_NETWORK));
    } else if (isMap(networks.node) && !networks.node.has(TRAEFIK_NETWORK)) {
      append(networks, doc.createPair(TRAEFIK_NETWORK, null));
    }
  }
  if (routes.length > 0) {
    const networks = ownCollection(doc, { node: root, chain: [] }, 'networks', () => new YAMLMap());
    if (isMap(networks.node) && !networks.node.has(TRAEFIK_NETWORK)) append(networks, doc.createPair(TRAEFIK_NETWORK, { external: true }));
  }
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === EXTENSION_KEY) return visit.REMOVE;
    },
  });
  return doc.toString(styleOf(text));
}

function addLabels(doc: Document, labels: Place, wanted: ReadonlyArray<[string, string]>) {
  const node = labels.node;
  if (isSeq(node)) {
    const present = new Set(node.items.map((item) => (isScalar(item) ? String(item.value) : '')));
    for (const [key, value] of wanted) if (!present.has(`${key}=${value}`)) append(labels, doc.createNode(`${key}=${value}`));
    return;
  }
  for (const [key, value] of wanted) if (!node.has(key)) append(labels, doc.createPair(key, value));
}

/**
 * Removes `key` from a mapping and from every mapping it merges with `<<`: Swarm must not see a
 * `build` it would ignore. A merged-in source is shared, but every service that merges a `build`
 * is itself built, so none of them still needs it.
 */
function dropKey(doc: Document, map: YAMLMap, key: string, depth = 0) {
  if (depth > 32) return;
  map.delete(key);
  for (const pair of map.items.filter(isMergePair)) {
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    const sources = isSeq(value) ? value.items.map((item) => (isAlias(item) ? item.resolve(doc) : item)) : [value];
    for (const source of sources) if (isMap(source)) dropKey(doc, source, key, depth + 1);
  }
}
