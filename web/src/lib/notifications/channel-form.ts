import type { ApiErrorInfo } from '#lib/api/errors.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import { ALL_FIELD_NAMES, CHANNEL_FIELDS, isChannelKind, SECURITY_CHOICES, type ChannelField } from '#lib/notifications/channel-kinds.ts';
import type { ChannelBody, ChannelKind, ChannelView } from '#lib/notifications/types.ts';

/** A channel as its form holds it: every value a string as typed; secrets only when typed again. */
export interface ChannelDraft {
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** [] means the default: every problem, its end, and failed deploys */
  events: string[];
  /** [] means every stack */
  stacks: string[];
  values: Record<string, string>;
  /** stored optional secrets the user asked to remove */
  remove: string[];
}

export type Mode = { create: true } | { create: false; secretsSet: readonly string[] };

export function emptyDraft(kind: ChannelKind = 'webhook'): ChannelDraft {
  return { name: '', kind, enabled: true, events: [], stacks: [], values: initialValues(kind), remove: [] };
}

function initialValues(kind: ChannelKind): Record<string, string> {
  return Object.fromEntries(CHANNEL_FIELDS[kind].map((f) => [f.name, f.initial ?? '']));
}

/** Another kind picked while creating: its fields start fresh, the name and pickers stay. */
export function withKind(draft: ChannelDraft, kind: ChannelKind): ChannelDraft {
  return { ...draft, kind, values: initialValues(kind), remove: [] };
}

function settingText(value: unknown): string {
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}

/** The form for editing a stored channel: settings as they are, secret fields empty (kept unless replaced). */
export function draftFromChannel(channel: ChannelView): ChannelDraft {
  // A kind this dashboard does not know (a newer server) opens as a webhook form rather than failing.
  const kind: ChannelKind = isChannelKind(channel.kind) ? channel.kind : 'webhook';
  const values: Record<string, string> = {};
  for (const field of CHANNEL_FIELDS[kind]) {
    values[field.name] = field.where === 'secrets' ? '' : settingText(channel.settings[field.name]) || (field.initial ?? '');
  }
  return {
    name: channel.name,
    kind,
    enabled: channel.enabled,
    events: [...channel.events],
    stacks: [...channel.stacks],
    values,
    remove: [],
  };
}

/** "a@x, b@y" or one per line -> addresses. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

// Only the shape a person can get wrong by typing; Mission Control checks the rest.
const ADDRESS = /^[^\s@]+@[^\s@]+$/;
const NTFY_TOPIC = /^[-_A-Za-z0-9]{1,64}$/;
// Secrets go into a header or an HMAC key on the server: printable, no spaces; a signing secret of 16 or more.
const PRINTABLE = /^[\x21-\x7e]+$/;
const MIN_SIGNING_SECRET = 16;

function isHttpUrl(text: string): boolean {
  try {
    const parsed = new URL(text);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** Whether a secret field has a stored value the empty input keeps. */
function kept(field: ChannelField, mode: Mode): boolean {
  return field.where === 'secrets' && !mode.create && mode.secretsSet.includes(field.name);
}

function fieldProblem(field: ChannelField, raw: string, mode: Mode): MessageKey | null {
  const value = field.type === 'password' ? raw : raw.trim();
  if (value === '') return field.required && !kept(field, mode) ? 'notifications.invalid.required' : null;
  switch (field.type) {
    case 'password':
      if (!PRINTABLE.test(value)) return 'notifications.invalid.secretCharacters';
      return field.name === 'signingSecret' && value.length < MIN_SIGNING_SECRET ? 'notifications.invalid.signingSecret' : null;
    case 'url':
      return isHttpUrl(value) ? null : 'notifications.invalid.url';
    case 'number': {
      const port = Number(value);
      return /^\d+$/.test(value) && port >= 1 && port <= 65535 ? null : 'notifications.invalid.port';
    }
    case 'email':
      return ADDRESS.test(value) ? null : 'notifications.invalid.email';
    case 'emails': {
      const list = splitAddresses(value);
      return list.length > 0 && list.every((a) => ADDRESS.test(a)) ? null : 'notifications.invalid.emails';
    }
    case 'security':
      return (SECURITY_CHOICES as readonly string[]).includes(value) ? null : 'notifications.invalid.security';
    default:
      return field.name === 'topic' && !NTFY_TOPIC.test(value) ? 'notifications.invalid.topic' : null;
  }
}

/** What is wrong before asking Mission Control, by field; empty when the draft can be sent. */
export function validateDraft(draft: ChannelDraft, mode: Mode): Record<string, MessageKey> {
  const problems: Record<string, MessageKey> = {};
  if (draft.name.trim() === '') problems.name = 'notifications.invalid.name';
  for (const field of CHANNEL_FIELDS[draft.kind]) {
    const problem = fieldProblem(field, draft.values[field.name] ?? '', mode);
    if (problem) problems[field.name] = problem;
  }
  return problems;
}

/**
 * The POST/PUT body. Settings are sent trimmed (the port as a number, the recipients as a
 * list); a secret only when typed, so an edit that leaves it empty keeps the stored one.
 */
export function channelBody(draft: ChannelDraft): ChannelBody {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, string | null> = {};
  for (const field of CHANNEL_FIELDS[draft.kind]) {
    const raw = draft.values[field.name] ?? '';
    if (field.where === 'secrets') {
      // Secrets go as typed (Mission Control says what it refuses), never trimmed into another value.
      const value = field.type === 'password' ? raw : raw.trim();
      if (value !== '') secrets[field.name] = value;
      else if (field.removable && draft.remove.includes(field.name)) secrets[field.name] = null;
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (field.type === 'number') settings[field.name] = Number(value);
    else if (field.type === 'emails') settings[field.name] = splitAddresses(value);
    else settings[field.name] = value;
  }
  return {
    name: draft.name.trim(),
    kind: draft.kind,
    settings,
    secrets,
    events: [...draft.events],
    stacks: [...draft.stacks],
    enabled: draft.enabled,
  };
}

/** `settings.to[1]`, `secrets.url`, `to.0` -> `to`, `url`: the form's own field names. */
export function formFieldOf(apiField: string): string {
  return apiField
    .replace(/^(settings|secrets)\./, '')
    .replace(/(\[\d+\]|\.\d+)$/, '')
    .trim();
}

/**
 * The API's error with its fields renamed to the form's, so each message lands next to its
 * input (fieldErrors and onlyFieldErrors then work as on every other form).
 */
export function channelError(error: ApiErrorInfo | null): ApiErrorInfo | null {
  if (!error) return null;
  return {
    ...error,
    details: error.details.map((d) => {
      if (!d.field) return d;
      const field = formFieldOf(d.field);
      return ALL_FIELD_NAMES.includes(field) ? { ...d, field } : d;
    }),
  };
}

/** The form fields of a kind, for Submission and fieldErrors: the common ones and the kind's own. */
export function formFields(kind: ChannelKind): string[] {
  return ['name', 'kind', 'events', 'stacks', 'enabled', ...CHANNEL_FIELDS[kind].map((f) => f.name)];
}
