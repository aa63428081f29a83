import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { checkHost, RefusedTarget } from './address-guard.js';
import {
  targetsOf,
  type ChannelKind,
  type ChannelSecrets,
  type ChannelSettings,
  type EmailSettings,
  type NtfySettings,
} from './channel-config.js';
import { ChannelTransport, type AttemptResult } from './channel-transport.js';
import type { EmailMessage } from './payloads.js';
import { HostResolver } from './host-resolver.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

/** One attempt must fit in "send test" answering within ~15 s. */
export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface SendRequest {
  deliveryId: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  secrets: ChannelSecrets;
  /** the stored payload, sent byte for byte */
  payload: string;
  /** the event kind, for the webhook's X-Otternauts-Event */
  eventKind: string;
  now: Date;
}

/** Any secret that slipped into an error text (a receiver echoing a URL) is blanked before it is stored. */
export function scrub(text: string, secrets: ChannelSecrets): string {
  let out = text;
  for (const value of Object.values(secrets)) {
    if (typeof value === 'string' && value.length >= 4) out = out.split(value).join('***');
  }
  return out;
}

/**
 * Checks the target again at send time (DNS may have changed since it was saved), then
 * sends the payload the channel's way. Only here do the secrets join the request.
 */
@Injectable()
export class ChannelSender {
  constructor(
    private readonly transport: ChannelTransport,
    private readonly config: AppConfig,
    private readonly dns: HostResolver,
  ) {}

  async send(req: SendRequest): Promise<AttemptResult> {
    const result = await this.attempt(req);
    return result.error ? { ...result, error: scrub(result.error, req.secrets) } : result;
  }

  private async attempt(req: SendRequest): Promise<AttemptResult> {
    const [target] = targetsOf(req.kind, req.settings, req.secrets);
    if (!target) return { ok: false, status: null, error: 'the channel has no URL set', retry: false };
    let checked;
    try {
      checked = await checkHost(target.host, this.config.notifyAllow, this.dns.resolve);
    } catch (err) {
      if (err instanceof RefusedTarget) return { ok: false, status: null, error: `refused: ${err.message}`, retry: false };
      throw err;
    }
    switch (req.kind) {
      case 'webhook': {
        const headers: Record<string, string> = {
          'X-Otternauts-Event': req.eventKind,
          'X-Otternauts-Delivery': req.deliveryId,
          'X-Otternauts-Timestamp': String(Math.floor(req.now.getTime() / 1000)),
        };
        if (req.secrets.signingSecret) headers[SIGNATURE_HEADER] = signBody(req.payload, req.secrets.signingSecret);
        return this.transport.postJson(new URL(req.secrets.url!), req.payload, headers, checked, ATTEMPT_TIMEOUT_MS);
      }
      case 'slack':
      case 'discord':
        return this.transport.postJson(new URL(req.secrets.url!), req.payload, {}, checked, ATTEMPT_TIMEOUT_MS);
      case 'ntfy': {
        const headers: Record<string, string> = req.secrets.token ? { authorization: `Bearer ${req.secrets.token}` } : {};
        const server = (req.settings as NtfySettings).server;
        return this.transport.postJson(new URL(`${server}/`), req.payload, headers, checked, ATTEMPT_TIMEOUT_MS);
      }
      case 'email':
        return this.transport.sendMail(
          req.settings as EmailSettings,
          req.secrets.password,
          JSON.parse(req.payload) as EmailMessage,
          checked,
          ATTEMPT_TIMEOUT_MS,
        );
    }
  }
}
