import fs from 'node:fs';
import path from 'node:path';
import type { Repository } from '../generated/prisma/client.js';
import { VaultCipher } from '../vault/vault-cipher.js';
import { VaultCheckStore, VaultService } from '../vault/vault.service.js';
import { tempDir } from '../testing/temp-dir.js';
import { GitCredentials, HOST_KEY_ALIAS, knownHostsLine, scrub, sshCommand } from './git-credentials.js';
import { parseGitUrl, type GitUrl } from './git-url.js';

class MemoryCheckStore extends VaultCheckStore {
  sealed?: Uint8Array;
  async read() {
    return this.sealed;
  }
  async write(sealed: Uint8Array) {
    this.sealed = sealed;
  }
}

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACBsecretpartofthekeyxxxxxxxxxxxxxxxxxxxxxxxxx\n-----END OPENSSH PRIVATE KEY-----\n';
const HOST_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIGm1Rz7s3uY8a2l6kq0kq0kq0kq0kq0kq0kq0kq0kq0k';

const url = (input: string): GitUrl => {
  const parsed = parseGitUrl(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.url;
};

function repo(fields: Partial<Repository>): Repository {
  return {
    id: 'r1',
    name: 'app',
    url: 'https://git.example.com/o/app.git',
    access: 'public',
    deployKey: null,
    deployKeyPublic: null,
    token: null,
    tokenUsername: null,
    hostKeyFingerprint: null,
    hostKeyType: null,
    hostKey: null,
    lastFetchedAt: null,
    lastError: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...fields,
  };
}

describe(GitCredentials.name, () => {
  let dir: string;
  let vault: VaultService;
  let credentials: GitCredentials;

  beforeAll(async () => {
    dir = tempDir('git-cred');
    vault = new VaultService(await VaultCipher.create(Buffer.alloc(32, 7).toString('base64')), new MemoryCheckStore());
    await vault.verifyKey();
    credentials = new GitCredentials(vault, path.join(dir, 'git'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('prepare', () => {
    it('should give nothing to a public https repository', async () => {
      const access = await credentials.prepare(repo({}), url('https://git.example.com/o/app.git'));
      expect(access).toMatchObject({ env: {}, config: [], secrets: [] });
    });

    it('should hand a token to git through GIT_ASKPASS and the environment only, with redirects off', async () => {
      const access = await credentials.prepare(
        repo({ access: 'token', token: vault.seal('tok-123456'), tokenUsername: 'oauth2' }),
        url('https://git.example.com/o/app.git'),
      );
      expect(access.env).toEqual({
        GIT_ASKPASS: path.join(dir, 'git', 'askpass.sh'),
        OTTERNAUTS_GIT_USERNAME: 'oauth2',
        OTTERNAUTS_GIT_TOKEN: 'tok-123456',
      });
      expect(access.config).toEqual(['-c', 'http.followRedirects=false']);
      expect(access.secrets).toContain('tok-123456');
      expect(access.secrets).toContain(Buffer.from('oauth2:tok-123456').toString('base64'));
      const script = fs.readFileSync(access.env.GIT_ASKPASS, 'utf8');
      expect(script).not.toContain('tok-123456');
      expect(fs.statSync(access.env.GIT_ASKPASS).mode & 0o777).toBe(0o700);
    });

    it('should refuse a token repository without a token', async () => {
      await expect(credentials.prepare(repo({ access: 'token' }), url('https://git.example.com/o/app.git'))).rejects.toMatchObject({
        code: 'git_token_missing',
      });
    });

    it('should write the deploy key and the pinned host key into a private folder that cleanup removes', async () => {
      const access = await credentials.prepare(
        repo({
          url: 'git@git.example.com:o/app.git',
          access: 'deploy_key',
          deployKey: vault.seal(KEY),
          hostKey: HOST_KEY,
          hostKeyType: 'ssh-ed25519',
        }),
        url('git@git.example.com:o/app.git'),
      );
      const command = access.env.GIT_SSH_COMMAND;
      const keyFile = /-i '([^']+)'/.exec(command)![1];
      const knownHosts = /UserKnownHostsFile='([^']+)'/.exec(command)![1];
      const folder = path.dirname(keyFile);
      expect(path.dirname(folder)).toBe(path.join(dir, 'git', 'tmp'));
      expect(path.basename(folder)).toMatch(/^ssh-\w{6}$/);
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(fs.statSync(knownHosts).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(keyFile, 'utf8')).toBe(KEY);
      expect(fs.readFileSync(knownHosts, 'utf8')).toBe(`${HOST_KEY_ALIAS} ssh-ed25519 ${HOST_KEY}\n`);
      expect(command).not.toContain('secretpartofthekey');
      expect(access.secrets).toContain(KEY);
      expect(access.secrets).toContain('QyNTUxOQAAACBsecretpartofthekeyxxxxxxxxxxxxxxxxxxxxxxxxx');
      await access.cleanup();
      expect(fs.existsSync(folder)).toBe(false);
    });

    it('should refuse an ssh repository without a deploy key or a confirmed host key', async () => {
      const ssh = url('git@git.example.com:o/app.git');
      await expect(credentials.prepare(repo({ access: 'deploy_key' }), ssh)).rejects.toMatchObject({ code: 'git_deploy_key_missing' });
      await expect(credentials.prepare(repo({ access: 'deploy_key', deployKey: vault.seal(KEY) }), ssh)).rejects.toMatchObject({
        code: 'git_host_key_unconfirmed',
        message: "The host key of git.example.com is not confirmed yet; scan and confirm it in the repository's settings.",
      });
    });

    it('should refuse a host key that is not base64, before writing anything', async () => {
      const tmp = path.join(dir, 'git', 'tmp');
      const before = fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0;
      await expect(
        credentials.prepare(
          repo({ access: 'deploy_key', deployKey: vault.seal(KEY), hostKey: 'x y\nevil', hostKeyType: 'ssh-ed25519' }),
          url('git@h:o/r'),
        ),
      ).rejects.toMatchObject({ code: 'host_key_invalid' });
      expect(fs.existsSync(tmp) ? fs.readdirSync(tmp).length : 0).toBe(before);
    });
  });
});

describe('sshCommand', () => {
  it('should pin the key, the known host and its algorithms, and ignore every other ssh setting', () => {
    expect(sshCommand('/tmp/d/key', '/tmp/d/known_hosts', 'ssh-ed25519')).toBe(
      "ssh -F /dev/null -i '/tmp/d/key' -o IdentitiesOnly=yes -o IdentityAgent=none -o UserKnownHostsFile='/tmp/d/known_hosts' " +
        `-o GlobalKnownHostsFile=/dev/null -o HostKeyAlias=${HOST_KEY_ALIAS} -o StrictHostKeyChecking=yes -o UpdateHostKeys=no -o BatchMode=yes ` +
        '-o ControlMaster=no -o ControlPath=none -o ForwardAgent=no -o ConnectTimeout=30 -o HostKeyAlgorithms=ssh-ed25519',
    );
  });

  it('should allow the rsa-sha2 signatures for an ssh-rsa key', () => {
    expect(sshCommand('/k', '/h', 'ssh-rsa')).toContain('HostKeyAlgorithms=rsa-sha2-512,rsa-sha2-256,ssh-rsa');
  });

  it('should quote paths for the shell git runs it with', () => {
    expect(sshCommand("/tmp/it's/key", '/h', 'ssh-ed25519')).toContain("-i '/tmp/it'\\''s/key'");
  });

  it('should refuse a key type it cannot pin', () => {
    expect(() => sshCommand('/k', '/h', 'ssh-dss')).toThrow(expect.objectContaining({ code: 'host_key_type_unsupported' }));
  });
});

describe('knownHostsLine', () => {
  it('should name the key by the alias', () => {
    expect(knownHostsLine('ssh-ed25519', HOST_KEY)).toBe(`${HOST_KEY_ALIAS} ssh-ed25519 ${HOST_KEY}\n`);
  });
});

describe('scrub', () => {
  it('should remove every secret, longest first, and leave short strings alone', () => {
    expect(scrub('fatal: tok-123456 and dG9rLTEyMzQ1Ng==', ['tok-123456', 'dG9rLTEyMzQ1Ng=='])).toBe('fatal: [redacted] and [redacted]');
    expect(scrub('abc', ['ab'])).toBe('abc');
  });
});
