import type { RemoteRefs } from '../git/git.service.js';

export const MAX_LISTED_REFS = 1000;

export interface RefView {
  name: string;
  sha: string;
}

export interface RefsView {
  head: string | null;
  branches: RefView[];
  tags: RefView[];
  truncated: boolean;
}

const HEADS = 'refs/heads/';
const TAGS = 'refs/tags/';
const PEELED = '^{}';

/**
 * Branches and tags by short name for a picker. An annotated tag is announced twice, as the
 * tag object and peeled (`refs/tags/v1^{}`); the peeled one is the commit a deploy would
 * use, so it wins. Lists are capped: a repository with thousands of tags must not make
 * the answer unbounded.
 */
export function refsView(remote: RemoteRefs, limit = MAX_LISTED_REFS): RefsView {
  const branches = new Map<string, string>();
  const tags = new Map<string, string>();
  const peeled = new Map<string, string>();
  for (const [ref, sha] of remote.refs) {
    if (ref.startsWith(HEADS)) branches.set(ref.slice(HEADS.length), sha);
    else if (ref.startsWith(TAGS) && ref.endsWith(PEELED)) peeled.set(ref.slice(TAGS.length, -PEELED.length), sha);
    else if (ref.startsWith(TAGS)) tags.set(ref.slice(TAGS.length), sha);
  }
  for (const [name, sha] of peeled) tags.set(name, sha);
  const list = (m: Map<string, string>) =>
    [...m].map(([name, sha]) => ({ name, sha })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const b = list(branches);
  const t = list(tags);
  const head = remote.head?.startsWith(HEADS) ? remote.head.slice(HEADS.length) : (remote.head ?? null);
  return { head, branches: b.slice(0, limit), tags: t.slice(0, limit), truncated: b.length > limit || t.length > limit };
}
