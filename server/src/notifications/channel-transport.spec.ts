import { describe, expect, it } from '@jest/globals';
import { smtpOptions } from './channel-transport.js';

describe('smtpOptions', () => {
  const base = { host: 'smtp.example.com', port: 465, from: 'otto@example.com', to: ['ops@example.com'] };
  const byName = { host: 'smtp.example.com', address: '203.0.113.25', family: 4 as const };

  it('should connect to the checked address and verify TLS against the name typed', () => {
    expect(smtpOptions({ ...base, security: 'tls', username: 'otto' }, 'pw', byName, 10_000)).toEqual({
      host: '203.0.113.25',
      port: 465,
      secure: true,
      requireTLS: false,
      ignoreTLS: false,
      servername: 'smtp.example.com',
      auth: { user: 'otto', pass: 'pw' },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 10_000,
    });
  });

  it('should require the STARTTLS upgrade for starttls and skip TLS for none', () => {
    expect(smtpOptions({ ...base, port: 587, security: 'starttls' }, undefined, byName, 1)).toMatchObject({
      secure: false,
      requireTLS: true,
      ignoreTLS: false,
    });
    const plain = smtpOptions({ ...base, port: 25, security: 'none' }, undefined, { host: '10.0.0.5', address: '10.0.0.5', family: 4 }, 1);
    expect(plain).toMatchObject({ secure: false, requireTLS: false, ignoreTLS: true });
    expect(plain).not.toHaveProperty('servername');
    expect(plain).not.toHaveProperty('auth');
  });
});
