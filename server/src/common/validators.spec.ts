import { describe, expect, it } from '@jest/globals';
import { DOCKER_NAME, UNIX_USER } from './validators.js';

describe('UNIX_USER', () => {
  it('should accept ordinary login names and reject flags, capitals and spaces', () => {
    expect(['root', 'deploy', '_svc', 'ci-bot'].map((v) => UNIX_USER.test(v))).toEqual([true, true, true, true]);
    expect(['-root', 'Root', 'a b', '', 'x'.repeat(33)].map((v) => UNIX_USER.test(v))).toEqual([false, false, false, false, false]);
  });
});

describe('DOCKER_NAME', () => {
  it('should accept docker object names', () => {
    expect(['web', 'my_stack', 'api.v2', 'a-b', '0app', 'x'.repeat(63)].map((v) => DOCKER_NAME.test(v))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('should reject names a program would read as an option or that docker refuses', () => {
    expect(['--help', '-f', '_x', '.x', 'a b', 'a/b', '', 'x'.repeat(64)].map((v) => DOCKER_NAME.test(v))).toEqual(Array(8).fill(false));
  });
});
