/**
 * `docker login` failures in plain words. Docker 26's texts (measured against the test bed's
 * Distribution 2.8 registry): a wrong password is
 *   Error response from daemon: login attempt to https://10.77.0.11:5000/v2/ failed with status: 401 Unauthorized
 * an address nothing answers on is
 *   Error response from daemon: Get "https://10.77.0.99:5000/v2/": dial tcp 10.77.0.99:5000: connect: no route to host
 * The password is never in them; it is scrubbed anyway, since a registry's own error body is
 * quoted into some of them and could echo what it was sent.
 */
export function loginFailure(login: { registryUrl: string; username: string; password: string }, output: string, from: string): string {
  const text = scrub(lastLine(output), login.password);
  const status = /failed with status: (\d{3}[^\n]*)/.exec(text)?.[1]?.trim();
  if (status?.startsWith('401'))
    return `The registry ${login.registryUrl} refused the password for ${login.username} (${status}): update the credential under Registries.`;
  if (status?.startsWith('403'))
    return `The registry ${login.registryUrl} does not let ${login.username} log in (${status}): check the account's permissions, or update the credential under Registries.`;
  const prefix = `Could not log in to ${login.registryUrl} as ${login.username}: `;
  if (/x509:|certificate/i.test(text))
    return `${prefix}${from} does not trust the registry's TLS certificate (${stripDaemonPrefix(text)}); give its Docker the registry's CA in /etc/docker/certs.d/${hostOf(login.registryUrl)}/ca.crt, or use a certificate from a public CA.`;
  if (/dial tcp|no such host|i\/o timeout|connection refused|no route to host|Client\.Timeout|server misbehaving/i.test(text))
    return `${prefix}${from} cannot reach the registry (${stripDaemonPrefix(text)}); check its address and that ${from} can connect to it.`;
  return `${prefix}${stripDaemonPrefix(text) || `docker login on ${from} failed without saying why`}`;
}

const lastLine = (output: string) =>
  output
    .trim()
    .split('\n')
    .map((l) => l.trim())
    // the notice a successful login prints is no reason for a failure
    .filter(
      (l) => l && !/^WARNING! Your password will be stored unencrypted|^Configure a credential helper|^https:\/\/docs\.docker\.com/.test(l),
    )
    .at(-1) ?? '';

const stripDaemonPrefix = (text: string) => text.replace(/^Error response from daemon:\s*/, '');

const hostOf = (registryUrl: string) => registryUrl.split('/')[0];

function scrub(text: string, password: string): string {
  return password ? text.split(password).join('[password]') : text;
}
