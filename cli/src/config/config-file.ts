import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError, EXIT } from '../errors.js';

/** What `otternauts login` keeps: where Mission Control is, and the token to call it with. */
export interface StoredLogin {
  url: string;
  token: string | null;
}

/** $XDG_CONFIG_HOME/otternauts/config.json, else ~/.config/otternauts/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME !== '' ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'otternauts', 'config.json');
}

export async function readLogin(path: string): Promise<StoredLogin | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliError(`Cannot read ${path}: ${(e as Error).message}`, EXIT.usage);
  }
  try {
    const parsed = JSON.parse(text) as Partial<StoredLogin>;
    if (typeof parsed.url !== 'string') throw new Error('no url');
    return { url: parsed.url, token: typeof parsed.token === 'string' ? parsed.token : null };
  } catch {
    throw new CliError(`${path} is not a login otternauts wrote. Run \`otternauts login <url>\` again.`, EXIT.usage);
  }
}

/** Written 0600 in a 0700 folder: the token is a password. chmod too, for a file that already existed. */
export async function writeLogin(path: string, login: StoredLogin): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, JSON.stringify(login, null, 2) + '\n', { mode: 0o600 });
  await chmod(path, 0o600);
}

export async function removeLogin(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
