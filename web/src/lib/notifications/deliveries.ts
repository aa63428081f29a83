import { lookIn, type Look, type Tone } from '#lib/git/deliveries.ts';
import type { MessageKey } from '#lib/i18n/index.ts';
import type { DeliveryView } from '#lib/notifications/types.ts';

const STATUSES: Record<string, { label: MessageKey; tone: Tone }> = {
  pending: { label: 'notifications.delivery.pending', tone: 'busy' },
  sent: { label: 'notifications.delivery.sent', tone: 'good' },
  failed: { label: 'notifications.delivery.failed', tone: 'bad' },
};

const KINDS: Record<string, MessageKey> = {
  event: 'notifications.deliveryKind.event',
  incident: 'notifications.deliveryKind.incident',
  resolved: 'notifications.deliveryKind.resolved',
  summary: 'notifications.deliveryKind.summary',
  test: 'notifications.deliveryKind.test',
};

/** The badge of a delivery's status; an unknown one (a newer server) shows as it is. */
export function deliveryLook(status: string): Look {
  return lookIn(STATUSES, status);
}

export function deliveryKindLabel(kind: string): MessageKey | null {
  return KINDS[kind] ?? null;
}

/** Still being retried: the list is read again until it settles. */
export function isRetrying(delivery: { status: string }): boolean {
  return delivery.status === 'pending';
}

/**
 * One line for a channel's last delivery: "Sent · HTTP 204", "Failed after 5 attempts · connect ECONNREFUSED".
 * Parts the delivery does not have are left out.
 */
export function deliverySummary(delivery: DeliveryView): {
  status: MessageKey | null;
  code: string | null;
  attempts: number;
  error: string | null;
} {
  return {
    status: deliveryLook(delivery.status).label,
    code: delivery.responseStatus === null ? null : String(delivery.responseStatus),
    attempts: delivery.attempts,
    error: delivery.lastError && delivery.lastError.trim() !== '' ? delivery.lastError : null,
  };
}
