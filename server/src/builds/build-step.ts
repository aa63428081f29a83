import path from 'node:path/posix';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import type { Build, Deployment, Repository, Server } from '../generated/prisma/client.js';
import type { GitService } from '../git/git.service.js';
import type { RegistriesService } from '../registries/registries.service.js';
import type { ServerShell } from '../servers/server-shell.js';
import { ApiError } from '../errors/api-error.js';
import { StepFailure, type ProgressLevel } from '../jobs/job.types.js';
import { baseImagesOf } from './base-images.js';
import { BuildLog, Throttle } from './build-log.js';
import type { BuildSpec } from './build-plan.js';
import { BuildFailed, buildImage } from './image-builder.js';

export interface BuildStepDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
  registries: RegistriesService;
  git: GitService;
  config: AppConfig;
}

type Log = (message: string, level?: ProgressLevel) => Promise<void>;
const DONE = ['succeeded', 'reused'];

/**
 * The deploy job's first step: every Build of the deployment not yet done is reused (an
 * earlier Build of the same image and spec has a digest: a rollback, a preview at the parent's
 * commit) or built on the build server. A restarted step finds the done ones done; one that
 * was cut off mid-build starts again. The first failure ends the step with the builder's words.
 */
export async function runBuilds(deps: BuildStepDeps, d: Deployment & { stack: { name: string } }, log: Log): Promise<void> {
  const { prisma } = deps;
  const builds = await prisma.build.findMany({ where: { deploymentId: d.id }, orderBy: [{ createdAt: 'asc' }, { service: 'asc' }] });
  const todo: Build[] = [];
  for (const b of builds.filter((b) => !DONE.includes(b.status))) {
    const earlier = await prisma.build.findFirst({
      where: { image: b.image, spec: b.spec, status: { in: DONE }, digest: { not: null }, id: { not: b.id } },
      orderBy: { finishedAt: 'desc' },
    });
    if (!earlier) {
      todo.push(b);
      continue;
    }
    await prisma.build.update({
      where: { id: b.id },
      data: {
        status: 'reused',
        digest: earlier.digest,
        serverId: earlier.serverId,
        serverName: earlier.serverName,
        error: null,
        finishedAt: new Date(),
      },
    });
    await log(`${b.service}: ${b.image} was built before (${earlier.digest!.slice(0, 19)}); using that image.`);
  }
  if (todo.length === 0) return;

  const repository = d.repositoryId ? await prisma.repository.findUnique({ where: { id: d.repositoryId } }) : null;
  const sha = d.commitSha;
  if (!repository || !sha)
    throw new StepFailure(`Version ${d.version} builds images from a repository that has been removed; deploy from another source.`);
  const server = await deps.cluster.buildServer().catch((err: unknown) => {
    throw err instanceof ApiError ? new StepFailure(err.message) : err;
  });
  await fetchCommit(deps.git, repository, sha);
  for (const b of todo) await buildOne(deps, d.stack.name, repository, sha, server, b, log);
}

async function fetchCommit(git: GitService, repository: Repository, sha: string) {
  try {
    if (!(await git.hasCommit(repository, sha))) await git.fetch(repository);
  } catch (err) {
    if (err instanceof ApiError) throw new StepFailure(err.message);
    throw err;
  }
}

async function buildOne(
  deps: BuildStepDeps,
  stack: string,
  repository: Repository,
  sha: string,
  server: Server,
  b: Build,
  log: Log,
): Promise<void> {
  const { prisma, git, config } = deps;
  const spec = JSON.parse(b.spec) as BuildSpec;
  const buildLog = new BuildLog();
  const save = (data: Partial<Build> = {}) =>
    prisma.build.update({ where: { id: b.id }, data: { log: buildLog.text(), logLines: buildLog.total, ...data } }).then(() => undefined);
  const throttle = new Throttle(() => save());
  await save({
    status: 'building',
    serverId: server.id,
    serverName: server.name,
    startedAt: new Date(),
    finishedAt: null,
    error: null,
    digest: null,
  });
  await log(`${b.service}: building ${b.image} on ${server.name}.`);
  try {
    const { context, bases } = await contextOf(git, repository, sha, spec, config.buildContextMaxBytes);
    const logins = await deps.registries.loginsFor([...bases, b.image]);
    const built = await buildImage(deps.shell, {
      server,
      spec,
      tag: b.image,
      stack,
      context,
      logins,
      timeoutSeconds: config.buildTimeoutSeconds,
      cacheMaxAgeSeconds: config.buildCacheMaxAgeSeconds,
      log: buildLog,
      changed: () => throttle.poke(),
      pushing: async () => {
        await throttle.done();
        await save({ status: 'pushing' });
      },
    });
    await throttle.done();
    await save({
      status: 'succeeded',
      digest: built.digest,
      cachedSteps: built.cachedSteps,
      totalSteps: built.totalSteps,
      finishedAt: new Date(),
    });
    const cached = built.totalSteps ? `, ${built.cachedSteps} of ${built.totalSteps} steps from the cache` : '';
    await log(`${b.service}: pushed ${b.image}@${built.digest}${cached}.`);
  } catch (err) {
    await throttle.done();
    const reason = err instanceof BuildFailed || err instanceof ApiError || err instanceof StepFailure ? err.message : null;
    const message = `The build of ${b.service} on ${server.name} failed: ${reason ?? (err instanceof Error ? err.message : String(err))}`;
    buildLog.note(message);
    await save({ status: 'failed', error: message, finishedAt: new Date() });
    // a bug stays a bug (logged with its stack by the job runner); the rest is for the user
    if (reason === null) throw err;
    throw new StepFailure(message);
  }
}

/** The context folder as a tar, and the images its Dockerfile builds from (for their logins). */
async function contextOf(git: GitService, repository: Repository, sha: string, spec: BuildSpec, maxBytes: number) {
  const context = await git.archive(repository, sha, spec.context, maxBytes);
  const dockerfile = await git.readFile(repository, sha, spec.context ? path.join(spec.context, spec.dockerfile) : spec.dockerfile);
  if (!dockerfile)
    throw new BuildFailed(
      `${spec.dockerfile} is not in the build context ${spec.context || 'at the repository root'} at ${sha.slice(0, 7)}.`,
    );
  return { context, bases: baseImagesOf(dockerfile.toString('utf8')) };
}
