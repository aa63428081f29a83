import { api, type Schemas } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { Poller } from '#lib/state/poller.ts';
import { openEventSource, type EventStream } from '#lib/stream/event-stream.ts';

type Server = Schemas['ServerDto'];

/**
 * One server while Otto onboards it: live from GET /api/servers/:id/events (event `server`).
 * EventSource sends the session cookie like any same-origin request; when the stream gives up
 * (or the browser has no EventSource) it polls GET /api/servers/:id every second instead.
 */
export class ServerWatch {
  server = $state.raw<Server | null>(null);
  error = $state.raw<ApiErrorInfo | null>(null);

  #stream: EventStream | null = null;
  #poller: Poller | null = null;

  constructor(readonly id: string) {}

  start(): void {
    this.stop();
    if (typeof EventSource === 'undefined') return this.#poll();
    this.#stream = openEventSource(`/api/servers/${encodeURIComponent(this.id)}/events`, ['server', 'gone'], {
      onEvent: ({ event, data }) => {
        if (event === 'gone') return this.stop();
        this.server = JSON.parse(data) as Server;
        this.error = null;
      },
      onClosed: () => {
        this.#stream = null;
        this.#poll();
      },
    });
  }

  stop(): void {
    this.#stream?.close();
    this.#stream = null;
    this.#poller?.stop();
    this.#poller = null;
  }

  /** Reads the server once now (after a retry, before the stream reports it). */
  refresh = async (): Promise<void> => {
    const result = await outcome(api.GET('/api/servers/{id}', { params: { path: { id: this.id } } }));
    if (result.ok) {
      this.server = result.data;
      this.error = null;
    } else {
      this.error = result.error;
    }
  };

  #poll(): void {
    this.#poller = new Poller({ intervalMs: 1000, task: this.refresh });
    this.#poller.start();
  }
}
