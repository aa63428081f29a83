/** A repository URL Mission Control accepts, in the form git is given. */
export interface GitUrl {
  kind: 'https' | 'ssh';
  /** normalised; what git is given (never with credentials) */
  url: string;
  host: string;
  port: number;
  /** ssh only: the account on the Git host (git) */
  user?: string;
  path: string;
  /** what the dashboard and messages show */
  display: string;
}

export type ParsedGitUrl = { ok: true; url: GitUrl } | { ok: false; message: string };

const fail = (message: string): ParsedGitUrl => ({ ok: false, message });

// plain http is only for Mission Control's own machine (the tests' smart-HTTP server): a token would cross the network in clear
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const SSH_USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const HELPER = /^[A-Za-z][A-Za-z0-9+.-]*::/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

const REFUSED_SCHEMES: Record<string, string> = {
  file: 'file: URLs read the disk of Mission Control itself; give the URL of a Git host (https:// or ssh://)',
  git: 'git:// has neither encryption nor authentication; use the https:// or ssh:// URL of the repository',
  ext: 'ext:: runs a command on Mission Control; give the https:// or ssh:// URL of the repository',
  fd: 'fd:: is not a network transport; give the https:// or ssh:// URL of the repository',
};

function checkHost(host: string): string | null {
  if (host.startsWith('[') || host.endsWith(']')) {
    const inner = host.slice(1, -1);
    if (!host.startsWith('[') || !host.endsWith(']') || !IPV6.test(inner) || !inner.includes(':'))
      return `"${host}" is not a valid IPv6 address`;
    return null;
  }
  if (host.startsWith('-')) return `the host "${host}" starts with "-" (git would read it as an option)`;
  if (!HOSTNAME.test(host)) return `"${host}" is not a valid host name`;
  return null;
}

const bare = (host: string) => host.replace(/^\[(.*)\]$/, '$1');
const bracket = (host: string) => (host.includes(':') ? `[${host}]` : host);

function parsePort(text: string | undefined, fallback: number): number | string {
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,5}$/.test(text)) return `the port "${text}" is not a number`;
  const port = Number(text);
  if (port < 1 || port > 65535) return `the port ${port} is outside 1-65535`;
  return port;
}

function checkPath(path: string): string | null {
  if (path === '' || path === '/') return 'the URL has no repository path (owner/repo.git)';
  if (path.startsWith('-')) return `the path "${path}" starts with "-" (git would read it as an option)`;
  return null;
}

/** The URL as a message may quote it: whatever stands before an `@` could be a credential. */
function shown(input: string): string {
  return input.replace(/^([a-z+]+:\/\/)[^/]*@/i, '$1…@');
}

function parseHttp(input: string, scheme: 'http' | 'https'): ParsedGitUrl {
  let parsed: URL;
  try {
    parsed = new URL(input);
  } catch {
    return fail(`"${shown(input)}" is not a valid URL.`);
  }
  // WHATWG drops an empty user ("https://@host"), so look at the text as well
  const authority = input.slice(scheme.length + 3).split(/[/?#]/, 1)[0];
  if (parsed.username || parsed.password || authority.includes('@')) {
    return fail(
      'The URL carries credentials: remove them from the URL and give the token in the token field instead (it is kept in the vault).',
    );
  }
  if (parsed.search || parsed.hash) return fail('The URL has a query or fragment (? or #); give the plain repository URL.');
  const host = bare(parsed.hostname);
  const hostError = checkHost(parsed.hostname);
  if (hostError) return fail(`The URL's host is invalid: ${hostError}.`);
  if (scheme === 'http' && !LOOPBACK.has(host)) {
    return fail(
      'http:// sends the token and the code in clear over the network; use the https:// URL of the repository (plain http is allowed only for 127.0.0.1, localhost and ::1).',
    );
  }
  const port = parsePort(parsed.port, scheme === 'https' ? 443 : 80);
  if (typeof port === 'string') return fail(`The URL's ${port}.`);
  const pathError = checkPath(parsed.pathname);
  if (pathError) return fail(`The URL is incomplete: ${pathError}.`);
  const url = `${scheme}://${parsed.host}${parsed.pathname}`;
  return { ok: true, url: { kind: 'https', url, host, port, path: parsed.pathname, display: url } };
}

function sshResult(user: string, host: string, port: number, path: string, url: string): ParsedGitUrl {
  if (!SSH_USER.test(user)) return fail(`The SSH user "${user}" is not a valid user name.`);
  const pathError = checkPath(path);
  if (pathError) return fail(`The URL is incomplete: ${pathError}.`);
  return { ok: true, url: { kind: 'ssh', url, host: bare(host), port, user, path, display: url } };
}

const SSH_URL = /^(?:ssh|git\+ssh|ssh\+git):\/\/(?:([^@/]*)@)?(\[[^\]/]*\]|[^:/[\]]*)(?::([^/]*))?(\/.*)?$/;

function parseSsh(input: string): ParsedGitUrl {
  // user:password@ — looked for before the pattern, which could read "password@host" as a port
  if (/^[^@/]*:[^@/]*@/.test(input.replace(/^[a-z+]+:\/\//i, '')))
    return fail('The URL carries a password: remove it; SSH repositories use the deploy key Mission Control generates.');
  const m = SSH_URL.exec(input);
  if (!m) return fail(`"${shown(input)}" is not a valid ssh:// URL (ssh://git@host[:port]/owner/repo.git).`);
  const [, userPart, host, portText, path = ''] = m;
  if (userPart?.includes(':'))
    return fail('The URL carries a password: remove it; SSH repositories use the deploy key Mission Control generates.');
  const hostError = checkHost(host);
  if (hostError) return fail(`The URL's host is invalid: ${hostError}.`);
  const port = parsePort(portText, 22);
  if (typeof port === 'string') return fail(`The URL's ${port}.`);
  const user = userPart ?? 'git';
  const url = `ssh://${user}@${bracket(bare(host))}${port === 22 ? '' : `:${port}`}${path}`;
  return sshResult(user, host, port, path, url);
}

// user@host:path, as GitHub shows it; git reads it as ssh when no slash comes before the colon
const SCP = /^([^@/:]+)@(\[[^\]/]*\]|[^:/[\]@]+):(.*)$/;

function parseScp(input: string): ParsedGitUrl {
  const m = SCP.exec(input);
  if (!m) {
    return fail(
      `"${input}" is not a repository URL: use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git.`,
    );
  }
  const [, user, host, path] = m;
  const hostError = checkHost(host);
  if (hostError) return fail(`The URL's host is invalid: ${hostError}.`);
  if (path.startsWith('//')) return fail('The URL is incomplete: the path after ":" starts with "//".');
  return sshResult(user, host, 22, path, `${user}@${bracket(bare(host))}:${path}`);
}

/**
 * Checks a repository URL a user typed and gives the form git is called with. Refuses
 * anything git would treat as a local path, a command (ext::) or an option, and URLs with
 * credentials (tokens belong in the vault, not in a URL that gets logged and shown).
 */
export function parseGitUrl(input: string): ParsedGitUrl {
  if (typeof input !== 'string' || input === '') return fail('The repository URL is empty.');
  if (input.length > 2048) return fail('The repository URL is longer than 2048 characters.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(input)) return fail('The repository URL contains control characters; paste it again without them.');
  if (/\s/.test(input)) return fail('The repository URL contains whitespace; remove it.');
  if (input.startsWith('-')) return fail('The repository URL starts with "-" (git would read it as an option).');
  if (HELPER.test(input)) {
    const helper = input.slice(0, input.indexOf('::')).toLowerCase();
    return fail(
      `${REFUSED_SCHEMES[helper] ? REFUSED_SCHEMES[helper] : `${helper}:: asks git to run a remote helper; give the https:// or ssh:// URL of the repository`}.`,
    );
  }
  const scheme = SCHEME.exec(input)?.[1].toLowerCase();
  if (scheme && input.slice(scheme.length + 1).startsWith('//')) {
    if (scheme === 'https' || scheme === 'http') return parseHttp(input, scheme);
    if (scheme === 'ssh' || scheme === 'git+ssh' || scheme === 'ssh+git') return parseSsh(input);
    return fail(`${REFUSED_SCHEMES[scheme] ?? `${scheme}:// is not supported; use the https:// or ssh:// URL of the repository`}.`);
  }
  if (scheme && REFUSED_SCHEMES[scheme]) return fail(`${REFUSED_SCHEMES[scheme]}.`);
  if (!input.includes('@')) {
    return fail(
      `"${input}" is not a repository URL: use https://host/owner/repo.git, ssh://git@host/owner/repo.git or git@host:owner/repo.git.`,
    );
  }
  return parseScp(input);
}
