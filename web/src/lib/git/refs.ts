/** What POST /api/repositories/:id/check answers when the repository was reached. */
export interface RefListing {
  head?: string | null;
  branches: { name: string; sha: string }[];
  tags: { name: string; sha: string }[];
}

export interface RefOption {
  name: string;
  sha: string;
  kind: 'branch' | 'tag';
}

/** Branches first, then tags, each in the order Mission Control gave. */
export function refOptions(listing: RefListing): RefOption[] {
  return [
    ...listing.branches.map((b) => ({ name: b.name, sha: b.sha, kind: 'branch' as const })),
    ...listing.tags.map((t) => ({ name: t.name, sha: t.sha, kind: 'tag' as const })),
  ];
}

/**
 * The ref to preselect: the default branch (HEAD, given as a branch name, a full ref or the
 * commit it points at), else main or master, else the first branch, else the first tag.
 */
export function defaultRef(listing: RefListing): string {
  const head = listing.head?.replace(/^refs\/heads\//, '') ?? '';
  const byName = listing.branches.find((b) => b.name === head);
  if (byName) return byName.name;
  const bySha = head ? listing.branches.find((b) => b.sha === head) : undefined;
  if (bySha) return bySha.name;
  const usual = listing.branches.find((b) => b.name === 'main') ?? listing.branches.find((b) => b.name === 'master');
  return usual?.name ?? listing.branches[0]?.name ?? listing.tags[0]?.name ?? '';
}
