import { Injectable } from '@nestjs/common';
import type { Deployment, Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, conflict, notFound } from '../errors/api-error.js';
import type { CommitInfo } from '../git/git.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import type { Trigger } from '../deployments/deployment.dto.js';
import { parseFiles } from '../deployments/deployment-files.js';
import { StackSource } from './stack-source.js';
import { StackValidation } from './stack-validation.js';
import type { BuildSpec, PlannedBuild } from '../builds/build-plan.js';

/** What one deployment will send, before it is recorded. */
export interface DeployPlan {
  configuration: string;
  rendered: string;
  trigger: Trigger;
  rollbackOfId: string | null;
  git: null | { repositoryId: string; ref: string; commit: CommitInfo; composePath: string; files: string[] };
  /** images built from the commit before the deploy (Git stacks whose services have `build:`) */
  builds: PlannedBuild[];
}

/** What a second identical request meets while the first deployment is under way. */
type WhenBusy = 'same_answer' | 'conflict';

/**
 * Records deployments and starts their jobs, one at a time per stack. A plan is made (files
 * fetched, validated, rendered) before the stack's lock, so a slow fetch holds nobody up; the
 * lock only covers "is one under way?" and the insert.
 */
@Injectable()
export class StackDeployer {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: JobsService,
    private readonly validation: StackValidation,
    private readonly source: StackSource,
  ) {}

  async find(id: string): Promise<Stack> {
    const stack = await this.prisma.stack.findUnique({ where: { id } });
    if (!stack) throw notFound('stack', id);
    return stack;
  }

  /** A pasted file (the stack's, or an earlier deployment's for a rollback), validated and rendered again. */
  async pastedPlan(stack: Stack, configuration: string, trigger: Trigger, rollbackOfId: string | null = null): Promise<DeployPlan> {
    const { rendered } = await this.validation.require(stack.name, configuration, stack.id);
    return { configuration, rendered: rendered!, trigger, rollbackOfId, git: null, builds: [] };
  }

  /** The stack's Compose file at a ref (default: the one it follows) or at a known commit. */
  async gitPlan(stack: Stack, at: { ref?: string; sha?: string }, trigger: Trigger): Promise<DeployPlan> {
    if (!stack.repositoryId || !stack.gitRef || stack.composePath === null)
      throw badRequest('not_a_git_stack', `${stack.name} is a pasted stack: it has no repository to deploy a ref from.`, [
        { field: 'ref', message: 'only stacks from a repository take a ref' },
      ]);
    const ref = at.ref ?? stack.gitRef;
    const preview = await this.previewOf(stack);
    const read = await this.source.require(
      { repositoryId: stack.repositoryId, ref, path: stack.composePath },
      {
        stackName: stack.name,
        exceptStackId: stack.id,
        sha: at.sha,
        buildRegistryId: preview ? preview.parent.buildRegistryId : stack.buildRegistryId,
        ...(preview && { imageStack: preview.parent.name, preview: preview.values }),
      },
    );
    return {
      configuration: read.configuration,
      rendered: read.rendered,
      trigger,
      rollbackOfId: null,
      git: { repositoryId: read.repository.id, ref, commit: read.commit, composePath: read.composePath, files: read.files },
      builds: read.builds,
    };
  }

  /**
   * For a preview stack, its parent (whose name its images and {stack} take, and whose registry
   * for builds it uses: the parent's settings rule its previews) and its request.
   */
  private async previewOf(stack: Stack): Promise<{ parent: Stack; values: { number: number; branch: string; stack: string } } | null> {
    if (!stack.parentStackId) return null;
    const parent = await this.prisma.stack.findUnique({ where: { id: stack.parentStackId } });
    if (!parent || stack.previewNumber === null)
      throw badRequest('preview_without_parent', `${stack.name} is a preview whose stack or request is gone: tear it down.`);
    return { parent, values: { number: stack.previewNumber, branch: stack.previewBranch ?? '', stack: parent.name } };
  }

  /**
   * An earlier deployment exactly as it went out: its commit, rendered file and files, and the
   * images it built (the same tags: the build step reuses their pushed digests).
   */
  async rollbackPlan(target: Deployment): Promise<DeployPlan> {
    const git =
      target.commitSha && target.repositoryId && target.composePath
        ? {
            repositoryId: target.repositoryId,
            ref: target.gitRef ?? target.commitSha,
            commit: {
              sha: target.commitSha,
              subject: target.commitSubject ?? '',
              author: target.commitAuthor ?? '',
              time: target.commitTime ?? target.createdAt,
            },
            composePath: target.composePath,
            files: parseFiles(target.files),
          }
        : null;
    const rows = await this.prisma.build.findMany({ where: { deploymentId: target.id }, orderBy: { service: 'asc' } });
    const builds = rows.map((b) => ({ service: b.service, image: b.image, spec: parseSpec(b.spec) }));
    return { configuration: target.configuration, rendered: target.rendered, trigger: 'rollback', rollbackOfId: target.id, git, builds };
  }

  /** Records the deployment and starts its job, unless one of the stack is queued or running. */
  start(stack: Stack, plan: DeployPlan, whenBusy: WhenBusy, deployedBy = 'admin'): Promise<Deployment> {
    // one check-then-create at a time per stack, so two clicks cannot both find nothing running
    return this.jobs.exclusive(`deploy\u0000${stack.id}`, async () => {
      const active = await this.prisma.deployment.findFirst({ where: { stackId: stack.id, status: { in: ['queued', 'running'] } } });
      // the same file asked again (a double click) is the deployment already under way
      if (active && whenBusy === 'same_answer' && sameAs(active, plan)) return active;
      if (active)
        throw conflict('deployment_in_progress', `Version ${active.version} of ${stack.name} is still deploying; wait for it to finish.`);
      const last = await this.prisma.deployment.findFirst({ where: { stackId: stack.id }, orderBy: { version: 'desc' } });
      const deployment = await this.prisma.deployment.create({
        data: {
          stackId: stack.id,
          version: (last?.version ?? 0) + 1,
          configuration: plan.configuration,
          rendered: plan.rendered,
          rollbackOfId: plan.rollbackOfId,
          trigger: plan.trigger,
          deployedBy,
          ...(plan.git && {
            repositoryId: plan.git.repositoryId,
            gitRef: plan.git.ref,
            commitSha: plan.git.commit.sha,
            commitSubject: plan.git.commit.subject,
            commitAuthor: plan.git.commit.author,
            commitTime: plan.git.commit.time,
            composePath: plan.git.composePath,
            files: JSON.stringify(plan.git.files),
          }),
          builds: {
            create: plan.builds.map((b) => ({ service: b.service, image: b.image, spec: JSON.stringify(b.spec) })),
          },
        },
      });
      // the stack's file is what was deployed last, so the diff and the domains stay true
      await this.prisma.stack.update({ where: { id: stack.id }, data: { configuration: plan.configuration, status: 'deploying' } });
      const job = await this.jobs.enqueue(DEPLOY_JOB, { type: 'deployment', id: deployment.id }, {});
      return this.prisma.deployment.update({ where: { id: deployment.id }, data: { jobId: job.id } });
    });
  }
}

function sameAs(active: Deployment, plan: DeployPlan): boolean {
  if (active.rollbackOfId !== plan.rollbackOfId) return false;
  if (plan.git) return active.commitSha === plan.git.commit.sha && active.rendered === plan.rendered;
  return active.commitSha === null && active.configuration === plan.configuration;
}

/** A stored Build.spec; a row written before specs were stored reads as the root with its Dockerfile. */
function parseSpec(text: string): BuildSpec {
  const spec = JSON.parse(text) as Partial<BuildSpec>;
  return { context: spec.context ?? '', dockerfile: spec.dockerfile ?? 'Dockerfile', args: spec.args ?? {}, target: spec.target ?? null };
}
