export type RepositoryPath = { ok: true; path: string } | { ok: false; message: string };

/** Longer than any real path; keeps a hostile value from being echoed back at length. */
const MAX_PATH_LENGTH = 1024;

/**
 * Where a path written in a Compose file (a config/secret `file:` or an `env_file`) points in
 * the repository: relative to the Compose file's folder, as docker/cli reads it, normalised to a
 * repository path ("deploy/nginx.conf"). Only files inside the repository can be read from the
 * commit, so absolute paths, home folders and paths that climb out are refused, each with what to
 * write instead. Symbolic links are judged when the file is read from the commit.
 */
export function resolveInRepository(composeFile: string, written: string): RepositoryPath {
  const folder = composeFile.includes('/') ? composeFile.slice(0, composeFile.lastIndexOf('/')) : '';
  const shownFolder = folder === '' ? 'the root of the repository' : `${folder}/`;
  const refuse = (why: string): RepositoryPath => ({ ok: false, message: `The path "${shown(written)}" ${why}` });
  const example = `write it relative to ${composeFile}, like ./nginx.conf for ${folder === '' ? '' : `${folder}/`}nginx.conf`;

  if (written.length > MAX_PATH_LENGTH) {
    return { ok: false, message: `A file path is longer than ${MAX_PATH_LENGTH} characters: name a file beside the Compose file.` };
  }
  if (written.trim() === '') return { ok: false, message: `A file path is empty: ${example}.` };
  if (/\p{Cc}/u.test(written)) return refuse('contains a control character (such as a tab or line break): rename the file.');
  if (written.includes('$')) {
    // docker/cli substitutes variables in these paths, but the files are read from the commit
    // when the stack is validated, before any secret has a value.
    return refuse(
      'uses `$`, which Docker reads as a variable: files beside the Compose file are read from the commit before secrets are filled in, so write the path itself.',
    );
  }
  if (written.startsWith('~')) return refuse(`is in a home folder, and only files in the repository are sent: ${example}.`);
  if (written.startsWith('/') || /^\p{L}:[\\/]/u.test(written)) {
    return refuse(`is absolute, and only files in the repository are sent: ${example}.`);
  }
  if (written.includes('\\')) return refuse('contains a backslash: separate folders with /.');

  const parts = folder === '' ? [] : folder.split('/');
  for (const segment of written.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) {
        return refuse(
          `leaves the repository: it is read from ${shownFolder}, and only files inside the repository are sent. Keep the file in the repository and ${example}.`,
        );
      }
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  if (parts.length === 0 || written.endsWith('/') || /(^|\/)\.{1,2}$/.test(written)) {
    return refuse(`names a folder, not a file: ${example}.`);
  }
  return { ok: true, path: parts.join('/') };
}

/** A path for a message: short, on one line, with control characters made visible. */
function shown(text: string): string {
  const visible = text.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > 120 ? `${visible.slice(0, 117)}...` : visible;
}
