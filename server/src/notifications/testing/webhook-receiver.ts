import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver got it, and whether its signature checked out. */
export interface ReceivedHook {
  method: string;
  /** path and query */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** the raw body, exactly as sent */
  body: string;
  /** the body parsed as JSON, or null when it is not JSON */
  json: unknown;
  /** X-Otternauts-Signature checked the way a receiver would; null when no secret is set on the receiver */
  signatureValid: boolean | null;
  /** the status the receiver answered */
  status: number;
}

export interface TestWebhookReceiverOptions {
  /** the signing secret; every request's X-Otternauts-Signature is checked against it */
  secret?: string;
  /** the status to answer, by request number (1, 2, ...): 503 to make a sender retry */
  status?: (n: number) => number;
  /** listen address; 127.0.0.1 unless the test bed's namespace is wanted */
  host?: string;
}

export interface TestWebhookReceiver {
  /** http://127.0.0.1:PORT/hook */
  url: string;
  port: number;
  received: ReceivedHook[];
  /** sets or replaces the signing secret (the create answer gives it after the receiver is up) */
  setSecret(secret: string): void;
  /** resolves when `count` requests arrived, rejects after `timeoutMs` saying how many did */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/** How a receiver verifies a delivery: HMAC-SHA256 of the raw body, compared in constant time. */
export function verifySignature(rawBody: string, header: string | undefined, secret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
  const given = Buffer.from(header.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A real HTTP server that records every POST (webhook, Slack, Discord, ntfy all arrive as POSTs). */
export async function startTestWebhookReceiver(opts: TestWebhookReceiverOptions = {}): Promise<TestWebhookReceiver> {
  let secret = opts.secret;
  const received: ReceivedHook[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const status = opts.status?.(received.length + 1) ?? 200;
      const header = req.headers['x-otternauts-signature'];
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        json,
        signatureValid: secret ? verifySignature(body, Array.isArray(header) ? header[0] : header, secret) : null,
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
      for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
    });
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/hook`,
    port,
    received,
    setSecret: (s) => void (secret = s),
    waitFor(count, timeoutMs = 15_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`webhook receiver: ${received.length} of ${count} requests after ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
