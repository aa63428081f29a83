import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's python3 (python3-aiosmtpd is installed for it), not whatever python is first in PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * A real SMTP server (aiosmtpd's Controller) that writes each accepted message as JSON to
 * a folder: envelope, decoded Subject and plain-text body. Optional AUTH (PLAIN/LOGIN, over
 * plain text: this is loopback) and optional STARTTLS with a certificate the test made.
 */
const SINK_PY = String.raw`
import asyncio, email, email.policy, json, os, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

folder, host, port, user, password, cert, key = sys.argv[1:8]

class Sink:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=('plain',))
        record = {
            'mailFrom': envelope.mail_from,
            'rcptTos': envelope.rcpt_tos,
            'subject': str(msg['subject'] or ''),
            'from': str(msg['from'] or ''),
            'to': str(msg['to'] or ''),
            'text': body.get_content() if body is not None else '',
            'authenticated': session.authenticated,
            'tls': session.ssl is not None,
        }
        name = os.path.join(folder, '%d.json' % time.time_ns())
        with open(name + '.tmp', 'w') as f:
            json.dump(record, f)
        os.rename(name + '.tmp', name)
        return '250 Message accepted for delivery'

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    # handled=False: aiosmtpd then answers 535 itself (handled=True would leave the client waiting)
    return AuthResult(success=ok, handled=False)

kwargs = {}
if user:
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=False)
if cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    kwargs.update(tls_context=ctx, require_starttls=True)
controller = Controller(Sink(), hostname=host, port=int(port), **kwargs)
controller.start()
print('ready', flush=True)
try:
    sys.stdin.read()
finally:
    controller.stop()
`;

export interface SunkMail {
  mailFrom: string;
  rcptTos: string[];
  subject: string;
  from: string;
  to: string;
  text: string;
  authenticated: boolean;
  tls: boolean;
}

export interface TestSmtpSinkOptions {
  /** require AUTH with this user name and password */
  auth?: { username: string; password: string };
  /** offer (and require) STARTTLS with this PEM certificate and key */
  starttls?: { certFile: string; keyFile: string };
  /** listen address, 127.0.0.1 by default */
  host?: string;
}

export interface TestSmtpSink {
  host: string;
  port: number;
  /** the folder the messages are written to */
  folder: string;
  /** every message received so far, oldest first */
  messages(): SunkMail[];
  /** resolves when `count` messages arrived, rejects after `timeoutMs` saying how many did */
  waitFor(count: number, timeoutMs?: number): Promise<SunkMail[]>;
  close(): Promise<void>;
}

async function freePort(host: string): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, host, resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

export async function startTestSmtpSink(opts: TestSmtpSinkOptions = {}): Promise<TestSmtpSink> {
  const host = opts.host ?? '127.0.0.1';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-smtp-'));
  const folder = path.join(dir, 'mail');
  fs.mkdirSync(folder);
  const script = path.join(dir, 'sink.py');
  fs.writeFileSync(script, SINK_PY);
  const port = await freePort(host);
  const child: ChildProcess = spawn(
    SYSTEM_PYTHON,
    [
      script,
      folder,
      host,
      String(port),
      opts.auth?.username ?? '',
      opts.auth?.password ?? '',
      opts.starttls?.certFile ?? '',
      opts.starttls?.keyFile ?? '',
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`aiosmtpd did not start in 10 s: ${stderr}`)), 10_000);
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`aiosmtpd exited with ${code}: ${stderr}`));
    });
  });
  const messages = (): SunkMail[] =>
    fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), 'utf8')) as SunkMail);
  return {
    host,
    port,
    folder,
    messages,
    async waitFor(count, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const got = messages();
        if (got.length >= count) return got;
        if (Date.now() > until) throw new Error(`SMTP sink: ${got.length} of ${count} messages after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin!.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
