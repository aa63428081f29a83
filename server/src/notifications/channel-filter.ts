import { EVENT_KINDS, EVENT_KIND_NAMES, type EventKind } from '../events/event-kinds.js';
import type { EventView } from '../events/event.types.js';
import type { ChannelKind, ChannelSecrets, ChannelSettings } from './channel-config.js';
import type { ChannelRow } from './notification.store.js';

/** A test is sent by "Send test" to one channel; dispatching it would tell every other channel too. */
const NEVER_DISPATCHED: readonly EventKind[] = ['notification.test'];

/** Kinds a channel may pick. */
export const SUBSCRIBABLE_KINDS = EVENT_KIND_NAMES.filter((k) => !NEVER_DISPATCHED.includes(k));

/**
 * A channel that picked no kinds hears what someone would want to be woken for: every
 * warning and error (failed and timed-out deploys are errors), and each one's resolution.
 */
export const DEFAULT_KINDS: readonly EventKind[] = SUBSCRIBABLE_KINDS.filter((k) => {
  const def = EVENT_KINDS[k] as { severity: string; resolves?: string };
  return def.severity === 'warning' || def.severity === 'error' || def.resolves !== undefined;
});

export interface Channel {
  id: string;
  name: string;
  kind: ChannelKind;
  settings: ChannelSettings;
  events: EventKind[];
  stacks: string[];
  enabled: boolean;
}

export function channelOf(row: ChannelRow): Channel {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    settings: JSON.parse(row.settings) as ChannelSettings,
    events: JSON.parse(row.events) as EventKind[],
    stacks: JSON.parse(row.stacks) as string[],
    enabled: row.enabled,
  };
}

export function parseSecrets(plain: string | null): ChannelSecrets {
  return plain ? (JSON.parse(plain) as ChannelSecrets) : {};
}

/** Whether the channel asked for this event: its kinds ([] = the defaults) and its stacks ([] = all, stackless events too). */
export function wants(channel: Channel, event: EventView): boolean {
  if (!channel.enabled || NEVER_DISPATCHED.includes(event.kind)) return false;
  const kinds = channel.events.length ? channel.events : DEFAULT_KINDS;
  if (!kinds.includes(event.kind)) return false;
  if (channel.stacks.length === 0) return true;
  return event.stackId !== null && channel.stacks.includes(event.stackId);
}
