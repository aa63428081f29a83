import { describe, expect, it } from '@jest/globals';
import type { ApiErrorInfo } from '#lib/api/errors.ts';
import { openFetchStream } from '#lib/stream/event-stream.ts';
import type { SseEvent } from '#lib/stream/sse.ts';

function sseResponse(chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

function collect() {
  const events: SseEvent[] = [];
  let resolveClosed: (error: ApiErrorInfo | null) => void = () => {};
  const closed = new Promise<ApiErrorInfo | null>((resolve) => (resolveClosed = resolve));
  return { events, closed, handlers: { onEvent: (e: SseEvent) => events.push(e), onClosed: resolveClosed } };
}

describe(openFetchStream.name, () => {
  it('should send the token and hand over each event', async () => {
    const seen: (string | null)[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push(new Headers(init.headers).get('authorization'));
      return sseResponse([': streaming\n\nevent: line\nda', 'ta: {"message":"a"}\n\nevent: end\ndata: {}\n\n']);
    }) as unknown as typeof globalThis.fetch;
    const c = collect();

    openFetchStream('/logs', { token: 's3cret', handlers: c.handlers, fetch });

    expect(await c.closed).toBeNull();
    expect(seen).toEqual(['Bearer s3cret']);
    expect(c.events).toEqual([
      { event: 'line', data: '{"message":"a"}' },
      { event: 'end', data: '{}' },
    ]);
  });

  it("should close with Mission Control's error when it refuses the stream", async () => {
    const body = { error: { code: 'not_found', message: 'No service in stack shop named x.', details: [] } };
    const fetch = (async () => new Response(JSON.stringify(body), { status: 404 })) as unknown as typeof globalThis.fetch;
    const c = collect();

    openFetchStream('/logs', { token: null, handlers: c.handlers, fetch });

    expect(await c.closed).toMatchObject({ status: 404, message: 'No service in stack shop named x.' });
    expect(c.events).toEqual([]);
  });

  it('should report a network failure, but not a close the caller asked for', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof globalThis.fetch;
    const c = collect();
    openFetchStream('/logs', { token: null, handlers: c.handlers, fetch: failing });
    expect(await c.closed).toMatchObject({ code: 'network_error' });

    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )) as unknown as typeof globalThis.fetch;
    const d = collect();
    let closedWith: unknown = 'not called';
    void d.closed.then((e) => (closedWith = e));
    openFetchStream('/logs', { token: null, handlers: d.handlers, fetch: hanging }).close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(closedWith).toBe('not called');
  });
});
