import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { RunResult } from '../servers/server-shell.js';
import type { RemoteCommand } from '../ssh/command.js';
import { ApiError } from '../errors/api-error.js';
import { removeStackFromSwarm } from './stack-removal.js';

const manager = { id: 'm1', name: 'otn1', sshUser: 'root' } as Server;
const IN_USE =
  'Removing service tidy_app\nFailed to remove network tidy_default: Error response from daemon: rpc error: code = FailedPrecondition desc = network q1w2e3 is in use by task r4t5y6\nFailed to remove some resources from stack: tidy';
const NETWORK = '{"Name":"tidy_default","Driver":"overlay"}\n';

/** A manager answering each command from a script: stack rm and network ls in turn. */
function scripted(answers: { rm: RunResult[]; ls: RunResult[] }) {
  const ran: string[] = [];
  const shell = {
    docker: () => new DockerCommands(false),
    run: async (_s: Server, cmd: RemoteCommand): Promise<RunResult> => {
      ran.push(cmd.argv.slice(0, 3).join(' '));
      const queue = cmd.argv[1] === 'stack' ? answers.rm : answers.ls;
      return queue.length > 1 ? queue.shift()! : queue[0];
    },
  };
  return { ran, deps: { shell, pollMs: 1, timeoutMs: 2_000 } };
}
const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });

describe('removeStackFromSwarm', () => {
  it('should run docker stack rm again when Swarm refused a network still in use by a task, until the networks are gone', async () => {
    const { ran, deps } = scripted({ rm: [{ code: 1, stdout: '', stderr: IN_USE }, ok()], ls: [ok(NETWORK), ok()] });
    await removeStackFromSwarm(deps, manager, 'tidy');
    expect(ran).toEqual(['docker stack rm', 'docker network ls', 'docker stack rm', 'docker network ls']);
  });

  it('should wait for the networks without failing when the first removal succeeded', async () => {
    const { ran, deps } = scripted({ rm: [ok()], ls: [ok(NETWORK), ok(NETWORK), ok()] });
    await removeStackFromSwarm(deps, manager, 'tidy');
    expect(ran.filter((c) => c === 'docker network ls')).toHaveLength(3);
  });

  it('should answer 502 with what Docker said for any other failure, and not retry it', async () => {
    const { ran, deps } = scripted({
      rm: [{ code: 1, stdout: '', stderr: 'permission denied while trying to connect to the Docker daemon socket' }],
      ls: [ok()],
    });
    const err = await removeStackFromSwarm(deps, manager, 'tidy').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 502, code: 'stack_remove_failed' });
    expect((err as Error).message).toBe(
      'docker stack rm tidy failed on otn1: permission denied while trying to connect to the Docker daemon socket',
    );
    expect(ran).toEqual(['docker stack rm']);
  });

  it('should give up with stack_remove_slow when the networks outlive the timeout', async () => {
    const { deps } = scripted({ rm: [{ code: 1, stdout: '', stderr: IN_USE }], ls: [ok(NETWORK)] });
    const err = await removeStackFromSwarm({ ...deps, timeoutMs: 30 }, manager, 'tidy').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'stack_remove_slow' });
  });
});
