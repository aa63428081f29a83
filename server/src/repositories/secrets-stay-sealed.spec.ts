import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendFile } from 'node:fs/promises';
import fs from 'node:fs';
import path from 'node:path';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { seedRepo } from '../git/testing/git-fixtures.js';
import { startTestGitHttpServer, type TestGitHttpServer } from '../git/testing/git-http-server.js';
import { LocalSshd } from '../ssh/testing/local-sshd.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { VaultService } from '../vault/vault.service.js';
import { RepositoriesController } from './repositories.controller.js';

/** Every route of the controller as `METHOD /api/repositories/…` with Nest's `:id` placeholders. */
function controllerRoutes(): string[] {
  const proto = RepositoriesController.prototype as unknown as Record<string, object>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor' && Reflect.hasMetadata(METHOD_METADATA, proto[name]))
    .map((name) => {
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, proto[name]) as number];
      const sub = Reflect.getMetadata(PATH_METADATA, proto[name]) as string;
      return `${method} /api/repositories${sub === '/' ? '' : `/${sub}`}`;
    })
    .sort();
}

// Creates repositories with a token and with a deploy key, then calls every repositories
// route, answers that work and answers that fail, and looks for any secret in any answer
// (headers and body) and in every log line.
describe('repository secrets stay sealed', () => {
  const TOKEN = 'glpat-SEALED-token-0123456789abcdef';
  const WRONG_TOKEN = 'glpat-WRONG-token-fedcba9876543210';
  let dir: string;
  let t: TestApp;
  let prisma: PrismaService;
  let vault: VaultService;
  let http: TestGitHttpServer;
  let sshd: LocalSshd;
  let sshUrl: string;
  const secrets = new Set<string>([TOKEN, WRONG_TOKEN]);
  const answers: { route: string; status: number; text: string }[] = [];

  /** One call, recorded under its route template; `:id` in the template is replaced by `id`. */
  const hit = async (route: string, opts: { id?: string; query?: string; payload?: object } = {}) => {
    const [method, template] = route.split(' ');
    const url = template.replace(':id', opts.id ?? 'x') + (opts.query ?? '');
    const res = await t.app.inject({ method: method as 'POST', url, payload: opts.payload });
    answers.push({ route, status: res.statusCode, text: `${JSON.stringify(res.headers)}\n${res.body}` });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  /** The deploy key's private half as stored: the whole text and each base64 line of it. */
  const rememberPrivateKey = async (id: string) => {
    const row = await prisma.repository.findUniqueOrThrow({ where: { id } });
    const text = await vault.open(row.deployKey!);
    secrets.add(text.trim());
    for (const line of text.split('\n')) if (line.length >= 20 && !line.startsWith('-----')) secrets.add(line);
  };

  beforeAll(async () => {
    dir = tempDir('repo-secrets');
    t = await startTestApp(path.join(dir, 'data'));
    prisma = t.app.get(PrismaService);
    vault = t.app.get(VaultService);
    http = await startTestGitHttpServer({ root: path.join(dir, 'served'), token: TOKEN });
    await seedRepo(path.join(dir, 'served', 'app.git'), path.join(dir, 'work'), { 'compose.yaml': 'services: {}\n' });
    sshd = await LocalSshd.start();
    sshUrl = `ssh://root@127.0.0.1:${sshd.port}${path.join(dir, 'served', 'app.git')}`;
  });
  afterAll(async () => {
    await t.app.close();
    await http.close();
    await sshd.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should never answer or log a token or a private key, on any route, working or failing', async () => {
    const R = 'POST /api/repositories';
    const ID = '/api/repositories/:id';
    // create: working, and failing every way that has a secret in the request
    const tokenRepo = (await hit(R, { payload: { name: 'app', url: http.repoUrl('app'), access: 'token', token: TOKEN } })).body;
    await hit(R, { payload: { name: 'app', url: http.repoUrl('app'), access: 'token', token: TOKEN } });
    await hit(R, { payload: { name: 'app2', url: http.repoUrl('app'), access: 'token', token: TOKEN } });
    await hit(R, { payload: { name: 'app3', url: `http://oauth2:${TOKEN}@127.0.0.1:1/app.git`, access: 'public' } });
    await hit(R, { payload: { name: 'app4', url: `https://${TOKEN}@example.com/app.git`, access: 'token', token: TOKEN } });
    await hit(R, { payload: { name: 'app5', url: sshUrl, access: 'token', token: TOKEN } });
    await hit(R, { payload: { name: 'app6', url: http.repoUrl('app'), access: 'public', token: `${TOKEN} x` } });
    await hit(R, {
      payload: { name: 'ssh', url: sshUrl, access: 'deploy_key', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' },
    });
    const sshRepo = (await hit(R, { payload: { name: 'ssh', url: sshUrl, access: 'deploy_key', fingerprint: sshd.hostFingerprint } })).body;
    expect([tokenRepo.hasToken, sshRepo.access]).toEqual([true, 'deploy_key']);
    await rememberPrivateKey(sshRepo.id);
    await appendFile(path.join(sshd.dir, 'authorized_keys'), `${sshRepo.deployKeyPublic}\n`);

    await hit('POST /api/repositories/scan', { payload: { url: sshUrl } });
    await hit('POST /api/repositories/scan', { payload: { url: `https://u:${TOKEN}@example.com/a.git` } });
    await hit('POST /api/repositories/scan', { payload: { url: `ssh://git:${TOKEN}@127.0.0.1:${sshd.port}/a.git` } });

    await hit('GET /api/repositories');
    for (const id of [tokenRepo.id, sshRepo.id, 'clnotthere0000000000000000']) await hit(`GET ${ID}`, { id });

    // checks that work, then ones that fail (a wrong token, the deploy key refused)
    expect((await hit(`POST ${ID}/check`, { id: tokenRepo.id })).body.ok).toBe(true);
    expect((await hit(`POST ${ID}/check`, { id: sshRepo.id })).body.ok).toBe(true);
    await hit(`GET ${ID}/files`, { id: tokenRepo.id, query: '?ref=main' });
    await hit(`GET ${ID}/files`, { id: sshRepo.id, query: '?ref=main' });
    await hit(`GET ${ID}/files`, { id: tokenRepo.id, query: '?ref=no-such-branch' });
    await hit(`GET ${ID}/files`, { id: tokenRepo.id, query: '?ref=-x' });

    await hit(`PUT ${ID}`, { id: tokenRepo.id, payload: { token: `${WRONG_TOKEN}\n` } });
    await hit(`PUT ${ID}`, { id: sshRepo.id, payload: { token: WRONG_TOKEN } });
    await hit(`PUT ${ID}`, { id: tokenRepo.id, payload: { token: WRONG_TOKEN, tokenUsername: 'oauth2' } });
    expect((await hit(`POST ${ID}/check`, { id: tokenRepo.id })).body.ok).toBe(false);
    await hit(`GET ${ID}/files`, { id: tokenRepo.id, query: '?ref=main' });
    await hit(`GET ${ID}`, { id: tokenRepo.id });

    await hit(`POST ${ID}/deploy-key`, { id: tokenRepo.id });
    await hit(`POST ${ID}/deploy-key`, { id: sshRepo.id });
    await rememberPrivateKey(sshRepo.id);
    expect((await hit(`POST ${ID}/check`, { id: sshRepo.id })).body.ok).toBe(false);

    await hit(`PUT ${ID}/host-key`, { id: sshRepo.id, payload: { fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s' } });
    await hit(`PUT ${ID}/host-key`, { id: sshRepo.id, payload: { fingerprint: sshd.hostFingerprint } });
    await hit(`PUT ${ID}/host-key`, { id: tokenRepo.id, payload: { fingerprint: sshd.hostFingerprint } });
    await hit('GET /api/repositories');

    const cluster = await prisma.cluster.create({ data: {} });
    const stack = await prisma.stack.create({
      data: { clusterId: cluster.id, name: 'uses-ssh', configuration: '', repositoryId: sshRepo.id },
    });
    await hit(`DELETE ${ID}`, { id: sshRepo.id });
    await prisma.stack.delete({ where: { id: stack.id } });
    await hit(`DELETE ${ID}`, { id: sshRepo.id });
    await hit(`DELETE ${ID}`, { id: tokenRepo.id });
    await hit(`DELETE ${ID}`, { id: tokenRepo.id });

    // every route was called, and every route answered at least one failure too
    expect([...new Set(answers.map((a) => a.route))].sort()).toEqual(controllerRoutes());
    expect(controllerRoutes()).toHaveLength(10);
    // (the list has no failure of its own: it takes no input)
    const failing = new Set(answers.filter((a) => a.status >= 400 || a.text.includes('"ok":false')).map((a) => a.route));
    expect(controllerRoutes().filter((r) => !failing.has(r))).toEqual(['GET /api/repositories']);

    // the search does find what answers hold: the public half is shown, by design
    expect(answers.filter((a) => a.text.includes(sshRepo.deployKeyPublic.split(' ')[1])).length).toBeGreaterThan(2);
    expect(secrets.size).toBeGreaterThan(4);
    const leaks = [...secrets].flatMap((s) => [
      ...answers.filter((a) => a.text.includes(s)).map((a) => `${a.route} ${a.status}: ${a.text.slice(0, 300)}`),
      ...t.logs.filter((l) => l.includes(s)).map((l) => `log: ${l.slice(0, 300)}`),
    ]);
    expect(leaks).toEqual([]);
  });
});
