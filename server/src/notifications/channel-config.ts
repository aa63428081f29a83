import type { ErrorDetail } from '../errors/api-error.js';

export const CHANNEL_KINDS = ['webhook', 'slack', 'discord', 'ntfy', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const EMAIL_SECURITY = ['tls', 'starttls', 'none'] as const;
export type EmailSecurity = (typeof EMAIL_SECURITY)[number];

export interface NtfySettings {
  server: string;
  topic: string;
}
export interface EmailSettings {
  host: string;
  port: number;
  security: EmailSecurity;
  username?: string;
  from: string;
  to: string[];
}
export type ChannelSettings = Record<string, never> | NtfySettings | EmailSettings;

/** What lives sealed in the vault; every value is a string. */
export interface ChannelSecrets {
  url?: string;
  signingSecret?: string;
  token?: string;
  password?: string;
}

/** The secret fields each kind takes; nothing else is accepted (nor stored). */
export const SECRET_FIELDS: Record<ChannelKind, (keyof ChannelSecrets)[]> = {
  webhook: ['url', 'signingSecret'],
  slack: ['url'],
  discord: ['url'],
  ntfy: ['token'],
  email: ['password'],
};

const REQUIRED_SECRETS: Partial<Record<ChannelKind, (keyof ChannelSecrets)[]>> = {
  webhook: ['url'],
  slack: ['url'],
  discord: ['url'],
};

const SETTING_FIELDS: Record<ChannelKind, string[]> = {
  webhook: [],
  slack: [],
  discord: [],
  ntfy: ['server', 'topic'],
  email: ['host', 'port', 'security', 'username', 'from', 'to'],
};

export const DEFAULT_NTFY_SERVER = 'https://ntfy.sh';
const DEFAULT_PORTS: Record<EmailSecurity, number> = { tls: 465, starttls: 587, none: 25 };

/** ntfy's own topic rule (letters, digits, _ and -, up to 64). */
const NTFY_TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
/** A plain address; display names are not needed for an alert sender or recipient. */
const EMAIL_ADDRESS = /^[^\s@<>()",;:\\[\]]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Secrets go into an HTTP header or an HMAC key: printable, no line breaks. */
const PRINTABLE = /^[\x21-\x7e]+$/;
const SMTP_USER = /^[\x21-\x7e]{1,256}$/;
const MAX_RECIPIENTS = 20;

/** An outgoing URL as typed: http(s), no credentials in it (they would be logged by proxies and shown in views). */
export function parseOutgoingUrl(field: string, value: unknown, errors: ErrorDetail[]): URL | null {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: 'must be an http:// or https:// URL' });
    return null;
  }
  if (value.length > 2048) {
    errors.push({ field, message: 'must be at most 2048 characters' });
    return null;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    errors.push({ field, message: 'must be an http:// or https:// URL (it does not parse as a URL)' });
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    errors.push({ field, message: `must be an http:// or https:// URL, not ${url.protocol.replace(/:$/, '')}` });
    return null;
  }
  if (url.username || url.password) {
    errors.push({ field, message: 'must not carry a user name or password (use the token field where the kind has one)' });
    return null;
  }
  return url;
}

export interface ParsedConfig {
  settings: ChannelSettings;
  /** the secrets to store: given ones replace, null removes, missing keeps `current` */
  secrets: ChannelSecrets;
  errors: ErrorDetail[];
}

/**
 * Checks a kind's settings and secrets and answers them normalised. Every problem is an
 * error detail naming its field (settings.topic, secrets.url...), all of them at once.
 */
export function parseChannelConfig(
  kind: ChannelKind,
  settingsIn: Record<string, unknown> | undefined,
  secretsIn: Record<string, unknown> | undefined,
  current: ChannelSecrets = {},
): ParsedConfig {
  const errors: ErrorDetail[] = [];
  const rawSettings = settingsIn ?? {};
  const rawSecrets = secretsIn ?? {};
  for (const key of Object.keys(rawSettings)) {
    if (!SETTING_FIELDS[kind].includes(key)) errors.push({ field: `settings.${key}`, message: `is not a setting of a ${kind} channel` });
  }
  const secrets: ChannelSecrets = { ...current };
  for (const [key, value] of Object.entries(rawSecrets)) {
    const field = `secrets.${key}`;
    if (!(SECRET_FIELDS[kind] as string[]).includes(key)) {
      errors.push({ field, message: `is not a secret of a ${kind} channel (it takes ${SECRET_FIELDS[kind].join(', ')})` });
      continue;
    }
    const k = key as keyof ChannelSecrets;
    if (value === null) {
      if (REQUIRED_SECRETS[kind]?.includes(k)) errors.push({ field, message: 'is required and cannot be removed' });
      delete secrets[k];
    } else if (typeof value !== 'string' || value.length === 0) {
      errors.push({ field, message: 'must be a non-empty string (or null to remove it)' });
    } else if (k === 'url') {
      const url = parseOutgoingUrl(field, value, errors);
      if (url) secrets.url = url.toString();
    } else if (value.length > 4096 || !PRINTABLE.test(value)) {
      errors.push({ field, message: 'must be printable characters without spaces or line breaks, at most 4096' });
    } else if (k === 'signingSecret' && value.length < 16) {
      errors.push({ field, message: 'must be at least 16 characters (leave it out and Mission Control generates one)' });
    } else {
      secrets[k] = value;
    }
  }
  for (const k of REQUIRED_SECRETS[kind] ?? []) {
    if (secrets[k] === undefined && rawSecrets[k] === undefined) errors.push({ field: `secrets.${k}`, message: 'is required' });
  }
  return { settings: parseSettings(kind, rawSettings, errors), secrets, errors };
}

function parseSettings(kind: ChannelKind, raw: Record<string, unknown>, errors: ErrorDetail[]): ChannelSettings {
  if (kind === 'ntfy') {
    const serverIn = raw.server ?? DEFAULT_NTFY_SERVER;
    const url = parseOutgoingUrl('settings.server', serverIn, errors);
    if (url && (url.search || url.hash))
      errors.push({ field: 'settings.server', message: 'must be the server’s base URL, without a query' });
    const topic = raw.topic;
    if (typeof topic !== 'string' || !NTFY_TOPIC.test(topic)) {
      errors.push({ field: 'settings.topic', message: 'must be 1-64 letters, digits, dashes or underscores (the ntfy topic)' });
    }
    return { server: url ? url.toString().replace(/\/+$/, '') : '', topic: typeof topic === 'string' ? topic : '' };
  }
  if (kind === 'email') {
    const security = raw.security;
    if (typeof security !== 'string' || !(EMAIL_SECURITY as readonly string[]).includes(security)) {
      errors.push({
        field: 'settings.security',
        message: `must be one of ${EMAIL_SECURITY.join(', ')} (tls: port 465; starttls: port 587)`,
      });
    }
    const host = smtpHost(raw.host);
    if (host === null) errors.push({ field: 'settings.host', message: 'must be the SMTP server’s host name or IP address' });
    const sec = (EMAIL_SECURITY as readonly string[]).includes(security as string) ? (security as EmailSecurity) : 'starttls';
    const port = raw.port ?? DEFAULT_PORTS[sec];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
      errors.push({ field: 'settings.port', message: 'must be a port number from 1 to 65535' });
    }
    const username = raw.username;
    if (username !== undefined && username !== null && (typeof username !== 'string' || !SMTP_USER.test(username))) {
      errors.push({ field: 'settings.username', message: 'must be printable characters without spaces, at most 256' });
    }
    if (typeof raw.from !== 'string' || !EMAIL_ADDRESS.test(raw.from)) {
      errors.push({ field: 'settings.from', message: 'must be an e-mail address such as otto@example.com' });
    }
    const to = raw.to;
    if (!Array.isArray(to) || to.length === 0 || to.length > MAX_RECIPIENTS) {
      errors.push({ field: 'settings.to', message: `must list 1 to ${MAX_RECIPIENTS} e-mail addresses` });
    } else {
      to.forEach((a, i) => {
        if (typeof a !== 'string' || !EMAIL_ADDRESS.test(a))
          errors.push({ field: `settings.to[${i}]`, message: 'must be an e-mail address' });
      });
    }
    return {
      host: host ?? '',
      port: port as number,
      security: sec,
      ...(typeof username === 'string' ? { username } : {}),
      from: typeof raw.from === 'string' ? raw.from : '',
      to: Array.isArray(to) ? (to as string[]) : [],
    };
  }
  return {};
}

/**
 * A host name or an address literal, nothing that could carry a port, path or user; read the
 * way a URL host is, so 2130706433 or 127.1 reach the address guard as 127.0.0.1.
 */
function smtpHost(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const host = value.trim().toLowerCase();
  const inner = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  try {
    if (HOST_NAME.test(host)) return new URL(`http://${host}/`).hostname;
    if (inner.includes(':')) return new URL(`http://[${inner}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  return null;
}

/** Where a channel sends to, per field, for the address guard (at save and at send). */
export function targetsOf(kind: ChannelKind, settings: ChannelSettings, secrets: ChannelSecrets): { field: string; host: string }[] {
  if (kind === 'ntfy') return [{ field: 'settings.server', host: new URL((settings as NtfySettings).server).hostname }];
  if (kind === 'email') return [{ field: 'settings.host', host: (settings as EmailSettings).host }];
  return secrets.url ? [{ field: 'secrets.url', host: new URL(secrets.url).hostname }] : [];
}

/** The one host a view may show: the rest of a URL can hold a token (Slack and Discord put it in the path). */
export function targetHost(kind: ChannelKind, settings: ChannelSettings, secrets: ChannelSecrets): string | null {
  const t = targetsOf(kind, settings, secrets)[0];
  return t ? t.host.replace(/^\[|\]$/g, '') : null;
}
