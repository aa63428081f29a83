import {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';

/*
 * Changes to a parsed stack file made on the YAML document itself (so comments, quoting and
 * ${VAR}s stay), safe in the face of anchors, aliases and `<<` merges: what is changed for one
 * place never changes another place that shared its definition.
 */

export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

export function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

/** A collection in the document and the mappings and keys that lead to it from the top. */
export interface Place {
  node: YAMLMap | YAMLSeq;
  chain: Array<{ map: YAMLMap; key: string }>;
}

/**
 * The collection at `key` of `parent`, made safe to change: one reached through an alias or a
 * `<<` merge is copied into place, and one that other places alias is copied to those places
 * first, so that adding to it changes this service only.
 */
export function ownCollection(doc: Document, parent: Place, key: string, create: () => YAMLMap | YAMLSeq): Place {
  const map = parent.node;
  if (!isMap(map)) throw new Error('editing a stack file needs a validated one');
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
  if (!isMap(value) && !isSeq(value)) throw new Error('editing a stack file needs a validated one');
  return { node: value, chain };
}

/**
 * Adds to the end of a collection. The YAML library keeps a blank line that follows a block
 * ending in an empty value (`backend:`) on that value, so it would end up between the old last
 * item and ours; it belongs before whatever follows the block, so it moves there.
 */
export function append(place: Place, item: unknown) {
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
export function mergedValue(doc: Document, map: YAMLMap, key: string): Node | undefined {
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
export function detachedCopy(node: Node): Node {
  const copy = isCollection(node) || isScalar(node) ? node.clone() : node;
  visit(copy as Node, {
    Node(_, n) {
      if ('anchor' in n && n.anchor) n.anchor = undefined;
    },
  });
  return copy as Node;
}

export function unshare(doc: Document, node: Node) {
  if (!('anchor' in node) || !node.anchor) return;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) === node) return detachedCopy(node);
    },
  });
  node.anchor = undefined;
}

/** The top of the document, as a place to start from. */
export function rootPlace(doc: Document): Place {
  if (!isMap(doc.contents)) throw new Error('editing a stack file needs a validated one');
  return { node: doc.contents, chain: [] };
}

/**
 * Sets the text at `key` of a mapping for this place only. A value written there is changed in
 * place (its quoting and comments stay) after any alias to it got a copy of the old value; an
 * alias there is replaced; a value merged in with `<<` is overridden by a key written here.
 */
export function setText(doc: Document, place: Place, key: string, text: string) {
  const map = place.node;
  if (!isMap(map)) throw new Error('editing a stack file needs a validated one');
  const pair = pairOf(map, key);
  if (!pair) {
    append(place, doc.createPair(key, text));
    return;
  }
  pair.value = replacedText(doc, pair.value, text);
}

/** Sets the text of item `index` of a list, as setText does for a mapping's key. */
export function setItemText(doc: Document, place: Place, index: number, text: string) {
  const seq = place.node;
  if (!isSeq(seq) || index >= seq.items.length) throw new Error('editing a stack file needs a validated one');
  seq.items[index] = replacedText(doc, seq.items[index], text);
}

/** The mapping at item `index` of a list, made safe to change like ownCollection does. */
export function ownItem(doc: Document, place: Place, index: number): Place {
  const seq = place.node;
  if (!isSeq(seq) || index >= seq.items.length) throw new Error('editing a stack file needs a validated one');
  let item: unknown = seq.items[index];
  if (isAlias(item)) {
    item = detachedCopy(item.resolve(doc) as Node);
    seq.items[index] = item;
  } else if (isMap(item)) {
    unshare(doc, item);
  }
  if (!isMap(item)) throw new Error('editing a stack file needs a validated one');
  return { node: item, chain: [] };
}

function replacedText(doc: Document, value: unknown, text: string): unknown {
  if (isScalar(value)) {
    unshare(doc, value);
    value.value = text;
    return value;
  }
  return doc.createNode(text);
}
