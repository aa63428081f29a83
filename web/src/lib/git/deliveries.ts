import type { MessageKey } from '#lib/i18n/index.ts';

export type Tone = 'good' | 'busy' | 'bad' | 'idle';

/** How a badge shows a value Mission Control sends: its words' key (null: show the value as sent) and colour. */
export interface Look {
  label: MessageKey | null;
  tone: Tone;
}

/** A value's look from its table; one the table does not know (from a newer server) shows as it is, idle. */
export function lookIn(table: Readonly<Record<string, { label: MessageKey; tone: Tone }>>, value: string): Look {
  const known = table[value];
  return known ? { label: known.label, tone: known.tone } : { label: null, tone: 'idle' };
}

// Decisions as Mission Control records them (server/src/deliveries/delivery.types.ts).
const DECISIONS: Record<string, { label: MessageKey; tone: Tone }> = {
  queued: { label: 'deliveries.decision.queued', tone: 'busy' },
  deploying: { label: 'deliveries.decision.deploying', tone: 'busy' },
  deployed: { label: 'deliveries.decision.deployed', tone: 'good' },
  // a preview torn down because its request closed or its time to live passed
  removed: { label: 'previews.delivery.removed', tone: 'good' },
  ignored: { label: 'deliveries.decision.ignored', tone: 'idle' },
  duplicate: { label: 'deliveries.decision.duplicate', tone: 'idle' },
  superseded: { label: 'deliveries.decision.superseded', tone: 'idle' },
  rejected: { label: 'deliveries.decision.rejected', tone: 'bad' },
  failed: { label: 'deliveries.decision.failed', tone: 'bad' },
};

const SOURCES: Record<string, MessageKey> = {
  github: 'deliveries.source.github',
  gitlab: 'deliveries.source.gitlab',
  gitea: 'deliveries.source.gitea',
  forgejo: 'deliveries.source.forgejo',
  generic: 'deliveries.source.generic',
  poll: 'deliveries.source.poll',
  ttl: 'previews.delivery.ttl',
};

const SIGNATURES: Record<string, { label: MessageKey; tone: Tone }> = {
  valid: { label: 'deliveries.signature.valid', tone: 'good' },
  invalid: { label: 'deliveries.signature.invalid', tone: 'bad' },
  missing: { label: 'deliveries.signature.missing', tone: 'bad' },
  none: { label: 'deliveries.signature.none', tone: 'idle' },
};

/** The label key and colour of a decision; an unknown one (a newer server) shows as it is. */
export function decisionLook(decision: string): Look {
  return lookIn(DECISIONS, decision);
}

export function sourceLabel(source: string): MessageKey | null {
  return SOURCES[source] ?? null;
}

export function signatureLook(signature: string): Look {
  return lookIn(SIGNATURES, signature);
}

/** True while a delivery still has work ahead: the list refreshes faster until it settles. */
export function isPending(decision: string): boolean {
  return decision === 'queued' || decision === 'deploying';
}

/** A fingerprint of the list, so a refresh that changed nothing does not redraw it. */
export function deliveriesKey(list: readonly { id: string; decision: string; reason: string }[]): string {
  return list.map((d) => `${d.id}:${d.decision}:${d.reason}`).join('|');
}

const REQUEST_ACTIONS: Record<string, MessageKey> = {
  open: 'previews.delivery.open',
  update: 'previews.delivery.update',
  close: 'previews.delivery.close',
};

/** "Pull request #42 opened": what a pull/merge request delivery was about; null for a push. */
export function requestAction(delivery: { pullRequest: number | null; action: string | null }): { key: MessageKey; number: number } | null {
  if (delivery.pullRequest === null || delivery.pullRequest === undefined) return null;
  return { key: REQUEST_ACTIONS[delivery.action ?? ''] ?? 'previews.delivery.request', number: delivery.pullRequest };
}
