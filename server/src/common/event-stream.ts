import type { FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

export interface EventStream {
  send(event: string, data: unknown): void;
  end(): void;
  /** aborted when the client goes away */
  signal: AbortSignal;
}

/**
 * Takes the response over for server-sent events: headers, a comment heartbeat (proxies
 * close idle connections), and an abort signal for when the client leaves.
 */
export function openEventStream(req: FastifyRequest, reply: FastifyReply): EventStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  raw.write(': stream open\n\n');
  const abort = new AbortController();
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stop = () => {
    clearInterval(heartbeat);
    abort.abort();
  };
  req.raw.on('close', stop);
  return {
    send: (event, data) => void raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    end: () => {
      stop();
      raw.end();
    },
    signal: abort.signal,
  };
}
