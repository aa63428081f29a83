import { RemoteCommand } from '../ssh/command.js';

/**
 * One command for every name: each name is a separate argument ("$@" of a fixed script, quoted
 * by RemoteCommand), so no name is ever part of the script's text. After the names, the Swarm's
 * own view of its nodes' addresses; a worker-less or broken `docker node` prints nothing there.
 */
const LOOKUP_SCRIPT = [
  'for n in "$@"; do printf "@name %s\\n" "$n"; getent ahosts -- "$n"; printf "@rc %s\\n" "$?"; done',
  'printf "@nodes\\n"',
  'ids=$(docker node ls -q 2>/dev/null) && [ -n "$ids" ] && docker node inspect --format "{{.Status.Addr}}" $ids 2>/dev/null',
  'exit 0',
].join('\n');

export function lookupCommand(names: readonly string[], sudo: boolean): RemoteCommand {
  return new RemoteCommand(['sh', '-c', LOOKUP_SCRIPT, 'otternauts-dns', ...names], { sudo });
}

export interface LookupOutput {
  /** name -> its addresses as getent printed them; [] when getent found none (exit code 2) */
  names: Map<string, string[]>;
  /** names getent could not answer for another reason (its exit code was not 0 or 2) */
  failed: Set<string>;
  /** `docker node inspect` Status.Addr of every node, as printed */
  nodeAddresses: string[];
}

/** Reads the script's output: `@name`, getent's `ADDRESS SOCKTYPE [CANONNAME]` lines, `@rc`, then `@nodes`. */
export function parseLookup(stdout: string): LookupOutput {
  const out: LookupOutput = { names: new Map(), failed: new Set(), nodeAddresses: [] };
  let current: string | null = null;
  let inNodes = false;
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (inNodes) {
      out.nodeAddresses.push(line);
      continue;
    }
    if (line === '@nodes') {
      inNodes = true;
      current = null;
      continue;
    }
    if (line.startsWith('@name ')) {
      current = line.slice(6).trim();
      out.names.set(current, []);
      continue;
    }
    if (line.startsWith('@rc ')) {
      const code = line.slice(4).trim();
      // getent: 0 found, 2 "key not found" (NXDOMAIN, or nothing in /etc/hosts and DNS)
      if (current && code !== '0' && code !== '2') out.failed.add(current);
      current = null;
      continue;
    }
    if (current) {
      const address = line.split(/\s+/)[0];
      const list = out.names.get(current)!;
      if (!list.includes(address)) list.push(address);
    }
  }
  return out;
}
