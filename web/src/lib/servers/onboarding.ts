export type OnboardingPhase = 'working' | 'ready' | 'failed';

export interface ServerLike {
  status: 'pending' | 'provisioning' | 'ready' | 'failed' | 'unreachable';
  lastError: string | null;
  job?: { status: 'queued' | 'running' | 'succeeded' | 'failed' } | null;
}

/**
 * Where the wizard stands. A server is "ready" as soon as it joined, while its job may still
 * start the ingress: the wizard waits for the job too, so its steps all show as done.
 */
export function onboardingPhase(server: ServerLike): OnboardingPhase {
  if (server.status === 'failed' || server.job?.status === 'failed') return 'failed';
  if (server.status === 'ready' && (!server.job || server.job.status === 'succeeded')) return 'ready';
  return 'working';
}

/** Mission Control never takes over a server in another Swarm unless asked to leave it. */
export function inOtherSwarm(server: ServerLike): boolean {
  return server.status === 'failed' && /already part of another Swarm/i.test(server.lastError ?? '');
}

/** The host key file whose fingerprint `ssh-keygen -lf` shows on the server, by key type. */
export function hostKeyFile(keyType: string | null | undefined): string {
  const kind = keyType?.startsWith('ecdsa') ? 'ecdsa' : keyType === 'ssh-rsa' ? 'rsa' : 'ed25519';
  return `/etc/ssh/ssh_host_${kind}_key.pub`;
}
