import { api } from '#lib/api/client.ts';
import { outcome } from '#lib/api/call.ts';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { LogBuffer, type BufferedLine, type LogLine } from '#lib/logs/log-buffer.ts';
import { openStream, type EventStream } from '#lib/stream/event-stream.ts';

export const RECENT_LINES = 200;
export const FOLLOW_TAIL = 50;
/** New lines reach the page at most this often, so a chatty service never floods it. */
const PUBLISH_MS = 250;

export type StreamState = 'off' | 'connecting' | 'live' | 'ended';

/**
 * The logs of one service: the last lines, then optionally a follow stream (server-sent
 * events; a fetch stream without EventSource; both carry the session cookie). The page shows `lines`, which
 * stays still while paused; the buffer keeps collecting, capped.
 */
export class LogView {
  lines = $state.raw<readonly BufferedLine[]>([]);
  replicas = $state.raw<string[]>([]);
  loading = $state(false);
  error = $state.raw<ApiErrorInfo | null>(null);
  stream = $state<StreamState>('off');
  paused = $state(false);
  /** Lines that arrived while paused. */
  waiting = $state(0);

  #buffer = new LogBuffer();
  #source: EventStream | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #queue: LogLine[] = [];

  constructor(
    readonly stackId: string,
    readonly service: string,
  ) {}

  get #url(): string {
    return `/api/stacks/${encodeURIComponent(this.stackId)}/services/${encodeURIComponent(this.service)}/logs`;
  }

  load = async (): Promise<void> => {
    this.loading = true;
    const result = await outcome(
      api.GET('/api/stacks/{id}/services/{service}/logs', {
        params: { path: { id: this.stackId, service: this.service }, query: { tail: RECENT_LINES } },
      }),
    );
    this.loading = false;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.error = null;
    this.#buffer.add(result.data.lines);
    this.#publish();
  };

  follow(on: boolean): void {
    this.#close();
    if (!on) {
      this.stream = 'off';
      return;
    }
    this.stream = 'connecting';
    this.error = null;
    this.#source = openStream(`${this.#url}?follow=1&tail=${FOLLOW_TAIL}`, ['line', 'end', 'error'], null, {
      onEvent: ({ event, data }) => {
        if (event === 'line') {
          this.stream = 'live';
          this.#queue.push(JSON.parse(data) as LogLine);
          this.#schedule();
        } else if (event === 'end') {
          this.#close();
          this.stream = 'ended';
        } else if (event === 'error') {
          const message = (JSON.parse(data) as { message?: string }).message ?? '';
          this.error = { status: null, code: 'logs_stream', message, details: [] };
        }
      },
      onClosed: (error) => {
        this.#source = null;
        this.stream = 'ended';
        if (error) this.error = error;
      },
    });
    // EventSource says nothing until the first line; a quiet service is still "live".
    setTimeout(() => {
      if (this.stream === 'connecting' && this.#source) this.stream = 'live';
    }, 1500);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    if (!paused) this.#publish();
  }

  clear(): void {
    this.#buffer.clear();
    this.#publish();
  }

  stop(): void {
    this.#close();
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #close(): void {
    this.#source?.close();
    this.#source = null;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      const added = this.#buffer.add(this.#queue.splice(0));
      if (this.paused) this.waiting += added;
      else this.#publish();
    }, PUBLISH_MS);
  }

  #publish(): void {
    this.lines = [...this.#buffer.lines];
    this.replicas = this.#buffer.replicas();
    this.waiting = 0;
  }
}
