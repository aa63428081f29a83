import { afterAll, beforeAll, it, expect } from '@jest/globals';
import { RemoteCommand } from './command.js';
import { scanHostKey } from './host-key.js';
import { createSshPool } from './ssh-pool.js';
import { LocalSshd, pgrep } from './testing/local-sshd.js';

let sshd: LocalSshd;
beforeAll(async () => { sshd = await LocalSshd.start(); });
afterAll(async () => { await sshd.cleanup(); });
const cmd = (...a: string[]) => new RemoteCommand(a);

it('timings', async () => {
  const out: Record<string, unknown> = {};
  const pool = createSshPool();
  const target = sshd.target({ id: 't' });
  let t = Date.now();
  out.scan = (await scanHostKey('127.0.0.1', sshd.port, 5000), Date.now() - t);
  t = Date.now(); await pool.exec(target, cmd('true')); out.firstExecWithConnect = Date.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 20; i++) { t = Date.now(); await pool.exec(target, cmd('true')); warm.push(Date.now() - t); }
  warm.sort((a, b) => a - b); out.warmExecMedian = warm[10]; out.warmExecMin = warm[0]; out.warmExecMax = warm[19];
  t = Date.now(); await Promise.all(Array.from({ length: 30 }, () => pool.exec(target, cmd('sleep', '0.3')))); out.thirtySleeps = Date.now() - t;
  t = Date.now(); await pool.writeFile(target, sshd.dir + '/x', 'x'.repeat(200_000)); out.sftpFirst200k = Date.now() - t;
  t = Date.now(); await pool.writeFile(target, sshd.dir + '/y', 'x'.repeat(200_000)); out.sftpWarm200k = Date.now() - t;
  const marker = '3999.' + (Date.now() % 1000);
  const ac = new AbortController(); let got = '';
  const done = pool.stream(target, cmd('sh', '-c', 'echo ready; exec sleep "$1"', 'sh', marker), { onStdout: (c) => (got += c) }, ac.signal);
  while (got !== 'ready\n') await new Promise((r) => setTimeout(r, 10));
  t = Date.now(); ac.abort(); await done; out.streamAbortResolved = Date.now() - t;
  while ((await pgrep(['-f', `^sleep ${marker}$`])).length) await new Promise((r) => setTimeout(r, 10));
  out.streamAbortProcessGone = Date.now() - t;
  await pool.closeAll();
  const stopped = await LocalSshd.start(); await stopped.cleanup();
  const p2 = createSshPool();
  t = Date.now(); await p2.exec(stopped.target(), cmd('true')).catch(() => undefined); out.refusedWithRetries = Date.now() - t;
  await p2.closeAll();
  process.stdout.write('TIMINGS ' + JSON.stringify(out) + '\n');
  expect(1).toBe(1);
});
