import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, conflict, notFound } from '../errors/api-error.js';
import { EventsService } from '../events/events.service.js';
import type { PreviewDto, PreviewSettingsDto, PutPreviewSettingsDto } from './preview.dto.js';
import { previewReasons } from './preview-reasons.js';
import { PreviewStacks } from './preview-stacks.js';
import { PreviewTeardown } from './preview-teardown.js';
import { firstDomain } from './preview-url.js';

/** A parent stack's previews as the dashboard shows them, its preview settings, and "tear down now". */
@Injectable()
export class PreviewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
    private readonly previews: PreviewStacks,
    private readonly teardown: PreviewTeardown,
    private readonly events: EventsService,
  ) {}

  async list(parentId: string): Promise<PreviewDto[]> {
    await this.parent(parentId);
    const ttl = this.config.previewTtlSeconds * 1000;
    return Promise.all(
      (await this.previews.ofParent(parentId)).map(async (p) => {
        const last = await this.prisma.deployment.findFirst({ where: { stackId: p.id }, orderBy: { version: 'desc' } });
        const served = await this.prisma.deployment.findFirst({
          where: { stackId: p.id, status: 'succeeded' },
          orderBy: { version: 'desc' },
        });
        const domain = served ? firstDomain(served.rendered) : null;
        return {
          stackId: p.id,
          name: p.name,
          number: p.previewNumber!,
          title: p.previewTitle,
          branch: p.previewBranch,
          headSha: p.previewHeadSha,
          fork: p.previewFork,
          url: domain ? `https://${domain}` : null,
          status: p.status,
          createdAt: p.createdAt,
          activeAt: p.previewActiveAt,
          expiresAt: p.previewActiveAt ? new Date(p.previewActiveAt.getTime() + ttl) : null,
          lastDeployment: last ? { id: last.id, version: last.version, status: last.status } : null,
        };
      }),
    );
  }

  async settings(parentId: string): Promise<PreviewSettingsDto> {
    return this.view(await this.gitParent(parentId));
  }

  async updateSettings(parentId: string, body: PutPreviewSettingsDto): Promise<PreviewSettingsDto> {
    const stack = await this.gitParent(parentId);
    const data = {
      ...(body.enabled !== undefined && { previewsEnabled: body.enabled }),
      ...(body.allowForks !== undefined && { previewForks: body.allowForks }),
      ...(body.limit !== undefined && { previewLimit: body.limit }),
    };
    const updated = await this.prisma.stack.update({ where: { id: stack.id }, data });
    if (Object.keys(data).length > 0)
      await this.events.tryRecord({
        kind: 'stack.changed',
        actor: 'admin',
        stackId: stack.id,
        stackName: stack.name,
        message: `Previews of ${stack.name}: ${updated.previewsEnabled ? 'on' : 'off'}, forks ${updated.previewForks ? 'allowed' : 'refused'}, at most ${updated.previewLimit}`,
        details: { previewsEnabled: updated.previewsEnabled, previewForks: updated.previewForks, previewLimit: updated.previewLimit },
      });
    return this.view(updated);
  }

  /** Tears the request's preview down now; 409 while one of its deployments is under way. */
  async tearDown(parentId: string, number: number): Promise<void> {
    await this.parent(parentId);
    const preview = await this.previews.byNumber(parentId, number);
    if (!preview) throw notFound(`preview of request #${number} of this stack`, String(number));
    const busy = await this.prisma.deployment.findFirst({ where: { stackId: preview.id, status: { in: ['queued', 'running'] } } });
    if (busy)
      throw conflict(
        'deployment_in_progress',
        `Version ${busy.version} of ${preview.name} is still deploying; tear it down when it has finished.`,
      );
    await this.teardown.tearDown(preview, previewReasons.why.byHand, 'admin');
  }

  /** A stack that may have previews: it exists and is not itself a preview. */
  async parent(id: string): Promise<Stack> {
    const stack = await this.prisma.stack.findUnique({ where: { id } });
    if (!stack) throw notFound('stack', id);
    if (stack.parentStackId)
      throw badRequest('preview_stack', `${stack.name} is a preview: previews belong to the stack it previews.`, [
        { field: 'id', message: 'a preview has no previews of its own' },
      ]);
    return stack;
  }

  private async gitParent(id: string): Promise<Stack> {
    const stack = await this.parent(id);
    if (!stack.repositoryId)
      throw badRequest(
        'not_a_git_stack',
        `The stack ${stack.name} is a pasted file: previews deploy pull/merge requests of a repository. Give it a repository source first.`,
      );
    return stack;
  }

  private view(stack: Stack): PreviewSettingsDto {
    return {
      enabled: stack.previewsEnabled,
      allowForks: stack.previewForks,
      limit: stack.previewLimit,
      ttlSeconds: this.config.previewTtlSeconds,
    };
  }
}
