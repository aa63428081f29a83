import { CliError, EXIT } from '../errors.js';
import { configPath, readLogin } from './config-file.js';

/** Where to call and with what: OTTERNAUTS_URL and OTTERNAUTS_TOKEN (CI) win over the stored login. */
export interface Credentials {
  url: string;
  token: string | null;
}

export async function credentials(env: NodeJS.ProcessEnv = process.env): Promise<Credentials> {
  const stored = await readLogin(configPath(env));
  const url = nonEmpty(env.OTTERNAUTS_URL) ?? stored?.url;
  if (!url)
    throw new CliError(
      'Otto does not know which Mission Control to talk to. Run `otternauts login <url>`, or set OTTERNAUTS_URL (and OTTERNAUTS_TOKEN).',
      EXIT.auth,
    );
  const token = nonEmpty(env.OTTERNAUTS_TOKEN) ?? (stored && sameUrl(stored.url, url) ? stored.token : null);
  return { url: normaliseUrl(url), token };
}

/** https://mc.example.com/ and https://mc.example.com are one Mission Control. */
export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`${url} is not a URL. Give Mission Control's address, e.g. https://mc.example.com.`, EXIT.usage);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new CliError(`${url} is not an http(s) URL. Give Mission Control's address, e.g. https://mc.example.com.`, EXIT.usage);
  if (parsed.username || parsed.password)
    throw new CliError('Put the token in OTTERNAUTS_TOKEN or `otternauts login`, not in the URL.', EXIT.usage);
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

const nonEmpty = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);
const sameUrl = (a: string, b: string) => {
  try {
    return normaliseUrl(a) === normaliseUrl(b);
  } catch {
    return false;
  }
};
