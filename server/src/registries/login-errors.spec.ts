import { describe, expect, it } from '@jest/globals';
import { loginFailure } from './login-errors.js';

const login = { registryUrl: '10.77.0.11:5000', username: 'otto', password: 'pw-Secret-42' };

describe('loginFailure', () => {
  it('should say a refused password in plain words, naming the credential and never the password', () => {
    // docker login on the test bed (Engine 26.1.5, Distribution 2.8), wrong password
    const out = 'Error response from daemon: login attempt to https://10.77.0.11:5000/v2/ failed with status: 401 Unauthorized\n';
    expect(loginFailure(login, out, 'otn1')).toBe(
      'The registry 10.77.0.11:5000 refused the password for otto (401 Unauthorized): update the credential under Registries.',
    );
  });

  it('should tell a registry it cannot reach from one that refuses', () => {
    const out = 'Error response from daemon: Get "https://10.77.0.99:5000/v2/": dial tcp 10.77.0.99:5000: connect: no route to host';
    const message = loginFailure({ ...login, registryUrl: '10.77.0.99:5000' }, out, 'otn1');
    expect(message).toBe(
      'Could not log in to 10.77.0.99:5000 as otto: otn1 cannot reach the registry (Get "https://10.77.0.99:5000/v2/": dial tcp 10.77.0.99:5000: connect: no route to host); check its address and that otn1 can connect to it.',
    );
  });

  it('should point an untrusted certificate at certs.d, and a 403 at the account', () => {
    const x509 =
      'Error response from daemon: Get "https://10.77.0.11:5000/v2/": tls: failed to verify certificate: x509: certificate signed by unknown authority';
    expect(loginFailure({ ...login, registryUrl: '10.77.0.11:5000/team' }, x509, 'otn2')).toContain(
      '/etc/docker/certs.d/10.77.0.11:5000/ca.crt',
    );
    expect(
      loginFailure(login, 'Error response from daemon: login attempt to https://x/v2/ failed with status: 403 Forbidden', 'otn1'),
    ).toBe(
      "The registry 10.77.0.11:5000 does not let otto log in (403 Forbidden): check the account's permissions, or update the credential under Registries.",
    );
  });

  it('should quote anything else, without the notice of a stored password, and scrub the password', () => {
    const out = `WARNING! Your password will be stored unencrypted in /tmp/x/config.json.\nError: registry said pw-Secret-42 is odd`;
    const message = loginFailure(login, out, 'otn1');
    expect(message).toBe('Could not log in to 10.77.0.11:5000 as otto: Error: registry said [password] is odd');
    expect(loginFailure(login, '', 'otn1')).toBe(
      'Could not log in to 10.77.0.11:5000 as otto: docker login on otn1 failed without saying why',
    );
  });
});
