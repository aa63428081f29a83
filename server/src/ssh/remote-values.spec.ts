import { describe, expect, it } from '@jest/globals';
import {
  assertRemoteValue,
  isDockerName,
  isHostAddress,
  isPort,
  isSafeRemotePath,
  isUnixUsername,
} from './remote-values.js';

describe(isHostAddress.name, () => {
  it.each(['example.com', 'node-1.internal', '10.0.0.5', '2001:db8::1', 'localhost', 'a.b.c.'])(
    'should accept %s',
    (v) => expect(isHostAddress(v)).toBe(true),
  );

  it.each(['', '-oProxyCommand=x', 'a b', 'host;reboot', '10.0.0.256', '[::1]', 'a..b', 'x'.repeat(64)])(
    'should reject %j',
    (v) => expect(isHostAddress(v)).toBe(false),
  );
});

describe(isPort.name, () => {
  it('should accept 1..65535 integers only', () => {
    expect([22, 1, 65535].map(isPort)).toEqual([true, true, true]);
    expect([0, 65536, 22.5, NaN].map(isPort)).toEqual([false, false, false, false]);
  });
});

describe(isUnixUsername.name, () => {
  it('should accept ordinary login names and reject flags and spaces', () => {
    expect(['root', 'deploy', '_svc', 'ci-bot'].map(isUnixUsername)).toEqual([true, true, true, true]);
    expect(['-root', 'Root', 'a b', '', 'x'.repeat(33)].map(isUnixUsername)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe(isDockerName.name, () => {
  it('should accept docker object names', () => {
    expect(['web', 'my_stack', 'api.v2', 'a-b', '0app'].every(isDockerName)).toBe(true);
  });

  it('should reject names a program would read as an option or that docker refuses', () => {
    expect(['--help', '-f', '_x', '.x', 'a b', 'a/b', '', 'x'.repeat(64)].some(isDockerName)).toBe(
      false,
    );
  });
});

describe(isSafeRemotePath.name, () => {
  it('should accept absolute paths and reject relative, traversing or control-character ones', () => {
    expect(isSafeRemotePath('/srv/otternauts/stacks/web.yml')).toBe(true);
    expect(['srv/x', '/srv/../etc/shadow', '/tmp/a\nb', ''].some(isSafeRemotePath)).toBe(false);
  });
});

describe(assertRemoteValue.name, () => {
  it('should name the field without echoing the value', () => {
    expect(() => assertRemoteValue(isDockerName('--rm'), 'stack name')).toThrow(
      'stack name is not a valid value for a remote command',
    );
    expect(() => assertRemoteValue(true, 'stack name')).not.toThrow();
  });
});
