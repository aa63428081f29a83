import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { PrismaService } from '../database/prisma.service.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import { JobsService } from '../jobs/jobs.service.js';
import { seedRepo, type WorkClone } from '../git/testing/git-fixtures.js';
import { startTestGitHttpServer, type TestGitHttpServer } from '../git/testing/git-http-server.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { GitDeploys } from './git-deploys.js';
import { StackDeployer } from './stack-deployer.js';

const COMPOSE = `services:
  web:
    image: nginx:1.27
    env_file: ./web.env
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
configs:
  site:
    file: ./nginx.conf
`;

type Json = any;

/**
 * Stacks from a repository over the real API, with real git: a smart-HTTP server on loopback
 * (git http-backend), Mission Control's own mirror, and a stand-in deploy job (no Swarm here;
 * the e2e suites deploy to a real one).
 */
describe('stacks from a repository', () => {
  let t: TestApp;
  let git: TestGitHttpServer;
  let work: WorkClone;
  let first: string;
  let repositoryId: string;
  const dir = tempDir('git-source');
  const bare = path.join(dir, 'served', 'shop.git');

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method, url, payload, headers });
    return { status: res.statusCode, body: res.json<Json>() };
  };
  const push = async (subject: string, files: Record<string, string | { symlink: string } | null>) => {
    const sha = await work.commit(subject, files);
    await work.push(bare);
    return sha;
  };
  const settle = (deploymentId: string) =>
    t.app.get(PrismaService).deployment.update({ where: { id: deploymentId }, data: { status: 'succeeded' } });
  const source = (over: object = {}) => ({ repositoryId, ref: 'main', path: 'deploy', ...over });

  beforeAll(async () => {
    ({ sha: first, work } = await seedRepo(bare, path.join(dir, 'work'), {
      'deploy/compose.yaml': COMPOSE,
      'deploy/nginx.conf': 'server { listen 80; }\n',
      'deploy/web.env': 'GREETING=hello\n',
      'README.md': 'shop\n',
    }));
    await work.tag('v1');
    await work.push(bare);
    git = await startTestGitHttpServer({ root: path.join(dir, 'served') });
    t = await startTestApp(path.join(dir, 'data'));
    t.app.get(JobsService).register({ kind: DEPLOY_JOB, steps: [{ name: 'done', title: 'Done', run: async () => undefined }] });
    const repo = await t.app.get(PrismaService).repository.create({ data: { name: 'shop', url: git.repoUrl('shop'), access: 'public' } });
    repositoryId = repo.id;
  });
  afterAll(async () => {
    await t?.app.close();
    await git?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should validate a folder at a ref: the file found, the commit read, what would be deployed', async () => {
    const res = await call('POST', '/api/stacks/validate', { name: 'shop', source: source() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      valid: true,
      errors: [],
      file: 'deploy/compose.yaml',
      commit: { sha: first, subject: 'first commit', author: 'Otto Tester' },
    });
    expect(res.body.rendered).toMatch(/name: shop_site_[0-9a-f]{10}/);
  });

  it('should name the file, the commit and the line of a config that leaves the repository, and create nothing', async () => {
    const bad = await push('config from outside', { 'deploy/compose.yaml': COMPOSE.replace('./nginx.conf', '../../etc/nginx.conf') });
    const short = bad.slice(0, 7);
    const validated = await call('POST', '/api/stacks/validate', { name: 'shop', source: source() });
    expect(validated.body.valid).toBe(false);
    expect(validated.body.errors).toEqual([
      expect.objectContaining({ file: 'deploy/compose.yaml', commit: short, line: 10, column: 11, path: 'configs.site.file' }),
    ]);
    const created = await call('POST', '/api/stacks', { name: 'shop', source: source() });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toMatch(
      new RegExp(
        `^Configuration error: deploy/compose\\.yaml at ${short}, line 10, column 11: The path "\\.\\./\\.\\./etc/nginx\\.conf" leaves the repository`,
      ),
    );
    expect(created.body.error.details[0]).toMatchObject({ file: 'deploy/compose.yaml', commit: short, line: 10 });
    expect(await t.app.get(PrismaService).stack.count()).toBe(0);
  });

  it('should refuse a symlink that points out of the repository at its line', async () => {
    const linked = await push('nginx.conf is a link out', {
      'deploy/compose.yaml': COMPOSE,
      'deploy/nginx.conf': { symlink: '../../../etc/hostname' },
    });
    const res = await call('POST', '/api/stacks/validate', { source: source() });
    expect(res.body.valid).toBe(false);
    expect(res.body.errors.map((e: Json) => [e.file, e.commit, e.line, e.path])).toEqual([
      ['deploy/compose.yaml', linked.slice(0, 7), 10, 'configs.site.file'],
    ]);
    await push('nginx.conf back', { 'deploy/nginx.conf': 'server { listen 80; }\n' });
  });

  it('should answer a ref the repository does not have with a 400 naming it', async () => {
    const res = await call('POST', '/api/stacks/validate', { source: source({ ref: 'no-such-branch' }) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('no-such-branch');
  });

  it('should create a git stack, deploy a tag by hand, and record commit, ref, file, files and trigger', async () => {
    const created = await call('POST', '/api/stacks', { name: 'shop', source: source({ tagPattern: 'v*' }) });
    expect(created.status).toBe(201);
    expect(created.body.source).toEqual({
      repositoryId,
      repositoryName: 'shop',
      url: git.repoUrl('shop'),
      ref: 'main',
      path: 'deploy',
      tagPattern: 'v*',
      pollIntervalSeconds: 60,
      autoDeploy: true,
      buildRegistryId: null,
      buildRegistryUrl: null,
    });
    expect(created.body.configuration).toBe(COMPOSE);
    expect(created.body.commit).toBeNull();

    const id = created.body.id;
    const deployed = await call('POST', `/api/stacks/${id}/deploy`, { ref: 'v1' }, { 'sec-fetch-site': 'same-origin' });
    expect(deployed.status).toBe(202);
    const d = (await call('GET', `/api/deployments/${deployed.body.deploymentId}`)).body;
    expect(d).toMatchObject({
      trigger: 'manual',
      ref: 'v1',
      commit: { sha: first, subject: 'first commit', author: 'Otto Tester' },
      composePath: 'deploy/compose.yaml',
      files: ['deploy/web.env', 'deploy/nginx.conf'],
    });
    expect(d.rendered).toMatch(/name: shop_site_[0-9a-f]{10}/);
    expect(d.rendered).toContain('file: ./nginx.conf');
    await settle(d.id);
    expect((await call('GET', `/api/stacks/${id}`)).body.commit.sha).toBe(first);
  });

  it('should deploy the followed branch with a changed file under a new content name, then roll back to the exact earlier commit', async () => {
    const stack = (await call('GET', '/api/stacks')).body.find((s: Json) => s.name === 'shop');
    const before = (await call('GET', `/api/stacks/${stack.id}/deployments`)).body[0];
    const changed = await push('nginx: gzip', { 'deploy/nginx.conf': 'server { listen 80; gzip on; }\n' });
    const again = await call('POST', `/api/stacks/${stack.id}/deploy`);
    const d = (await call('GET', `/api/deployments/${again.body.deploymentId}`)).body;
    expect(d).toMatchObject({ trigger: 'api', ref: 'main', commit: { sha: changed, subject: 'nginx: gzip' } });
    const nameOf = (rendered: string) => /name: (shop_site_[0-9a-f]{10})/.exec(rendered)![1];
    expect(nameOf(d.rendered)).not.toBe(nameOf(before.rendered));
    await settle(d.id);

    const back = await call('POST', `/api/stacks/${stack.id}/rollback`, { deploymentId: before.id });
    expect(back.status).toBe(202);
    const r = (await call('GET', `/api/deployments/${back.body.deploymentId}`)).body;
    expect(r).toMatchObject({
      trigger: 'rollback',
      rollbackOfId: before.id,
      ref: 'v1',
      commit: before.commit,
      files: before.files,
      composePath: before.composePath,
    });
    expect(r.rendered).toBe(before.rendered);
    expect(r.version).toBe(3);
  });

  it('should give deliveries a commit to deploy only when nothing is deploying, and the paths to watch', async () => {
    const stack = (await call('GET', '/api/stacks')).body.find((s: Json) => s.name === 'shop');
    const deploys = t.app.get(GitDeploys);
    // the rollback of the test before is still queued
    await expect(deploys.deployCommit(stack.id, { sha: first, ref: 'main', trigger: 'push' })).rejects.toMatchObject({
      status: 409,
      code: 'deployment_in_progress',
    });
    const prisma = t.app.get(PrismaService);
    await prisma.deployment.updateMany({ where: { stackId: stack.id }, data: { status: 'succeeded' } });
    const pushed = await push('web: more greetings', { 'deploy/web.env': 'GREETING=hello again\n' });
    const started = await deploys.deployCommit(stack.id, { sha: pushed, ref: 'main', trigger: 'push' });
    expect(started.version).toBe(4);
    const d = await prisma.deployment.findUniqueOrThrow({ where: { id: started.deploymentId } });
    expect([d.trigger, d.gitRef, d.commitSha]).toEqual(['push', 'main', pushed]);
    expect(await deploys.watchedPaths(stack.id)).toEqual(['deploy/', 'deploy/web.env', 'deploy/nginx.conf']);
  });

  it('should switch a git stack to a pasted file and back, and refuse a ref once pasted', async () => {
    const stack = (await call('GET', '/api/stacks')).body.find((s: Json) => s.name === 'shop');
    await t.app.get(PrismaService).deployment.updateMany({ where: { stackId: stack.id }, data: { status: 'succeeded' } });
    const pasted = await call('PUT', `/api/stacks/${stack.id}`, { configuration: 'services:\n  web:\n    image: nginx:1.28\n' });
    expect(pasted.status).toBe(200);
    expect(pasted.body.source).toBeNull();
    const withRef = await call('POST', `/api/stacks/${stack.id}/deploy`, { ref: 'main' });
    expect([withRef.status, withRef.body.error.code]).toEqual([400, 'not_a_git_stack']);

    const back = await call('PUT', `/api/stacks/${stack.id}`, {
      source: source({ path: 'deploy/compose.yaml', autoDeploy: false, pollIntervalSeconds: 0 }),
    });
    expect(back.status).toBe(200);
    expect(back.body.source).toMatchObject({ path: 'deploy/compose.yaml', autoDeploy: false, pollIntervalSeconds: 0, tagPattern: null });
    expect(back.body.configuration).toBe(COMPOSE);
    const tooOften = await call('PUT', `/api/stacks/${stack.id}`, { source: source({ pollIntervalSeconds: 5 }) });
    expect([tooOften.status, tooOften.body.error.details[0].field]).toEqual([400, 'source.pollIntervalSeconds']);
  });

  it('should answer two clicks at once with one deployment of the commit', async () => {
    const stack = (await call('GET', '/api/stacks')).body.find((s: Json) => s.name === 'shop');
    const prisma = t.app.get(PrismaService);
    await prisma.deployment.updateMany({ where: { stackId: stack.id }, data: { status: 'succeeded' } });
    const before = await prisma.deployment.count({ where: { stackId: stack.id } });
    const [a, b] = await Promise.all([call('POST', `/api/stacks/${stack.id}/deploy`), call('POST', `/api/stacks/${stack.id}/deploy`)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(b.body.deploymentId).toBe(a.body.deploymentId);
    expect(await prisma.deployment.count({ where: { stackId: stack.id } })).toBe(before + 1);
    // another ref while it runs is refused, not queued behind it
    const other = await call('POST', `/api/stacks/${stack.id}/deploy`, { ref: 'v1' });
    expect([other.status, other.body.error.code]).toEqual([409, 'deployment_in_progress']);
  });

  it('should build services from the commit to the registry the stack names, plan their Build rows, and carry them into a rollback', async () => {
    const prisma = t.app.get(PrismaService);
    const built = await push('cafe: built from the repository', {
      'cafe/compose.yaml': 'services:\n  menu:\n    build:\n      context: ../menu\n      args: [MODE=prod]\n      target: runtime\n',
      'menu/Dockerfile': 'FROM busybox\n',
    });
    const without = await call('POST', '/api/stacks', { name: 'cafe', source: source({ path: 'cafe' }) });
    expect(without.status).toBe(400);
    expect(without.body.error.details[0]).toMatchObject({ field: 'services.menu.build', line: 3, file: 'cafe/compose.yaml' });
    expect(without.body.error.message).toMatch(/names no registry for builds/);
    const unknown = await call('POST', '/api/stacks', { name: 'cafe', source: source({ path: 'cafe', buildRegistryId: 'nope' }) });
    expect([unknown.status, unknown.body.error.details[0].field]).toEqual([400, 'source.buildRegistryId']);
    expect(await prisma.stack.count({ where: { name: 'cafe' } })).toBe(0);

    const registry = await prisma.registryCredential.create({
      data: { registryUrl: '10.77.0.11:5000', username: 'otto', password: Buffer.from('sealed elsewhere') },
    });
    const created = await call('POST', '/api/stacks', { name: 'cafe', source: source({ path: 'cafe', buildRegistryId: registry.id }) });
    expect(created.status).toBe(201);
    expect(created.body.source).toMatchObject({ buildRegistryId: registry.id, buildRegistryUrl: '10.77.0.11:5000' });
    expect(JSON.stringify(created.body)).not.toMatch(/password|username|otto/);

    const deployed = await call('POST', `/api/stacks/${created.body.id}/deploy`);
    const image = `10.77.0.11:5000/cafe/menu:${built}`;
    const d = (await call('GET', `/api/deployments/${deployed.body.deploymentId}`)).body;
    expect(d.rendered).toBe(`services:\n  menu:\n    image: ${image}\n`);
    const rows = await prisma.build.findMany({ where: { deploymentId: d.id } });
    expect(rows.map((b) => [b.service, b.image, JSON.parse(b.spec), b.status])).toEqual([
      ['menu', image, { context: 'menu', dockerfile: 'Dockerfile', args: { MODE: 'prod' }, target: 'runtime' }, 'queued'],
    ]);
    await settle(d.id);

    // left out of a change, the registry stays; null takes it away, and the file with build: is refused again
    const kept = await call('PUT', `/api/stacks/${created.body.id}`, { source: source({ path: 'cafe' }) });
    expect([kept.status, kept.body.source.buildRegistryId]).toEqual([200, registry.id]);
    const cleared = await call('PUT', `/api/stacks/${created.body.id}`, { source: source({ path: 'cafe', buildRegistryId: null }) });
    expect([cleared.status, cleared.body.error.details[0].field]).toEqual([400, 'services.menu.build']);

    const back = await call('POST', `/api/stacks/${created.body.id}/rollback`, { deploymentId: d.id });
    expect(back.status).toBe(202);
    const again = await prisma.build.findMany({ where: { deploymentId: back.body.deploymentId } });
    expect(again.map((b) => [b.service, b.image, b.spec])).toEqual(rows.map((b) => [b.service, b.image, b.spec]));
  });

  it("should plan a preview from its parent: templated domains under its own name, one replica, images named and built with the parent's registry", async () => {
    const prisma = t.app.get(PrismaService);
    const parent = await prisma.stack.findUniqueOrThrow({ where: { name: 'cafe' } });
    const head = await push('cafe: previews', {
      'cafe/compose.yaml': [
        'services:',
        '  menu:',
        '    build: ../menu',
        '    deploy:',
        '      replicas: 3',
        '    x-otternauts:',
        '      domains: [cafe.example.com]',
        '      port: 8080',
        '      preview:',
        '        domains: ["pr-{number}-{branch}.cafe.example.com"]',
        '',
      ].join('\n'),
    });
    const preview = await prisma.stack.create({
      data: {
        clusterId: parent.clusterId,
        name: 'cafe-pr-5',
        configuration: '',
        repositoryId,
        gitRef: 'refs/pull/5/head',
        composePath: 'cafe',
        parentStackId: parent.id,
        previewNumber: 5,
        previewBranch: 'Menu/Prices',
        autoDeploy: false,
        pollIntervalSeconds: 0,
      },
    });
    const plan = await t.app.get(StackDeployer).gitPlan(preview, { sha: head, ref: 'refs/pull/5/head' }, 'preview');
    expect(plan.builds.map((b) => [b.service, b.image, b.spec.context])).toEqual([['menu', `10.77.0.11:5000/cafe/menu:${head}`, 'menu']]);
    expect(plan.configuration).toContain('domains: [pr-5-menu-prices.cafe.example.com]');
    expect(plan.rendered).toContain('traefik.http.routers.cafe-pr-5-menu.rule=Host(`pr-5-menu-prices.cafe.example.com`)');
    expect(plan.rendered).not.toContain('Host(`cafe.example.com`)');
    expect(plan.rendered).toMatch(/replicas: 1\n/);
    expect(plan.rendered).toContain(`image: 10.77.0.11:5000/cafe/menu:${head}`);
  });
});
