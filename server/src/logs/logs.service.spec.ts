import { afterEach, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { ClusterService } from '../cluster/cluster.service.js';
import { StreamLimits } from '../common/stream-limits.js';
import type { Server } from '../generated/prisma/client.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { StreamHandlers } from '../ssh/exec-channel.js';
import { sshErrors } from '../ssh/ssh-errors.js';
import type { StacksService } from '../stacks/stacks.service.js';
import { LogsService } from './logs.service.js';

const manager = (id: string): Server => ({ id, name: id, status: 'ready' }) as Server;
const m1 = manager('outpost-1');
const m2 = manager('outpost-2');

type Follow = (server: Server, handlers: StreamHandlers, signal: AbortSignal) => Promise<{ code: number | null }>;

/** Strict fakes: only what follow() is expected to call answers. */
function logsService(follow: Follow, limits = new StreamLimits()) {
  const stacks = { find: async () => ({ id: 'st', name: 'shop' }) } as unknown as StacksService;
  const cluster = {
    withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager: m1, result: await work(m1) }),
    managers: async () => [m1, m2],
  } as unknown as ClusterService;
  const shell = {
    docker: () => ({ stackServices: () => 'stack services', serviceLogs: () => 'service logs' }),
    runOk: async () => ({ code: 0, stdout: '{"Name":"shop_web"}\n', stderr: '' }),
    stream: (server: Server, _cmd: unknown, handlers: StreamHandlers, signal: AbortSignal) => follow(server, handlers, signal),
  } as unknown as ServerShell;
  return new LogsService(stacks, cluster, shell, limits);
}

let app: FastifyInstance | undefined;
afterEach(() => app?.close());

/** Serves follow() over real HTTP and reads the event stream to its end. */
async function events(logs: LogsService): Promise<Array<{ event: string; data: any }>> {
  app = Fastify();
  app.get('/follow', (req, reply) => logs.follow('st', 'web', { follow: true, timestamps: false }, req, reply));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await fetch(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/follow`);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [event, data] = block.split('\n');
      return { event: event.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) };
    });
}

const lost = (host: string) => sshErrors.connectionLost({ host, port: 22 }, true);

describe(LogsService.name, () => {
  describe('follow', () => {
    it('should fail over to the next manager when the first cannot be reached before any line', async () => {
      const tried: string[] = [];
      const logs = logsService(async (server, handlers) => {
        tried.push(server.id);
        if (server.id === m1.id) throw sshErrors.connectionLost({ host: '10.0.0.1', port: 22 }, false);
        handlers.onStdout('one\ntwo\n');
        return { code: 0 };
      });
      const got = await events(logs);
      expect(tried).toEqual(['outpost-1', 'outpost-2']);
      expect(got.map((e) => e.event)).toEqual(['line', 'line', 'end']);
      expect(got.slice(0, 2).map((e) => e.data.message)).toEqual(['one', 'two']);
    });

    it('should say so in the stream when the connection drops mid-follow, and not switch managers', async () => {
      const tried: string[] = [];
      const logs = logsService(async (server, handlers) => {
        tried.push(server.id);
        handlers.onStdout('started\n');
        throw lost('10.0.0.1');
      });
      const got = await events(logs);
      expect(tried).toEqual(['outpost-1']);
      expect(got.map((e) => e.event)).toEqual(['line', 'error']);
      expect(got[1].data.message).toBe(
        'Following the logs of web through outpost-1 stopped: The connection to 10.0.0.1:22 was lost while a command was running; it may or may not have finished. Open the logs again to continue.',
      );
    });

    it('should end with an error when no manager can be reached', async () => {
      const logs = logsService(async (server) => {
        throw sshErrors.connectionLost({ host: server.id, port: 22 }, false);
      });
      const got = await events(logs);
      expect(got).toEqual([
        {
          event: 'error',
          data: {
            message:
              'Following the logs of web through outpost-2 stopped: The connection to outpost-2:22 was lost. Open the logs again to continue.',
          },
        },
      ]);
    });

    it('should answer 429 before opening a stream past the cap of the manager, and free its place when a stream ends', async () => {
      const limits = new StreamLimits({ perServer: 1 });
      const logs = logsService(async (_server, handlers) => {
        handlers.onStdout('x\n');
        return { code: 0 };
      }, limits);
      const held = limits.acquire('elsewhere', m1);
      app = Fastify();
      app.get('/follow', (req, reply) => logs.follow('st', 'web', { follow: true }, req, reply));
      const refused = await app.inject({ method: 'GET', url: '/follow' });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/json/); // an answer, not a stream
      expect(refused.json().message).toBe(
        '1 log view already follows logs through outpost-1 (at most 1, so deploys keep their SSH channels): close a log view, then try again.',
      );
      held.release();
      await app.close();
      app = undefined;
      expect((await events(logs)).map((e) => e.event)).toEqual(['line', 'end']);
      expect(limits.openFor('127.0.0.1')).toBe(0);
    });
  });
});
