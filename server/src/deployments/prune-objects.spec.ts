import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { RemoteCommand } from '../ssh/command.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { RunResult, ServerShell } from '../servers/server-shell.js';
import { pruneUnusedObjects } from './prune-objects.js';

const server = { id: 's1', name: 'manager-1', sshUser: 'otter' } as unknown as Server;

/** Answers by the command line; records every line run. */
function fakeShell(answers: Array<[RegExp, RunResult]>) {
  const lines: string[] = [];
  const shell = {
    docker: () => new DockerCommands(true),
    run: async (_s: Server, cmd: RemoteCommand) => {
      const line = cmd.toShell();
      lines.push(line);
      const found = answers.find(([pattern]) => pattern.test(line));
      if (!found) throw new Error(`unexpected command: ${line}`);
      return found[1];
    },
  } as unknown as ServerShell;
  return { shell, lines };
}
const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });

describe(pruneUnusedObjects.name, () => {
  it("should remove only the stack's configs and secrets the deployed file no longer names", async () => {
    const { shell, lines } = fakeShell([
      [/config ls/, ok('shop_site_aaaaaaaaaa\nshop_site_bbbbbbbbbb\n')],
      [/secret ls/, ok('shop_key_cccccccccc\n')],
      [/config rm/, ok('shop_site_aaaaaaaaaa\n')],
    ]);
    const outcome = await pruneUnusedObjects(shell, server, 'shop', {
      configs: ['shop_site_bbbbbbbbbb'],
      secrets: ['shop_key_cccccccccc'],
    });
    expect(outcome).toEqual({ removed: ['shop_site_aaaaaaaaaa'], warnings: [] });
    expect(lines).toEqual([
      "sudo -n -- docker config ls --filter 'label=com.docker.stack.namespace=shop' --format '{{.Name}}'",
      'sudo -n -- docker config rm shop_site_aaaaaaaaaa',
      "sudo -n -- docker secret ls --filter 'label=com.docker.stack.namespace=shop' --format '{{.Name}}'",
    ]);
  });

  it('should only warn when Docker refuses to remove one still in use, and keep the others removed', async () => {
    const { shell } = fakeShell([
      [/config ls/, ok('shop_a_1\nshop_b_2\n')],
      [/secret ls/, { code: 1, stdout: '', stderr: 'Error response from daemon: This node is not a swarm manager.' }],
      [
        /config rm/,
        { code: 1, stdout: 'shop_b_2\n', stderr: 'Error response from daemon: rpc error: config shop_a_1 is in use by service shop_web' },
      ],
    ]);
    const outcome = await pruneUnusedObjects(shell, server, 'shop', { configs: [], secrets: [] });
    expect(outcome.removed).toEqual(['shop_b_2']);
    expect(outcome.warnings).toEqual([
      'Could not remove every unused config: Error response from daemon: rpc error: config shop_a_1 is in use by service shop_web',
      "Could not list the stack's secrets: Error response from daemon: This node is not a swarm manager.",
    ]);
  });

  it('should turn a lost connection into a warning, not a failed deployment', async () => {
    const shell = {
      docker: () => new DockerCommands(false),
      run: async () => {
        throw new Error('connection reset');
      },
    } as unknown as ServerShell;
    const outcome = await pruneUnusedObjects(shell, server, 'shop', { configs: [], secrets: [] });
    expect(outcome.removed).toEqual([]);
    expect(outcome.warnings).toEqual([
      "Could not prune the stack's configs: connection reset",
      "Could not prune the stack's secrets: connection reset",
    ]);
  });
});
