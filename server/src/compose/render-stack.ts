import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
  YAMLMap,
  YAMLSeq,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { EXTENSION_KEY } from './docker-view.js';
import type { Route } from './routing-check.js';
import { TRAEFIK_NETWORK } from './traefik-labels.js';
import { YAML_PARSE_OPTIONS } from './yaml-source.js';
import { styleOf } from './yaml-style.js';

/**
 * The file as Otternauts deploys it: Traefik labels under `deploy.labels` and the shared
 * ingress network for every routed service, `x-otternauts` removed. Works on the YAML
 * document itself so comments, quoting and ${VAR} references stay as written. A file
 * without x-otternauts is returned unchanged, byte for byte.
 */
export function renderStack(text: string, routes: readonly Route[]): string {
  if (routes.length === 0 && !text.includes(EXTENSION_KEY)) return text;
  const doc = parseDocument(text, YAML_PARSE_OPTIONS);
  const root = doc.contents;
  if (!isMap(root)) throw new Error('renderStack needs a validated stack file');
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

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/** A collection in the document and the mappings and keys that lead to it from the top. */
interface Place {
  node: YAMLMap | YAMLSeq;
  chain: Array<{ map: YAMLMap; key: string }>;
}

/**
 * The collection at `key` of `parent`, made safe to change: one reached through an alias or a
 * `<<` merge is copied into place, and one that other places alias is copied to those places
 * first, so that adding to it changes this service only.
 */
function ownCollection(doc: Document, parent: Place, key: string, create: () => YAMLMap | YAMLSeq): Place {
  const map = parent.node;
  if (!isMap(map)) throw new Error('renderStack needs a validated stack file');
  const chain = [...parent.chain, { map, key }];
  const pair = pairOf(map, key);
  let value: unknown;
  if (pair) {
    value = pair.value;
    if (isAlias(value)) {
      value = detachedCopy(value.resolve(doc) as Node);
      pair.value = value;
    } else if (value === null || (isScalar(value) && value.value === null)) {
      value = create();
      pair.value = value;
    } else {
      unshare(doc, value as Node);
    }
  } else {
    const merged = mergedValue(doc, map, key);
    value = merged ? detachedCopy(merged) : create();
    append(parent, doc.createPair(key, value));
  }
  if (!isMap(value) && !isSeq(value)) throw new Error('renderStack needs a validated stack file');
  return { node: value, chain };
}

/**
 * Adds to the end of a collection. The YAML library keeps a blank line that follows a block
 * ending in an empty value (`backend:`) on that value, so it would end up between the old last
 * item and ours; it belongs before whatever follows the block, so it moves there.
 */
function append(place: Place, item: unknown) {
  const items = place.node.items as unknown[];
  const last = items[items.length - 1];
  const holder = isPair(last) ? last.value : last;
  if (isScalar(holder) && holder.value === null && holder.spaceBefore) {
    holder.spaceBefore = false;
    const following = [...place.chain]
      .reverse()
      .map(({ map, key }) => map.items[map.items.findIndex((p) => isScalar(p.key) && p.key.value === key) + 1])
      .find(Boolean);
    if (following && isScalar(following.key)) following.key.spaceBefore = true;
  }
  place.node.add(item as never);
}

/** The value `key` takes through the mapping's `<<` merges (earlier sources win), if any. */
function mergedValue(doc: Document, map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items.filter(isMergePair)) {
    const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
    const sources = isSeq(value) ? value.items.map((item) => (isAlias(item) ? item.resolve(doc) : item)) : [value];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const own = pairOf(source, key);
      if (own) return (isAlias(own.value) ? own.value.resolve(doc) : own.value) as Node;
      const deeper = mergedValue(doc, source, key);
      if (deeper) return deeper;
    }
  }
  return undefined;
}

/** A deep copy without anchors, so it neither redefines an anchor nor is reached by an alias. */
function detachedCopy(node: Node): Node {
  const copy = isCollection(node) || isScalar(node) ? node.clone() : node;
  visit(copy as Node, {
    Node(_, n) {
      if ('anchor' in n && n.anchor) n.anchor = undefined;
    },
  });
  return copy as Node;
}

function unshare(doc: Document, node: Node) {
  if (!('anchor' in node) || !node.anchor) return;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === node) return detachedCopy(node);
    },
  });
  node.anchor = undefined;
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
