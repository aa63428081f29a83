import fs from 'node:fs';
import path from 'node:path';
import type { TestbedNode } from '../testbed/testbed.js';

// The test bed's sshd logs at LogLevel VERBOSE one line per exec channel:
//   "Starting session: command for root from 10.77.0.1 port 41234 id 3"
// Counting them on the server's side tells how many commands Mission Control really ran there,
// whatever Mission Control itself claims.
const SESSION = /Starting session: command for \S+ from (\S+) port \d+ id \d+/;

/** The node's sshd log as the host sees it (the node bind-mounts <dir>/fs/var/log over /var/log). */
export function sshdLogPath(node: TestbedNode): string {
  return path.join(node.dir, 'fs', 'var', 'log', 'sshd.log');
}

/** Commands (exec sessions) the node's sshd started so far for clients at `from` (the host: Mission Control). */
export function sshCommandCount(node: TestbedNode, from: string): number {
  const log = fs.readFileSync(sshdLogPath(node), 'utf8');
  let n = 0;
  for (const line of log.split('\n')) {
    const m = SESSION.exec(line);
    if (m && m[1] === from) n += 1;
  }
  return n;
}
