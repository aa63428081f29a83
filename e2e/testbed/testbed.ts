// Thin wrapper around testbed.sh for the end-to-end tests (must run as root).
// Every call goes through execFile with an argument array: no shell strings.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// TESTBED_SCRIPT: run the suites against a changed copy of the script without replacing it.
const SCRIPT = process.env.TESTBED_SCRIPT ?? fileURLToPath(new URL('./testbed.sh', import.meta.url));

export interface TestbedNode {
  name: string; // otn1, otn2, ...
  address: string; // 10.77.0.11, ...
  address6: string; // fd77::11, ... (same /64 as the host's fd77::1; sshd and dockerd reach it too)
  sshPort: number;
  hostKeyFingerprints: { ed25519: string; rsa: string; ecdsa: string }; // "SHA256:..." (ssh-keygen -lf)
  docker: boolean; // false for --no-docker nodes: `docker` is absent there
  preswarm: boolean; // true: already manager of its own single-node swarm
  holderPid: number | null;
  sshdPid: number | null;
  dockerdPid: number | null;
  dir: string;
}

export interface TestbedState {
  subnet: string;
  bridge: string;
  hostAddress: string;
  subnet6: string; // fd77::/64
  hostAddress6: string; // fd77::1
  testbedDir: string;
  image: string; // local/busybox:1, imported on every docker node
  dockerVersion: string; // the nodes' Docker Engine (client and daemon), e.g. 26.1.5+dfsg1
  keys: { ed25519: string; wrong: string; rsaPem: string; ecdsaPass: string; ecdsaPassphrase: string };
  users: { root: string; sudo: string; noSudo: string; git: string /* login shell git-shell */ };
  nodes: TestbedNode[];
  /** after registryUp: the private registry (host:port), its user, and the test CA's certificate file */
  registry?: { host: string; user: string; ca: string };
}

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestbedUpOptions {
  nodes?: number;
  noDocker?: string[];
  preswarm?: string[];
}

function run(args: string[], timeoutMs = 120_000, input?: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = execFile('bash', [SCRIPT, ...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      // err.code is the exit status; it is not a number when bash could not run or was killed (timeout).
      const exited = !err || typeof err.code === 'number';
      const code = !err ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr: exited ? stderr : `${stderr}\n${err?.message ?? ''}` });
    });
    // a secret (the registry's password) goes on stdin, never in the arguments
    child.stdin?.end(input ?? '');
  });
}

async function runOk(args: string[], timeoutMs?: number, input?: string): Promise<ExecResult> {
  const r = await run(args, timeoutMs, input);
  if (r.code !== 0) throw new Error(`testbed.sh ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`);
  return r;
}

/** Start the test bed (tears an existing one down first). Takes ~10 s for 4 nodes. */
export async function testbedUp(opts: TestbedUpOptions = {}): Promise<TestbedState> {
  const args = ['up'];
  if (opts.nodes !== undefined) args.push('--nodes', String(opts.nodes));
  for (const n of opts.noDocker ?? []) args.push('--no-docker', n);
  for (const n of opts.preswarm ?? []) args.push('--preswarm', n);
  await runOk(args, 300_000);
  const state = await testbedState();
  if (!state) throw new Error('testbed.sh up finished but wrote no state');
  return state;
}

export async function testbedDown(): Promise<void> {
  await runOk(['down'], 300_000);
}

/** Current state (live pids), or null when the test bed is down. */
export async function testbedState(): Promise<TestbedState | null> {
  const r = await run(['status']);
  if (r.code !== 0) return null;
  return JSON.parse(r.stdout) as TestbedState;
}

/** Run a command as root inside a node (all its namespaces). Never throws on a non-zero exit. */
export function nodeExec(node: string, cmd: string[], timeoutMs?: number): Promise<ExecResult> {
  return run(['exec', node, '--', ...cmd], timeoutMs);
}

export async function sshdStop(node: string): Promise<void> {
  await runOk(['sshd-stop', node]);
}

export async function sshdStart(node: string): Promise<void> {
  await runOk(['sshd-start', node]);
}

/** port: 2377, "2377/tcp" or "7946/udp". TCP is REJECTed with a reset, so clients fail at once. */
export async function blockPort(node: string, port: number | string): Promise<void> {
  await runOk(['block-port', node, String(port)]);
}

export async function unblockPort(node: string, port: number | string): Promise<void> {
  await runOk(['unblock-port', node, String(port)]);
}

/** New sshd host keys on the node (a "rebuilt server"); returns the new state. */
export async function rekey(node: string): Promise<TestbedState> {
  await runOk(['rekey', node]);
  const state = await testbedState();
  if (!state) throw new Error('test bed is down');
  return state;
}

/**
 * A bare repository in the node's `git` user's home (login shell git-shell, the test bed's
 * client key authorised): ssh://git@<address>/~/NAME.git. Returns its path in the node.
 */
export async function gitRepo(node: string, name: string): Promise<string> {
  return (await runOk(['git-repo', node, name])).stdout.trim();
}

/** Adds one OpenSSH public key line (a deploy key) to the node's git user's authorized_keys. */
export async function gitAuthorize(node: string, publicKeyLine: string): Promise<void> {
  await runOk(['git-authorize', node, publicKeyLine]);
}

/** Appends "ADDRESS NAME..." to the node's own /etc/hosts: names that resolve in that node only. */
export async function hostsAdd(node: string, address: string, names: string[]): Promise<void> {
  await runOk(['hosts-add', node, address, ...names]);
}

/**
 * A private registry on `node` (port 5000): basic auth as `user`/`password`, TLS from a test CA
 * every docker node trusts for it. Returns its host:port. `testbedDown` stops it.
 */
export async function registryUp(node: string, user: string, password: string): Promise<string> {
  return (await runOk(['registry-up', node, user], 60_000, `${password}\n`)).stdout.trim();
}

/** The test image pushed to the registry as `repository:tag` from `node`; returns the digest the registry answered. */
export async function registryPush(node: string, ref: string): Promise<string> {
  return (await runOk(['registry-push', node, ref], 120_000)).stdout.trim();
}
