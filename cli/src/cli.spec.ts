import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, readLogin, writeLogin } from './config/config-file.js';
import { credentials, normaliseUrl } from './config/credentials.js';
import { EXIT } from './errors.js';
import { table } from './output/output.js';
import { allCommands, program } from './program.js';

describe('the stored login', () => {
  it('should be written 0600 in a 0700 folder, and read back', async () => {
    const home = mkdtempSync(join(tmpdir(), 'otn-cli-'));
    const path = configPath({ XDG_CONFIG_HOME: home });
    expect(path).toBe(join(home, 'otternauts', 'config.json'));
    await writeLogin(path, { url: 'https://mc.example.com', token: 'otn_secret' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, 'otternauts')).mode & 0o777).toBe(0o700);
    expect(await readLogin(path)).toEqual({ url: 'https://mc.example.com', token: 'otn_secret' });
  });

  it('should let OTTERNAUTS_URL and OTTERNAUTS_TOKEN win, and keep a stored token off another URL', async () => {
    const home = mkdtempSync(join(tmpdir(), 'otn-cli-'));
    await writeLogin(configPath({ XDG_CONFIG_HOME: home }), { url: 'https://mc.example.com/', token: 'otn_stored' });
    expect(await credentials({ XDG_CONFIG_HOME: home })).toEqual({ url: 'https://mc.example.com', token: 'otn_stored' });
    expect(await credentials({ XDG_CONFIG_HOME: home, OTTERNAUTS_TOKEN: 'otn_env' })).toEqual({
      url: 'https://mc.example.com',
      token: 'otn_env',
    });
    // the stored token belongs to its own Mission Control, not to whatever OTTERNAUTS_URL names
    expect(await credentials({ XDG_CONFIG_HOME: home, OTTERNAUTS_URL: 'https://other.example.com' })).toEqual({
      url: 'https://other.example.com',
      token: null,
    });
    await expect(credentials({ XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'otn-cli-')) })).rejects.toMatchObject({ exitCode: EXIT.auth });
  });

  it('should refuse URLs that are not http(s) or carry credentials', () => {
    expect(normaliseUrl('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080');
    expect(() => normaliseUrl('ftp://x')).toThrow('not an http(s) URL');
    expect(() => normaliseUrl('https://user:otn_x@mc.example.com')).toThrow('not in the URL');
    expect(() => normaliseUrl('mc.example.com')).toThrow('is not a URL');
  });
});

describe('arguments', () => {
  const parse = async (...args: string[]) => {
    const cli = program();
    let stderr = '';
    for (const cmd of allCommands(cli)) cmd.exitOverride().configureOutput({ writeErr: (s) => (stderr += s), writeOut: () => undefined });
    // each command's action is replaced, so only the parsing runs
    const seen: unknown[] = [];
    for (const cmd of allCommands(cli)) cmd.action((...a: unknown[]) => void seen.push(a.slice(0, -1)));
    try {
      await cli.parseAsync(['node', 'otternauts', ...args]);
      return { ok: true, seen, stderr };
    } catch (e) {
      return { ok: false, seen, stderr, code: (e as { code?: string }).code };
    }
  };

  it('should collect --image SERVICE=IMAGE pairs and refuse malformed or repeated ones', async () => {
    const ok = await parse('deploy', 'shop', '--image', 'web=reg.example.com/shop/web:1.4.2', '--image', 'worker=shop/worker:2', '--wait');
    expect(ok.ok).toBe(true);
    expect(ok.seen[0]).toEqual([
      'shop',
      expect.objectContaining({ image: { web: 'reg.example.com/shop/web:1.4.2', worker: 'shop/worker:2' }, wait: true, timeout: 600 }),
    ]);
    const bad = await parse('deploy', 'shop', '--image', 'web');
    expect(bad.ok).toBe(false);
    expect(bad.stderr).toContain('is not SERVICE=IMAGE');
    const twice = await parse('deploy', 'shop', '--image', 'web=a:1', '--image', 'web=a:2');
    expect(twice.stderr).toContain('service web is given twice');
    const timeout = await parse('deploy', 'shop', '--timeout', '0');
    expect(timeout.stderr).toContain('whole seconds between 1 and 86400');
  });

  it('should have no option that takes a token or a secret value on the command line', () => {
    const flags = allCommands(program()).flatMap((c) => c.options.map((o) => o.long ?? ''));
    expect(flags).toContain('--token-stdin');
    expect(flags.filter((f) => /token$|password|passphrase|value|secret/i.test(f))).toEqual([]);
  });
});

describe('tables', () => {
  it('should pad columns to the widest cell and show a dash for nothing', () => {
    expect(
      table(
        ['NAME', 'STATUS'],
        [
          ['shop', null],
          ['blog-long', 'running'],
        ],
      ),
    ).toEqual(['NAME       STATUS', 'shop       -', 'blog-long  running']);
  });
});
