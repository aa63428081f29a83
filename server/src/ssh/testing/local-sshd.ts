import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SshTarget } from '../ssh-target.js';

const run = promisify(execFile);

/** Runs ssh-keygen (the reference implementation the tests compare against). */
export async function sshKeygen(args: string[]): Promise<string> {
  const { stdout } = await run('ssh-keygen', args);
  return stdout;
}

/** Generates a key pair in `dir`; returns the private key text and the public key path. */
export async function generateKey(
  dir: string,
  name: string,
  args: string[] = ['-t', 'ed25519'],
  passphrase = '',
): Promise<{ privateKey: string; privatePath: string; publicPath: string }> {
  const privatePath = path.join(dir, name);
  await sshKeygen(['-q', ...args, '-N', passphrase, '-C', name, '-f', privatePath]);
  const privateKey = await readFile(privatePath, 'utf8');
  return { privateKey, privatePath, publicPath: `${privatePath}.pub` };
}

/** `ssh-keygen -lf`: "256 SHA256:... comment (ED25519)". */
export async function keygenFingerprint(publicKeyPath: string): Promise<string> {
  return (await sshKeygen(['-lf', publicKeyPath])).split(' ')[1];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A real OpenSSH server on 127.0.0.1 for integration tests: its own ed25519 host key, one
 * authorized client key, everything in a temp dir. Runs as root, like the servers
 * Otternauts manages. LogLevel VERBOSE makes sshd log each connection and key attempt.
 */
export class LocalSshd {
  private logText = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly clientKey: string,
    readonly hostKeyPublicPath: string,
    readonly hostFingerprint: string,
    private readonly proc: ChildProcess,
  ) {
    proc.stderr?.setEncoding('utf8').on('data', (s: string) => (this.logText += s));
  }

  static async start(options: { maxSessions?: number } = {}): Promise<LocalSshd> {
    const dir = await mkdtemp(path.join(tmpdir(), 'otternauts-sshd-'));
    const host = await generateKey(dir, 'host_ed25519');
    const client = await generateKey(dir, 'client_ed25519');
    await writeFile(path.join(dir, 'authorized_keys'), await readFile(client.publicPath));
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${host.privatePath}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      // The temp dir lives under world-writable /tmp, which StrictModes rejects.
      'StrictModes no',
      'PidFile none',
      'UsePAM no',
      `MaxSessions ${options.maxSessions ?? 10}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'LogLevel VERBOSE',
    ].join('\n');
    const configPath = path.join(dir, 'sshd_config');
    await writeFile(configPath, `${config}\n`);
    // sshd refuses to start without its privilege separation directory (normally made by systemd).
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

    const proc = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const sshd = new LocalSshd(dir, port, client.privateKey, host.publicPath, await keygenFingerprint(host.publicPath), proc);
    await sshd.waitForLog(/Server listening on 127\.0\.0\.1 port/, 1, 5000);
    return sshd;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  target(overrides: Partial<SshTarget> = {}): SshTarget {
    return {
      id: `local-sshd-${this.port}`,
      host: '127.0.0.1',
      port: this.port,
      username: 'root',
      privateKey: this.clientKey,
      fingerprint: this.hostFingerprint,
      ...overrides,
    };
  }

  get log(): string {
    return this.logText;
  }

  /** Log lines since `from` (a length of `log` taken earlier) matching `pattern`. */
  count(pattern: RegExp, from = 0): number {
    return this.logText
      .slice(from)
      .split(/\r?\n/) // sshd -e ends its lines with "\r\n"
      .filter((l) => pattern.test(l)).length;
  }

  async waitForLog(pattern: RegExp, atLeast: number, timeoutMs: number, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count(pattern, from) < atLeast) {
      if (this.proc.exitCode !== null) throw new Error(`sshd exited:\n${this.logText}`);
      if (Date.now() > deadline) throw new Error(`sshd never logged ${pattern}:\n${this.logText}`);
      await sleep(20);
    }
  }

  /** The per-connection sshd processes ("sshd: root@notty"), children of the listener. */
  async connectionPids(): Promise<number[]> {
    return pgrep(['-P', String(this.pid)]);
  }

  /** Client ports of the logins logged since `from`, oldest first. */
  acceptedClientPorts(from = 0): number[] {
    const re = /Accepted publickey for \S+ from 127\.0\.0\.1 port (\d+)/g;
    return [...this.logText.slice(from).matchAll(re)].map((m) => Number(m[1]));
  }

  /** The sshd process serving the connection from one client port (found with `ss -p`). */
  async pidForClientPort(clientPort: number): Promise<number> {
    const filter = `( sport = :${this.port} and dport = :${clientPort} )`;
    const { stdout } = await run('ss', ['-Htnp', 'state', 'established', filter]);
    const pids = [...stdout.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    const pid = pids.find((p) => p !== this.pid);
    if (pid === undefined) throw new Error(`no sshd process serves client port ${clientPort}`);
    return pid;
  }

  async stop(): Promise<void> {
    const children = await this.connectionPids();
    if (this.proc.exitCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await exited;
    }
    // A listener's exit leaves its connection processes running: end those too.
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone with its connection.
      }
    }
  }

  async cleanup(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** pgrep with its "no match" exit status 1 read as an empty list. */
export async function pgrep(args: string[]): Promise<number[]> {
  try {
    const { stdout } = await run('pgrep', args);
    return stdout.split('\n').filter(Boolean).map(Number);
  } catch (err) {
    if ((err as { code?: number }).code === 1) return [];
    throw err;
  }
}
