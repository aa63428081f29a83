import { badRequest } from '../errors/api-error.js';

/** One entry of `git ls-tree -l`. */
export interface RawTreeEntry {
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  /** bytes, for blobs */
  size?: number;
  path: string;
}

export interface TreeLookup {
  /** the entry at a path from the root ('' never asked), or null */
  entry(path: string): Promise<RawTreeEntry | null>;
  /** the target text of a symlink blob */
  linkTarget(oid: string): Promise<string>;
}

export const SYMLINK_MODE = '120000';
// what Linux allows (MAXSYMLINKS) before ELOOP
const MAX_LINKS = 40;

export const escapes = (path: string, target: string) =>
  badRequest('path_escapes_repository', `${path} points to ${target}, outside the repository; keep the file inside the repository.`, [
    { field: 'path', message: `${path} points to ${target}`, path, target },
  ]);

/** Splits a path a user or a Compose file gave; refuses an absolute one. */
export function pathSegments(path: string): string[] {
  if (path.startsWith('/')) throw escapes(path, path);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw badRequest('path_invalid', `The path ${JSON.stringify(path)} contains control characters.`);
  return path.split('/').filter((s) => s !== '' && s !== '.');
}

/**
 * Follows a path through a commit's tree the way the kernel would through a checkout:
 * symlinks (mode 120000) are read and followed, `..` climbs; leaving the root or looping is
 * refused. Answers the entry the path ends at (never a symlink), or null when nothing is there.
 */
export async function resolveTreePath(lookup: TreeLookup, path: string): Promise<RawTreeEntry | { type: 'tree'; path: '' } | null> {
  let pending = pathSegments(path);
  let current: string[] = [];
  let links = 0;
  let last: RawTreeEntry | null = null;
  while (pending.length) {
    const segment = pending.shift()!;
    if (segment === '.') continue;
    if (segment === '..') {
      if (!current.length) throw escapes(path, last ? `${last.path}/..` : '..');
      current = current.slice(0, -1);
      last = null;
      continue;
    }
    const candidate = [...current, segment].join('/');
    const entry = await lookup.entry(candidate);
    if (!entry) return null;
    if (entry.mode === SYMLINK_MODE) {
      if (++links > MAX_LINKS)
        throw badRequest(
          'path_escapes_repository',
          `${path} is a loop of symlinks (${candidate} never ends at a file); fix the links in the repository.`,
        );
      const target = await lookup.linkTarget(entry.oid);
      if (target.startsWith('/')) throw escapes(candidate === path ? path : `${path} (through ${candidate})`, target);
      const resolvedFrom = current.join('/');
      const next = target.split('/').filter((s) => s !== '' && s !== '.');
      // a relative link is relative to the folder holding it; check it stays inside before walking on
      let depth = current.length;
      for (const s of next) {
        depth += s === '..' ? -1 : 1;
        if (depth < 0) throw escapes(candidate === path ? path : `${path} (through ${candidate})`, target);
      }
      pending = [...next, ...pending];
      current = resolvedFrom ? resolvedFrom.split('/') : [];
      last = null;
      continue;
    }
    if (entry.type !== 'tree' && pending.some((s) => s !== '.')) return null;
    current = [...current, segment];
    last = entry;
  }
  if (!current.length) return { type: 'tree', path: '' };
  return last ?? lookup.entry(current.join('/'));
}
