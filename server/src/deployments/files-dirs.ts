import { RemoteCommand } from '../ssh/command.js';

/**
 * The files a Compose file from a repository reads beside itself (configs, secrets, env_file)
 * go to a directory of the deployment's own on the manager, removed when the deploy step ends;
 * the name marks one a killed Mission Control left, so the login-folder sweep removes it too.
 * Files are named by their index, never by their repository names: nothing from the repository
 * reaches a command line.
 */
/** The login folders' parent too (login-dirs.ts): one sweep covers both. */
export const FILES_DIR_PARENT = '/tmp';
export const FILES_DIR_PREFIX = 'otternauts-files.';

/** What `mktemp -d` prints for makeFilesDir(); anything else is not used as a path. */
const FILES_DIR = new RegExp(`^${FILES_DIR_PARENT}/${FILES_DIR_PREFIX.replace('.', '\\.')}[A-Za-z0-9]+$`);

/** One file's upload is bounded like a registry login, which keeps the stale-folder age valid. */
export const FILE_UPLOAD_TIMEOUT_MS = 60_000;

/** mktemp -d makes it 0700, owned by the SSH user; docker (sudo or not) reads from it. */
export const makeFilesDir = () => new RemoteCommand(['mktemp', '-d', `${FILES_DIR_PARENT}/${FILES_DIR_PREFIX}XXXXXXXX`]);

export function filesDirFrom(mktempOutput: string): string {
  const dir = mktempOutput.trim();
  if (!FILES_DIR.test(dir)) throw new Error(`mktemp answered an unexpected folder name: ${JSON.stringify(dir.slice(0, 80))}`);
  return dir;
}

/** Writes stdin to file `index` of the folder (dd: POSIX, no shell redirection needed). */
export const writeFileCommand = (dir: string, index: number) => new RemoteCommand(['dd', `of=${dir}/${index}`]);

/** The files were written as the SSH user, so no sudo is needed to remove them. */
export const removeFilesDir = (dir: string) => new RemoteCommand(['rm', '-rf', '--', dir]);
