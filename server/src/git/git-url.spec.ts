import { parseGitUrl, type GitUrl } from './git-url.js';

function accepted(input: string): GitUrl {
  const parsed = parseGitUrl(input);
  if (!parsed.ok) throw new Error(`expected ${input} to be accepted, got: ${parsed.message}`);
  return parsed.url;
}

function refused(input: string): string {
  const parsed = parseGitUrl(input);
  if (parsed.ok) throw new Error(`expected ${input} to be refused, got ${parsed.url.url}`);
  return parsed.message;
}

describe('parseGitUrl', () => {
  it('should never quote what stands before an @ when a URL does not parse', () => {
    for (const input of ['https://u:TOKEN@host:99999/x', 'https://TOKEN@exa mple/x', 'ssh://git:TOKEN@[::1/x']) {
      const message = refused(input);
      expect(message).not.toContain('TOKEN');
    }
  });

  describe('https', () => {
    it('should accept a repository URL and keep it as git is given it', () => {
      expect(accepted('https://github.com/otternauts/app.git')).toEqual({
        kind: 'https',
        url: 'https://github.com/otternauts/app.git',
        host: 'github.com',
        port: 443,
        path: '/otternauts/app.git',
        display: 'https://github.com/otternauts/app.git',
      });
    });

    it('should keep a port other than 443 and lower-case the host', () => {
      expect(accepted('https://Git.Example.COM:8443/group/sub/app')).toMatchObject({
        url: 'https://git.example.com:8443/group/sub/app',
        host: 'git.example.com',
        port: 8443,
      });
      expect(accepted('https://git.example.com:443/a/b').url).toBe('https://git.example.com/a/b');
    });

    it('should accept an IPv6 host', () => {
      expect(accepted('https://[2001:db8::1]:8443/a.git')).toMatchObject({
        host: '2001:db8::1',
        port: 8443,
        url: 'https://[2001:db8::1]:8443/a.git',
      });
    });

    it.each([
      'https://user:ghp_token@github.com/o/r.git',
      'https://ghp_token@github.com/o/r.git',
      'https://@github.com/o/r.git',
      'https://oauth2:x@gitlab.com/o/r',
    ])('should refuse credentials in %s and point at the token field', (input) => {
      const message = refused(input);
      expect(message).toContain('carries credentials');
      expect(message).toContain('token field');
      expect(message).not.toContain('ghp_token');
    });

    it('should refuse a URL without a repository path, a bad port, a query or a fragment', () => {
      expect(refused('https://github.com')).toContain('no repository path');
      expect(refused('https://github.com/')).toContain('no repository path');
      expect(refused('https://github.com:99999/o/r')).toContain('not a valid URL');
      expect(refused('https://github.com/o/r?x=1')).toContain('query or fragment');
      expect(refused('https://github.com/o/r#main')).toContain('query or fragment');
    });
  });

  describe('http', () => {
    it('should refuse plain http to another machine and say why', () => {
      const message = refused('http://git.example.com/o/r.git');
      expect(message).toContain('in clear');
      expect(message).toContain('https://');
    });

    it.each([
      ['http://127.0.0.1:8080/app.git', '127.0.0.1', 8080],
      ['http://localhost/app.git', 'localhost', 80],
      ['http://[::1]:9000/app.git', '::1', 9000],
    ])('should allow %s, on Mission Control itself', (input, host, port) => {
      expect(accepted(input)).toMatchObject({ kind: 'https', url: input, host, port });
    });

    it('should still refuse credentials on loopback', () => {
      expect(refused('http://x:tok@127.0.0.1:8080/app.git')).toContain('carries credentials');
    });
  });

  describe('ssh://', () => {
    it('should accept a user, a host and a path', () => {
      expect(accepted('ssh://git@github.com/otternauts/app.git')).toEqual({
        kind: 'ssh',
        url: 'ssh://git@github.com/otternauts/app.git',
        host: 'github.com',
        port: 22,
        user: 'git',
        path: '/otternauts/app.git',
        display: 'ssh://git@github.com/otternauts/app.git',
      });
    });

    it('should keep a port, drop the default one and take git as the default user', () => {
      expect(accepted('ssh://git@10.77.0.11:2222/~/repo.git')).toMatchObject({
        port: 2222,
        url: 'ssh://git@10.77.0.11:2222/~/repo.git',
        path: '/~/repo.git',
      });
      expect(accepted('ssh://git@host.example:22/r.git').url).toBe('ssh://git@host.example/r.git');
      expect(accepted('ssh://host.example/r.git')).toMatchObject({ user: 'git', url: 'ssh://git@host.example/r.git' });
      expect(accepted('git+ssh://git@host.example/r.git').url).toBe('ssh://git@host.example/r.git');
    });

    it('should accept an IPv6 host in brackets', () => {
      expect(accepted('ssh://[::1]:22/x')).toMatchObject({ host: '::1', port: 22, user: 'git', url: 'ssh://git@[::1]/x', path: '/x' });
      expect(accepted('ssh://git@[fd77::11]:2222/srv/r.git')).toMatchObject({
        host: 'fd77::11',
        port: 2222,
        url: 'ssh://git@[fd77::11]:2222/srv/r.git',
      });
    });

    it('should refuse a host or user git would hand to ssh as an option', () => {
      expect(refused('ssh://-oProxyCommand=touch%20/tmp/pwned/x')).toContain('starts with "-"');
      expect(refused('ssh://-oProxyCommand=id@host/x')).toContain('not a valid user name');
      expect(refused('ssh://git@-oProxyCommand=id/x')).toContain('starts with "-"');
    });

    it('should refuse a password, a bad port, a bad IPv6 literal and a missing path', () => {
      expect(refused('ssh://git:secret@host/r.git')).toContain('password');
      expect(refused('ssh://git:secret@host/r.git')).not.toContain('secret');
      expect(refused('ssh://git@host:0/r.git')).toContain('outside 1-65535');
      expect(refused('ssh://git@host:ab/r.git')).toContain('not a number');
      expect(refused('ssh://git@[zz::1]/r.git')).toContain('IPv6');
      expect(refused('ssh://git@host')).toContain('no repository path');
    });
  });

  describe('scp form', () => {
    it('should accept user@host:path as GitHub shows it', () => {
      expect(accepted('git@github.com:otternauts/app.git')).toEqual({
        kind: 'ssh',
        url: 'git@github.com:otternauts/app.git',
        host: 'github.com',
        port: 22,
        user: 'git',
        path: 'otternauts/app.git',
        display: 'git@github.com:otternauts/app.git',
      });
      expect(accepted('git@[fd77::11]:repo.git')).toMatchObject({ host: 'fd77::11', url: 'git@[fd77::11]:repo.git' });
    });

    it('should refuse a path that would be an option, and a form without a user', () => {
      expect(refused('git@host:-oProxyCommand=id')).toContain('starts with "-"');
      expect(refused('github.com:o/r.git')).toContain('not a repository URL');
      expect(refused('git@host:')).toContain('no repository path');
      expect(refused('-oProxyCommand=id@host:x')).toContain('starts with "-"');
    });
  });

  describe('refused transports and characters', () => {
    it.each([
      ['file:///srv/repo.git', 'disk of Mission Control'],
      ['file:/srv/repo.git', 'disk of Mission Control'],
      ['git://github.com/o/r.git', 'neither encryption nor authentication'],
      ['ext::sh -c touch% /tmp/pwned', 'whitespace'],
      ['ext::ssh-x', 'runs a command'],
      ['fd::17', 'not a network transport'],
      ['fake::https://github.com/o/r', 'remote helper'],
      ['ftp://host/r.git', 'ftp:// is not supported'],
      ['/srv/repo.git', 'not a repository URL'],
      ['./repo', 'not a repository URL'],
      ['--upload-pack=touch /tmp/x', 'whitespace'],
      ['--upload-pack=id', 'starts with "-"'],
      ['', 'empty'],
    ])('should refuse %s', (input, reason) => {
      expect(refused(input)).toContain(reason);
    });

    it('should refuse control characters and whitespace anywhere', () => {
      expect(refused('https://github.com/o/r.git\n')).toContain('control characters');
      expect(refused('https://github.com/o/\u0000r.git')).toContain('control characters');
      expect(refused('https://github.com/o/r\u007f.git')).toContain('control characters');
      expect(refused(' https://github.com/o/r.git')).toContain('whitespace');
      expect(refused('https://github.com/o/r .git')).toContain('whitespace');
      expect(refused('git@host:o/r\t.git')).toContain('control characters');
    });

    it('should refuse a very long URL', () => {
      expect(refused(`https://github.com/${'a'.repeat(2100)}`)).toContain('2048');
    });
  });
});
