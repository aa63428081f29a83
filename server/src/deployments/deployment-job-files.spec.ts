import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import { GitService } from '../git/git.service.js';
import { seedRepo } from '../git/testing/git-fixtures.js';
import { RegistriesService } from '../registries/registries.service.js';
import { SecretsService } from '../secrets/secrets.service.js';
import { EventsService } from '../events/events.service.js';
import type { Server } from '../generated/prisma/client.js';
import { tempDir } from '../testing/temp-dir.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { deploymentJob } from './deployment.job.js';
import { localServer, localShell } from './testing/local-shell.js';

/**
 * The deploy step of a git deployment with files beside its Compose file, run for real on this
 * machine: the files read from Mission Control's mirror at the deployment's commit, sent to a
 * private folder by mktemp and dd, the file on stdin pointing there, the folder gone afterwards.
 * Only `docker` is a stand-in (a script on PATH that keeps what it was given); the e2e suites
 * run the real one on a Swarm.
 */
describe('deploy step with files beside the Compose file', () => {
  let t: TestApp;
  const dir = tempDir('job-files');
  const seen = path.join(dir, 'seen');
  const bin = path.join(dir, 'bin');
  let sha = '';

  beforeAll(async () => {
    fs.mkdirSync(seen);
    fs.mkdirSync(bin);
    // keeps the file sent on stdin and a copy of every file it names, while they still exist
    fs.writeFileSync(
      path.join(bin, 'docker'),
      `#!/bin/sh
case "$*" in
  "stack ps"*) echo "nothing found in stack" >&2; exit 1 ;;
  "stack deploy"*)
    cat > "${seen}/stack.yaml"
    for f in $(grep -o '/tmp/otternauts-files[^ ]*' "${seen}/stack.yaml"); do cp "$f" "${seen}/$(basename "$(dirname "$f")")-$(basename "$f")"; echo "$f" >> "${seen}/paths"; done
    exit 0 ;;
esac
echo "unexpected docker $*" >&2; exit 2
`,
      { mode: 0o755 },
    );
    ({ sha } = await seedRepo(path.join(dir, 'shop.git'), path.join(dir, 'work'), {
      'deploy/compose.yaml': 'unused: the deployment row carries the rendered file\n',
      'deploy/nginx.conf': 'server { listen 80; }\n',
      'shared/app.env': 'MODE=production\n',
    }));
    t = await startTestApp(path.join(dir, 'data'));
  });
  afterAll(async () => {
    await t?.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should send each file by index, point the file on stdin at them, and remove the folder', async () => {
    const prisma = t.app.get(PrismaService);
    const repo = await prisma.repository.create({ data: { name: 'shop', url: `file://${dir}/shop.git`, access: 'public' } });
    // a mirror fetched from a local path: MirrorGit refuses file: URLs, so the test clones it as Mission Control's mirror would be
    const git = t.app.get(GitService);
    const mirror = path.join(t.config.dataDir, 'git', `${repo.id}.git`);
    fs.mkdirSync(path.dirname(mirror), { recursive: true, mode: 0o700 });
    fs.cpSync(path.join(dir, 'shop.git'), mirror, { recursive: true });
    expect(await git.hasCommit(repo, sha)).toBe(true);

    const cluster = await prisma.cluster.create({ data: { name: 'test' } }).catch(() => prisma.cluster.findFirstOrThrow());
    const stack = await prisma.stack.create({
      data: { clusterId: cluster.id, name: 'shop', configuration: 'x', repositoryId: repo.id, gitRef: 'main', composePath: 'deploy' },
    });
    const rendered = `services:
  web:
    image: nginx:1.27
    env_file: ../shared/app.env
    configs:
      - source: site
        target: /etc/nginx/conf.d/default.conf
configs:
  site:
    file: ./nginx.conf
    name: shop_site_0123456789
`;
    const d = await prisma.deployment.create({
      data: {
        stackId: stack.id,
        version: 1,
        configuration: rendered,
        rendered,
        repositoryId: repo.id,
        commitSha: sha,
        gitRef: 'main',
        composePath: 'deploy/compose.yaml',
        files: JSON.stringify(['shared/app.env', 'deploy/nginx.conf']),
      },
    });

    const { shell, lines } = localShell({ PATH: `${bin}:${process.env.PATH}` });
    const fakeCluster = {
      withManager: async <T>(work: (m: Server) => Promise<T>) => ({ manager: localServer, result: await work(localServer) }),
    } as unknown as ClusterService;
    const job = deploymentJob({
      prisma,
      shell,
      cluster: fakeCluster,
      secrets: t.app.get(SecretsService),
      registries: t.app.get(RegistriesService),
      config: t.app.get(AppConfig),
      git,
      events: t.app.get(EventsService),
      onSettled: () => undefined,
    });
    const logged: string[] = [];
    // build (nothing to build: it records the start) then deploy, as the job runs them
    for (const step of job.steps.slice(0, 2))
      await step.run({ jobId: 'j1', targetId: d.id, data: {}, log: async (m: string) => void logged.push(m) });

    const sent = fs.readFileSync(path.join(seen, 'stack.yaml'), 'utf8');
    const [envPath, confPath] = fs.readFileSync(path.join(seen, 'paths'), 'utf8').trim().split('\n');
    const folder = path.dirname(envPath);
    expect(folder).toMatch(/^\/tmp\/otternauts-files\.[A-Za-z0-9]+$/);
    expect([envPath, confPath]).toEqual([`${folder}/0`, `${folder}/1`]);
    expect(sent).toContain(`env_file: ${folder}/0`);
    expect(sent).toContain(`file: ${folder}/1`);
    expect(sent).toContain('name: shop_site_0123456789');
    expect(fs.readFileSync(path.join(seen, `${path.basename(folder)}-0`), 'utf8')).toBe('MODE=production\n');
    expect(fs.readFileSync(path.join(seen, `${path.basename(folder)}-1`), 'utf8')).toBe('server { listen 80; }\n');
    expect(fs.existsSync(folder)).toBe(false);
    // nothing from the repository on a command line: not its paths, not its contents
    expect(lines.join('\n')).not.toMatch(/nginx\.conf|app\.env|MODE=|listen/);
    expect(logged.join('\n')).toContain('docker stack deploy accepted version 1');
    // the stored file keeps the repository paths
    expect((await prisma.deployment.findUniqueOrThrow({ where: { id: d.id } })).rendered).toBe(rendered);
    // the timeline heard of the start once, with the commit it deploys
    const started = await prisma.event.findMany({ where: { kind: 'deploy.started', deploymentId: d.id } });
    expect(started).toHaveLength(1);
    expect(started[0]).toMatchObject({ stackName: 'shop', actor: 'admin' });
    expect(JSON.parse(started[0].details)).toMatchObject({ version: 1, trigger: 'manual', commit: { sha, ref: 'main' } });
  });
});
