/** A commit as Mission Control describes it. */
export interface CommitLike {
  sha: string;
  subject: string;
  author: string;
  time: string;
}

/** Seven hex digits, like git log --oneline; a shorter value (already short) stays as it is. */
export function shortSha(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 7) : '';
}

/** A branch or tag ref without its refs/heads/ or refs/tags/ prefix, as people say it. */
export function refName(ref: string | null | undefined): string {
  if (!ref) return '';
  return ref.replace(/^refs\/(heads|tags)\//, '');
}

/** "4f2a9c1 Fix the proxy port": what the commit is, on one line. */
export function commitLine(commit: CommitLike | null | undefined): string {
  if (!commit) return '';
  return commit.subject ? `${shortSha(commit.sha)} ${commit.subject}` : shortSha(commit.sha);
}
