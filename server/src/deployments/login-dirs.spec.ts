import { describe, expect, it } from '@jest/globals';
import { makeLoginDir, removeLoginDir, STALE_LOGIN_MINUTES, sweepLoginDirs } from './login-dirs.js';

describe('login directory commands', () => {
  it('should make a recognisable 0700 directory with mktemp', () => {
    expect(makeLoginDir().toShell()).toBe('mktemp -d /tmp/otternauts-login.XXXXXXXX');
  });

  it('should sweep only stale directories of ours, quoting the pattern and find operators', () => {
    expect(STALE_LOGIN_MINUTES).toBe(10);
    expect(sweepLoginDirs('otter', true).toShell()).toBe(
      "sudo -n -- find /tmp -mindepth 1 -maxdepth 1 -type d -name 'otternauts-login.*' -user otter -mmin +10 -print -exec rm -rf -- '{}' +",
    );
  });

  it('should quote a user name the shell would read otherwise', () => {
    expect(sweepLoginDirs("o'ne two", false).toShell()).toContain(` -user 'o'\\''ne two' -mmin `);
    expect(sweepLoginDirs('root', false).toShell()).toMatch(/^find /);
  });

  it('should remove one directory as root, since sudo docker login wrote its config.json', () => {
    expect(removeLoginDir('/tmp/otternauts-login.Ab12Cd34', true).toShell()).toBe('sudo -n -- rm -rf -- /tmp/otternauts-login.Ab12Cd34');
  });
});
