// Watches every process argument list on the machine while the Git suites fetch and deploy:
// a token or key that ever reached an argv shows up in /proc/<pid>/cmdline. The host's /proc
// lists the processes of every node too (their PID namespaces are children of the host's);
// each node is also sampled from inside its own namespaces, as a user on that server would
// see it. Deploy key files that Mission Control hands to ssh (`-i <file>`) are read while
// they exist, so the suites can then prove their content leaks nowhere and the file is gone.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeExec } from '../testbed/testbed.js';

export interface SecretHit {
  where: string;
  /** the argument list, the secret itself replaced by <SECRET> */
  cmdline: string;
}

export interface CapturedKeyFile {
  path: string;
  content: string;
  mode: number;
}

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export class SecretWatch {
  readonly hits: SecretHit[] = [];
  readonly keyFiles = new Map<string, CapturedKeyFile>();
  hostSamples = 0;
  nodeSamples = 0;
  /** distinct argv lines seen inside nodes (proof the node sampling saw real processes) */
  readonly nodeCommands = new Set<string>();
  /** distinct argv lines of git or ssh that Mission Control ran (its descendants) */
  readonly gitCommands = new Set<string>();
  private readonly secrets = new Set<string>();
  /** Mission Control's pid: only its descendants' git and ssh calls are its own (other tests may run on the machine) */
  private root: number | null = null;
  private running = false;
  private loops: Promise<void>[] = [];

  /** key files of the test's own (the test bed's client key) are not Mission Control's */
  constructor(private readonly ownKeyFiles: string[] = []) {}

  /** From now on, git/ssh command lines and key files are collected from this process's descendants only. */
  follow(pid: number): void {
    this.root = pid;
  }

  private descends(pid: number): boolean {
    if (this.root === null) return false;
    let p = pid;
    for (let depth = 0; depth < 12 && p > 1; depth++) {
      if (p === this.root) return true;
      try {
        // field 4 of /proc/<pid>/stat is the parent; the name before it may hold spaces, so cut after ")"
        const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
        p = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      } catch {
        return false;
      }
    }
    return false;
  }

  add(secret: string): void {
    if (secret.length < 8) throw new Error('a secret to watch must be at least 8 characters');
    this.secrets.add(secret);
  }

  /** The secrets so far, plus the body lines of every captured private key. */
  all(): string[] {
    const keyLines = [...this.keyFiles.values()].flatMap((k) =>
      k.content
        .split('\n')
        .filter((l) => l.length >= 40 && !l.startsWith('-----'))
        .slice(0, 3),
    );
    return [...this.secrets, ...keyLines];
  }

  /** The secrets found in `text`, described without the secret itself. */
  findIn(text: string): string[] {
    const found: string[] = [];
    for (const s of this.all()) if (text.includes(s)) found.push(`${s.slice(0, 4)}… (${s.length} chars)`);
    if (PRIVATE_KEY.test(text)) found.push('a PEM/OpenSSH private key block');
    return found;
  }

  start(nodes: string[], hostEveryMs = 50, nodeEveryMs = 1000): void {
    this.running = true;
    this.loops = [this.hostLoop(hostEveryMs), ...nodes.map((n) => this.nodeLoop(n, nodeEveryMs))];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private check(where: string, cmdline: string): void {
    if (!cmdline) return;
    let leaked = PRIVATE_KEY.test(cmdline);
    let shown = cmdline;
    for (const s of this.all()) {
      if (cmdline.includes(s)) {
        leaked = true;
        shown = shown.split(s).join('<SECRET>');
      }
    }
    if (leaked) this.hits.push({ where, cmdline: shown.slice(0, 400) });
  }

  private captureKeyFile(cmdline: string): void {
    for (const m of cmdline.matchAll(/(?:^|\s)-i\s*['"]?([^'"\s]+)|IdentityFile[= ]['"]?([^'"\s]+)/g)) {
      const file = m[1] ?? m[2];
      if (this.keyFiles.has(file) || this.ownKeyFiles.includes(file)) continue;
      try {
        const content = fs.readFileSync(file, 'utf8');
        const mode = fs.statSync(file).mode & 0o777;
        if (PRIVATE_KEY.test(content)) this.keyFiles.set(file, { path: file, content, mode });
      } catch {
        /* gone already: ssh only needs it for a moment */
      }
    }
  }

  private async hostLoop(everyMs: number): Promise<void> {
    while (this.running) {
      for (const pid of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(pid)) continue;
        let cmdline: string;
        try {
          cmdline = fs
            .readFileSync(path.join('/proc', pid, 'cmdline'))
            .toString('utf8')
            .split('\0')
            .join(' ')
            .trim();
        } catch {
          continue; // exited meanwhile
        }
        this.check(`host pid ${pid}`, cmdline);
        if (/(^|\/)(git|ssh)(\s|$)|git-upload-pack|git-remote-http|GIT_ASKPASS/.test(cmdline) && this.descends(Number(pid))) {
          this.gitCommands.add(cmdline.slice(0, 4000));
          this.captureKeyFile(cmdline);
        }
      }
      this.hostSamples++;
      await sleep(everyMs);
    }
  }

  private async nodeLoop(node: string, everyMs: number): Promise<void> {
    while (this.running) {
      // the node's own /proc (its PID namespace), read by a shell inside it
      const r = await nodeExec(node, ['sh', '-c', 'for f in /proc/[0-9]*/cmdline; do tr "\\000" " " <"$f"; echo; done 2>/dev/null']);
      for (const line of r.stdout.split('\n')) {
        const cmdline = line.trim();
        if (!cmdline) continue;
        this.check(`${node}`, cmdline);
        this.nodeCommands.add(`${node}: ${cmdline.slice(0, 200)}`);
      }
      this.nodeSamples++;
      await sleep(everyMs);
    }
  }
}

/** Files under `dir` whose bytes contain one of the secrets (relative paths). */
export function filesContaining(dir: string, secrets: string[]): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const bytes = fs.readFileSync(p);
        if (secrets.some((s) => bytes.includes(s)) || PRIVATE_KEY.test(bytes.toString('latin1'))) found.push(path.relative(dir, p));
      }
    }
  };
  walk(dir);
  return found;
}
