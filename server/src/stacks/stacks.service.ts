import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { conflict, notFound } from '../errors/api-error.js';
import { JobsService } from '../jobs/jobs.service.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { ServerShell } from '../servers/server-shell.js';
import { jsonLines } from '../swarm/docker-output.js';
import { unifiedDiff } from '../compose/unified-diff.js';
import { DEPLOY_JOB } from '../deployments/deployment.job.js';
import type { StackDiffDto, StackDto, StackSummaryDto, ValidationResultDto } from './stack.dto.js';
import { StackStatus } from './stack-status.js';
import { StackValidation } from './stack-validation.js';

const NETWORKS_GONE_TIMEOUT_MS = 60_000;

/** Fleets: stored Compose files, their deployments, and their live state in the Swarm. */
@Injectable()
export class StacksService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly validation: StackValidation,
    private readonly jobs: JobsService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
    private readonly status: StackStatus,
  ) {}

  async validate(name: string | undefined, configuration: string, exceptStackId?: string): Promise<ValidationResultDto> {
    const r = await this.validation.validate(name, configuration, exceptStackId);
    return { valid: r.valid, errors: r.errors, warnings: r.warnings, rendered: r.rendered };
  }

  async create(name: string, configuration: string): Promise<StackDto> {
    if (await this.prisma.stack.findUnique({ where: { name } })) throw conflict('stack_exists', `A stack named ${name} already exists.`);
    await this.validation.require(name, configuration);
    const c = await this.cluster.cluster();
    const stack = await this.prisma.stack.create({ data: { clusterId: c.id, name, configuration } });
    return this.get(stack.id);
  }

  async list(): Promise<StackSummaryDto[]> {
    const stacks = await this.prisma.stack.findMany({ orderBy: { name: 'asc' } });
    return stacks.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      lastDeployedAt: s.lastDeployedAt,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    }));
  }

  async find(id: string): Promise<Stack> {
    const stack = await this.prisma.stack.findUnique({ where: { id } });
    if (!stack) throw notFound('stack', id);
    return stack;
  }

  async get(id: string): Promise<StackDto> {
    return this.status.view(await this.find(id));
  }

  async update(id: string, configuration: string): Promise<StackDto> {
    const stack = await this.find(id);
    await this.validation.require(stack.name, configuration, stack.id);
    await this.prisma.stack.update({ where: { id }, data: { configuration } });
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

  /** Records a deployment of the stack's current configuration and starts its job. */
  async deploy(id: string, configuration?: string, rollbackOfId?: string): Promise<{ deploymentId: string }> {
    // one check-then-create at a time per stack, so two clicks cannot both find nothing running
    return this.jobs.exclusive(`deploy\u0000${id}`, () => this.deployOnce(id, configuration, rollbackOfId));
  }

  private async deployOnce(id: string, configuration?: string, rollbackOfId?: string): Promise<{ deploymentId: string }> {
    const stack = await this.find(id);
    const file = configuration ?? stack.configuration;
    const active = await this.prisma.deployment.findFirst({ where: { stackId: id, status: { in: ['queued', 'running'] } } });
    // the same file asked again (a double click) is the deployment already under way
    if (active && active.configuration === file && active.rollbackOfId === (rollbackOfId ?? null)) return { deploymentId: active.id };
    if (active)
      throw conflict('deployment_in_progress', `Version ${active.version} of ${stack.name} is still deploying; wait for it to finish.`);
    const { rendered } = await this.validation.require(stack.name, file, stack.id);
    const last = await this.prisma.deployment.findFirst({ where: { stackId: id }, orderBy: { version: 'desc' } });
    const deployment = await this.prisma.deployment.create({
      data: {
        stackId: id,
        version: (last?.version ?? 0) + 1,
        configuration: file,
        rendered: rendered!,
        rollbackOfId: rollbackOfId ?? null,
      },
    });
    if (configuration !== undefined) await this.prisma.stack.update({ where: { id }, data: { configuration } });
    await this.prisma.stack.update({ where: { id }, data: { status: 'deploying' } });
    const job = await this.jobs.enqueue(DEPLOY_JOB, { type: 'deployment', id: deployment.id }, {});
    await this.prisma.deployment.update({ where: { id: deployment.id }, data: { jobId: job.id } });
    return { deploymentId: deployment.id };
  }

  async rollback(id: string, deploymentId: string): Promise<{ deploymentId: string }> {
    const target = await this.prisma.deployment.findFirst({ where: { id: deploymentId, stackId: id } });
    if (!target) throw notFound('deployment of this stack', deploymentId);
    return this.deploy(id, target.configuration, target.id);
  }

  /** `docker stack rm`, then waits until Swarm has removed the stack's networks. */
  async remove(id: string): Promise<void> {
    const stack = await this.find(id);
    if ((await this.cluster.managers()).length > 0 && stack.lastDeployedAt) {
      await this.cluster.withManager(async (m) => {
        const docker = this.shell.docker(m);
        await this.shell.runOk(m, docker.stackRemove(stack.name), 'docker stack rm');
        const deadline = Date.now() + NETWORKS_GONE_TIMEOUT_MS;
        while (jsonLines((await this.shell.runOk(m, docker.networksOfStack(stack.name), 'docker network ls')).stdout).length > 0) {
          if (Date.now() > deadline)
            throw conflict('stack_remove_slow', `Swarm has not removed the networks of ${stack.name} after 60 s; try again shortly.`);
          await sleep(1000);
        }
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
  }
}
