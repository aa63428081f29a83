import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PrismaService } from '../database/prisma.service.js';
import { EventsService } from '../events/events.service.js';
import type { Server } from '../generated/prisma/client.js';
import { RemoteCommand } from '../ssh/command.js';
import { SshError } from '../ssh/ssh-errors.js';
import type { SshPool } from '../ssh/ssh-pool.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { VaultService } from '../vault/vault.service.js';
import { HostKeyRefusals } from './host-key-refusals.js';
import { ServerShell } from './server-shell.js';

// Whichever command meets a changed host key first tells the timeline, once per trusted key,
// also across restarts (the Event table is the memory). A real SQLite file under a real app.

const server = (fingerprint: string) =>
  ({
    id: 'srv1',
    name: 'outpost-1',
    hostname: 'h',
    sshPort: 22,
    sshUser: 'root',
    sshPrivateKey: new Uint8Array(),
    sshPassphrase: null,
    hostKeyFingerprint: fingerprint,
  }) as unknown as Server;

const mismatch = () => new SshError('host_key_mismatch', 'outpost-1 presented another host key', { presentedFingerprint: 'SHA256:new' });
const refusingPool = { exec: async () => Promise.reject(mismatch()), stream: async () => Promise.reject(mismatch()) } as unknown as SshPool;
const vault = { open: async () => 'key' } as unknown as VaultService;

describe(HostKeyRefusals.name, () => {
  const dir = tempDir('host-key-refusals');
  let t: TestApp;
  const refusals = () => t.app.get(HostKeyRefusals);
  const recorded = () => t.app.get(PrismaService).event.findMany({ where: { kind: 'host_key.refused' } });

  beforeAll(async () => {
    t = await startTestApp(dir);
  });
  afterAll(() => t?.app.close());

  it('should record host_key.refused once however many commands meet the changed key', async () => {
    const shell = new ServerShell(refusingPool, vault, refusals());
    for (const run of [
      () => shell.run(server('SHA256:old'), new RemoteCommand(['true'])),
      () => shell.run(server('SHA256:old'), new RemoteCommand(['true']), { timeoutMs: 5000 }),
      () => shell.stream(server('SHA256:old'), new RemoteCommand(['true']), { onStdout: () => undefined }, new AbortController().signal),
    ]) {
      await expect(run()).rejects.toThrow('presented another host key');
    }
    const events = await recorded();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ serverId: 'srv1', serverName: 'outpost-1', severity: 'error' });
    expect(events[0].message).toContain('SHA256:new');
    expect(JSON.parse(events[0].details)).toMatchObject({ trusted: 'SHA256:old', presented: 'SHA256:new' });
  });

  it('should not record it again after a restart, but again once another key was trusted', async () => {
    // a fresh instance has no memory of its own: the stored event is what keeps it quiet
    const fresh = new HostKeyRefusals(t.app.get(PrismaService), t.app.get(EventsService));
    await fresh.report(server('SHA256:old'), mismatch());
    expect(await recorded()).toHaveLength(1);
    await fresh.report(server('SHA256:trusted-again'), mismatch());
    expect(await recorded()).toHaveLength(2);
  });

  it('should leave other SSH failures to the callers', async () => {
    const pool = { exec: async () => Promise.reject(new SshError('timeout', 'no answer')) } as unknown as SshPool;
    await expect(new ServerShell(pool, vault, refusals()).run(server('SHA256:x'), new RemoteCommand(['true']))).rejects.toThrow(
      'no answer',
    );
    expect(await recorded()).toHaveLength(2);
  });
});
