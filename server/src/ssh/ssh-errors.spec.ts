import { describe, expect, it } from '@jest/globals';
import { classifyConnectError, SshError, sshErrors } from './ssh-errors.js';

const endpoint = { host: 'node-1.example.com', port: 2222 };
const ctx = { readyTimeoutMs: 15_000 };
const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe(classifyConnectError.name, () => {
  it('should name the port in a refused connection', () => {
    const err = classifyConnectError(withProps('connect ECONNREFUSED', { code: 'ECONNREFUSED' }), endpoint, ctx);
    expect(err.kind).toBe('connection_refused');
    expect(err.message).toBe('Cannot connect to server. Check that SSH is running on port 2222 and the firewall allows connections.');
    expect(err.permanent).toBe(false);
  });

  it('should report a handshake timeout with the address and the time waited', () => {
    const err = classifyConnectError(withProps('Timed out while waiting for handshake', { level: 'client-timeout' }), endpoint, ctx);
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(
      "The otternauts couldn't reach your outpost at node-1.example.com:2222 (no answer within 15 s). Is the station still online?",
    );
    expect(err.permanent).toBe(false);
  });

  it.each([
    ['EHOSTUNREACH', 'no route to the host'],
    ['ENOTFOUND', 'the name does not resolve'],
  ])('should say why %s made the server unreachable', (code, why) => {
    const err = classifyConnectError(withProps(code, { code }), endpoint, ctx);
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain(`node-1.example.com:2222 (${why})`);
    expect(err.permanent).toBe(false);
  });

  it('should make an authentication failure permanent', () => {
    const err = classifyConnectError(
      withProps('All configured authentication methods failed', { level: 'client-authentication' }),
      endpoint,
      ctx,
    );
    expect(err.kind).toBe('auth_failed');
    expect(err.message).toBe('Authentication failed. Verify the username and private key are correct.');
    expect(err.permanent).toBe(true);
  });

  it("should report a mismatch the verifier saw, whatever ssh2's error says", () => {
    const err = classifyConnectError(withProps('Host denied (verification failed)', { level: 'handshake' }), endpoint, {
      ...ctx,
      presentedMismatch: 'SHA256:abc',
    });
    expect(err.kind).toBe('host_key_mismatch');
    expect(err.permanent).toBe(true);
    expect(err.presentedFingerprint).toBe('SHA256:abc');
    expect(err.message).not.toContain('SHA256:abc');
    expect(err.message).toMatch(/^Server fingerprint has changed! This could indicate a security issue\./);
  });

  it('should treat a socket closed before the SSH banner as transient (sshd MaxStartups)', () => {
    const err = classifyConnectError(withProps('Connection lost before handshake', { level: 'protocol' }), endpoint, ctx);
    expect(err.kind).toBe('connection_lost');
    expect(err.permanent).toBe(false);
    expect(err.message).toContain('node-1.example.com:2222 closed the connection before the SSH handshake');
  });

  it('should make a non-SSH banner a permanent handshake failure', () => {
    // ssh2 throws this one from its parser without a level.
    const err = classifyConnectError(new Error('Invalid identification string'), endpoint, ctx);
    expect(err.kind).toBe('handshake_failed');
    expect(err.permanent).toBe(true);
  });

  it('should make a failed algorithm negotiation permanent', () => {
    const err = classifyConnectError(withProps('Handshake failed: no matching host key format', { level: 'handshake' }), endpoint, ctx);
    expect(err.kind).toBe('handshake_failed');
    expect(err.permanent).toBe(true);
  });

  it('should pass an SshError through unchanged', () => {
    const original = sshErrors.auth();
    expect(classifyConnectError(original, endpoint, ctx)).toBe(original);
  });
});

describe(SshError.name, () => {
  it('should mark only auth, host key and handshake failures as permanent', () => {
    const transient = [
      sshErrors.refused(endpoint),
      sshErrors.timeout(endpoint, 1000),
      sshErrors.unreachable(endpoint, 'x'),
      sshErrors.connectionLost(endpoint, true),
      sshErrors.commandTimeout(endpoint, 120_000),
    ];
    expect(transient.map((e) => e.permanent)).toEqual([false, false, false, false, false]);
    expect(sshErrors.commandTimeout(endpoint, 120_000).message).toContain('within 120 s');
  });
});
