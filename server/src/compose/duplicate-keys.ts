import { isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';

/**
 * Offsets of every key that repeats an earlier key of its mapping, in the order they appear.
 *
 * The yaml library can check this itself (`uniqueKeys: true`), but it compares each new key
 * with every key before it, which is quadratic: a 500 KB `environment` took seconds and held
 * the whole server meanwhile. This is the same rule in one pass with a Set per mapping. It
 * matches the library's: scalars are equal when their values are (`yes` and `true` are one
 * key, `1` and `"1"` are not, NaN is never equal), collections and aliases only to themselves
 * (so never), and `<<` merge keys are not compared.
 */
export function duplicateKeyOffsets(document: Document.Parsed): number[] {
  const offsets: number[] = [];
  // An explicit stack rather than recursion: nesting depth is the caller's to bound, not ours.
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isCollection(node)) continue;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isScalar(key) && typeof key.value !== 'symbol' && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) offsets.push(key.range?.[0] ?? 0);
          else seen.add(key.value);
        }
        pending.push(pair.key, pair.value);
      }
    } else {
      for (const item of node.items) pending.push(isPair(item) ? item.value : item);
    }
  }
  return offsets.sort((a, b) => a - b);
}
