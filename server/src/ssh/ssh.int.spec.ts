import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile as append, readFile as read, writeFile as write } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { RemoteCommand } from './command.js';
import { STOP_GRACE_MS } from './exec-channel.js';
import { scanHostKey } from './host-key.js';
import { SshError } from './ssh-errors.js';
import type { SshLogger } from './ssh-logger.js';
import { createSshPool, type SshPool } from './ssh-pool.js';
import { generateKey, LocalSshd, pgrep } from './testing/local-sshd.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cmd = (...argv: string[]) => new RemoteCommand(argv);

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

async function rejection(p: Promise<unknown>): Promise<SshError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SshError);
    return err as SshError;
  }
  throw new Error('expected the promise to reject');
}

/** Records log calls so tests can assert what was (and was not) logged. */
function recordingLogger() {
  const entries: Array<{ level: string; obj: Record<string, unknown>; msg: string }> = [];
  const logger: SshLogger = {
    debug: (obj, msg) => entries.push({ level: 'debug', obj, msg }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, msg }),
  };
  return { logger, entries };
}

const ACCEPTED = /Accepted publickey for root/;
const CONNECTION_FROM = /^Connection from 127\.0\.0\.1/;

let sshd: LocalSshd;
let pool: SshPool;

beforeAll(async () => {
  sshd = await LocalSshd.start();
  pool = createSshPool();
});

afterAll(async () => {
  await pool?.closeAll();
  await sshd?.cleanup();
});

describe('SshPool against a real sshd', () => {
  describe('exec', () => {
    it('should return exit code, stdout and stderr without treating a failure as an error', async () => {
      const target = sshd.target({ id: 'exec-codes' });
      const result = await pool.exec(target, cmd('sh', '-c', 'echo out; echo err >&2; exit 3'));
      expect(result).toEqual({ code: 3, signal: null, stdout: 'out\n', stderr: 'err\n' });
      expect((await pool.exec(target, cmd('true'))).code).toBe(0);
    });

    it('should report a command killed by a signal', async () => {
      const target = sshd.target({ id: 'exec-codes' });
      const result = await pool.exec(target, cmd('sh', '-c', 'kill -TERM $$'));
      expect(result).toMatchObject({ code: null, signal: 'SIGTERM' });
    });

    it('should hand stdin to the command and end it, logging neither stdin nor output', async () => {
      const { logger, entries } = recordingLogger();
      const own = createSshPool({ logger });
      const target = sshd.target({ id: 'exec-stdin' });
      const secret = 'registry-password\nwith "quotes" and $(no expansion)';
      try {
        expect((await own.exec(target, cmd('cat'), { stdin: secret })).stdout).toBe(secret);
        // More than ssh2's 2 MiB channel window, to prove flow control is respected.
        const big = Buffer.alloc(3 * 1024 * 1024, 'x');
        const counted = await own.exec(target, cmd('wc', '-c'), { stdin: big });
        expect(counted.stdout.trim()).toBe(String(big.length));
        await own.exec(target, cmd('echo', 'argument-with-token-abc123'));

        const logged = JSON.stringify(entries);
        expect(entries.filter((e) => e.msg === 'ssh command finished')).toHaveLength(3);
        expect(logged).toContain('"program":"cat"');
        expect(logged).not.toContain('registry-password');
        expect(logged).not.toContain('abc123');
        expect(logged).not.toContain('PRIVATE KEY');
      } finally {
        await own.closeAll();
      }
    });

    it('should run through sudo -n when asked', async () => {
      const target = sshd.target({ id: 'exec-sudo' });
      const result = await pool.exec(target, new RemoteCommand(['id', '-u'], { sudo: true }));
      expect(result).toMatchObject({ code: 0, stdout: '0\n' });
    });
  });

  describe('quoting through a real remote shell', () => {
    const nasty = [
      "it's",
      '"double" and \'single\'',
      '$(touch /tmp/otternauts-pwned)',
      '`touch /tmp/otternauts-pwned`',
      'a; touch /tmp/otternauts-pwned',
      'a && b || c | d & e',
      'line1\nline2\n',
      "'\\''",
      '\\',
      '$HOME ${HOME} $((1+1))',
      '*',
      '~root',
      'A=b',
      '-n',
      '# not a comment',
      '{a,b} [abc] ?',
      '!event',
      'tab\there',
      'ünïcødé ✓ 🦦',
      '',
      ' leading and trailing ',
      '>out <in 2>&1',
    ];

    it.each(nasty.map((s) => [JSON.stringify(s), s]))('should pass %s through printf unchanged', async (_label, arg) => {
      const result = await pool.exec(sshd.target({ id: 'quoting' }), cmd('printf', '%s', arg));
      expect(result.stdout).toBe(arg);
    });

    it('should keep every argument separate, also under sudo', async () => {
      const target = sshd.target({ id: 'quoting' });
      const result = await pool.exec(target, new RemoteCommand(['printf', '%s\\0', ...nasty], { sudo: true }));
      expect(result.stdout.split('\0').slice(0, -1)).toEqual(nasty);
      expect(existsSync('/tmp/otternauts-pwned')).toBe(false);
    });
  });

  describe('connection reuse and channel limit', () => {
    it('should serve many commands over ONE authenticated TCP connection', async () => {
      const own = createSshPool();
      const target = sshd.target({ id: 'reuse' });
      const from = sshd.log.length;
      try {
        for (let i = 0; i < 10; i++) await own.exec(target, cmd('true'));
        await Promise.all(Array.from({ length: 10 }, () => own.exec(target, cmd('true'))));
        await sshd.waitForLog(/Starting session: command/, 20, 2000, from);
        expect(sshd.count(CONNECTION_FROM, from)).toBe(1);
        expect(sshd.count(ACCEPTED, from)).toBe(1);
        expect(own.stats()).toMatchObject({ connections: 1, activeChannels: 0 });
      } finally {
        await own.closeAll();
      }
    });

    it('should queue 30 concurrent commands under the channel limit and run them all', async () => {
      const own = createSshPool();
      const target = sshd.target({ id: 'concurrency' });
      const from = sshd.log.length;
      let maxActive = 0;
      let maxQueued = 0;
      const sampler = setInterval(() => {
        const s = own.stats();
        maxActive = Math.max(maxActive, s.activeChannels);
        maxQueued = Math.max(maxQueued, s.queuedChannels);
      }, 5);
      try {
        await own.exec(target, cmd('true'));
        const started = Date.now();
        const results = await Promise.all(Array.from({ length: 30 }, () => own.exec(target, cmd('sleep', '0.3'))));
        const elapsed = Date.now() - started;
        expect(results.every((r) => r.code === 0)).toBe(true);
        expect(maxActive).toBeLessThanOrEqual(8);
        expect(own.stats().targets[0]).toMatchObject({ peakActiveChannels: 8, channelLimit: 8 });
        expect(maxQueued).toBeGreaterThan(0);
        // In slots of 8 that is at least 4 rounds of 0.3 s. That they ran 8 at a time, not one
        // by one, is the peak above: a wall-clock ceiling would only measure the machine's load.
        expect(elapsed).toBeGreaterThanOrEqual(1150);
        expect(sshd.count(ACCEPTED, from)).toBe(1);
      } finally {
        clearInterval(sampler);
        await own.closeAll();
      }
    });

    it('should learn a lower MaxSessions from refusals and still run everything', async () => {
      const strict = await LocalSshd.start({ maxSessions: 3 });
      const { logger, entries } = recordingLogger();
      const own = createSshPool({ logger });
      try {
        const target = strict.target({ id: 'strict' });
        const results = await Promise.all(Array.from({ length: 12 }, () => own.exec(target, cmd('sleep', '0.2'))));
        expect(results.every((r) => r.code === 0)).toBe(true);
        // sshd frees a session a moment after closing its channel, so a reopen can race
        // it: the learned limit may end up below 3, never above.
        expect(own.stats().targets[0].channelLimit).toBeLessThanOrEqual(3);
        expect(entries.some((e) => /lowering the channel limit/.test(e.msg))).toBe(true);
      } finally {
        await own.closeAll();
        await strict.cleanup();
      }
    });

    it('should close a connection left idle', async () => {
      const own = createSshPool({ idleTimeoutMs: 200 });
      const target = sshd.target({ id: 'idle' });
      try {
        await own.exec(target, cmd('true'));
        expect(own.stats().connections).toBe(1);
        await waitFor(() => own.stats().connections === 0, 2000);
        const from = sshd.log.length;
        expect((await own.exec(target, cmd('echo', 'again'))).stdout).toBe('again\n');
        await sshd.waitForLog(ACCEPTED, 1, 2000, from);
      } finally {
        await own.closeAll();
      }
    });

    it('should replace the connection when the target parameters change', async () => {
      const own = createSshPool();
      const second = await generateKey(sshd.dir, `second-${randomUUID()}`);
      await append(path.join(sshd.dir, 'authorized_keys'), await read(second.publicPath));
      const before = sshd.target({ id: 'changing' });
      const from = sshd.log.length;
      try {
        await own.exec(before, cmd('true'));
        await own.exec({ ...before, privateKey: second.privateKey }, cmd('true'));
        await sshd.waitForLog(ACCEPTED, 2, 2000, from);
        const [oldPort, newPort] = sshd.acceptedClientPorts(from);
        expect(newPort).not.toBe(oldPort);
        // The old connection had nothing running, so it is closed at once.
        const disconnected = new RegExp(`Disconnected from user root .* port ${oldPort}$`);
        await sshd.waitForLog(disconnected, 1, 2000, from);
        expect(own.stats().connections).toBe(1);
      } finally {
        await own.closeAll();
      }
    });
  });

  describe('host key verification', () => {
    it('should refuse a server whose key differs from the confirmed one, before anything runs', async () => {
      const own = createSshPool();
      const marker = path.join(sshd.dir, `must-not-exist-${randomUUID()}`);
      const target = sshd.target({
        id: 'mismatch',
        fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      });
      const from = sshd.log.length;
      try {
        const err = await rejection(own.exec(target, cmd('touch', marker)));
        expect(err.kind).toBe('host_key_mismatch');
        expect(err.permanent).toBe(true);
        expect(err.presentedFingerprint).toBe(sshd.hostFingerprint);
        expect(err.message).not.toContain(sshd.hostFingerprint);
        // Asking again is answered from memory: no second connection to a suspect server.
        expect((await rejection(own.exec(target, cmd('touch', marker)))).kind).toBe('host_key_mismatch');

        await sleep(300);
        expect(existsSync(marker)).toBe(false);
        expect(sshd.count(CONNECTION_FROM, from)).toBe(1);
        expect(sshd.count(/publickey|Postponed|Starting session/, from)).toBe(0);

        // Confirming the presented fingerprint is a parameter change: it connects at once.
        const confirmed = { ...target, fingerprint: err.presentedFingerprint! };
        expect((await own.exec(confirmed, cmd('echo', 'ok'))).stdout).toBe('ok\n');
      } finally {
        await own.closeAll();
      }
    });

    it('should report the same fingerprint as ssh-keygen -lf when scanning', async () => {
      const from = sshd.log.length;
      const scanned = await scanHostKey('127.0.0.1', sshd.port, 5000);
      // the blob is the base64 field of the host's .pub line: what a known_hosts file pins
      const blob = (await read(sshd.hostKeyPublicPath, 'utf8')).split(' ')[1];
      expect(scanned).toEqual({ keyType: 'ssh-ed25519', fingerprint: sshd.hostFingerprint, key: blob });
      await sleep(200);
      expect(sshd.count(CONNECTION_FROM, from)).toBe(1);
      expect(sshd.count(/publickey|Postponed|Starting session/, from)).toBe(0);
    });

    it('should verify connections against exactly the scanned fingerprint', async () => {
      const scanned = await scanHostKey('127.0.0.1', sshd.port, 5000);
      const target = sshd.target({ id: 'scanned', fingerprint: scanned.fingerprint });
      expect((await pool.exec(target, cmd('echo', 'trusted'))).stdout).toBe('trusted\n');
    });
  });

  describe('failures', () => {
    it('should fail authentication with a wrong key once, permanently, without retrying', async () => {
      const { logger, entries } = recordingLogger();
      const own = createSshPool({ logger });
      const wrong = await generateKey(sshd.dir, `unauthorized-${randomUUID()}`);
      const target = sshd.target({ id: 'wrong-key', privateKey: wrong.privateKey });
      const from = sshd.log.length;
      try {
        const err = await rejection(own.exec(target, cmd('true')));
        expect(err.kind).toBe('auth_failed');
        expect(err.permanent).toBe(true);
        expect(err.message).toBe('Authentication failed. Verify the username and private key are correct.');
        // A second call (a poller, a retried job) must not knock on the door again.
        expect((await rejection(own.exec(target, cmd('true')))).kind).toBe('auth_failed');

        await sshd.waitForLog(/Connection closed by authenticating user/, 1, 2000, from);
        await sleep(200);
        expect(sshd.count(CONNECTION_FROM, from)).toBe(1);
        expect(sshd.count(/Failed publickey/, from)).toBe(1);
        expect(entries.filter((e) => e.msg === 'ssh connect failed')).toHaveLength(1);
        expect(JSON.stringify(entries)).not.toContain(wrong.privateKey.split('\n')[1]);

        // close() forgets the failure: an explicit retry knocks exactly once more.
        await own.close(target.id);
        expect((await rejection(own.exec(target, cmd('true')))).kind).toBe('auth_failed');
        await sshd.waitForLog(CONNECTION_FROM, 2, 2000, from);
      } finally {
        await own.closeAll();
      }
    });

    it('should not even connect with a key that cannot be parsed', async () => {
      const own = createSshPool();
      const from = sshd.log.length;
      const target = sshd.target({ id: 'garbage-key', privateKey: 'not a key' });
      try {
        const err = await rejection(own.exec(target, cmd('true')));
        expect(err).toMatchObject({ kind: 'auth_failed', permanent: true });
        await sleep(200);
        expect(sshd.count(CONNECTION_FROM, from)).toBe(0);
      } finally {
        await own.closeAll();
      }
    });

    it('should report a stopped sshd as refused on its port, after retrying with backoff', async () => {
      const stopped = await LocalSshd.start();
      await stopped.cleanup();
      const { logger, entries } = recordingLogger();
      const own = createSshPool({ logger });
      try {
        const started = Date.now();
        const err = await rejection(own.exec(stopped.target({ id: 'stopped' }), cmd('true')));
        const elapsed = Date.now() - started;
        expect(err.kind).toBe('connection_refused');
        expect(err.permanent).toBe(false);
        expect(err.message).toBe(
          `Cannot connect to server. Check that SSH is running on port ${stopped.port} and the firewall allows connections.`,
        );
        expect(entries.filter((e) => e.msg === 'ssh connect failed')).toHaveLength(3);
        expect(elapsed).toBeGreaterThanOrEqual(1400); // 0.5 s + 1 s between the attempts
      } finally {
        await own.closeAll();
      }
    });

    it('should fail a command in flight when the server drops the connection, then reconnect', async () => {
      const own = createSshPool();
      const target = sshd.target({ id: 'dropped' });
      const from = sshd.log.length;
      try {
        await own.exec(target, cmd('true'));
        const inFlight = own.exec(target, cmd('sleep', '5'));
        await sshd.waitForLog(/Starting session: command/, 2, 2000, from);
        // Kill the per-connection sshd process, as an OOM kill or a restart would.
        process.kill(await sshd.pidForClientPort(sshd.acceptedClientPorts(from)[0]), 'SIGKILL');

        const err = await rejection(inFlight);
        expect(err).toMatchObject({ kind: 'connection_lost', commandStarted: true, permanent: false });

        expect((await own.exec(target, cmd('echo', 'back'))).stdout).toBe('back\n');
        expect(sshd.count(ACCEPTED, from)).toBe(2);
      } finally {
        await own.closeAll();
      }
    });

    it('should notice a silently dead connection through keepalives', async () => {
      const own = createSshPool({ keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
      const target = sshd.target({ id: 'keepalive' });
      const from = sshd.log.length;
      let frozen: number | undefined;
      try {
        await own.exec(target, cmd('true'));
        const inFlight = own.exec(target, cmd('sleep', '5'));
        await sshd.waitForLog(/Starting session: command/, 2, 2000, from);
        // A stopped process keeps its socket open but answers nothing: a vanished peer.
        frozen = await sshd.pidForClientPort(sshd.acceptedClientPorts(from)[0]);
        process.kill(frozen, 'SIGSTOP');
        const stoppedAt = Date.now();

        const err = await rejection(inFlight);
        expect(err).toMatchObject({ kind: 'connection_lost', commandStarted: true });
        expect(Date.now() - stoppedAt).toBeLessThan(2000);
        expect((await own.exec(target, cmd('echo', 'new line'))).stdout).toBe('new line\n');
      } finally {
        if (frozen) process.kill(frozen, 'SIGKILL');
        await own.closeAll();
      }
    });

    it('should time out against a port that accepts but never speaks', async () => {
      const silent = createServer((socket) => socket.on('error', () => undefined));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as AddressInfo).port;
      const own = createSshPool({ readyTimeoutMs: 300, retryDelaysMs: [50] });
      try {
        const err = await rejection(own.exec(sshd.target({ id: 'silent', port }), cmd('true')));
        expect(err.kind).toBe('timeout');
        expect(err.message).toBe(
          `The otternauts couldn't reach your outpost at 127.0.0.1:${port} (no answer within 0.3 s). Is the station still online?`,
        );
        const scan = await rejection(scanHostKey('127.0.0.1', port, 300));
        expect(scan.kind).toBe('timeout');
      } finally {
        await own.closeAll();
        silent.close();
      }
    });

    it('should cut a pending connection attempt short on close()', async () => {
      const silent = createServer((socket) => socket.on('error', () => undefined));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as AddressInfo).port;
      const own = createSshPool({ readyTimeoutMs: 10_000 });
      try {
        const started = Date.now();
        const pending = rejection(own.exec(sshd.target({ id: 'hanging', port }), cmd('true')));
        await waitFor(() => own.stats().connecting === 1);
        await own.close('hanging');
        expect((await pending).kind).toBe('connection_lost');
        expect(Date.now() - started).toBeLessThan(3000);
        expect(own.stats()).toMatchObject({ connections: 0, connecting: 0 });
      } finally {
        await own.closeAll();
        silent.close();
      }
    });

    it('should call a port that answers with something other than SSH a handshake failure', async () => {
      const other = createServer((socket) => {
        socket.on('error', () => undefined);
        socket.write('220 mail.example.com ESMTP\r\nSSH-1.5-ancient\r\n');
      });
      await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
      const port = (other.address() as AddressInfo).port;
      try {
        const err = await rejection(scanHostKey('127.0.0.1', port, 2000));
        expect(err).toMatchObject({ kind: 'handshake_failed', permanent: true });
        expect(err.message).toContain(`127.0.0.1:${port}`);
      } finally {
        other.close();
      }
    });

    it('should give up on a command that runs too long and move to a fresh connection', async () => {
      const { logger, entries } = recordingLogger();
      const own = createSshPool({ logger });
      const target = sshd.target({ id: 'timeout' });
      const marker = `${40 + Math.floor(Math.random() * 1000)}.${Date.now() % 1000}`;
      const from = sshd.log.length;
      try {
        await own.exec(target, cmd('true'));
        const started = Date.now();
        const err = await rejection(own.exec(target, cmd('sleep', marker), { timeoutMs: 500 }));
        const elapsed = Date.now() - started;
        expect(err.kind).toBe('command_timeout');
        expect(err.message).toContain('within 0.5 s');
        expect(elapsed).toBeGreaterThanOrEqual(500);
        expect(elapsed).toBeLessThan(500 + STOP_GRACE_MS + 1500);
        // As root, sshd ignores the TERM request and keeps the session (and its MaxSessions
        // slot) until `sleep` ends, so the pool stops using that connection.
        expect(entries.some((e) => /not closed by the server/.test(e.msg))).toBe(true);
        expect((await own.exec(target, cmd('echo', 'still fine'))).stdout).toBe('still fine\n');
        expect(sshd.count(ACCEPTED, from)).toBe(2);
        await waitFor(() => own.stats().connections === 1);
      } finally {
        await own.closeAll();
        for (const pid of await pgrep(['-f', `^sleep ${marker}$`])) process.kill(pid);
      }
    });
  });

  describe('stream', () => {
    it('should deliver output as it is written', async () => {
      const logFile = path.join(sshd.dir, `service-${randomUUID()}.log`);
      await write(logFile, '');
      let received = '';
      const abort = new AbortController();
      const done = pool.stream(
        sshd.target({ id: 'stream' }),
        cmd('tail', '-n', '+1', '-f', logFile),
        { onStdout: (chunk) => (received += chunk) },
        abort.signal,
      );
      await waitFor(async () => (await pgrep(['-f', logFile])).length > 0);
      await append(logFile, 'first line\n');
      await waitFor(() => received === 'first line\n');
      await append(logFile, 'second line ✓\n');
      await waitFor(() => received === 'first line\nsecond line ✓\n');
      abort.abort();
      await expect(done).resolves.toEqual({ code: null });
    });

    // A quiet `docker service logs -f` never writes, so it would never notice closed pipes;
    // `sleep` stands in for it. Only the pty hangup ends it (as root, signals are ignored).
    it.each([
      ['directly', false],
      ['through sudo', true],
    ])('should leave no remote process after an abort (%s)', async (_l, sudo) => {
      const target = sshd.target({ id: 'stream' });
      const marker = `${3600 + Math.floor(Math.random() * 1000)}.${Date.now() % 1000}`;
      const script = 'printf "%s\\n" ready; exec sleep "$1"';
      let received = '';
      const abort = new AbortController();
      const done = pool.stream(
        target,
        new RemoteCommand(['sh', '-c', script, 'sh', marker], { sudo }),
        { onStdout: (chunk) => (received += chunk) },
        abort.signal,
      );
      await waitFor(() => received === 'ready\n');
      await waitFor(async () => (await pgrep(['-f', `^sleep ${marker}$`])).length === 1);

      const aborted = Date.now();
      abort.abort();
      await expect(done).resolves.toEqual({ code: null });
      expect(Date.now() - aborted).toBeLessThan(STOP_GRACE_MS);
      await waitFor(async () => (await pgrep(['-f', `^sleep ${marker}$`])).length === 0);
      expect(pool.stats().targets.find((t) => t.id === 'stream')).toMatchObject({
        activeChannels: 0,
        activeStreams: 0,
      });
    });

    it('should resolve with the exit code when the command ends by itself', async () => {
      let received = '';
      const result = await pool.stream(
        sshd.target({ id: 'stream' }),
        cmd('sh', '-c', 'echo one; echo two >&2; exit 4'),
        { onStdout: (chunk) => (received += chunk) },
        new AbortController().signal,
      );
      expect(result).toEqual({ code: 4 });
      expect(received).toBe('one\ntwo\n');
    });

    it('should keep the connection when a handler throws, and end that stream only', async () => {
      const target = sshd.target({ id: 'stream' });
      const done = pool.stream(
        target,
        cmd('sh', '-c', 'echo boom; sleep 5'),
        {
          onStdout: () => {
            throw new Error('handler bug');
          },
        },
        new AbortController().signal,
      );
      await expect(done).rejects.toThrow('handler bug');
      expect((await pool.exec(target, cmd('echo', 'alive'))).stdout).toBe('alive\n');
    });
  });
});
