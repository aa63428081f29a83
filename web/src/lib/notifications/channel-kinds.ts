import type { MessageKey } from '#lib/i18n/index.ts';
import type { ChannelKind } from '#lib/notifications/types.ts';

export const CHANNEL_KINDS: readonly ChannelKind[] = ['webhook', 'slack', 'discord', 'ntfy', 'email'];

export type FieldType = 'url' | 'text' | 'password' | 'number' | 'email' | 'emails' | 'security';

/** One input of a channel's form; `name` is its key in settings or secrets, and the field the API names. */
export interface ChannelField {
  name: string;
  where: 'settings' | 'secrets';
  type: FieldType;
  /** needed on create; an edit keeps a stored secret when its field stays empty */
  required: boolean;
  label: MessageKey;
  hint?: MessageKey;
  placeholder?: string;
  /** the value a new channel starts with */
  initial?: string;
  /** an optional secret that an edit may remove (sent as null) */
  removable?: boolean;
}

export const SECURITY_CHOICES = ['starttls', 'tls', 'none'] as const;
export type Security = (typeof SECURITY_CHOICES)[number];

/** The port each security usually listens on, so changing it moves an untouched port along. */
export const SECURITY_PORTS: Record<Security, string> = { tls: '465', starttls: '587', none: '25' };

export const NTFY_DEFAULT_SERVER = 'https://ntfy.sh';

const url = (label: MessageKey, hint: MessageKey, placeholder: string): ChannelField => ({
  name: 'url',
  where: 'secrets',
  type: 'url',
  required: true,
  label,
  hint,
  placeholder,
});

export const CHANNEL_FIELDS: Record<ChannelKind, readonly ChannelField[]> = {
  webhook: [
    url('notifications.field.webhookUrl', 'notifications.field.webhookUrlHint', 'https://hooks.example.com/otternauts'),
    {
      name: 'signingSecret',
      where: 'secrets',
      type: 'password',
      required: false,
      label: 'notifications.field.signingSecret',
      hint: 'notifications.field.signingSecretHint',
    },
  ],
  slack: [url('notifications.field.slackUrl', 'notifications.field.slackUrlHint', 'https://hooks.slack.com/services/…')],
  discord: [url('notifications.field.discordUrl', 'notifications.field.discordUrlHint', 'https://discord.com/api/webhooks/…')],
  ntfy: [
    {
      name: 'server',
      where: 'settings',
      type: 'url',
      required: false,
      label: 'notifications.field.ntfyServer',
      hint: 'notifications.field.ntfyServerHint',
      placeholder: NTFY_DEFAULT_SERVER,
    },
    {
      name: 'topic',
      where: 'settings',
      type: 'text',
      required: true,
      label: 'notifications.field.ntfyTopic',
      hint: 'notifications.field.ntfyTopicHint',
    },
    {
      name: 'token',
      where: 'secrets',
      type: 'password',
      required: false,
      label: 'notifications.field.ntfyToken',
      hint: 'notifications.field.ntfyTokenHint',
      removable: true,
    },
  ],
  email: [
    {
      name: 'host',
      where: 'settings',
      type: 'text',
      required: true,
      label: 'notifications.field.smtpHost',
      placeholder: 'smtp.example.com',
    },
    {
      name: 'security',
      where: 'settings',
      type: 'security',
      required: true,
      label: 'notifications.field.smtpSecurity',
      initial: 'starttls',
    },
    {
      name: 'port',
      where: 'settings',
      type: 'number',
      required: true,
      label: 'notifications.field.smtpPort',
      initial: SECURITY_PORTS.starttls,
    },
    { name: 'username', where: 'settings', type: 'text', required: false, label: 'notifications.field.smtpUsername' },
    { name: 'password', where: 'secrets', type: 'password', required: false, label: 'notifications.field.smtpPassword', removable: true },
    {
      name: 'from',
      where: 'settings',
      type: 'email',
      required: true,
      label: 'notifications.field.emailFrom',
      placeholder: 'otto@example.com',
    },
    {
      name: 'to',
      where: 'settings',
      type: 'emails',
      required: true,
      label: 'notifications.field.emailTo',
      hint: 'notifications.field.emailToHint',
      placeholder: 'ops@example.com',
    },
  ],
};

export const KIND_LABELS: Record<ChannelKind, { label: MessageKey; hint: MessageKey }> = {
  webhook: { label: 'notifications.kind.webhook', hint: 'notifications.kind.webhookHint' },
  slack: { label: 'notifications.kind.slack', hint: 'notifications.kind.slackHint' },
  discord: { label: 'notifications.kind.discord', hint: 'notifications.kind.discordHint' },
  ntfy: { label: 'notifications.kind.ntfy', hint: 'notifications.kind.ntfyHint' },
  email: { label: 'notifications.kind.email', hint: 'notifications.kind.emailHint' },
};

export function isChannelKind(value: string): value is ChannelKind {
  return (CHANNEL_KINDS as readonly string[]).includes(value);
}

/** Every field name any kind has, plus the common ones: what API errors may name. */
export const ALL_FIELD_NAMES: readonly string[] = [
  'name',
  'kind',
  'events',
  'stacks',
  'enabled',
  ...new Set(Object.values(CHANNEL_FIELDS).flatMap((fields) => fields.map((f) => f.name))),
];
