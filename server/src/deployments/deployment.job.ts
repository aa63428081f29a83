import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../config/app-config.js';
import type { PrismaService } from '../database/prisma.service.js';
import type { ClusterService } from '../cluster/cluster.service.js';
import { StepFailure, type JobDefinition, type ProgressLevel, type StepContext } from '../jobs/job.types.js';
import type { Server } from '../generated/prisma/client.js';
import { loginFailure } from '../registries/login-errors.js';
import type { RegistriesService, RegistryLogin } from '../registries/registries.service.js';
import type { SecretsService } from '../secrets/secrets.service.js';
import { lastLines, type ServerShell } from '../servers/server-shell.js';
import { parseServices, parseTasks } from '../swarm/docker-output.js';
import { resolveSecrets } from '../compose/resolve-secrets.js';
import { namesInUse } from '../compose/content-names.js';
import { pointFilesAt } from '../compose/point-files.js';
import { ApiError } from '../errors/api-error.js';
import type { GitService } from '../git/git.service.js';
import { parseFiles, placedFiles } from './deployment-files.js';
import { pruneUnusedObjects } from './prune-objects.js';
import { withFilesOnManager } from './send-files.js';
import { judge, parseServiceInspect } from './convergence.js';
import {
  LOGIN_DIR_PREFIX,
  LOGIN_TIMEOUT_MS,
  STACK_DEPLOY_TIMEOUT_MS,
  makeLoginDir,
  removeLoginDir,
  sweepStaleLoginDirs,
} from './login-dirs.js';
import { scrubError, secretScrubber, type Scrub } from './secret-scrubber.js';
import { runningTaskKey, Steadiness } from './steadiness.js';
import { lookInterval, StuckWatch } from './watch-pace.js';
import type { EventsService } from '../events/events.service.js';
import type { EventActor, EventKind } from '../events/event-kinds.js';
import type { TaskRow } from '../swarm/docker-output.js';
import { withHealthCheckOutput } from '../incidents/health-log.js';
import { imagesOf } from '../registries/image-reference.js';
import { runBuilds } from '../builds/build-step.js';
import { pinBuiltImages } from '../builds/pin-images.js';

export const DEPLOY_JOB = 'stack.deploy';

export class DeployTimeout extends StepFailure {}

export interface DeployDeps {
  prisma: PrismaService;
  shell: ServerShell;
  cluster: ClusterService;
  secrets: SecretsService;
  registries: RegistriesService;
  config: AppConfig;
  git: GitService;
  events: EventsService;
  onSettled(stackId: string): void;
}

/** Who started a deployment, as the event log names actors. */
const ACTOR_OF_TRIGGER: Record<string, EventActor> = {
  manual: 'admin',
  rollback: 'admin',
  api: 'api',
  push: 'push',
  poll: 'poll',
  preview: 'push',
};

/** How long after `docker stack deploy` a changed spec may wait for the orchestrator to start its update. */
const PICKUP_GRACE_MS = 15_000;

interface DeployData {
  deployedAt?: number;
  /** ids of the stack's tasks before this deployment: history, not this version's failures */
  earlierTasks?: string[];
}

/** A launch: log in to registries, `docker stack deploy`, then follow tasks to a verdict. */
export function deploymentJob(deps: DeployDeps): JobDefinition<DeployData> {
  const { prisma, shell, cluster, secrets, registries, config, git, events } = deps;
  const load = (id: string) => prisma.deployment.findUniqueOrThrow({ where: { id }, include: { stack: true } });
  type Loaded = Awaited<ReturnType<typeof load>>;

  /** One deploy event with the deployment's names and what identifies the version. */
  const record = (d: Loaded, kind: EventKind, message: string, extra: Record<string, unknown> = {}) =>
    events.tryRecord({
      kind,
      message,
      stackId: d.stackId,
      stackName: d.stack.name,
      deploymentId: d.id,
      actor: ACTOR_OF_TRIGGER[d.trigger] ?? 'system',
      details: {
        version: d.version,
        trigger: d.trigger,
        ...(d.commitSha && { commit: { sha: d.commitSha, subject: d.commitSubject, ref: d.gitRef } }),
        ...(d.rollbackOfId && { rollbackOf: d.rollbackOfId }),
        ...extra,
      },
    });

  const withHealthOutput = (message: string, stack: string, tasks: TaskRow[]) =>
    withHealthCheckOutput({ prisma, shell, cluster }, message, stack, tasks);

  /** The files a git deployment sends beside its Compose file, read from the mirror at its commit, in index order. */
  const besideFiles = async (d: Loaded): Promise<Buffer[]> => {
    const files = parseFiles(d.files);
    if (files.length === 0) return [];
    const sha = d.commitSha;
    const repository = d.repositoryId ? await prisma.repository.findUnique({ where: { id: d.repositoryId } }) : null;
    if (!repository || !sha || d.composePath === null)
      throw new StepFailure(`Version ${d.version} reads files from a repository that has been removed; deploy from another source.`);
    try {
      if (!(await git.hasCommit(repository, sha))) await git.fetch(repository);
      const contents: Buffer[] = [];
      for (const path of files) {
        const content = await git.readFile(repository, sha, path);
        if (!content) throw new StepFailure(`${path} is not in ${repository.url} at ${sha.slice(0, 7)} any more.`);
        contents.push(content);
      }
      return contents;
    } catch (err) {
      // git's errors are written for the user (they name the repository and what to do)
      if (err instanceof ApiError) throw new StepFailure(err.message);
      throw err;
    }
  };

  /** Configs and secrets the deployed file no longer names; only warnings if that does not work. */
  const prune = async (d: Loaded, log: (message: string, level?: ProgressLevel) => Promise<void>) => {
    try {
      const inUse = namesInUse((await resolve(d.rendered, d.stackId)).file, d.stack.name);
      const { result } = await cluster.withManager((m) => pruneUnusedObjects(shell, m, d.stack.name, inUse));
      if (result.removed.length) await log(`Removed configs and secrets no longer used: ${result.removed.join(', ')}.`);
      for (const warning of result.warnings) await log(warning, 'warn');
    } catch (err) {
      await log(`Could not remove configs and secrets no longer used: ${err instanceof Error ? err.message : String(err)}`, 'warn');
    }
  };
  /** The file with the stored values in place, and a scrubber for every value it took. */
  const resolve = async (rendered: string, stackId: string) => {
    const used = new Map<string, string>();
    const file = resolveSecrets(rendered, await secrets.valuesFor(stackId), used);
    return { file, scrub: secretScrubber(used) };
  };

  /** Registry logins in a throw-away config directory, then `docker stack deploy` with the file on stdin. */
  const sendStack = async (m: Server, stack: string, file: string, logins: RegistryLogin[]) => {
    let docker = shell.docker(m);
    let configDir: string | null = null;
    try {
      if (logins.length > 0) {
        configDir = (await shell.runOk(m, makeLoginDir(), 'mktemp')).stdout.trim();
        docker = docker.withConfigDir(configDir);
        for (const login of logins) {
          const r = await shell.run(m, docker.login(login.host, login.username), {
            stdin: login.password,
            timeoutMs: LOGIN_TIMEOUT_MS,
          });
          if (r.code !== 0) throw new StepFailure(loginFailure(login, r.stderr, m.name));
        }
      }
      const r = await shell.run(m, docker.stackDeploy(stack, { withRegistryAuth: logins.length > 0, resolveImage: config.resolveImage }), {
        stdin: file,
        timeoutMs: STACK_DEPLOY_TIMEOUT_MS,
      });
      // success is the exit code: `docker stack deploy` writes notices to stderr even when it works
      if (r.code !== 0)
        throw new StepFailure(
          `Configuration error: docker stack deploy refused the file: ${lastLines(withoutNotices(r.stderr || r.stdout), 6)}`,
        );
    } finally {
      if (configDir) await shell.run(m, removeLoginDir(configDir, shell.needsSudo(m))).catch(() => undefined);
    }
  };

  return {
    kind: DEPLOY_JOB,
    steps: [
      {
        name: 'build',
        title: 'Build images from the commit',
        async run(ctx) {
          const d = await load(ctx.targetId!);
          await prisma.deployment.update({ where: { id: d.id }, data: { status: 'running', startedAt: d.startedAt ?? new Date() } });
          // once per deployment: a step run again after a restart has a start time already
          if (!d.startedAt) {
            const commit = d.commitSha ? `, commit ${d.commitSha.slice(0, 7)}${d.commitSubject ? ` "${d.commitSubject}"` : ''}` : '';
            await record(d, 'deploy.started', `Deploy of ${d.stack.name} started (version ${d.version}, ${d.trigger}${commit})`);
          }
          await runBuilds({ prisma, shell, cluster, registries, git, config }, d, (message, level) => ctx.log(message, level));
        },
      },
      {
        name: 'deploy',
        title: 'Send the stack to the Swarm',
        async run(ctx) {
          const d = await load(ctx.targetId!);
          // resolved here, in memory, and sent on stdin: never stored, logged or returned
          const { scrub } = await resolve(d.rendered, d.stackId);
          const files = await besideFiles(d);
          const built = await prisma.build.findMany({ where: { deploymentId: d.id } });
          await scrubbing(scrub, ctx, async (log) => {
            const logins = await registries.loginsFor(imagesOf(d.rendered));
            const { manager } = await cluster.withManager(async (m) => {
              const swept = await sweepStaleLoginDirs(shell, m);
              const loginDirs = swept.removed.filter((p) => p.includes(`/${LOGIN_DIR_PREFIX}`)).length;
              const fileDirs = swept.removed.length - loginDirs;
              if (loginDirs) await log(`Removed ${loginDirs} registry login folder(s) a stopped deployment left on ${m.name}.`, 'warn');
              if (fileDirs)
                await log(`Removed ${fileDirs} folder(s) of files beside a Compose file a stopped deployment left on ${m.name}.`, 'warn');
              if (swept.problem)
                await log(`Could not check ${m.name} for login folders a stopped deployment left: ${swept.problem}`, 'warn');
              const before = await shell.run(m, shell.docker(m).stackTasks(d.stack.name));
              // a first deploy: "nothing found in stack" and a non-zero exit, no history
              ctx.data.earlierTasks = before.code === 0 ? parseTasks(before.stdout).map((t) => t.ID) : [];
              await withFilesOnManager(shell, m, files, async (dir) => {
                // only the copy sent to Docker points at the folder; the stored file keeps the repository paths
                const pinned = pinBuiltImages(d.rendered, built);
                const text =
                  dir === null ? pinned : pointFilesAt(pinned, placedFiles(d.rendered, d.composePath!, parseFiles(d.files), dir));
                await sendStack(m, d.stack.name, (await resolve(text, d.stackId)).file, logins);
              });
            });
            ctx.data.deployedAt = Date.now();
            await log(`docker stack deploy accepted version ${d.version} on ${manager.name}; Otto is watching the tasks.`);
          });
        },
      },
      {
        name: 'converge',
        title: 'Wait for every service to run',
        async run(ctx) {
          const d = await load(ctx.targetId!);
          const { scrub } = await resolve(d.rendered, d.stackId);
          await scrubbing(scrub, ctx, async (log) => {
            const deadline = (ctx.data.deployedAt ?? Date.now()) + config.deployTimeoutSeconds * 1000;
            const earlier = new Set(ctx.data.earlierTasks ?? []);
            const steadiness = new Steadiness();
            const stuck = new StuckWatch();
            let lastProblem: string | null = null;
            let lastTasks: TaskRow[] = [];
            const fail = async (message: string) => new StepFailure(await withHealthOutput(message, d.stack.name, lastTasks));
            for (;;) {
              const { result } = await cluster.withManager(async (m) => {
                const docker = shell.docker(m);
                const services = parseServices((await shell.runOk(m, docker.stackServices(d.stack.name), 'docker stack services')).stdout);
                const tasks = parseTasks((await shell.runOk(m, docker.stackTasks(d.stack.name), 'docker stack ps')).stdout);
                const updates = services.length
                  ? parseServiceInspect(
                      (await shell.runOk(m, docker.serviceInspect(...services.map((s) => s.Name)), 'docker service inspect')).stdout,
                    )
                  : [];
                const justDeployed = Date.now() - (ctx.data.deployedAt ?? 0) < PICKUP_GRACE_MS;
                return {
                  verdict: judge(d.stack.name, services, tasks, { updates, justDeployed, earlier }),
                  running: runningTaskKey(tasks),
                  tasks,
                };
              });
              const { verdict, running } = result;
              lastTasks = result.tasks.filter((t) => !earlier.has(t.ID));
              if (verdict.done && steadiness.converged(running, Date.now())) {
                await log('Launch successful! Your fleet is now in orbit.');
                if (d.commitSha) await prune(d, log);
                return;
              }
              if (!verdict.done) steadiness.reset();
              const problem = verdict.done ? null : verdict.problem;
              if (problem?.kind === 'failed') throw await fail(problem.message);
              lastProblem = problem?.message ?? lastProblem;
              const stuckOn = problem?.kind === 'stuck' ? problem.message : null;
              if (stuck.lasted(stuckOn, Date.now()) && stuckOn) throw await fail(stuckOn);
              if (Date.now() > deadline) {
                const why = lastProblem
                  ? `: ${await withHealthOutput(lastProblem, d.stack.name, lastTasks)}`
                  : ': some services are still starting';
                throw new DeployTimeout(`The fleet did not converge within ${config.deployTimeoutSeconds} s${why}.`);
              }
              const now = Date.now();
              await sleep(steadiness.nextLookIn(now, lookInterval(now - (ctx.data.deployedAt ?? now))));
            }
          });
        },
      },
    ],
    async onSuccess(ctx) {
      const d = await load(ctx.targetId!);
      const now = new Date();
      await prisma.deployment.update({ where: { id: d.id }, data: { status: 'succeeded', error: null, finishedAt: now } });
      await prisma.stack.update({ where: { id: d.stackId }, data: { status: 'running', lastDeployedAt: now } });
      deps.onSettled(d.stackId);
      await record(d, 'deploy.succeeded', `Deploy of ${d.stack.name} succeeded (version ${d.version})`);
    },
    async onFailure(ctx, error) {
      const d = await load(ctx.targetId!);
      const status = error instanceof DeployTimeout ? 'timed_out' : 'failed';
      await prisma.deployment.update({ where: { id: d.id }, data: { status, error: error.message, finishedAt: new Date() } });
      // a build cut off (Mission Control stopped, the job not resumed) must not look as if it still ran
      await prisma.build.updateMany({
        where: { deploymentId: d.id, status: { in: ['building', 'pushing'] } },
        data: { status: 'failed', error: 'The deployment ended before this build finished.', finishedAt: new Date() },
      });
      await prisma.stack.update({
        where: { id: d.stackId },
        data: { status: 'failed', ...(ctx.data.deployedAt && { lastDeployedAt: new Date() }) },
      });
      deps.onSettled(d.stackId);
      const timedOut = status === 'timed_out';
      await record(
        d,
        timedOut ? 'deploy.timed_out' : 'deploy.failed',
        `Deploy of ${d.stack.name} ${timedOut ? 'timed out' : 'failed'} (version ${d.version}): ${error.message}`,
        { reason: error.message },
      );
    },
  };
}

/** `docker stack deploy` prints these on every run; in a refusal they only hide the reason. */
const DEPLOY_NOTICES = [
  /^Since --detach=false was not specified/,
  /^In a future release, --detach=false/,
  /^Ignoring unsupported options:/,
  /^Creating (network|service|secret|config) /,
  /^Updating service /,
];

function withoutNotices(output: string): string {
  return output
    .split('\n')
    .filter((line) => !DEPLOY_NOTICES.some((n) => n.test(line.trim())))
    .join('\n');
}

/**
 * Runs a step's work with its log lines and its error scrubbed of the secret values the file
 * took: Docker's output, which both quote, can echo them. The error keeps its class, so a
 * timeout stays a timeout and a bug is still logged (scrubbed) as one.
 */
async function scrubbing<D>(
  scrub: Scrub,
  ctx: StepContext<D>,
  work: (log: (message: string, level?: ProgressLevel) => Promise<void>) => Promise<void>,
): Promise<void> {
  try {
    await work((message, level) => ctx.log(scrub(message), level));
  } catch (err) {
    throw scrubError(err, scrub);
  }
}
