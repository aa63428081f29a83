import type { MessageKey } from '#lib/i18n/index.ts';

// Deployment triggers (manual, push, poll, rollback, api) as the history names them.
const TRIGGERS: Record<string, MessageKey> = {
  manual: 'history.trigger.manual',
  push: 'history.trigger.push',
  poll: 'history.trigger.poll',
  rollback: 'history.trigger.rollback',
  api: 'history.trigger.api',
};

export function triggerLabel(trigger: string | null | undefined): MessageKey | null {
  return trigger ? (TRIGGERS[trigger] ?? null) : null;
}
