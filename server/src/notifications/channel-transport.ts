import http from 'node:http';
import https from 'node:https';
import { Injectable } from '@nestjs/common';
import { pinnedLookup, type CheckedTarget } from './address-guard.js';
import type { EmailSettings } from './channel-config.js';
import type { EmailMessage } from './payloads.js';

/** One attempt's outcome; `error` is ours (host, status, code), never a URL or a secret. */
export interface AttemptResult {
  ok: boolean;
  /** the receiver's HTTP status or the SMTP reply code */
  status: number | null;
  error: string | null;
  /** false when trying again cannot help (a 404, a permanent SMTP rejection) */
  retry: boolean;
}

/** Statuses a receiver uses for "not now": everything else in 4xx will answer the same next time. */
const RETRY_4XX = new Set([408, 425, 429]);

function socketError(err: unknown, where: string): string {
  const code = (err as { code?: string }).code;
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return `${where} did not answer in time`;
  if (code === 'ECONNREFUSED') return `${where} refused the connection`;
  if (code === 'ECONNRESET') return `${where} closed the connection`;
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return `${where}: TLS failed (${code}); the server's certificate is not trusted for this name`;
  }
  return `${where}: ${code ?? 'connection failed'}`;
}

/**
 * The side effects of sending: an HTTP POST and an SMTP session, each connected to the
 * address the guard checked (not to whatever a later DNS answer says).
 */
@Injectable()
export class ChannelTransport {
  postJson(url: URL, body: string, headers: Record<string, string>, target: CheckedTarget, timeoutMs: number): Promise<AttemptResult> {
    const where = `${target.host} (${target.address})`;
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = client.request(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Otternauts-Mission-Control',
            ...headers,
            'content-length': Buffer.byteLength(body),
          },
          lookup: pinnedLookup(target),
          // a kept-alive socket would skip the pinned lookup on the next delivery
          agent: false,
          timeout: timeoutMs,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          res.resume();
          res.on('end', () => {
            if (status >= 200 && status < 300) resolve({ ok: true, status, error: null, retry: false });
            else {
              const retry = status >= 500 || RETRY_4XX.has(status) || status < 200;
              const kind = status >= 300 && status < 400 ? ' (redirects are not followed: use the final URL)' : '';
              resolve({
                ok: false,
                status,
                error: `${where} answered ${status} ${res.statusMessage ?? ''}`.trim() + kind,
                retry: retry && !kind,
              });
            }
          });
          res.on('error', (err) => resolve({ ok: false, status, error: socketError(err, where), retry: true }));
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (err) => resolve({ ok: false, status: null, error: socketError(err, where), retry: true }));
      req.end(body);
    });
  }

  async sendMail(
    settings: EmailSettings,
    password: string | undefined,
    message: EmailMessage,
    target: CheckedTarget,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const where = `${target.host}:${settings.port} (${target.address})`;
    // loaded on the first email: nodemailer costs ~15 MB of memory, which Mission Control without an email channel never needs
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(smtpOptions(settings, password, target, timeoutMs));
    try {
      const info = await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text });
      const code = /^(\d{3})/.exec(String(info.response ?? ''))?.[1];
      return { ok: true, status: code ? Number(code) : 250, error: null, retry: false };
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; response?: string; command?: string };
      if (e.responseCode) {
        const reply = String(e.response ?? '')
          .replace(/\s+/g, ' ')
          .slice(0, 200);
        const auth = e.code === 'EAUTH' ? ' (check the user name and password)' : '';
        return { ok: false, status: e.responseCode, error: `${where} answered ${reply}${auth}`, retry: e.responseCode < 500 };
      }
      if (e.code === 'EAUTH')
        return { ok: false, status: null, error: `${where}: ${String((err as Error).message).slice(0, 200)}`, retry: false };
      if (e.code === 'ETLS' || (e.code === 'ESOCKET' && /certificate|TLS|SSL/i.test(String((err as Error).message)))) {
        return { ok: false, status: null, error: `${where}: TLS failed (${String((err as Error).message).slice(0, 160)})`, retry: true };
      }
      return { ok: false, status: null, error: socketError(err, where), retry: true };
    } finally {
      transport.close();
    }
  }
}

/**
 * nodemailer connects to the checked address; `servername` keeps SNI and the certificate
 * check on the name the user typed. tls: TLS from the first byte (465); starttls: upgrade
 * required, never plain text; none: no TLS even if offered (a LAN relay).
 */
export function smtpOptions(settings: EmailSettings, password: string | undefined, target: CheckedTarget, timeoutMs: number) {
  const byName = target.host !== target.address;
  return {
    host: target.address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(byName ? { servername: target.host } : {}),
    ...(settings.username ? { auth: { user: settings.username, pass: password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
}
