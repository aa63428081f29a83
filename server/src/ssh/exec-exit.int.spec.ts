import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { RemoteCommand } from './command.js';
import { createSshPool } from './ssh-pool.js';
import type { SshTarget } from './ssh-target.js';
import { LocalSshd } from './testing/local-sshd.js';

/**
 * A TCP relay in front of the real sshd that, once holding, gathers what the server sends
 * until it has been quiet for `quietMs`, then hands it to the client in one write. The
 * exec reply and the output, exit status and close that follow it then reach ssh2 in one
 * read, as they do when sshd sends them together: seen on the test bed (sshd with PAM),
 * where `id -u` came back without an exit status 25 times in 400 while the listener was
 * added after an await. On plain loopback sshd sends the reply well before the output.
 */
function coalescingRelay(port: number, quietMs: number): Promise<{ server: Server; hold(on: boolean): void }> {
  let holding = false;
  const relay = createServer((client) => {
    const upstream = new Socket();
    let held: Buffer | undefined;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (held) client.write(held);
      held = undefined;
    };
    upstream.connect(port, '127.0.0.1');
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (!holding && !held) return void client.write(d);
      // every chunk restarts the wait: what the server sends in a burst leaves as one write
      held = held ? Buffer.concat([held, d]) : d;
      clearTimeout(timer);
      timer = setTimeout(flush, quietMs);
    });
    const end = () => {
      flush();
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  const hold = (on: boolean) => {
    holding = on;
  };
  return new Promise((resolve) => relay.listen(0, '127.0.0.1', () => resolve({ server: relay, hold })));
}

let sshd: LocalSshd;
let relay: Awaited<ReturnType<typeof coalescingRelay>>;
let target: SshTarget;

beforeAll(async () => {
  sshd = await LocalSshd.start();
  relay = await coalescingRelay(sshd.port, 1000);
  target = sshd.target({ id: 'coalesced', port: (relay.server.address() as AddressInfo).port });
});

afterAll(async () => {
  relay?.server.close();
  await sshd?.cleanup();
});

describe('exit status arriving in the same read as the exec reply (real sshd, coalesced)', () => {
  it('should keep the exit status of every fast exec', async () => {
    const pool = createSshPool();
    try {
      await pool.exec(target, new RemoteCommand(['true'])); // log in at full speed
      relay.hold(true);
      const results: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await pool.exec(target, new RemoteCommand(['sh', '-c', `echo ok; exit ${i % 4}`]));
        results.push(`${r.code}:${r.stdout}`);
      }
      expect(results).toEqual(['0:ok\n', '1:ok\n', '2:ok\n', '3:ok\n']);
    } finally {
      relay.hold(false);
      await pool.closeAll();
    }
  });

  it('should keep the exit status of a fast stream', async () => {
    const pool = createSshPool();
    try {
      await pool.exec(target, new RemoteCommand(['true']));
      relay.hold(true);
      let out = '';
      const r = await pool.stream(
        target,
        new RemoteCommand(['sh', '-c', 'echo ok; exit 4']),
        { onStdout: (s) => (out += s) },
        new AbortController().signal,
      );
      expect(r).toEqual({ code: 4 });
      expect(out).toBe('ok\n');
    } finally {
      relay.hold(false);
      await pool.closeAll();
    }
  });
});
