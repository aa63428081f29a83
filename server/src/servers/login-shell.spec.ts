import { judgeLoginShell, loginShellCommand, parseLoginShell } from './login-shell.js';

describe('login shell', () => {
  describe(parseLoginShell.name, () => {
    it('should read field 7 of the user’s passwd line', () => {
      expect(parseLoginShell('otter:x:1000:1000:Otter,,,:/home/otter:/usr/bin/fish\n', 'otter')).toBe('/usr/bin/fish');
    });

    it('should read an empty field as /bin/sh, as passwd(5) says', () => {
      expect(parseLoginShell('legacy:x:1001:1001::/home/legacy:', 'legacy')).toBe('/bin/sh');
    });

    it('should pick the user’s own line, not a prefix of its name', () => {
      const passwd = 'otterly:x:1002:1002::/home/otterly:/bin/tcsh\notter:x:1000:1000::/home/otter:/bin/bash\n';
      expect(parseLoginShell(passwd, 'otter')).toBe('/bin/bash');
      expect(parseLoginShell(passwd, 'nobody')).toBeNull();
    });
  });

  describe(judgeLoginShell.name, () => {
    it.each(['/bin/bash', '/bin/sh', '/usr/bin/dash', '/bin/zsh', '/bin/ksh93', '/bin/busybox'])('should pass %s', (shell) => {
      expect(judgeLoginShell('otter', shell)).toEqual({ status: 'pass', message: `The login shell of otter is ${shell}, a POSIX shell.` });
    });

    it.each([
      ['/usr/bin/fish', 'fish'],
      ['/bin/csh', 'csh'],
      ['/bin/tcsh', 'tcsh'],
      ['/usr/local/bin/nu', 'nu'],
      ['/usr/bin/xonsh', 'xonsh'],
      ['/opt/microsoft/powershell/7/pwsh', 'pwsh'],
    ])('should fail %s with what to do', (shell, name) => {
      expect(judgeLoginShell('otter', shell)).toEqual({
        status: 'fail',
        message: `The login shell of otter is ${name} (${shell}); Otternauts' commands are POSIX sh. Change it with \`chsh -s /bin/bash otter\` (as root on the server), then retry.`,
      });
    });

    it('should fail an account that cannot run commands', () => {
      expect(judgeLoginShell('deploy', '/usr/sbin/nologin')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('deploy has no login shell (/usr/sbin/nologin)'),
      });
      expect(judgeLoginShell('git', '/usr/bin/git-shell').status).toBe('fail');
    });

    it('should warn, not fail, for a shell it does not know or could not read', () => {
      expect(judgeLoginShell('otter', '/opt/custom/myshell')).toMatchObject({
        status: 'warn',
        message: expect.stringContaining('which Otternauts does not know'),
      });
      expect(judgeLoginShell('otter', null)).toMatchObject({
        status: 'warn',
        message: expect.stringContaining('Could not read the login shell of otter'),
      });
    });
  });

  it('should ask getent for exactly that user, quoted', () => {
    expect(loginShellCommand("o'tter").toShell()).toBe(`getent passwd 'o'\\''tter'`);
  });
});
