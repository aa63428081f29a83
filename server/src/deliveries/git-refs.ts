/** A ref as a push names it, split into its kind and short name. */
export type PushedRef = { kind: 'branch' | 'tag' | 'other'; name: string };

export const ZERO_SHA = /^0+$/;
export const SHA = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i;

export function pushedRef(ref: string): PushedRef {
  if (ref.startsWith('refs/heads/')) return { kind: 'branch', name: ref.slice('refs/heads/'.length) };
  if (ref.startsWith('refs/tags/')) return { kind: 'tag', name: ref.slice('refs/tags/'.length) };
  return { kind: 'other', name: ref };
}

/** The seven characters people recognise a commit by. */
export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}
