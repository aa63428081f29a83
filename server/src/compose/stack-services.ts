import type { PathSegment } from './document-path.js';
import type { ViewEntry, ViewMap, ViewNode, ViewScalar } from './docker-view.js';

/** The services of the view whose definition is a mapping (anything else is a schema error). */
export function serviceEntries(root: ViewMap): Array<ViewEntry & { value: ViewMap }> {
  const services = root.byKey.get('services')?.value;
  if (services?.kind !== 'map') return [];
  return services.entries.filter((entry): entry is ViewEntry & { value: ViewMap } => entry.value.kind === 'map');
}

/** Names declared in a top-level section (`networks`, `volumes`, `secrets`, `configs`). */
export function declaredNames(root: ViewMap, section: string): Set<string> {
  const node = root.byKey.get(section)?.value;
  return new Set(node?.kind === 'map' ? node.entries.map((e) => e.key) : []);
}

/** A scalar whose value is known text (not standing in for a secret). */
export function knownText(node: ViewNode | undefined): string | null {
  return node?.kind === 'scalar' && !node.unknown && typeof node.value === 'string' ? node.value : null;
}

export function knownScalar(node: ViewNode | undefined): ViewScalar | null {
  return node?.kind === 'scalar' && !node.unknown ? node : null;
}

/**
 * Labels written as a list ("key=value") or a mapping, with where each one stands (its list
 * index or key). The value is null when it depends on a stored secret.
 */
export function labelEntries(
  node: ViewNode | undefined,
): Array<{ key: string; value: string | null; pos: ViewScalar['pos']; at: PathSegment }> {
  if (node?.kind === 'seq') {
    return node.items.flatMap((item, i) => {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') return [];
      const text = item.unknown && typeof item.written === 'string' ? item.written : item.value;
      const cut = text.indexOf('=');
      const key = cut === -1 ? text : text.slice(0, cut);
      const value = item.unknown ? null : cut === -1 ? '' : text.slice(cut + 1);
      return [{ key, value, pos: item.pos, at: i }];
    });
  }
  if (node?.kind === 'map') {
    return node.entries.map((entry) => {
      const v = entry.value;
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a YAML scalar: text, number, boolean or date
      const value = v.kind !== 'scalar' || v.unknown ? null : v.value === null ? '' : String(v.value);
      return { key: entry.key, value, pos: entry.keyPos, at: entry.key };
    });
  }
  return [];
}
