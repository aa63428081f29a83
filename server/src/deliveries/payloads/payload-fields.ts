/** A payload that cannot be read as a push: the answer says which field is wrong. */
export class PayloadError extends Error {}

export type Json = Record<string, unknown>;

export function object(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function text(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new PayloadError(`the payload has no "${field}"`);
  return value;
}

export function optionalText(body: Json, field: string): string | null {
  const value = body[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Paths touched by the pushed commits (each with added/removed/modified lists, as GitHub,
 * GitLab, Gitea and Forgejo send them), or null when the payload cannot tell: no list, or
 * a commit without its lists.
 */
export function touchedPaths(commits: unknown): string[] | null {
  if (!Array.isArray(commits)) return null;
  const paths = new Set<string>();
  for (const commit of commits) {
    const c = object(commit);
    for (const field of ['added', 'removed', 'modified']) {
      const list = c[field];
      if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) return null;
      for (const p of list) paths.add(p);
    }
  }
  return [...paths].sort();
}
