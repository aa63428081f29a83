import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RemoteCommand } from './command.js';
import { OUTPUT_HEAD_BYTES, OUTPUT_TAIL_BYTES } from './exec-channel.js';
import { createSshPool, type SshPool } from './ssh-pool.js';
import { LocalSshd } from './testing/local-sshd.js';

const sh = (script: string) => new RemoteCommand(['sh', '-c', script]);

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

describe('command output held within bounds, against a real sshd', () => {
  const cap = OUTPUT_HEAD_BYTES + OUTPUT_TAIL_BYTES;

  it('should keep output up to the bound whole', async () => {
    const result = await pool.exec(sshd.target({ id: 'output-fits' }), sh(`head -c ${cap} /dev/zero | tr '\\0' x`));
    expect(result.code).toBe(0);
    expect(result.stdout).toHaveLength(cap);
    expect(result.stdout).not.toContain('left out');
  });

  it('should keep the start and the end of a flood on both streams, saying how much it left out', async () => {
    const flood = 40 * 1024 * 1024;
    const script = [
      `{ printf 'FIRST-LINE\\n'; head -c ${flood} /dev/zero | tr '\\0' o; printf '\\nLAST-LINE\\n'; }`,
      `{ printf 'warning: starting\\n'; head -c ${flood} /dev/zero | tr '\\0' e; printf '\\nError: the real reason\\n'; } >&2`,
      'exit 7',
    ].join('; ');
    const result = await pool.exec(sshd.target({ id: 'output-flood' }), sh(script), { timeoutMs: 120_000 });

    expect(result.code).toBe(7);
    const outTotal = 'FIRST-LINE\n'.length + flood + '\nLAST-LINE\n'.length;
    expect(result.stdout.startsWith('FIRST-LINE\nooo')).toBe(true);
    expect(result.stdout.endsWith('ooo\nLAST-LINE\n')).toBe(true);
    expect(result.stdout).toContain(`\n... ${outTotal - cap} bytes left out ...\n`);
    expect(result.stdout.length).toBeLessThan(cap + 100);

    const errTotal = 'warning: starting\n'.length + flood + '\nError: the real reason\n'.length;
    expect(result.stderr.startsWith('warning: starting\n')).toBe(true);
    expect(result.stderr.endsWith('\nError: the real reason\n')).toBe(true);
    expect(result.stderr).toContain(`\n... ${errTotal - cap} bytes left out ...\n`);
  });

  it('should pause a stream while its reader asks it to wait, and deliver everything after', async () => {
    const total = 32 * 1024 * 1024;
    let received = 0;
    let receivedAtPause = -1;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = pool.stream(
      sshd.target({ id: 'stream-paused' }),
      sh(`head -c ${total} /dev/zero | tr '\\0' s`),
      {
        onStdout: (chunk) => {
          received += chunk.length;
          return receivedAtPause >= 0; // the first chunk asks to wait; after the release, no more waits
        },
        waitForDrain: () => {
          receivedAtPause = received;
          return released;
        },
      },
      new AbortController().signal,
    );
    // on a loaded machine the connection alone can take seconds: wait for the pause, then a second more
    for (let waited = 0; receivedAtPause < 0 && waited < 60_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // what ssh2 had already taken in, and no more: the remote command is held back
    expect(receivedAtPause).toBeGreaterThan(0);
    expect(received).toBeLessThan(8 * 1024 * 1024);
    release();
    expect((await done).code).toBe(0);
    expect(received).toBe(total);
  });

  it('should take binary stdin whole and hand each output chunk to its callback as it comes, stderr apart', async () => {
    // every byte value, 3 MiB of it: more than one channel window, so the write has to wait for the server
    const stdin = Buffer.alloc(3 * 1024 * 1024, 0);
    for (let i = 0; i < stdin.length; i++) stdin[i] = i % 256;
    const out: Buffer[] = [];
    let err = '';
    const firstErrAt: number[] = [];
    const started = Date.now();
    const result = await pool.exec(
      sshd.target({ id: 'output-callbacks' }),
      sh(`echo step-1 >&2; sleep 1; sha256sum | cut -d ' ' -f 1; echo step-2 >&2`),
      {
        stdin,
        timeoutMs: 30_000,
        onStdout: (chunk) => out.push(chunk),
        onStderr: (chunk) => {
          if (firstErrAt.length === 0) firstErrAt.push(Date.now() - started);
          err += chunk.toString('utf8');
        },
      },
    );
    expect(result.code).toBe(0);
    const digest = createHash('sha256').update(stdin).digest('hex');
    expect(Buffer.concat(out).toString('utf8').trim()).toBe(digest);
    expect(result.stdout.trim()).toBe(digest);
    expect(err).toBe('step-1\nstep-2\n');
    // the first line came before the command ended (it sleeps 1 s after it)
    expect(firstErrAt[0]).toBeLessThan(Date.now() - started - 500);
  });
});
