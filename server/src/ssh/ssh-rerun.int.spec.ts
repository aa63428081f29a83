import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RemoteCommand } from './command.js';
import { SshError } from './ssh-errors.js';
import type { SshLogger } from './ssh-logger.js';
import { createSshPool } from './ssh-pool.js';
import { LocalSshd, pgrep } from './testing/local-sshd.js';

/**
 * A command that counts its runs in a file and, on the runs listed, waits long enough for
 * the test to kill the connection under it: what a dropped link does to a real step.
 */
// A unique duration, so afterAll can end exactly the sleeps this file started.
const SLEEP = `20.${process.pid}`;
const counted = (file: string, slowRuns: number[]) =>
  new RemoteCommand([
    'sh',
    '-c',
    'n=$(( $(cat "$0" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$0"; for s in $1; do [ "$s" = "$n" ] && sleep "$2"; done; echo "run $n"',
    file,
    slowRuns.join(' '),
    SLEEP,
  ]);

function recordingLogger() {
  const entries: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const logger: SshLogger = {
    debug: (obj, msg) => entries.push({ level: 'debug', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
  };
  return { logger, entries };
}

let sshd: LocalSshd;
let dir: string;

beforeAll(async () => {
  sshd = await LocalSshd.start();
  dir = mkdtempSync(path.join(tmpdir(), 'otn-rerun-'));
});

afterAll(async () => {
  // a killed connection leaves its command running on the server: ours end here
  for (const pid of await pgrep(['-f', `^sleep ${SLEEP}$`])) process.kill(pid);
  await sshd?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Kills the per-connection sshd process under run `nth` of the command, once that run started. */
async function killConnection(from: number, file: string, nth: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (readCount(file) !== nth) {
    if (Date.now() > deadline) throw new Error(`run ${nth} never started`);
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(await sshd.pidForClientPort(sshd.acceptedClientPorts(from)[nth - 1]), 'SIGKILL');
}

function readCount(file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch {
    return 0;
  }
}

describe('SshPool reruns idempotent commands after a lost connection (real sshd)', () => {
  it('should reconnect and run an idempotent command again when the connection dies under it', async () => {
    const { logger, entries } = recordingLogger();
    const pool = createSshPool({ logger, rerunDelaysMs: [100, 100] });
    const file = path.join(dir, 'idempotent');
    const from = sshd.log.length;
    try {
      const running = pool.exec(sshd.target({ id: 'rerun' }), counted(file, [1]), { idempotent: true });
      await killConnection(from, file, 1);
      const result = await running;
      expect(result).toMatchObject({ code: 0, stdout: 'run 2\n' });
      expect(readFileSync(file, 'utf8')).toBe('2\n');
      expect(sshd.acceptedClientPorts(from)).toHaveLength(2);
      expect(entries.filter((e) => e.msg === 'ssh connection lost while an idempotent command ran; running it again')).toEqual([
        { level: 'warn', obj: { targetId: 'rerun', program: 'sh', rerun: 1, waitMs: 100 }, msg: expect.any(String) },
      ]);
    } finally {
      await pool.closeAll();
    }
  });

  it('should never run a command again that was not marked idempotent', async () => {
    const pool = createSshPool({ rerunDelaysMs: [100, 100] });
    const file = path.join(dir, 'once');
    const from = sshd.log.length;
    try {
      const running = pool.exec(sshd.target({ id: 'once' }), counted(file, [1]));
      await killConnection(from, file, 1);
      const err = await running.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SshError);
      expect(err).toMatchObject({ kind: 'connection_lost', commandStarted: true });
      expect(readFileSync(file, 'utf8')).toBe('1\n');
    } finally {
      await pool.closeAll();
    }
  });

  it('should give up after its reruns when the connection keeps dying', async () => {
    const pool = createSshPool({ rerunDelaysMs: [100, 100] });
    const file = path.join(dir, 'flaky');
    const from = sshd.log.length;
    try {
      const running = pool.exec(sshd.target({ id: 'flaky' }), counted(file, [1, 2, 3, 4]), { idempotent: true });
      const failed = running.then(
        () => undefined,
        (e: unknown) => e,
      );
      for (const nth of [1, 2, 3]) await killConnection(from, file, nth);
      expect(await failed).toMatchObject({ kind: 'connection_lost', commandStarted: true });
      // the first run and two reruns, no fourth
      expect(readFileSync(file, 'utf8')).toBe('3\n');
      expect(sshd.acceptedClientPorts(from)).toHaveLength(3);
    } finally {
      await pool.closeAll();
    }
  });
});
