/** The names a folder's Compose file may have, in the order docker compose looks for them. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

export type SourcePath = { ok: true; path: string } | { ok: false; message: string };

/**
 * A stack's `path` as a repository path: relative, `/`-separated, without `.` segments or a
 * trailing slash; '' is the root. `..` is refused outright rather than resolved: a path that
 * climbs and comes back is a typo more often than an intent, and it could climb out.
 */
export function normaliseSourcePath(input: string): SourcePath {
  if (/\p{Cc}/u.test(input)) return { ok: false, message: 'The path contains a control character.' };
  if (input.includes('\\')) return { ok: false, message: 'The path contains a backslash: separate folders with /.' };
  if (input.startsWith('/'))
    return { ok: false, message: 'The path must be relative to the root of the repository, like deploy/compose.yaml (no leading /).' };
  const parts = input.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) return { ok: false, message: 'The path cannot contain "..": give it from the root of the repository.' };
  return { ok: true, path: parts.join('/') };
}

/** The folder a Compose file is in ('' for the root). */
export function folderOf(file: string): string {
  return file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
}

/** A folder as watched paths and messages show it: `deploy/`, or '' for the root. */
export function shownFolder(dir: string): string {
  return dir === '' ? '' : `${dir}/`;
}

/** The Compose file of a folder: the first of COMPOSE_FILE_NAMES among the folder's files. */
export function pickComposeFile(dir: string, entries: ReadonlyArray<{ path: string; type: string }>): string | null {
  const files = new Set(entries.filter((e) => e.type === 'file' || e.type === 'symlink').map((e) => e.path));
  for (const name of COMPOSE_FILE_NAMES) {
    const path = dir === '' ? name : `${dir}/${name}`;
    if (files.has(path)) return path;
  }
  return null;
}

export const shortSha = (sha: string) => sha.slice(0, 7);
