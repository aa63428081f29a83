import { jest } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { RemoteCommand } from '../ssh/command.js';
import { DockerCommands } from '../swarm/docker-commands.js';
import type { RunOptions, RunResult, ServerShell } from './server-shell.js';
import { joinSwarm } from './swarm-join.js';

const TOKEN = 'SWMTKN-1-3pu6hszjas19xyp7ghgosyx9k8atbfcr8p2is99znpy26u2lkl-1awxwuwd3z9j1z3puu7rcgdbx';
const server = { id: 's2', name: 'outpost-2', sshUser: 'otter' } as unknown as Server;
const request = { token: TOKEN, managerAddress: 'fd77::11', advertiseAddress: 'fd77::12' };

/** A strict fake: each call must match the next scripted command, else the test fails. */
function scriptedShell(script: Array<{ program: string; answer: RunResult }>) {
  const calls: Array<{ shell: string; opts: RunOptions }> = [];
  const shell = {
    docker: () => new DockerCommands(true),
    run: async (_s: Server, cmd: RemoteCommand, opts: RunOptions = {}) => {
      calls.push({ shell: cmd.toShell(), opts });
      const next = script.shift();
      if (!next || !cmd.toShell().includes(next.program)) throw new Error(`unexpected command: ${cmd.toShell()}`);
      return next.answer;
    },
  } as unknown as ServerShell;
  return { shell, calls };
}

const ok = (stdout = ''): RunResult => ({ code: 0, stdout, stderr: '' });

describe(joinSwarm.name, () => {
  it('should join through the Engine API with the token only in the body on stdin', async () => {
    const { shell, calls } = scriptedShell([
      { program: 'command -v curl', answer: ok('/usr/bin/curl\n') },
      { program: 'curl', answer: ok('\n200') },
    ]);
    const fallback = jest.fn(async (): Promise<void> => undefined);
    expect(await joinSwarm(shell, server, request, fallback)).toEqual({ ok: true, via: 'engine-api' });
    expect(fallback).not.toHaveBeenCalled();
    const join = calls[1];
    expect(join.shell).toBe(
      "sudo -n -- curl --silent --show-error --unix-socket /var/run/docker.sock --header 'Content-Type: application/json' --data-binary @- --write-out '\\n%{http_code}' http://localhost/v1.41/swarm/join",
    );
    expect(join.shell).not.toContain('SWMTKN');
    expect(JSON.parse(String(join.opts.stdin))).toEqual({
      ListenAddr: '[::]:2377',
      AdvertiseAddr: '[fd77::12]:2377',
      RemoteAddrs: ['[fd77::11]:2377'],
      JoinToken: TOKEN,
    });
    // a join must never run twice on its own
    expect(join.opts.idempotent).toBeUndefined();
  });

  it('should surface Docker’s own message, without the token', async () => {
    const { shell } = scriptedShell([
      { program: 'command -v curl', answer: ok('/usr/bin/curl\n') },
      { program: 'curl', answer: ok(`{"message":"invalid join token ${TOKEN}"}\n400`) },
    ]);
    expect(await joinSwarm(shell, server, request, async () => undefined)).toEqual({
      ok: false,
      detail: 'invalid join token [join token]',
    });
  });

  it('should say what curl said when it got no answer from the socket', async () => {
    const { shell } = scriptedShell([
      { program: 'command -v curl', answer: ok('/usr/bin/curl\n') },
      {
        program: 'curl',
        answer: {
          code: 7,
          stdout: '\n000',
          stderr: "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n",
        },
      },
    ]);
    expect(await joinSwarm(shell, server, request, async () => undefined)).toEqual({
      ok: false,
      detail: "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server",
    });
  });

  it('should fall back to docker swarm join without curl, and say why first', async () => {
    const { shell, calls } = scriptedShell([
      { program: 'command -v curl', answer: { code: 1, stdout: '', stderr: '' } },
      { program: 'docker swarm join', answer: { code: 1, stdout: '', stderr: `Error response from daemon: rpc error for ${TOKEN}\n` } },
    ]);
    const fallback = jest.fn(async (): Promise<void> => undefined);
    expect(await joinSwarm(shell, server, request, fallback)).toEqual({
      ok: false,
      detail: 'Error response from daemon: rpc error for [join token]',
    });
    expect(fallback).toHaveBeenCalledTimes(1);
    expect(calls[1].shell).toBe(
      `sudo -n -- docker swarm join --token ${TOKEN} --advertise-addr '[fd77::12]:2377' --listen-addr '[::]:2377' '[fd77::11]:2377'`,
    );
  });
});
