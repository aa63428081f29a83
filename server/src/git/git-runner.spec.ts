import { gitEnvironment, GitRunner, safetyConfig } from './git-runner.js';
import { tempDir } from '../testing/temp-dir.js';

describe('safetyConfig', () => {
  it('should turn hooks and credential helpers off and allow only https and ssh', () => {
    const config = safetyConfig(false);
    const values = config.filter((_, i) => i % 2 === 1);
    expect(config.filter((_, i) => i % 2 === 0).every((c) => c === '-c')).toBe(true);
    expect(values).toEqual(
      expect.arrayContaining([
        'core.hooksPath=/dev/null',
        'protocol.allow=never',
        'protocol.https.allow=always',
        'protocol.ssh.allow=always',
        'protocol.http.allow=never',
        'credential.helper=',
      ]),
    );
    expect(safetyConfig(true)).toContain('protocol.http.allow=always');
  });
});

describe('gitEnvironment', () => {
  it("should never pass the server's own environment, and isolate git's configuration", () => {
    process.env.OTTERNAUTS_SECRET_KEY = 'must-not-leak';
    try {
      const env = gitEnvironment('/data/git/home');
      expect(Object.values(env)).not.toContain('must-not-leak');
      expect(env).toMatchObject({
        HOME: '/data/git/home',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
      });
      expect(gitEnvironment('/h', { GIT_ASKPASS: '/a' }).GIT_ASKPASS).toBe('/a');
    } finally {
      delete process.env.OTTERNAUTS_SECRET_KEY;
    }
  });
});

describe('gitEnvironment proxies', () => {
  it("should pass the operator's proxy and CA settings through", () => {
    process.env.HTTPS_PROXY = 'http://proxy.internal:3128';
    try {
      expect(gitEnvironment('/h').HTTPS_PROXY).toBe('http://proxy.internal:3128');
    } finally {
      delete process.env.HTTPS_PROXY;
    }
    expect(gitEnvironment('/h')).not.toHaveProperty('HTTPS_PROXY');
  });
});

describe(GitRunner.name, () => {
  const runner = new GitRunner(tempDir('git-runner'));

  it('should run git with an argument list and capture its output', async () => {
    const out = await runner.run({ args: ['config', '--get', 'core.hooksPath'], timeoutMs: 10_000, what: 'git config' });
    expect(out).toMatchObject({ code: 0, stderr: '' });
    expect(out.stdout.toString()).toBe('/dev/null\n');
  });

  it('should stop output beyond the bound', async () => {
    await expect(runner.run({ args: ['help', '-a'], timeoutMs: 10_000, what: 'git help', maxStdoutBytes: 100 })).rejects.toMatchObject({
      code: 'git_output_too_large',
    });
  });

  it('should answer a non-zero exit with its code and stderr', async () => {
    const out = await runner.run({ args: ['rev-parse', '--git-dir'], timeoutMs: 10_000, what: 'git rev-parse' });
    expect(out.code).toBe(128);
    expect(out.stderr).toContain('not a git repository');
  });
});
