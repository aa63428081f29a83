import { describe, expect, it } from '@jest/globals';
import type { Server } from '../generated/prisma/client.js';
import type { ServerShell } from '../servers/server-shell.js';
import type { RemoteCommand } from '../ssh/command.js';
import { makeLoginDir, removeLoginDir, STALE_LOGIN_MINUTES, sweepLoginDirs, sweepStaleLoginDirs } from './login-dirs.js';

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

describe(sweepStaleLoginDirs.name, () => {
  it("should sweep the folders of files sent beside a Compose file too, those without sudo (they are the SSH user's)", async () => {
    const lines: string[] = [];
    const shell = {
      needsSudo: () => true,
      run: async (_s: Server, cmd: RemoteCommand) => {
        lines.push(cmd.toShell());
        const prefix = cmd.toShell().includes('otternauts-files.') ? 'otternauts-files.' : 'otternauts-login.';
        return { code: 0, stdout: `/tmp/${prefix}Old12345\n`, stderr: '' };
      },
    } as unknown as ServerShell;
    const swept = await sweepStaleLoginDirs(shell, { sshUser: 'otter' } as Server);
    expect(swept).toEqual({ removed: ['/tmp/otternauts-login.Old12345', '/tmp/otternauts-files.Old12345'], problem: null });
    expect(lines).toEqual([
      sweepLoginDirs('otter', true).toShell(),
      "find /tmp -mindepth 1 -maxdepth 1 -type d -name 'otternauts-files.*' -user otter -mmin +10 -print -exec rm -rf -- '{}' +",
    ]);
  });
});
