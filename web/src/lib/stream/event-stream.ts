import { networkError, toApiError, type ApiErrorInfo } from '#lib/api/errors.ts';
import { SseParser, type SseEvent } from '#lib/stream/sse.ts';

export interface StreamHandlers {
  onEvent(event: SseEvent): void;
  /** The stream ended: null when it simply finished, else why it could not go on. */
  onClosed(error: ApiErrorInfo | null): void;
}

export interface EventStream {
  close(): void;
}

export interface FetchStreamOptions {
  token: string | null;
  handlers: StreamHandlers;
  fetch?: typeof globalThis.fetch;
}

/**
 * Server-sent events over fetch, for when the admin token must go in the Authorization
 * header (EventSource cannot send headers). Never reconnects: the caller decides.
 */
export function openFetchStream(url: string, { token, handlers, fetch = globalThis.fetch }: FetchStreamOptions): EventStream {
  const abort = new AbortController();
  let closed = false;
  const finish = (error: ApiErrorInfo | null) => {
    if (closed) return;
    closed = true;
    handlers.onClosed(error);
  };

  void (async () => {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers.authorization = `Bearer ${token}`;
      const response = await fetch(url, { headers, signal: abort.signal });
      if (!response.ok || !response.body) {
        const body: unknown = await response.json().catch(() => undefined);
        return finish(toApiError(response.status, body));
      }
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done || closed) break;
        for (const event of parser.push(value)) if (!closed) handlers.onEvent(event);
      }
      finish(null);
    } catch {
      finish(abort.signal.aborted ? null : networkError());
    }
  })();

  return {
    close() {
      closed = true;
      abort.abort();
    },
  };
}

/**
 * EventSource for the given event names. It reconnects by itself after a dropped
 * connection; when it gives up (an error answer, a wrong content type) the stream closes.
 */
export function openEventSource(url: string, names: string[], handlers: StreamHandlers): EventStream {
  const source = new EventSource(url);
  let closed = false;
  const close = () => {
    closed = true;
    source.close();
  };
  for (const name of names) {
    source.addEventListener(name, (event) => {
      // A server's own `event: error` and the connection's error share this name.
      if (event instanceof MessageEvent && !closed) handlers.onEvent({ event: name, data: String(event.data) });
    });
  }
  source.addEventListener('error', (event) => {
    if (event instanceof MessageEvent || closed) return;
    if (source.readyState === EventSource.CLOSED) {
      closed = true;
      handlers.onClosed(networkError());
    }
  });
  return { close };
}

/** EventSource when no token is needed, else a fetch stream that sends it. */
export function openStream(url: string, names: string[], token: string | null, handlers: StreamHandlers): EventStream {
  return token || typeof EventSource === 'undefined' ? openFetchStream(url, { token, handlers }) : openEventSource(url, names, handlers);
}
