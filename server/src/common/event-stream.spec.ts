import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { openEventStream } from './event-stream.js';

const SOFT = 64 * 1024;
const HARD = 1024 * 1024;
const EVENT = 'x'.repeat(16 * 1024);
const PACED_EVENTS = 2000; // about 32 MiB in all

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  sent: number;
  maxBuffered: number;
  closed: boolean;
  waiting: boolean;
  done: boolean;
}

let app: FastifyInstance;
let port: number;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  app = Fastify();
  // a source that cannot wait (server events): keeps sending whatever send() says
  app.get('/flood', (req, reply) => {
    const run: Run = (runs.flood = { sent: 0, maxBuffered: 0, closed: false, waiting: false, done: false });
    const stream = openEventStream(req, reply, { softLimitBytes: SOFT, hardLimitBytes: HARD, onClose: () => (run.closed = true) });
    const pump = () => {
      for (let i = 0; i < 8 && !stream.signal.aborted; i++) {
        stream.send('line', EVENT);
        run.sent += EVENT.length;
        run.maxBuffered = Math.max(run.maxBuffered, reply.raw.writableLength);
      }
      if (!stream.signal.aborted && run.sent < 256 * 1024 * 1024) setImmediate(pump);
    };
    pump();
  });
  // a source that waits (a log follow pausing its SSH channel)
  app.get('/paced', async (req, reply) => {
    const run: Run = (runs.paced = { sent: 0, maxBuffered: 0, closed: false, waiting: false, done: false });
    const stream = openEventStream(req, reply, { softLimitBytes: SOFT, hardLimitBytes: HARD, onClose: () => (run.closed = true) });
    for (let i = 0; i < PACED_EVENTS && !stream.signal.aborted; i++) {
      const keepUp = stream.send('line', EVENT);
      run.sent += EVENT.length;
      run.maxBuffered = Math.max(run.maxBuffered, reply.raw.writableLength);
      if (!keepUp) {
        run.waiting = true;
        await stream.drained();
        run.waiting = false;
      }
    }
    run.done = true;
    stream.end();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(() => app.close());

/** A client that asks for a stream and then reads nothing. */
function slowReader(path: string): Socket {
  const socket = connect(port, '127.0.0.1');
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
  socket.pause();
  return socket;
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

describe(openEventStream.name, () => {
  it('should drop a client that reads nothing once a source that cannot wait has filled the bound', async () => {
    const socket = slowReader('/flood');
    await until(() => runs.flood?.closed === true);
    socket.destroy();
    // the source produced well past the bound, and Mission Control never held more than it
    expect(runs.flood.sent).toBeGreaterThan(2 * HARD);
    expect(runs.flood.maxBuffered).toBeLessThanOrEqual(HARD + EVENT.length + 1024);
  });

  it('should hold a source that waits at the soft bound while the client reads nothing, and let it go on when it reads', async () => {
    const socket = slowReader('/paced');
    await until(() => runs.paced?.waiting === true);
    await sleep(300);
    const sentWhilePaused = runs.paced.sent;
    await sleep(300);
    expect(runs.paced.sent).toBe(sentWhilePaused); // nothing more while the client reads nothing
    expect(runs.paced.closed).toBe(false);
    expect(runs.paced.maxBuffered).toBeLessThanOrEqual(SOFT + EVENT.length + 1024);

    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    socket.resume();
    await until(() => runs.paced.done);
    await until(() => received >= PACED_EVENTS * EVENT.length);
    socket.destroy();
    expect(runs.paced.sent).toBe(PACED_EVENTS * EVENT.length);
    expect(runs.paced.maxBuffered).toBeLessThanOrEqual(SOFT + EVENT.length + 1024);
  });
});
