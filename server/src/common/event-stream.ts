import type { FastifyReply, FastifyRequest } from 'fastify';

const HEARTBEAT_MS = 15_000;

/**
 * Bytes waiting in Mission Control for a client's socket. Past the soft bound a sender that can
 * wait (a log follow pauses its SSH channel) is told to; past the hard bound the client is too
 * slow to serve and the stream is dropped (EventSource reconnects by itself).
 */
export const STREAM_SOFT_LIMIT_BYTES = 256 * 1024;
export const STREAM_HARD_LIMIT_BYTES = 4 * 1024 * 1024;

export interface EventStream {
  /** False when the client is behind: wait for drained() before sending more. */
  send(event: string, data: unknown): boolean;
  /** Resolves once the client has caught up, or the stream has closed. */
  drained(): Promise<void>;
  end(): void;
  /** aborted when the client goes away, or is dropped for reading too slowly */
  signal: AbortSignal;
}

export interface EventStreamOptions {
  softLimitBytes?: number;
  hardLimitBytes?: number;
  /** Called once, when the stream closes for any reason. */
  onClose?: () => void;
}

/**
 * Takes the response over for server-sent events: headers, a comment heartbeat (proxies
 * close idle connections), and an abort signal for when the client leaves.
 */
export function openEventStream(req: FastifyRequest, reply: FastifyReply, options: EventStreamOptions = {}): EventStream {
  const soft = options.softLimitBytes ?? STREAM_SOFT_LIMIT_BYTES;
  const hard = options.hardLimitBytes ?? STREAM_HARD_LIMIT_BYTES;
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  const abort = new AbortController();
  const stop = () => {
    if (abort.signal.aborted) return;
    clearInterval(heartbeat);
    abort.abort();
    options.onClose?.();
  };
  const write = (text: string): boolean => {
    if (abort.signal.aborted) return false;
    raw.write(text);
    if (raw.writableLength > hard) {
      stop();
      raw.destroy();
      return false;
    }
    return raw.writableLength <= soft;
  };
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
  req.raw.on('close', stop);
  raw.on('close', stop);
  write(': stream open\n\n');
  return {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    drained: () =>
      new Promise<void>((resolve) => {
        if (abort.signal.aborted || raw.writableLength <= soft) return resolve();
        const done = () => {
          raw.off('drain', done);
          abort.signal.removeEventListener('abort', done);
          resolve();
        };
        raw.on('drain', done);
        abort.signal.addEventListener('abort', done, { once: true });
      }),
    end: () => {
      stop();
      raw.end();
    },
    signal: abort.signal,
  };
}
