// What a notification lands on, started by the test on loopback: a webhook receiver that checks
// the HMAC-SHA256 signature like a real one would (and answers 401 when it does not match), and a
// real SMTP server (Debian's aiosmtpd with the smtp_sink.py handler) that writes each message,
// decoded, as JSON into a folder.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export interface ReceivedHook {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: any;
  /** X-Otternauts-Event */
  event: string | undefined;
  /** the signature checked against the secret the test set; false when there was none */
  signatureValid: boolean;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hooks/otto */
  url: string;
  requests: ReceivedHook[];
  /** The signing secret (as Mission Control answered it once); requests are checked against it. */
  setSecret(secret: string): void;
  stop(): Promise<void>;
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, compared in constant time. */
export function signatureMatches(secret: string, raw: string, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const want = Buffer.from(crypto.createHmac('sha256', secret).update(raw).digest('hex'));
  const got = Buffer.from(header.slice('sha256='.length));
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedHook[] = [];
  let secret: string | null = null;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: any = null;
      try {
        json = JSON.parse(raw);
      } catch {
        /* kept raw: the test says what it expected */
      }
      const event = req.headers['x-otternauts-event'];
      const signatureValid = secret !== null && signatureMatches(secret, raw, req.headers['x-otternauts-signature']);
      requests.push({
        at: Date.now(),
        path: req.url ?? '',
        headers: req.headers,
        raw,
        json,
        event: typeof event === 'string' ? event : undefined,
        signatureValid,
      });
      res.writeHead(signatureValid ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/otto`,
    requests,
    setSecret: (s) => (secret = s),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedMail {
  mailFrom: string;
  rcptTos: string[];
  subject: string;
  from: string;
  to: string;
  text: string | null;
  html: string | null;
}

export interface SmtpSink {
  host: string;
  port: number;
  /** every message received so far, oldest first */
  messages(): ReceivedMail[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Debian's aiosmtpd on 127.0.0.1 (python3-aiosmtpd; Debian's own python3, whatever is first in PATH). */
export async function startSmtpSink(): Promise<SmtpSink> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-mail-'));
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(
    '/usr/bin/python3',
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, '-c', 'smtp_sink.Sink', folder],
    {
      env: { ...process.env, PYTHONPATH: path.dirname(fileURLToPath(import.meta.url)), PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited with ${child.exitCode}: ${out}`);
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() - started > 15_000) throw new Error(`aiosmtpd did not listen on ${port} within 15 s: ${out}`);
    await sleep(100);
  }
  return {
    host: '127.0.0.1',
    port,
    messages: () =>
      fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as ReceivedMail),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
