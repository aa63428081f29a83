import type { Server } from '../generated/prisma/client.js';
import { RemoteCommand } from '../ssh/command.js';
import type { SshPool } from '../ssh/ssh-pool.js';
import type { VaultService } from '../vault/vault.service.js';
import { ServerShell } from './server-shell.js';

function fakes(code: number) {
  const calls: { shell: string; timeoutMs?: number }[] = [];
  const pool = {
    exec: async (_t: unknown, cmd: RemoteCommand, opts: { timeoutMs?: number }) => (
      calls.push({ shell: cmd.toShell(), timeoutMs: opts.timeoutMs }),
      { code, signal: null, stdout: '', stderr: '' }
    ),
  };
  const vault = { open: async () => 'key' };
  return { shell: new ServerShell(pool as unknown as SshPool, vault as unknown as VaultService), calls };
}
const server = {
  id: 's',
  hostname: 'h',
  sshPort: 22,
  sshUser: 'deploy',
  sshPrivateKey: new Uint8Array(),
  sshPassphrase: null,
  hostKeyFingerprint: 'SHA256:x',
} as unknown as Server;

describe(ServerShell.name, () => {
  it('should bound long commands with a remote timeout that expires before ours', async () => {
    const { shell, calls } = fakes(0);
    await shell.run(server, shell.docker(server).stackDeploy('shop'), { timeoutMs: 300_000 });
    expect(calls).toEqual([{ shell: 'sudo -n -- timeout -k 5 300 docker stack deploy --compose-file - --prune shop', timeoutMs: 315_000 }]);
  });

  it('should leave commands without a timeout alone', async () => {
    const { shell, calls } = fakes(0);
    await shell.run(server, new RemoteCommand(['id', '-u']));
    expect(calls[0].shell).toBe('id -u');
  });

  it('should say which program ran out of time', async () => {
    const { shell } = fakes(124);
    await expect(shell.runOk(server, shell.docker(server).swarmLeave(false), 'docker swarm leave', { timeoutMs: 60_000 })).rejects.toThrow(
      'docker swarm leave failed: sudo docker did not finish within 60 s',
    );
  });
});
