import { Injectable } from '@nestjs/common';
import type { Deployment } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, notFound } from '../errors/api-error.js';
import type { BuildDto, BuildLogDto } from '../builds/build.dto.js';
import { buildLogView, buildView } from '../builds/build-views.js';
import { JobsService } from '../jobs/jobs.service.js';
import { commitView } from '../stacks/stack-views.js';
import { parseFiles } from './deployment-files.js';
import type { DeploymentDto, Trigger } from './deployment.dto.js';

/** Deployment history: every launch with its configuration, rendered file and outcome. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly jobs: JobsService,
  ) {}

  async get(id: string): Promise<DeploymentDto> {
    const d = await this.prisma.deployment.findUnique({ where: { id } });
    if (!d) throw notFound('deployment', id);
    return this.view(d);
  }

  async forStack(stackId: string): Promise<DeploymentDto[]> {
    if (!(await this.prisma.stack.findUnique({ where: { id: stackId } }))) throw notFound('stack', stackId);
    const rows = await this.prisma.deployment.findMany({ where: { stackId }, orderBy: { version: 'desc' } });
    return Promise.all(rows.map((d) => this.view(d)));
  }

  async builds(id: string): Promise<BuildDto[]> {
    if (!(await this.prisma.deployment.findUnique({ where: { id } }))) throw notFound('deployment', id);
    const rows = await this.prisma.build.findMany({ where: { deploymentId: id }, orderBy: [{ createdAt: 'asc' }, { service: 'asc' }] });
    return rows.map(buildView);
  }

  async buildLog(id: string, buildId: string, after: string | undefined): Promise<BuildLogDto> {
    const from = after === undefined || after === '' ? 0 : Number(after);
    if (!Number.isSafeInteger(from) || from < 0)
      throw badRequest('after_invalid', 'after: must be a line number (0 or more), the `next` of the previous answer.', [
        { field: 'after', message: 'must be an integer of 0 or more' },
      ]);
    const b = await this.prisma.build.findFirst({ where: { id: buildId, deploymentId: id } });
    if (!b) throw notFound('build', buildId);
    return buildLogView(b, from);
  }

  private async view(d: Deployment): Promise<DeploymentDto> {
    return {
      id: d.id,
      stackId: d.stackId,
      version: d.version,
      status: d.status,
      error: d.error,
      configuration: d.configuration,
      rendered: d.rendered,
      deployedBy: d.deployedBy,
      rollbackOfId: d.rollbackOfId,
      trigger: d.trigger as Trigger,
      ref: d.gitRef,
      commit: commitView(d),
      composePath: d.composePath,
      files: parseFiles(d.files),
      createdAt: d.createdAt,
      startedAt: d.startedAt,
      finishedAt: d.finishedAt,
      job: d.jobId ? await this.jobs.get(d.jobId).catch(() => null) : null,
    };
  }
}
