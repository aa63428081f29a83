import type { CommitInfo, RemoteRefs } from './git.service.js';
import type { RawTreeEntry } from './tree-path.js';

/** `git show -s --format=` for CommitInfo: NUL-separated, so no subject or name can shift fields. */
export const COMMIT_FORMAT = '%H%x00%s%x00%an%x00%cI';

export function parseCommitLine(text: string): CommitInfo {
  const [sha, subject, author, time] = text.replace(/\n$/, '').split('\0');
  if (!sha || !/^[0-9a-f]{40,64}$/.test(sha) || time === undefined)
    throw new Error(`unexpected git show output: ${JSON.stringify(text.slice(0, 200))}`);
  return { sha, subject: subject ?? '', author: author ?? '', time: new Date(time) };
}

const LS_TREE = /^(\d{6}) (blob|tree|commit) ([0-9a-f]{40,64}) +(-|\d+)\t([\s\S]+)$/;

/** `git ls-tree -z -l` records. */
export function parseLsTree(text: string): RawTreeEntry[] {
  return text
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const m = LS_TREE.exec(record);
      if (!m) throw new Error(`unexpected git ls-tree output: ${JSON.stringify(record.slice(0, 200))}`);
      const [, mode, type, oid, size, path] = m;
      return { mode, type: type as RawTreeEntry['type'], oid, path, ...(size === '-' ? {} : { size: Number(size) }) };
    });
}

/**
 * `git ls-remote --symref` lines. An annotated tag is announced twice (the tag object, then
 * `^{}` with the commit it points at); the commit is what a stack deploys, so it wins.
 */
export function parseLsRemote(text: string): RemoteRefs {
  let head: string | null = null;
  const refs = new Map<string, string>();
  const peeled = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const symref = /^ref: (\S+)\tHEAD$/.exec(line);
    if (symref) {
      head = symref[1];
      continue;
    }
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (!m) continue;
    const [, sha, name] = m;
    if (name.endsWith('^{}')) peeled.set(name.slice(0, -3), sha);
    else refs.set(name, sha);
  }
  for (const [name, sha] of peeled) refs.set(name, sha);
  return { head, refs };
}
