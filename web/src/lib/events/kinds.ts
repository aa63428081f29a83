import type { MessageKey } from '#lib/i18n/index.ts';

// Every event kind Mission Control records (server/src/events/event-kinds.ts; kinds.spec.ts
// fails when that list changes without this one), in the groups the timeline filters by.
export const KIND_GROUPS = ['deploys', 'services', 'servers', 'certificates', 'changes'] as const;
export type KindGroup = (typeof KIND_GROUPS)[number];

export const SEVERITIES = ['error', 'warning', 'success', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

interface KindInfo {
  group: KindGroup;
  label: MessageKey;
  severity: Severity;
  /** resolutions are the "all clear" half of an incident: a channel's picker lists them under their problem */
  resolves?: string;
}

export const KINDS: Record<string, KindInfo> = {
  'deploy.started': { group: 'deploys', label: 'activity.kind.deployStarted', severity: 'info' },
  'deploy.succeeded': { group: 'deploys', label: 'activity.kind.deploySucceeded', severity: 'success' },
  'deploy.failed': { group: 'deploys', label: 'activity.kind.deployFailed', severity: 'error' },
  'deploy.timed_out': { group: 'deploys', label: 'activity.kind.deployTimedOut', severity: 'error' },
  'service.degraded': { group: 'services', label: 'activity.kind.serviceDegraded', severity: 'warning' },
  'service.recovered': { group: 'services', label: 'activity.kind.serviceRecovered', severity: 'success', resolves: 'service.degraded' },
  'service.unhealthy': { group: 'services', label: 'activity.kind.serviceUnhealthy', severity: 'error' },
  'service.healthy': { group: 'services', label: 'activity.kind.serviceHealthy', severity: 'success', resolves: 'service.unhealthy' },
  'service.crash_loop': { group: 'services', label: 'activity.kind.serviceCrashLoop', severity: 'error' },
  'service.crash_loop_ended': {
    group: 'services',
    label: 'activity.kind.serviceCrashLoopEnded',
    severity: 'success',
    resolves: 'service.crash_loop',
  },
  'server.unreachable': { group: 'servers', label: 'activity.kind.serverUnreachable', severity: 'error' },
  'server.back': { group: 'servers', label: 'activity.kind.serverBack', severity: 'success', resolves: 'server.unreachable' },
  'cluster.unreachable': { group: 'servers', label: 'activity.kind.clusterUnreachable', severity: 'error' },
  'cluster.back': { group: 'servers', label: 'activity.kind.clusterBack', severity: 'success', resolves: 'cluster.unreachable' },
  'disk.low': { group: 'servers', label: 'activity.kind.diskLow', severity: 'warning' },
  'disk.ok': { group: 'servers', label: 'activity.kind.diskOk', severity: 'success', resolves: 'disk.low' },
  'host_key.refused': { group: 'servers', label: 'activity.kind.hostKeyRefused', severity: 'error' },
  'certificate.problem': { group: 'certificates', label: 'activity.kind.certificateProblem', severity: 'warning' },
  'certificate.ok': { group: 'certificates', label: 'activity.kind.certificateOk', severity: 'success', resolves: 'certificate.problem' },
  'server.added': { group: 'changes', label: 'activity.kind.serverAdded', severity: 'info' },
  'server.removed': { group: 'changes', label: 'activity.kind.serverRemoved', severity: 'info' },
  'stack.created': { group: 'changes', label: 'activity.kind.stackCreated', severity: 'info' },
  'stack.changed': { group: 'changes', label: 'activity.kind.stackChanged', severity: 'info' },
  'stack.removed': { group: 'changes', label: 'activity.kind.stackRemoved', severity: 'info' },
  'preview.created': { group: 'changes', label: 'previews.event.created', severity: 'info' },
  'preview.removed': { group: 'changes', label: 'previews.event.removed', severity: 'info' },
  'secret.set': { group: 'changes', label: 'activity.kind.secretSet', severity: 'info' },
  'secret.removed': { group: 'changes', label: 'activity.kind.secretRemoved', severity: 'info' },
  'notification.test': { group: 'changes', label: 'activity.kind.notificationTest', severity: 'info' },
};

export const KIND_NAMES = Object.keys(KINDS);

export const GROUP_LABELS: Record<KindGroup, MessageKey> = {
  deploys: 'activity.group.deploys',
  services: 'activity.group.services',
  servers: 'activity.group.servers',
  certificates: 'activity.group.certificates',
  changes: 'activity.group.changes',
};

export const SEVERITY_LABELS: Record<Severity, MessageKey> = {
  error: 'activity.severity.error',
  warning: 'activity.severity.warning',
  success: 'activity.severity.success',
  info: 'activity.severity.info',
};

/** The kinds of the given groups, in the order above: what GET /api/events?kind= gets. */
export function kindsOfGroups(groups: readonly KindGroup[]): string[] {
  return KIND_NAMES.filter((kind) => groups.includes(KINDS[kind].group));
}

/** The label key of a kind; null for a kind this dashboard does not know yet (shown as it is). */
export function kindLabel(kind: string): MessageKey | null {
  return KINDS[kind]?.label ?? null;
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function isKindGroup(value: string): value is KindGroup {
  return (KIND_GROUPS as readonly string[]).includes(value);
}
