import type { AppConfig } from '../config/app-config.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { Deployment, Server } from '../generated/prisma/client.js';
import type { GitService } from '../git/git.service.js';
import { StepFailure } from '../jobs/job.types.js';
import type { RegistriesService } from '../registries/registries.service.js';
import type { RemoteCommand } from '../ssh/command.js';
import type { RunOptions, RunResult, ServerShell } from '../servers/server-shell.js';
import { migratedDatabase } from '../testing/test-database.js';
import { runBuilds } from './build-step.js';

const SHA = '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a';
const IMAGE = `10.77.0.11:5000/shop/web:${SHA}`;
const DIGEST = `sha256:${'e'.repeat(64)}`;
const server = { id: 'srv-1', name: 'otn2', sshUser: 'root' } as Server;
const spec = JSON.stringify({ context: 'web', dockerfile: 'Dockerfile', args: { MODE: 'prod' }, target: null });

/** A build server that answers by program and records every command, in order, with what it got on stdin. */
function fakeShell(answers: { build?: RunResult; push?: RunResult } = {}) {
  const calls: { argv: readonly string[]; stdin?: string | Buffer }[] = [];
  const run = async (_s: Server, cmd: RemoteCommand, opts: RunOptions = {}): Promise<RunResult> => {
    calls.push({ argv: cmd.argv, stdin: opts.stdin });
    const words = cmd.argv.filter((w) => !w.includes('='));
    const verb = words[words.indexOf('docker') + (words.includes('--config') ? 3 : 1)];
    if (cmd.argv[0] === 'mktemp') return { code: 0, stdout: '/tmp/otternauts-build.Zx81\n', stderr: '' };
    if (verb === 'build') {
      const r = answers.build ?? { code: 0, stdout: '', stderr: '#4 [1/2] FROM base\n#4 DONE\n#5 [2/2] RUN make\n#5 CACHED\n' };
      opts.onStderr?.(Buffer.from(r.stderr));
      return r;
    }
    if (verb === 'push') {
      const r = answers.push ?? { code: 0, stdout: `${SHA}: digest: ${DIGEST} size: 1148\n`, stderr: '' };
      opts.onStdout?.(Buffer.from(r.stdout));
      return r;
    }
    return { code: 0, stdout: '', stderr: '' };
  };
  const shell = { run, runOk: run, needsSudo: () => false } as unknown as ServerShell;
  const programs = () =>
    calls.map((c) => (c.argv[0] === 'env' ? c.argv.filter((w) => !w.includes('=')).slice(1) : c.argv).slice(0, 4).join(' '));
  return { shell, calls, programs };
}

describe(runBuilds.name, () => {
  let prisma: PrismaService;
  let n = 0;
  const git = {
    hasCommit: async () => true,
    fetch: async () => undefined,
    archive: async (_r: unknown, sha: string, dir: string) => Buffer.from(`tar of ${dir} at ${sha}`),
    readFile: async (_r: unknown, _sha: string, p: string) =>
      p === 'web/Dockerfile' ? Buffer.from('FROM 10.77.0.11:5000/base/busybox:1\nRUN make\n') : null,
  } as unknown as GitService;
  const cluster = { buildServer: async () => server } as unknown as ClusterService;
  const config = { buildContextMaxBytes: 1024, buildTimeoutSeconds: 600, buildCacheMaxAgeSeconds: 604800 } as AppConfig;
  const askedLogins: string[][] = [];
  const registries = {
    loginsFor: async (images: string[]) => {
      askedLogins.push(images);
      return [{ registryUrl: '10.77.0.11:5000', host: '10.77.0.11:5000', username: 'otto', password: 'pw-on-stdin' }];
    },
  } as unknown as RegistriesService;

  beforeAll(async () => {
    prisma = await migratedDatabase('build-step');
  });
  afterAll(() => prisma.$disconnect());

  async function deployment(builds: Array<{ status?: string; digest?: string; image?: string }>, trigger = 'manual') {
    n++;
    const c = (await prisma.cluster.findFirst()) ?? (await prisma.cluster.create({ data: { name: 'c' } }));
    const repo = await prisma.repository.create({ data: { name: `r${n}`, url: `https://git.example/r${n}.git`, access: 'public' } });
    const stack = await prisma.stack.create({ data: { clusterId: c.id, name: `shop${n}`, configuration: 'x', repositoryId: repo.id } });
    const d = await prisma.deployment.create({
      data: { stackId: stack.id, version: 1, configuration: 'x', rendered: 'x', repositoryId: repo.id, commitSha: SHA, trigger },
    });
    for (const [i, b] of builds.entries())
      await prisma.build.create({
        data: { deploymentId: d.id, service: `svc${i}`, image: b.image ?? IMAGE, spec, status: b.status, digest: b.digest },
      });
    return { ...d, stack: { name: stack.name } } as Deployment & { stack: { name: string } };
  }

  it('should build, push and record each queued image, in order, with logins for its base image and the push', async () => {
    const d = await deployment([{}]);
    const { shell, calls, programs } = fakeShell();
    const logged: string[] = [];
    await runBuilds({ prisma, shell, cluster, registries, git, config }, d, async (m) => void logged.push(m));

    expect(programs()).toEqual([
      'find /tmp -mindepth 1',
      'mktemp -d /tmp/otternauts-build.XXXXXXXX',
      'docker --config /tmp/otternauts-build.Zx81 buildx',
      'docker --config /tmp/otternauts-build.Zx81 login',
      'docker --config /tmp/otternauts-build.Zx81 build',
      'docker --config /tmp/otternauts-build.Zx81 push',
      'rm -rf -- /tmp/otternauts-build.Zx81',
      'docker builder prune --force',
      'docker image prune --all',
    ]);
    expect(calls[3].stdin).toBe('pw-on-stdin');
    expect(calls[2].argv).toContain('version');
    expect(calls[4].stdin).toEqual(Buffer.from(`tar of web at ${SHA}`));
    expect(calls.flatMap((c) => c.argv).join(' ')).not.toContain('pw-on-stdin');
    expect(askedLogins.at(-1)).toEqual(['10.77.0.11:5000/base/busybox:1', IMAGE]);
    const b = await prisma.build.findFirstOrThrow({ where: { deploymentId: d.id } });
    expect(b).toMatchObject({ status: 'succeeded', digest: DIGEST, serverName: 'otn2', cachedSteps: 1, totalSteps: 2 });
    expect(b.log).toContain('#5 CACHED');
    expect(b.log).toContain(`digest: ${DIGEST}`);
    expect(b.logLines).toBe(b.log.split('\n').length);
    expect(logged.at(-1)).toBe(`svc0: pushed ${IMAGE}@${DIGEST}, 1 of 2 steps from the cache.`);
  });

  it("should fail with the builder's last lines, mark the build failed, and build nothing after it", async () => {
    const d = await deployment([{ image: `${IMAGE}-bad` }, { image: `${IMAGE}-other` }]);
    const stderr =
      '#5 [2/2] RUN make\n#5 ERROR: process "/bin/sh -c make" did not complete successfully: exit code: 2\nERROR: failed to solve: make: no target\n';
    const { shell, programs } = fakeShell({ build: { code: 1, stdout: '', stderr } });
    const run = runBuilds({ prisma, shell, cluster, registries, git, config }, d, async () => undefined);
    await expect(run).rejects.toThrow(StepFailure);
    await expect(run).rejects.toThrow(/^The build of svc0 on otn2 failed: .*\nERROR: failed to solve: make: no target$/s);
    const rows = await prisma.build.findMany({ where: { deploymentId: d.id }, orderBy: { service: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['failed', 'queued']);
    expect(rows[0].error).toContain('ERROR: failed to solve: make: no target');
    expect(programs().filter((p) => p.endsWith(' build'))).toHaveLength(1);
    // the login folder goes even when the build fails
    expect(programs()).toContain('rm -rf -- /tmp/otternauts-build.Zx81');
  });

  it('should skip a build already done (a restarted step) and reuse the digest of an earlier build of the same image', async () => {
    const earlier = await deployment([{ image: `${IMAGE}-rolled`, status: 'succeeded', digest: DIGEST }]);
    await prisma.build.updateMany({ where: { deploymentId: earlier.id }, data: { serverName: 'otn1', finishedAt: new Date() } });
    const d = await deployment([{ status: 'succeeded', digest: DIGEST }, { image: `${IMAGE}-rolled` }], 'rollback');
    const { shell, calls } = fakeShell();
    const logged: string[] = [];
    await runBuilds({ prisma, shell, cluster, registries, git, config }, d, async (m) => void logged.push(m));
    expect(calls).toEqual([]);
    const rows = await prisma.build.findMany({ where: { deploymentId: d.id }, orderBy: { service: 'asc' } });
    expect(rows.map((r) => [r.status, r.digest, r.serverName])).toEqual([
      ['succeeded', DIGEST, null],
      ['reused', DIGEST, 'otn1'],
    ]);
    expect(logged).toEqual([`svc1: ${IMAGE}-rolled was built before (${DIGEST.slice(0, 19)}); using that image.`]);
  });

  it('should say the push gave no digest rather than deploy an unpinned image', async () => {
    const d = await deployment([{ image: `${IMAGE}-nodigest` }]);
    const { shell } = fakeShell({ push: { code: 0, stdout: 'The push refers to repository [x]\n', stderr: '' } });
    await expect(runBuilds({ prisma, shell, cluster, registries, git, config }, d, async () => undefined)).rejects.toThrow(
      /did not say which digest the registry stored/,
    );
  });
});
