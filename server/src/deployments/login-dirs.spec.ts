import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeLoginDir, removeLoginDir, STALE_LOGIN_MINUTES, sweepLoginDirs } from './login-dirs.js';

describe('login directory commands', () => {
  it('should make a recognisable 0700 directory with mktemp', () => {
    expect(makeLoginDir().toShell()).toBe('mktemp -d /tmp/otternauts-login.XXXXXXXX');
  });

  it('should sweep only stale directories of ours (login and files folders), quoting the patterns and find operators', () => {
    expect(STALE_LOGIN_MINUTES).toBe(10);
    expect(sweepLoginDirs('otter', true).toShell()).toBe(
      "sudo -n -- find /tmp -mindepth 1 -maxdepth 1 -type d -name 'otternauts-login.*' -user otter -mmin +10 -print -exec rm -rf -- '{}' + -o -type d -name 'otternauts-files.*' -user otter -mmin +10 -print -exec rm -rf -- '{}' +",
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

describe('the sweep, run for real', () => {
  it('should remove stale login and files folders of ours, and leave fresh ones, files and other names alone', () => {
    // the same command text, aimed at a private folder instead of /tmp (other work on this machine uses /tmp)
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-sweep-'));
    const old = new Date(Date.now() - 30 * 60_000);
    for (const name of [
      'otternauts-login.Stale123',
      'otternauts-files.Stale456',
      'otternauts-login.Fresh789',
      'otternauts-files.Fresh000',
      'other.Stale',
    ]) {
      fs.mkdirSync(path.join(parent, name), { mode: 0o700 });
      fs.writeFileSync(path.join(parent, name, '0'), 'x');
      if (name.includes('Stale')) fs.utimesSync(path.join(parent, name), old, old);
    }
    fs.writeFileSync(path.join(parent, 'otternauts-files.plainfile'), 'x');
    fs.utimesSync(path.join(parent, 'otternauts-files.plainfile'), old, old);
    const text = sweepLoginDirs(os.userInfo().username, false).toShell().replace(' /tmp ', ` ${parent} `);
    const printed = execFileSync('sh', ['-c', text]).toString().trim().split('\n').sort();
    expect(printed).toEqual([path.join(parent, 'otternauts-files.Stale456'), path.join(parent, 'otternauts-login.Stale123')]);
    expect(fs.readdirSync(parent).sort()).toEqual([
      'other.Stale',
      'otternauts-files.Fresh000',
      'otternauts-files.plainfile',
      'otternauts-login.Fresh789',
    ]);
    fs.rmSync(parent, { recursive: true });
  });
});
