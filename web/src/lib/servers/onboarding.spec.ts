import { describe, expect, it } from '@jest/globals';
import { hostKeyFile, inOtherSwarm, onboardingPhase, type ServerLike } from '#lib/servers/onboarding.ts';

const server = (over: Partial<ServerLike>): ServerLike => ({
  status: 'provisioning',
  lastError: null,
  job: { status: 'running' },
  ...over,
});

describe(onboardingPhase.name, () => {
  it('should wait for the job even when the server is already ready', () => {
    expect(onboardingPhase(server({ status: 'ready', job: { status: 'running' } }))).toBe('working');
    expect(onboardingPhase(server({ status: 'ready', job: { status: 'succeeded' } }))).toBe('ready');
    expect(onboardingPhase(server({ status: 'ready', job: null }))).toBe('ready');
  });

  it('should fail when the server or its job failed', () => {
    expect(onboardingPhase(server({ status: 'failed' }))).toBe('failed');
    expect(onboardingPhase(server({ status: 'ready', job: { status: 'failed' } }))).toBe('failed');
  });
});

describe(inOtherSwarm.name, () => {
  it('should spot the "another Swarm" failure only', () => {
    const lastError = 'This server is already part of another Swarm (cluster abc). Otternauts will not take it over silently.';
    expect(inOtherSwarm(server({ status: 'failed', lastError }))).toBe(true);
    expect(inOtherSwarm(server({ status: 'failed', lastError: 'Passwordless sudo is required.' }))).toBe(false);
    expect(inOtherSwarm(server({ status: 'provisioning', lastError }))).toBe(false);
  });
});

describe(hostKeyFile.name, () => {
  it('should name the key file of the scanned key type, ed25519 by default', () => {
    expect(hostKeyFile('ssh-ed25519')).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFile('ssh-rsa')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFile('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFile(null)).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
  });
});
