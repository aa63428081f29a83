// The test bed's private registry as the registry suite uses it: up on one node with a fresh
// password (on stdin only), the test image pushed once, and what the nodes themselves hold
// afterwards (images pulled from it, logins left anywhere), read inside each node.
import { randomBytes } from 'node:crypto';
import { nodeExec, registryPush, registryUp } from '../testbed/testbed.js';

export interface PrivateRegistry {
  /** host:port, e.g. 10.77.0.11:5000 */
  host: string;
  user: string;
  password: string;
  /** the private image, host/base/busybox:1 */
  image: string;
  /** the digest the registry answered to its push */
  digest: string;
}

async function inNode(node: string, cmd: string[]): Promise<string> {
  const r = await nodeExec(node, cmd);
  if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${node} failed (${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

/**
 * Starts the registry on `node` and pushes the test image as base/busybox:1. The push leaves the
 * registry's name on the pushing node's copy of the image: it is taken off again, so that node
 * too can only run the image by pulling it, like every other node.
 */
export async function privateRegistry(node: string, user = 'otto'): Promise<PrivateRegistry> {
  const password = `reg-${randomBytes(9).toString('base64url')}`;
  const host = await registryUp(node, user, password);
  const digest = await registryPush(node, 'base/busybox:1');
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`registry-push printed no digest: ${digest}`);
  const image = `${host}/base/busybox:1`;
  // untagging the repository's last tag drops its digest reference too (Docker prints both as Untagged)
  await inNode(node, ['docker', 'image', 'rm', image]);
  return { host, user, password, image, digest };
}

/** `repository@digest` of every image on the node that has a registry digest (only a pull or a push gives one). */
export async function pulledImages(node: string): Promise<string[]> {
  const out = await inNode(node, ['docker', 'image', 'ls', '--digests', '--format', '{{.Repository}}@{{.Digest}}']);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.endsWith('@<none>'));
}

/** What the node's Docker logged about failed pulls: the registry's own answer, which no task shows. */
export async function pullErrorsLogged(node: string): Promise<string[]> {
  const r = await nodeExec(node, ['grep', '-F', 'pulling image failed', '/var/log/dockerd.log']);
  return r.stdout
    .split('\n')
    .map((l) => /error="((?:[^"\\]|\\.)*)"/.exec(l)?.[1]?.replaceAll('\\"', '"'))
    .filter((e): e is string => !!e);
}

export interface LoginLeftovers {
  /** files named config.json under /tmp, /root and /home that hold an "auths" section */
  auths: string[];
  /** /tmp/otternauts-login.* folders */
  loginDirs: string[];
  /** files anywhere under those folders whose content holds the registry password */
  withPassword: string[];
}

/** Every trace of a registry login on the node: Docker's config.json with auths, our login folders, the password itself. */
export async function loginLeftovers(node: string, user: string, password: string): Promise<LoginLeftovers> {
  const lines = async (script: string, ...args: string[]) =>
    (await inNode(node, ['sh', '-c', script, 'sh', ...args]))
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  return {
    auths: await lines(`find /tmp /root /home -name config.json -type f -exec grep -l '"auths"' {} + 2>/dev/null || true`),
    loginDirs: await lines('ls -d /tmp/otternauts-login.* 2>/dev/null || true'),
    // as typed, and as config.json keeps it (base64 of user:password); the test's own grep inside the node
    withPassword: await lines(
      'grep -rlF -e "$1" -e "$2" /tmp /root /home 2>/dev/null || true',
      password,
      Buffer.from(`${user}:${password}`).toString('base64'),
    ),
  };
}
