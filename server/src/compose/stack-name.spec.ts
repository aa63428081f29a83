import { describe, expect, it } from '@jest/globals';
import { validateStackName } from './stack-name.js';

describe('validateStackName', () => {
  it.each(['web', 'my-app', 'my_app', '0day', 'a', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(validateStackName(name)).toBeNull();
  });

  it.each([
    ['', 'Give the stack a name.'],
    [
      'a'.repeat(64),
      'A stack name can be at most 63 characters long (this one has 64): Docker puts it in front of every service name, and those must fit in a DNS label.',
    ],
    ['my app', 'A stack name cannot contain spaces: use - or _ between words.'],
    ['MyApp', 'A stack name uses lower-case letters only: try "myapp".'],
    ['my.app', 'A stack name may contain only lower-case letters, digits, - and _ (not ".").'],
    ['-app', 'A stack name must start with a letter or a digit.'],
    ['_app', 'A stack name must start with a letter or a digit.'],
  ])('refuses %j', (name, reason) => {
    expect(validateStackName(name)).toBe(reason);
  });
});
