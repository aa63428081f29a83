import type { Server } from '../generated/prisma/client.js';
import { RemoteCommand } from '../ssh/command.js';
import { SshError } from '../ssh/ssh-errors.js';
import {
  parseDfAvailableKb,
  parseInfo,
  parseOsRelease,
  parseServerVersion,
  swarmState,
  versionAtLeast,
  type SwarmState,
} from '../swarm/docker-output.js';
import { hostPort, unbracket } from '../swarm/swarm-address.js';
import { judgeLoginShell, loginShellCommand, parseLoginShell } from './login-shell.js';
import { ServerShell } from './server-shell.js';
import { MESSAGES } from './server-messages.js';

export type CheckStatus = 'pass' | 'warn' | 'fail';
export interface PreflightResult {
  check: string;
  status: CheckStatus;
  message: string;
}

export interface PreflightOptions {
  minDockerVersion: string;
  /** the Swarm this cluster already has (null before the first manager) */
  clusterSwarmId: string | null;
  /** for a joining server: the manager address it must reach on 2377/7946 */
  managerAddress: string | null;
  leaveExistingSwarm: boolean;
}

export interface PreflightFacts {
  results: PreflightResult[];
  os: string | null;
  dockerVersion: string | null;
  dockerInstalled: boolean;
  swarm: SwarmState | null;
}

const MIN_FREE_KB = 5 * 1024 * 1024;
const SUPPORTED_OS = new Set(['ubuntu 22.04', 'ubuntu 24.04', 'debian 12']);
// A constant script: host and port arrive as $0 and $1, never inside the script text.
const TCP_PROBE = 'exec 3<>"/dev/tcp/$0/$1"';

/**
 * The checks run before anything is changed on a server. Each says pass, warn or fail in
 * words a user can act on; a failure stops onboarding before any change.
 */
export class Preflight {
  readonly results: PreflightResult[] = [];

  constructor(
    private readonly shell: ServerShell,
    private readonly server: Server,
    private readonly opts: PreflightOptions,
  ) {}

  private add(check: string, status: CheckStatus, message: string): void {
    this.results.push({ check, status, message });
  }

  get failed(): PreflightResult | undefined {
    return this.results.find((r) => r.status === 'fail');
  }

  async run(): Promise<PreflightFacts> {
    const facts: PreflightFacts = { results: this.results, os: null, dockerVersion: null, dockerInstalled: false, swarm: null };
    if (!(await this.connection())) return facts;
    if (!(await this.loginShell())) return facts;
    if (this.shell.needsSudo(this.server) && !(await this.sudo())) return facts;
    facts.os = await this.os();
    const docker = await this.docker();
    facts.dockerInstalled = docker.installed;
    facts.dockerVersion = docker.version;
    await this.disk(docker.rootDir);
    if (docker.version && !this.failed) facts.swarm = await this.swarm();
    if (this.opts.managerAddress && !this.failed) await this.swarmPorts(this.opts.managerAddress);
    return facts;
  }

  private async connection(): Promise<boolean> {
    try {
      await this.shell.runOk(this.server, new RemoteCommand(['id', '-u']), 'id', { idempotent: true });
      this.add('ssh', 'pass', `SSH answers on ${this.server.hostname}:${this.server.sshPort} with the confirmed host key.`);
      this.add('auth', 'pass', `The key is accepted for ${this.server.sshUser}.`);
      return true;
    } catch (err) {
      if (err instanceof SshError && err.kind === 'auth_failed') {
        this.add('ssh', 'pass', `SSH answers on ${this.server.hostname}:${this.server.sshPort} with the confirmed host key.`);
        this.add('auth', 'fail', err.message);
      } else {
        this.add('ssh', 'fail', err instanceof Error ? err.message : String(err));
      }
      return false;
    }
  }

  /** Before anything else runs through it: a non-POSIX shell would misread our quoting. */
  private async loginShell(): Promise<boolean> {
    const user = this.server.sshUser;
    let r = await this.shell.run(this.server, loginShellCommand(user), { idempotent: true });
    // no getent (busybox systems): the file itself
    if (r.code !== 0) r = await this.shell.run(this.server, new RemoteCommand(['cat', '/etc/passwd']), { idempotent: true });
    const verdict = judgeLoginShell(user, r.code === 0 ? parseLoginShell(r.stdout, user) : null);
    this.add('shell', verdict.status, verdict.message);
    return verdict.status !== 'fail';
  }

  private async sudo(): Promise<boolean> {
    const r = await this.shell.run(this.server, new RemoteCommand(['sudo', '-n', 'true']), { idempotent: true });
    if (r.code === 0) {
      this.add('sudo', 'pass', `${this.server.sshUser} may use sudo without a password.`);
      return true;
    }
    this.add('sudo', 'fail', MESSAGES.sudo);
    return false;
  }

  private async os(): Promise<string | null> {
    const r = await this.shell.run(this.server, new RemoteCommand(['cat', '/etc/os-release']), { idempotent: true });
    if (r.code !== 0) {
      this.add('os', 'warn', 'Could not read /etc/os-release; Otternauts is tested on Ubuntu 22.04/24.04 and Debian 12.');
      return null;
    }
    const os = parseOsRelease(r.stdout);
    const key = `${os.id} ${os.versionId}`.toLowerCase();
    if (SUPPORTED_OS.has(key)) this.add('os', 'pass', `${os.prettyName} is supported.`);
    else
      this.add('os', 'warn', `${os.prettyName} is not tested with Otternauts (Ubuntu 22.04/24.04 and Debian 12 are); it may still work.`);
    return os.prettyName;
  }

  private async docker(): Promise<{ installed: boolean; version: string | null; rootDir: string | null }> {
    const present = await this.shell.run(this.server, new RemoteCommand(['command', '-v', 'docker']), { idempotent: true });
    if (present.code !== 0) {
      this.add('docker', 'warn', 'Docker is not installed. Otto will install it (Docker’s official packages).');
      return { installed: false, version: null, rootDir: null };
    }
    const docker = this.shell.docker(this.server);
    const v = await this.shell.run(this.server, docker.version(), { idempotent: true });
    // exits non-zero when the daemon is down, but still prints the client part
    const version = parseServerVersion(v.stdout);
    if (!version) {
      this.add('docker', 'fail', 'Docker is installed but its daemon does not answer. Start it (systemctl start docker) and retry.');
      return { installed: true, version: null, rootDir: null };
    }
    if (!versionAtLeast(version, this.opts.minDockerVersion)) {
      this.add(
        'docker',
        'fail',
        `Docker ${version} is older than the minimum ${this.opts.minDockerVersion}. Upgrade Docker on this server, then retry.`,
      );
      return { installed: true, version, rootDir: null };
    }
    const info = await this.shell.run(this.server, docker.info(), { idempotent: true });
    const rootDir = info.code === 0 ? parseInfo(info.stdout).DockerRootDir : null;
    this.add('docker', 'pass', `Docker ${version} is installed.`);
    return { installed: true, version, rootDir };
  }

  private async disk(rootDir: string | null): Promise<void> {
    const where = rootDir ?? '/var/lib';
    const r = await this.shell.run(this.server, new RemoteCommand(['df', '-Pk', where]), { idempotent: true });
    const availKb = r.code === 0 ? parseDfAvailableKb(r.stdout) : null;
    if (availKb === null) {
      this.add('disk', 'warn', `Could not read the free space under ${where}.`);
      return;
    }
    const gb = (availKb / 1024 / 1024).toFixed(1);
    if (availKb >= MIN_FREE_KB) this.add('disk', 'pass', `${gb} GB free under ${where}.`);
    else this.add('disk', 'fail', `Only ${gb} GB free under ${where}; Docker needs at least 5 GB. Free some space and retry.`);
  }

  private async swarm(): Promise<SwarmState | null> {
    const r = await this.shell.run(this.server, this.shell.docker(this.server).info(), { idempotent: true });
    if (r.code !== 0) return null;
    const state = swarmState(parseInfo(r.stdout));
    if (state.state === 'inactive') {
      this.add('swarm', 'pass', 'Not in a Swarm yet.');
    } else if (state.clusterId && state.clusterId === this.opts.clusterSwarmId) {
      this.add('swarm', 'pass', 'Already a member of this cluster’s Swarm.');
    } else if (this.opts.leaveExistingSwarm) {
      this.add('swarm', 'warn', `In another Swarm (${state.clusterId ?? state.state}); it will leave it, as you asked.`);
    } else {
      this.add('swarm', 'fail', MESSAGES.otherSwarm(state.clusterId));
    }
    return state;
  }

  private async swarmPorts(manager: string): Promise<void> {
    for (const port of [2377, 7946]) {
      const r = await this.shell.run(
        this.server,
        new RemoteCommand(['timeout', '5', 'bash', '-c', TCP_PROBE, unbracket(manager), String(port)]),
        { idempotent: true },
      );
      if (r.code === 0) this.add(`port-${port}`, 'pass', `This server reaches the manager at ${hostPort(manager, port)}/tcp.`);
      else
        this.add(`port-${port}`, 'fail', `This server cannot reach the manager at ${hostPort(manager, port)}/tcp. ${MESSAGES.joinPorts}`);
    }
    this.add('port-4789', 'warn', 'UDP 4789 (overlay traffic) cannot be checked from here: make sure it is open between servers.');
  }
}
