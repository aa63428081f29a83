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

/**
 * The repository folder a build context names ('' for the root), relative to the Compose file's
 * folder as docker compose reads it: the same refusals as resolveInRepository (absolute, home,
 * climbing out, `$`, control characters, backslashes), and a remote context (a Git or HTTP URL)
 * is refused too, since only the commit's own files are built.
 */
export function resolveFolderInRepository(composeFile: string, written: string): RepositoryPath {
  const folder = composeFile.includes('/') ? composeFile.slice(0, composeFile.lastIndexOf('/')) : '';
  const refuse = (why: string): RepositoryPath => ({ ok: false, message: `The build context "${shown(written)}" ${why}` });
  const example = `write it relative to ${composeFile}, like . for ${folder === '' ? 'the root of the repository' : `${folder}/`} or ./app`;
  if (written.length > MAX_PATH_LENGTH) return { ok: false, message: `A build context is longer than ${MAX_PATH_LENGTH} characters.` };
  if (written.trim() === '') return { ok: false, message: `A build context is empty: ${example}.` };
  // what docker/cli and buildx take for a remote context: a URL, git@host:path, or github.com/...
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written) || /^git@/.test(written) || /^github\.com\//.test(written)) {
    return refuse(
      `is a remote context: Otternauts builds from the files of the deployed commit only, so keep the Dockerfile in this repository and ${example}.`,
    );
  }
  if (/\p{Cc}/u.test(written)) return refuse('contains a control character (such as a tab or line break).');
  if (written.includes('$')) {
    return refuse(
      'uses `$`, which Docker reads as a variable: the context is read from the commit before secrets are filled in, so write the path itself.',
    );
  }
  if (written.startsWith('~')) return refuse(`is in a home folder, and only the repository's files are built: ${example}.`);
  if (written.startsWith('/') || /^\p{L}:[\\/]/u.test(written))
    return refuse(`is absolute, and only the repository's files are built: ${example}.`);
  if (written.includes('\\')) return refuse('contains a backslash: separate folders with /.');
  const parts = climb(folder === '' ? [] : folder.split('/'), written);
  if (parts === null) {
    return refuse(
      `leaves the repository (it is read from ${folder === '' ? 'the root of the repository' : `${folder}/`}), and only the repository's files are built: ${example}.`,
    );
  }
  return { ok: true, path: parts.join('/') };
}

/**
 * The Dockerfile's path inside its context, normalised: the context is all the builder gets,
 * so a Dockerfile outside it (`../Dockerfile`, an absolute path) cannot be read.
 */
export function resolveInContext(context: string, written: string): RepositoryPath {
  const refuse = (why: string): RepositoryPath => ({ ok: false, message: `The Dockerfile "${shown(written)}" ${why}` });
  const where = context === '' ? 'the root of the repository' : `${context}/`;
  const example = `write its path inside the build context (${where}), like Dockerfile or docker/Dockerfile.prod`;
  if (written.length > MAX_PATH_LENGTH) return { ok: false, message: `A Dockerfile path is longer than ${MAX_PATH_LENGTH} characters.` };
  if (written.trim() === '')
    return { ok: false, message: `The Dockerfile path is empty: ${example}, or leave \`dockerfile\` out for Dockerfile.` };
  if (/\p{Cc}/u.test(written)) return refuse('contains a control character (such as a tab or line break).');
  if (written.includes('$')) return refuse('uses `$`, which Docker reads as a variable: write the path itself.');
  if (written.startsWith('~') || written.startsWith('/') || /^\p{L}:[\\/]/u.test(written)) {
    return refuse(`is not inside the build context, and the builder is sent the context only: ${example}.`);
  }
  if (written.includes('\\')) return refuse('contains a backslash: separate folders with /.');
  const parts = climb([], written);
  if (parts === null) return refuse(`is outside the build context, and the builder is sent the context only: ${example}.`);
  if (parts.length === 0 || written.endsWith('/') || /(^|\/)\.{1,2}$/.test(written))
    return refuse(`names a folder, not a file: ${example}.`);
  return { ok: true, path: parts.join('/') };
}

/** `start` with the path's segments applied; null when `..` climbs above `start`'s top. */
function climb(start: string[], written: string): string[] | null {
  const parts = [...start];
  for (const segment of written.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') parts.push(segment);
    else if (parts.length === 0) return null;
    else parts.pop();
  }
  return parts;
}
