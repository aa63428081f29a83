import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import type { ClusterService } from '../cluster/cluster.service.js';
import { PrismaService } from '../database/prisma.service.js';
import { localServer, localShell } from '../deployments/testing/local-shell.js';
import type { Server } from '../generated/prisma/client.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { RegistriesService } from './registries.service.js';
import { RegistryCheck } from './registry-check.js';

const inject = (t: TestApp, opts: { method: string; url: string; payload?: unknown }) =>
  t.app.inject({ ...opts, method: opts.method as 'GET' } as never) as unknown as Promise<{ statusCode: number; json(): any; body: string }>;

const PASSWORD = 'reg-Pass-7f3a';

describe('registry credentials on a real SQLite file', () => {
  const dir = tempDir('registries');
  const bin = path.join(dir, 'bin');
  const seen = path.join(dir, 'seen');
  let t: TestApp;

  beforeAll(async () => {
    fs.mkdirSync(bin);
    // a stand-in docker login that behaves like Docker 26's: reads the password on stdin, writes
    // config.json with auths into --config, or answers as Distribution's 401 reads
    fs.writeFileSync(
      path.join(bin, 'docker'),
      `#!/bin/sh
[ "$1" = --config ] || { echo "no --config" >&2; exit 2; }
cfg=$2; shift 2
[ "$1 $2 $4" = "login --username --password-stdin" ] || { echo "unexpected docker $*" >&2; exit 2; }
echo "$cfg $5" >> "${seen}"
read -r pw
if [ "$pw" = "${PASSWORD}" ]; then
  printf '{"auths":{"%s":{"auth":"x"}}}' "$5" > "$cfg/config.json"
  echo "WARNING! Your password will be stored unencrypted in $cfg/config.json." >&2
  echo "Login Succeeded"; exit 0
fi
echo "Error response from daemon: login attempt to https://$5/v2/ failed with status: 401 Unauthorized" >&2; exit 1
`,
      { mode: 0o755 },
    );
    t = await startTestApp(path.join(dir, 'data'));
  });
  afterAll(async () => {
    await t?.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const create = async (registryUrl: string, username = 'otto', password = PASSWORD) => {
    const res = await inject(t, { method: 'POST', url: '/api/registries', payload: { registryUrl, username, password } });
    expect(res.statusCode).toBe(201);
    return res.json();
  };

  it('should list the stacks that build to a registry, and refuse to delete it while they do', async () => {
    const prisma = t.app.get(PrismaService);
    const reg = await create('10.77.0.11:5000');
    expect(reg.usedBy).toEqual([]);
    expect(JSON.stringify(reg)).not.toContain(PASSWORD);
    const cluster = await prisma.cluster.create({ data: { name: 'test' } }).catch(() => prisma.cluster.findFirstOrThrow());
    const shop = await prisma.stack.create({ data: { clusterId: cluster.id, name: 'shop', configuration: 'x', buildRegistryId: reg.id } });
    const blog = await prisma.stack.create({ data: { clusterId: cluster.id, name: 'blog', configuration: 'x', buildRegistryId: reg.id } });

    const list = await inject(t, { method: 'GET', url: '/api/registries' });
    expect(list.json().find((r: { id: string }) => r.id === reg.id).usedBy).toEqual([
      { id: blog.id, name: 'blog' },
      { id: shop.id, name: 'shop' },
    ]);
    expect(list.body).not.toContain(PASSWORD);

    const refused = await inject(t, { method: 'DELETE', url: `/api/registries/${reg.id}` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('registry_in_use');
    expect(refused.json().error.message).toBe(
      "10.77.0.11:5000 (otto) is the build registry of blog, shop: choose another registry for builds in those stacks' source settings first.",
    );
    expect(await prisma.registryCredential.count({ where: { id: reg.id } })).toBe(1);

    await prisma.stack.update({ where: { id: blog.id }, data: { buildRegistryId: null } });
    await prisma.stack.update({ where: { id: shop.id }, data: { buildRegistryId: null } });
    expect((await inject(t, { method: 'DELETE', url: `/api/registries/${reg.id}` })).statusCode).toBe(204);
    expect((await inject(t, { method: 'DELETE', url: `/api/registries/${reg.id}` })).statusCode).toBe(404);
  });

  it('should log in only where the images come from, one credential per host, the most specific first', async () => {
    const registries = t.app.get(RegistriesService);
    await create('index.docker.io', 'hubber', 'hub-pw');
    await create('ghcr.io', 'anyone', 'gh-any');
    await create('ghcr.io/otto', 'otto', 'gh-otto');
    await create('10.77.0.12:5000/team', 'team', 'team-pw');

    const of = async (images: string[]) => (await registries.loginsFor(images)).map((l) => `${l.host} ${l.username} ${l.password}`);
    expect(await of(['nginx:1.27'])).toEqual(['docker.io hubber hub-pw']);
    expect(await of(['ghcr.io/otto/shop/web:1'])).toEqual(['ghcr.io otto gh-otto']);
    expect(await of(['ghcr.io/acme/app:1'])).toEqual(['ghcr.io anyone gh-any']);
    expect(await of(['10.77.0.12:5000/team/app:1', '10.77.0.12:5000/other/app:1'])).toEqual(['10.77.0.12:5000 team team-pw']);
    expect(await of(['10.77.0.12:5000/other/app:1', 'local/busybox:1'])).toEqual(['docker.io hubber hub-pw']);
    expect(await of(['10.77.0.13:5000/team/app:1'])).toEqual([]);
  });

  describe('check', () => {
    const fakeCluster = {
      withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager: localServer, result: await work(localServer) }),
    } as unknown as ClusterService;
    const logins = () =>
      fs
        .readFileSync(seen, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' '));

    it('should log in with the password on stdin, in a folder removed afterwards', async () => {
      const reg = await create('10.77.0.11:5000/base', 'checker');
      const { shell, lines } = localShell({ PATH: `${bin}:${process.env.PATH}` });
      const answer = await new RegistryCheck(t.app.get(RegistriesService), fakeCluster, shell).check(reg.id);
      expect(answer).toEqual({ ok: true, message: `${localServer.name} logged in to 10.77.0.11:5000/base as checker.` });
      const [cfg, host] = logins().at(-1)!;
      // Docker keeps logins per host: the path stays out of docker login
      expect(host).toBe('10.77.0.11:5000');
      expect(path.basename(cfg)).toMatch(/^otternauts-login\./);
      expect(fs.existsSync(cfg)).toBe(false);
      expect(lines.join('\n')).not.toContain(PASSWORD);
    });

    it('should answer a refused password in plain words, and still remove the folder', async () => {
      const reg = await create('10.77.0.11:5000', 'wrong', 'not-the-password');
      const { shell, lines } = localShell({ PATH: `${bin}:${process.env.PATH}` });
      const answer = await new RegistryCheck(t.app.get(RegistriesService), fakeCluster, shell).check(reg.id);
      expect(answer).toEqual({
        ok: false,
        message: 'The registry 10.77.0.11:5000 refused the password for wrong (401 Unauthorized): update the credential under Registries.',
      });
      expect(fs.existsSync(logins().at(-1)![0])).toBe(false);
      expect(lines.join('\n')).not.toContain('not-the-password');
    });

    it('should answer 503 through the route when the cluster has no manager', async () => {
      const reg = (await inject(t, { method: 'GET', url: '/api/registries' })).json()[0];
      const res = await inject(t, { method: 'POST', url: `/api/registries/${reg.id}/check` });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.message).toBe('This cluster has no manager yet: add a server first.');
      expect((await inject(t, { method: 'POST', url: '/api/registries/nope/check' })).statusCode).toBe(404);
    });
  });
});
