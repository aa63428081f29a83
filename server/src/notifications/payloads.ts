import type { EventSeverity } from '../events/event-kinds.js';
import type { ChannelKind, EmailSettings, NtfySettings } from './channel-config.js';
import type { Notice } from './notice.js';

/**
 * A notice in each channel's own format. The result is stored as the delivery's payload
 * (never secrets: URLs, tokens and passwords are added only when sending), so a retry sends
 * the very same bytes and the webhook signature covers exactly what was stored.
 */

const EMOJI: Record<EventSeverity, string> = { error: '🚨', warning: '⚠️', success: '✅', info: '🦦' };
const DISCORD_COLOR: Record<EventSeverity, number> = { error: 0xd93f3f, warning: 0xe8a33d, success: 0x2f9e6f, info: 0x3b82f6 };
const NTFY_PRIORITY: Record<EventSeverity, number> = { error: 5, warning: 4, success: 3, info: 3 };
const NTFY_TAG: Record<EventSeverity, string> = { error: 'rotating_light', warning: 'warning', success: 'white_check_mark', info: 'otter' };

/** The generic webhook's body: everything a receiver needs to act without calling back. */
export function webhookBody(n: Notice): object {
  return {
    type: n.type,
    kind: n.kind,
    severity: n.severity,
    title: n.title,
    text: n.text,
    facts: n.facts,
    link: n.link,
    at: n.at.toISOString(),
    events: n.events.map((e) => ({
      id: e.id,
      at: e.at instanceof Date ? e.at.toISOString() : e.at,
      kind: e.kind,
      severity: e.severity,
      message: e.message,
      stackId: e.stackId,
      stackName: e.stackName,
      service: e.service,
      serverId: e.serverId,
      serverName: e.serverName,
      deploymentId: e.deploymentId,
      incidentKey: e.incidentKey,
      phase: e.phase,
      details: e.details,
    })),
  };
}

/** Slack's mrkdwn needs &, < and > escaped; everything else is literal. */
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack-compatible incoming webhook: `text` is the fallback (and what Mattermost/Rocket.Chat show), blocks the layout. */
export function slackBody(n: Notice): object {
  const title = `${EMOJI[n.severity]} ${n.title}`;
  const blocks: object[] = [
    { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(n.text).slice(0, 3000) } },
  ];
  if (n.facts.length) {
    blocks.push({
      type: 'section',
      fields: n.facts
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn', text: `*${slackEscape(f.label)}*\n${slackEscape(f.value)}`.slice(0, 2000) })),
    });
  }
  if (n.link) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${n.link}|Open in Mission Control>` }] });
  return { text: `${title}\n${n.text}`, blocks };
}

/** Discord webhook: a short `content` line and one embed with the facts as fields. */
export function discordBody(n: Notice): object {
  return {
    username: 'Otto (Otternauts)',
    content: `${EMOJI[n.severity]} ${n.title}`.slice(0, 2000),
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: n.title.slice(0, 256),
        description: n.text.slice(0, 4096),
        color: DISCORD_COLOR[n.severity],
        fields: n.facts
          .slice(0, 25)
          .map((f) => ({ name: f.label.slice(0, 256), value: f.value.slice(0, 1024), inline: f.value.length < 40 })),
        ...(n.link ? { url: n.link } : {}),
        timestamp: n.at.toISOString(),
        footer: { text: 'Otternauts Mission Control' },
      },
    ],
  };
}

/** ntfy's JSON publishing (POST to the server's root): topic, title, message, priority, tags, click. */
export function ntfyBody(n: Notice, settings: NtfySettings): object {
  const lines = [n.text, ...n.facts.map((f) => `${f.label}: ${f.value}`)];
  return {
    topic: settings.topic,
    title: n.title,
    message: lines.join('\n').slice(0, 4000),
    priority: NTFY_PRIORITY[n.severity],
    tags: [NTFY_TAG[n.severity]],
    ...(n.link ? { click: n.link } : {}),
  };
}

export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

/** A plain-text mail: it reads the same in every client and in a terminal. */
export function emailMessage(n: Notice, settings: EmailSettings): EmailMessage {
  const width = Math.max(0, ...n.facts.map((f) => f.label.length));
  const facts = n.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`);
  const text = [
    n.text,
    '',
    ...facts,
    ...(facts.length ? [''] : []),
    ...(n.link ? [`Open in Mission Control: ${n.link}`, ''] : []),
    `${n.at.toISOString()} · Otternauts Mission Control`,
  ].join('\n');
  return { from: settings.from, to: settings.to, subject: `[Otternauts] ${n.title}`, text };
}

/** The stored payload: the exact body for HTTP kinds, the message for e-mail. */
export function renderPayload(kind: ChannelKind, n: Notice, settings: unknown): string {
  switch (kind) {
    case 'webhook':
      return JSON.stringify(webhookBody(n));
    case 'slack':
      return JSON.stringify(slackBody(n));
    case 'discord':
      return JSON.stringify(discordBody(n));
    case 'ntfy':
      return JSON.stringify(ntfyBody(n, settings as NtfySettings));
    case 'email':
      return JSON.stringify(emailMessage(n, settings as EmailSettings));
  }
}
