import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors/api-error.js';
import { openEventStream, type EventStream } from './event-stream.js';

export interface StreamLimitOptions {
  /** Live streams (events and log follows) one client address may hold. */
  perClient?: number;
  /**
   * Log follows through one server at once. Each holds an SSH channel on it, and the pool
   * lets a connection give at most 4 of its 8 channels to streams: above that a follow would
   * wait for a channel without a word, and more would take channels deploys need.
   */
  perServer?: number;
}

export const STREAM_LIMIT_OPTIONS = Symbol('STREAM_LIMIT_OPTIONS');

const DEFAULTS = { perClient: 12, perServer: 4 };

export interface StreamServer {
  id: string;
  name: string;
}

/** One live stream's place under the limits; release it once, when the stream closes. */
export interface StreamLease {
  release(): void;
  /** Moves a log follow to another server (failover), or answers 429 and keeps the old place. */
  moveTo(server: StreamServer): void;
}

/**
 * Caps live server-sent-event streams per client address and log follows per server, so a
 * forgotten tab loop cannot exhaust Mission Control or a manager's SSH channels. Past a cap
 * the request is answered 429 `too_many_streams` before the stream opens, never left hanging.
 */
@Injectable()
export class StreamLimits {
  private readonly byClient = new Map<string, number>();
  private readonly byServer = new Map<string, number>();
  private readonly limits: typeof DEFAULTS;

  constructor(@Optional() @Inject(STREAM_LIMIT_OPTIONS) options: StreamLimitOptions = {}) {
    this.limits = { ...DEFAULTS, ...options };
  }

  acquire(client: string, server?: StreamServer): StreamLease {
    const clientOpen = this.byClient.get(client) ?? 0;
    if (clientOpen >= this.limits.perClient) {
      throw tooMany(
        `This browser already has ${clientOpen} live stream${clientOpen === 1 ? '' : 's'} open (at most ${this.limits.perClient}): close log views or server pages in other tabs, then try again.`,
      );
    }
    if (server) this.take(server);
    increment(this.byClient, client, 1);
    let current = server;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        increment(this.byClient, client, -1);
        if (current) increment(this.byServer, current.id, -1);
      },
      moveTo: (next) => {
        if (released || next.id === current?.id) return;
        this.take(next);
        if (current) increment(this.byServer, current.id, -1);
        current = next;
      },
    };
  }

  /** Acquires for the request's address, opens the stream and releases when it closes. */
  open(req: FastifyRequest, reply: FastifyReply, server?: StreamServer): { stream: EventStream; lease: StreamLease } {
    const lease = this.acquire(clientOf(req), server);
    return { stream: openEventStream(req, reply, { onClose: () => lease.release() }), lease };
  }

  /** Streams open now (for tests and diagnostics). */
  openFor(client: string): number {
    return this.byClient.get(client) ?? 0;
  }

  private take(server: StreamServer): void {
    const serverOpen = this.byServer.get(server.id) ?? 0;
    if (serverOpen >= this.limits.perServer) {
      throw tooMany(
        `${serverOpen === 1 ? '1 log view already follows' : `${serverOpen} log views already follow`} logs through ${server.name} (at most ${this.limits.perServer}, so deploys keep their SSH channels): close a log view, then try again.`,
      );
    }
    increment(this.byServer, server.id, 1);
  }
}

/** The peer's address as the socket sees it: a proxy in front would make every client one. */
export function clientOf(req: FastifyRequest): string {
  return req.socket.remoteAddress ?? 'unknown';
}

function tooMany(message: string): ApiError {
  return new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'too_many_streams', message);
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next <= 0) counts.delete(key);
  else counts.set(key, next);
}
