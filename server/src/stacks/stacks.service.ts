import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, conflict, notFound } from '../errors/api-error.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { ServerShell } from '../servers/server-shell.js';
import { unifiedDiff } from '../compose/unified-diff.js';
import type { Trigger } from '../deployments/deployment.dto.js';
import type { StackSourceDto } from './source.dto.js';
import type { StackDiffDto, StackDto, StackSummaryDto, ValidationResultDto } from './stack.dto.js';
import { StackDeployer } from './stack-deployer.js';
import { StackSource } from './stack-source.js';
import { StackStatus } from './stack-status.js';
import { StackValidation } from './stack-validation.js';
import { currentCommit, sourceView } from './stack-views.js';
import { normaliseSourcePath } from './compose-path.js';
import { EventsService } from '../events/events.service.js';
import { AppConfig } from '../config/app-config.js';
import { previewOf } from './preview-view.js';
import { removeStackFromSwarm } from './stack-removal.js';
import { apiErrorFromSsh } from '../servers/ssh-api-errors.js';
import { overrideImages } from './image-override.js';

/** What a stack's view shows of its registry for builds (never the credential itself). */
const REGISTRY_VIEW = { id: true, registryUrl: true } as const;

/** A stack's file: pasted text, or a place in a repository. Exactly one. */
export interface StackFileInput {
  configuration?: string;
  source?: StackSourceDto;
}

/** Fleets: stored Compose files (pasted or from a repository), their deployments, and their live state in the Swarm. */
@Injectable()
export class StacksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly validation: StackValidation,
    private readonly jobs: JobsService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly status: StackStatus,
    private readonly source: StackSource,
    private readonly deployer: StackDeployer,
    private readonly events: EventsService,
    private readonly config: AppConfig,
  ) {}

  async validate(name: string | undefined, input: StackFileInput, exceptStackId?: string): Promise<ValidationResultDto> {
    const file = oneOf(input);
    if ('configuration' in file) {
      const r = await this.validation.validate(name, file.configuration, exceptStackId);
      return { valid: r.valid, errors: r.errors, warnings: r.warnings, rendered: r.rendered };
    }
    const current = exceptStackId ? await this.prisma.stack.findUnique({ where: { id: exceptStackId } }) : null;
    const r = await this.source.read(sourceSpec(file.source), {
      stackName: name,
      exceptStackId,
      buildRegistryId: file.source.buildRegistryId !== undefined ? file.source.buildRegistryId : (current?.buildRegistryId ?? null),
    });
    return { valid: r.valid, errors: r.errors, warnings: r.warnings, rendered: r.rendered, file: r.composePath, commit: r.commit };
  }

  async create(name: string, input: StackFileInput): Promise<StackDto> {
    const file = oneOf(input);
    if (await this.prisma.stack.findUnique({ where: { name } })) throw conflict('stack_exists', `A stack named ${name} already exists.`);
    const data =
      'configuration' in file
        ? { configuration: (await this.validation.require(name, file.configuration), file.configuration) }
        : await this.gitFields(name, file.source);
    const c = await this.cluster.cluster();
    const stack = await this.prisma.stack.create({ data: { clusterId: c.id, name, ...data } });
    await this.events.tryRecord({
      kind: 'stack.created',
      actor: 'admin',
      stackId: stack.id,
      stackName: name,
      message: `Stack ${name} was created ${'configuration' in file ? 'from a pasted file' : `from ${file.source.path} at ${file.source.ref}`}`,
      details: sourceDetails(file),
    });
    return this.get(stack.id);
  }

  async list(): Promise<StackSummaryDto[]> {
    const stacks = await this.prisma.stack.findMany({
      orderBy: { name: 'asc' },
      include: { repository: true, parent: true, buildRegistry: { select: REGISTRY_VIEW } },
    });
    return Promise.all(
      stacks.map(async (s) => ({
        id: s.id,
        name: s.name,
        status: s.status,
        lastDeployedAt: s.lastDeployedAt,
        createdAt: s.createdAt,
        updatedAt: s.updatedAt,
        source: sourceView(s, s.repository, s.buildRegistry),
        commit: await this.commitOf(s.id),
        preview: previewOf(s, s.parent, this.config.previewTtlSeconds),
      })),
    );
  }

  async find(id: string): Promise<Stack> {
    const stack = await this.prisma.stack.findUnique({ where: { id } });
    if (!stack) throw notFound('stack', id);
    return stack;
  }

  async get(id: string): Promise<StackDto> {
    const stack = await this.prisma.stack.findUnique({
      where: { id },
      include: { repository: true, parent: true, buildRegistry: { select: REGISTRY_VIEW } },
    });
    if (!stack) throw notFound('stack', id);
    return {
      ...(await this.status.view(stack)),
      source: sourceView(stack, stack.repository, stack.buildRegistry),
      commit: await this.commitOf(id),
      preview: previewOf(stack, stack.parent, this.config.previewTtlSeconds),
    };
  }

  /** A new pasted file (a git stack becomes a pasted one), or a new repository source (a pasted one becomes a git stack). */
  async update(id: string, input: StackFileInput): Promise<StackDto> {
    const stack = await this.find(id);
    const file = oneOf(input);
    const data =
      'configuration' in file
        ? {
            configuration: (await this.validation.require(stack.name, file.configuration, stack.id), file.configuration),
            repositoryId: null,
            gitRef: null,
            composePath: null,
            tagPattern: null,
            lastSeenCommit: null,
            buildRegistryId: null,
          }
        : await this.gitFields(stack.name, file.source, stack.id, stack.buildRegistryId);
    await this.prisma.stack.update({ where: { id }, data });
    const changed = 'configuration' in file ? stack.configuration !== file.configuration || stack.repositoryId !== null : true;
    if (changed)
      await this.events.tryRecord({
        kind: 'stack.changed',
        actor: 'admin',
        stackId: id,
        stackName: stack.name,
        message: `Stack ${stack.name} was changed: ${'configuration' in file ? 'a new pasted file' : `its file is ${file.source.path} at ${file.source.ref}`}`,
        details: sourceDetails(file),
      });
    return this.get(id);
  }

  async diff(id: string): Promise<StackDiffDto> {
    const stack = await this.find(id);
    const last = await this.prisma.deployment.findFirst({ where: { stackId: id, status: 'succeeded' }, orderBy: { version: 'desc' } });
    const before = last?.configuration ?? '';
    return {
      deployedVersion: last?.version ?? null,
      changed: before !== stack.configuration,
      diff: unifiedDiff(before, stack.configuration, last ? `deployed (version ${last.version})` : 'nothing deployed', 'current'),
    };
  }

  /**
   * Records a deployment and starts its job: a pasted stack's current file, or a git stack's file
   * at `ref` (default: the ref it follows), fetched and resolved to a commit first.
   */
  async deploy(
    id: string,
    opts: { ref?: string; images?: Record<string, string>; trigger?: Trigger; by?: string } = {},
  ): Promise<{ deploymentId: string }> {
    const stack = await this.find(id);
    const trigger = opts.trigger ?? 'api';
    if (!stack.repositoryId && opts.ref !== undefined)
      throw badRequest('not_a_git_stack', `${stack.name} is a pasted stack: it has no repository to deploy a ref from.`, [
        { field: 'ref', message: 'only stacks from a repository take a ref' },
      ]);
    if (stack.repositoryId && opts.images !== undefined)
      throw badRequest(
        'images_from_git',
        `${stack.name} follows a Git repository: its images come from the file at ${stack.gitRef}. Push a commit (or deploy a ref) instead.`,
        [{ field: 'images', message: 'only pasted stacks take images' }],
      );
    // the new file is validated like a PUT; start() stores it only once the deployment is recorded
    const configuration = opts.images === undefined ? stack.configuration : this.withImages(stack, opts.images);
    const plan = stack.repositoryId
      ? await this.deployer.gitPlan(stack, { ref: opts.ref }, trigger)
      : await this.deployer.pastedPlan(stack, configuration, trigger);
    const deployment = await this.deployer.start(stack, plan, 'same_answer', opts.by);
    if (opts.images !== undefined && configuration !== stack.configuration)
      await this.events.tryRecord({
        kind: 'stack.changed',
        actor: 'admin',
        stackId: id,
        deploymentId: deployment.id,
        stackName: stack.name,
        message: `Stack ${stack.name} got new images for version ${deployment.version}: ${Object.entries(opts.images)
          .map(([service, image]) => `${service}=${image}`)
          .join(', ')}`,
        details: { source: 'pasted', images: opts.images, by: opts.by ?? 'admin' },
      });
    return { deploymentId: deployment.id };
  }

  private withImages(stack: Stack, images: Record<string, string>): string {
    const r = overrideImages(stack.name, stack.configuration, images);
    if (!r.ok) throw badRequest('invalid_images', r.message, r.details);
    return r.configuration;
  }

  /** Deploys an earlier deployment again as a new version: its exact commit, rendered file and files for a git one. */
  async rollback(id: string, deploymentId: string, by?: string): Promise<{ deploymentId: string }> {
    const stack = await this.find(id);
    const target = await this.prisma.deployment.findFirst({ where: { id: deploymentId, stackId: id } });
    if (!target) throw notFound('deployment of this stack', deploymentId);
    // a pasted file is checked again (a secret or a domain may have gone); a commit goes out as it went then
    const plan = target.commitSha
      ? await this.deployer.rollbackPlan(target)
      : await this.deployer.pastedPlan(stack, target.configuration, 'rollback', target.id);
    const deployment = await this.deployer.start(stack, plan, 'same_answer', by);
    return { deploymentId: deployment.id };
  }

  /** `docker stack rm`, then waits until Swarm has removed the stack's networks. */
  async remove(id: string): Promise<void> {
    const stack = await this.find(id);
    // a parent's previews are stacks of their own in the Swarm: they go first (previews/)
    for (const preview of await this.prisma.stack.findMany({ where: { parentStackId: id }, select: { id: true } }))
      await this.remove(preview.id);
    if ((await this.cluster.managers()).length > 0 && stack.lastDeployedAt) {
      await this.cluster
        .withManager((m) => removeStackFromSwarm({ shell: this.shell }, m, stack.name))
        .catch((err: unknown) => {
          throw apiErrorFromSsh(err);
        });
    }
    await this.prisma.job.deleteMany({
      where: {
        targetType: 'deployment',
        targetId: { in: (await this.prisma.deployment.findMany({ where: { stackId: id }, select: { id: true } })).map((d) => d.id) },
      },
    });
    await this.prisma.stack.delete({ where: { id } });
    this.status.forget(stack.name);
    await this.events.tryRecord({
      kind: 'stack.removed',
      actor: 'admin',
      stackId: id,
      stackName: stack.name,
      message: `Stack ${stack.name} was removed${stack.lastDeployedAt ? ' from the Swarm and Mission Control' : ''}`,
    });
  }

  private async commitOf(stackId: string) {
    const succeeded = await this.prisma.deployment.findFirst({ where: { stackId, status: 'succeeded' }, orderBy: { version: 'desc' } });
    const newest = succeeded ? null : await this.prisma.deployment.findFirst({ where: { stackId }, orderBy: { version: 'desc' } });
    return currentCommit(succeeded, newest);
  }

  /** The stack's columns for a repository source, after its file at the ref was read and found valid. */
  private async gitFields(name: string, source: StackSourceDto, exceptStackId?: string, currentRegistryId: string | null = null) {
    const poll = source.pollIntervalSeconds ?? 60;
    if (poll !== 0 && poll < 10)
      throw badRequest('validation_failed', 'source.pollIntervalSeconds: must be 0 (no polling) or 10 to 86400 seconds', [
        { field: 'source.pollIntervalSeconds', message: 'must be 0 (no polling) or 10 to 86400 seconds' },
      ]);
    const spec = sourceSpec(source);
    // left out: the registry stays as it was (a new stack has none)
    const buildRegistryId = source.buildRegistryId !== undefined ? source.buildRegistryId : currentRegistryId;
    const read = await this.source.require(spec, { stackName: name, exceptStackId, buildRegistryId });
    return {
      configuration: read.configuration,
      repositoryId: read.repository.id,
      gitRef: spec.ref,
      composePath: spec.path,
      tagPattern: source.tagPattern?.trim() ? source.tagPattern.trim() : null,
      pollIntervalSeconds: poll,
      autoDeploy: source.autoDeploy ?? true,
      buildRegistryId,
    };
  }
}

/** The path is kept normalised, as given (a folder stays a folder: a later commit may rename its compose.yml). */
function sourceSpec(source: StackSourceDto) {
  const path = normaliseSourcePath(source.path);
  if (!path.ok) throw badRequest('invalid_source', path.message, [{ field: 'source.path', message: path.message }]);
  return { repositoryId: source.repositoryId, ref: source.ref, path: path.path };
}

/** What the timeline says of a stack's file: where it comes from, never its content (it may hold values). */
function sourceDetails(file: { configuration: string } | { source: StackSourceDto }): Record<string, unknown> {
  return 'configuration' in file
    ? { source: 'pasted' }
    : {
        source: 'repository',
        repositoryId: file.source.repositoryId,
        ref: file.source.ref,
        path: file.source.path,
        ...(file.source.buildRegistryId !== undefined && { buildRegistryId: file.source.buildRegistryId }),
      };
}

function oneOf(input: StackFileInput): { configuration: string } | { source: StackSourceDto } {
  if (input.configuration !== undefined && input.source !== undefined)
    throw badRequest('validation_failed', 'Give either configuration (a pasted Compose file) or source (a repository), not both.', [
      { field: 'source', message: 'cannot be given together with configuration' },
    ]);
  if (input.source !== undefined) return { source: input.source };
  if (input.configuration !== undefined) return { configuration: input.configuration };
  throw badRequest('validation_failed', 'Give either configuration (a pasted Compose file) or source (a repository).', [
    { field: 'configuration', message: 'or source must be given' },
  ]);
}
