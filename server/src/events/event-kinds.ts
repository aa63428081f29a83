/**
 * Every kind of event Mission Control records. Problems open an incident and their
 * resolution closes it (they share an incidentKey); the rest happen once.
 */
export const EVENT_KINDS = {
  'deploy.started': { severity: 'info', about: 'a deployment started (trigger, version, commit)' },
  'deploy.succeeded': { severity: 'success', about: 'every service of a deployment runs' },
  'deploy.failed': { severity: 'error', about: 'a deployment failed, with the reason' },
  'deploy.timed_out': { severity: 'error', about: 'a deployment did not converge in time' },
  'service.degraded': { severity: 'warning', about: 'fewer replicas run than desired, longer than the grace period', opens: 'service' },
  'service.recovered': { severity: 'success', about: 'a degraded service runs all its replicas again', resolves: 'service.degraded' },
  'service.unhealthy': { severity: 'error', about: "a service's healthcheck fails, with its last output", opens: 'health' },
  'service.healthy': { severity: 'success', about: 'an unhealthy service passes its healthcheck again', resolves: 'service.unhealthy' },
  'service.crash_loop': { severity: 'error', about: 'a service keeps failing and Swarm keeps restarting it', opens: 'crash' },
  'service.crash_loop_ended': { severity: 'success', about: 'a crash-looping service runs steadily again', resolves: 'service.crash_loop' },
  'server.unreachable': { severity: 'error', about: 'a server does not answer over SSH or its Docker does not', opens: 'server' },
  'server.back': { severity: 'success', about: 'an unreachable server answers again', resolves: 'server.unreachable' },
  'cluster.unreachable': { severity: 'error', about: 'no manager of the cluster answers', opens: 'cluster' },
  'cluster.back': { severity: 'success', about: 'a manager answers again', resolves: 'cluster.unreachable' },
  'disk.low': { severity: 'warning', about: 'free space where Docker keeps its data fell below the setting', opens: 'disk' },
  'disk.ok': { severity: 'success', about: 'free disk space is back above the setting', resolves: 'disk.low' },
  'certificate.problem': {
    severity: 'warning',
    about: 'a domain cannot get its certificate (DNS, challenge, rate limit, account)',
    opens: 'certificate',
  },
  'certificate.ok': { severity: 'success', about: "a domain's certificate problem is gone", resolves: 'certificate.problem' },
  'host_key.refused': { severity: 'error', about: "a server's SSH host key changed and the connection was refused" },
  'server.added': { severity: 'info', about: 'a server was added' },
  'server.removed': { severity: 'info', about: 'a server was removed' },
  'stack.created': { severity: 'info', about: 'a stack was created' },
  'stack.changed': { severity: 'info', about: "a stack's file or source changed" },
  'stack.removed': { severity: 'info', about: 'a stack was removed' },
  'preview.created': { severity: 'info', about: "a pull/merge request's preview stack was created" },
  'preview.removed': { severity: 'info', about: 'a preview was torn down (request closed or merged, time to live, or by hand)' },
  'secret.set': { severity: 'info', about: 'a secret was set (its name only)' },
  'secret.removed': { severity: 'info', about: 'a secret was removed (its name only)' },
  'notification.test': { severity: 'info', about: 'a test notification was sent from a channel' },
} as const satisfies Record<string, { severity: EventSeverity; about: string; opens?: string; resolves?: string }>;

export type EventKind = keyof typeof EVENT_KINDS;
export type EventSeverity = 'info' | 'success' | 'warning' | 'error';
export type EventPhase = 'open' | 'resolved';
export type EventActor = 'admin' | 'api' | 'push' | 'poll' | 'system';

export const EVENT_KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENT_KINDS, kind);
}

/** open for a problem that starts an incident, resolved for its end, null for one-off events. */
export function phaseOf(kind: EventKind): EventPhase | null {
  const k = EVENT_KINDS[kind] as { opens?: string; resolves?: string };
  return k.opens ? 'open' : k.resolves ? 'resolved' : null;
}
