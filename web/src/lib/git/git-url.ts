/**
 * What the dashboard needs to know about a repository URL before asking Mission Control:
 * SSH URLs have a host key to confirm and take a deploy key; HTTPS ones are public or take a
 * token. Mission Control does the real parsing and refusing (credentials, file:, ext::...);
 * this only picks the next step of the form.
 */
export type UrlKind = 'ssh' | 'https' | 'unknown';

// scp form: user@host:path, where the part before ':' holds no '/' (else it is a local path).
const SCP_FORM = /^[^\s/@:]+@[^\s/:]+:(?!\/\/)\S+$/;

export function repositoryUrlKind(input: string): UrlKind {
  const url = input.trim();
  if (/^ssh:\/\//i.test(url) || SCP_FORM.test(url)) return 'ssh';
  if (/^https?:\/\//i.test(url)) return 'https';
  return 'unknown';
}

/** A name to start from: the last part of the path without .git ("otternauts" for …/otternauts.git). */
export function suggestedRepositoryName(input: string): string {
  const url = input.trim().replace(/[?#].*$/, '');
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/^[^@/]*@[^:/]*:/, '');
  const last = path.split('/').filter(Boolean).pop() ?? '';
  return last.replace(/\.git$/i, '');
}

export type Access = 'public' | 'deploy_key' | 'token';

/** The access choices a URL of that kind allows, the default first. */
export function accessChoices(kind: UrlKind): Access[] {
  if (kind === 'ssh') return ['deploy_key'];
  if (kind === 'https') return ['public', 'token'];
  return [];
}

/** The choice to keep when the URL changes kind: the current one if still allowed. */
export function keptAccess(current: Access, kind: UrlKind): Access {
  const choices = accessChoices(kind);
  return choices.includes(current) ? current : (choices[0] ?? current);
}
