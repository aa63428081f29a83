import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { PullRequestEvent } from '../deliveries/delivery.types.js';
import { EventsService } from '../events/events.service.js';
import { validateStackName } from '../compose/stack-name.js';
import { previewName } from './decide-preview.js';

/**
 * Until its first deployment a preview's file is this: it declares no domain, so the new row
 * never claims its parent's domains in the clash checks of other stacks.
 */
export const PREVIEW_PLACEHOLDER = 'services: {}\n';

/** Titles are shown, never run; long ones are cut. */
const TITLE_MAX = 200;

export type Claim = { stack: Stack; created: boolean } | { taken: Stack } | { badName: string };

/** The Stack rows of previews: made when a request is admitted, kept up to date with it. */
@Injectable()
export class PreviewStacks {
  constructor(
    private readonly prisma: PrismaService,
    private readonly events: EventsService,
  ) {}

  /**
   * The request's preview row, made on its first admitted event (same cluster, repository, file
   * and build registry as the parent; no auto-deploy, polling or webhook of its own) and given
   * the request's title, branch, head and a fresh time to live on every later one. `taken`: a
   * stack that is not this preview already has the name; `badName`: the name is not a valid stack name.
   */
  async claim(parent: Stack, pr: PullRequestEvent, now: Date): Promise<Claim> {
    const request = {
      previewTitle: pr.title.slice(0, TITLE_MAX),
      previewBranch: pr.headRef.slice(0, 255),
      previewHeadSha: pr.headSha,
      previewFork: pr.fork,
      previewActiveAt: now,
    };
    const existing = await this.prisma.stack.findUnique({
      where: { parentStackId_previewNumber: { parentStackId: parent.id, previewNumber: pr.number } },
    });
    if (existing) return { stack: await this.prisma.stack.update({ where: { id: existing.id }, data: request }), created: false };
    const name = previewName(parent.name, pr.number);
    const problem = validateStackName(name);
    if (problem) return { badName: problem };
    const taken = await this.prisma.stack.findUnique({ where: { name } });
    if (taken) return { taken };
    const stack = await this.prisma.stack.create({
      data: {
        name,
        clusterId: parent.clusterId,
        configuration: PREVIEW_PLACEHOLDER,
        repositoryId: parent.repositoryId,
        composePath: parent.composePath,
        buildRegistryId: parent.buildRegistryId,
        // the manual "Deploy" of a preview deploys the request's head again, from the mirror
        gitRef: pr.fetchRef,
        autoDeploy: false,
        pollIntervalSeconds: 0,
        parentStackId: parent.id,
        previewNumber: pr.number,
        ...request,
      },
    });
    await this.events.tryRecord({
      kind: 'preview.created',
      actor: 'push',
      stackId: stack.id,
      stackName: name,
      message: `Preview ${name} was created for request #${pr.number}${pr.title ? ` (${request.previewTitle})` : ''} of ${parent.name}`,
      details: { parentStackId: parent.id, parent: parent.name, number: pr.number, branch: request.previewBranch, fork: pr.fork },
    });
    return { stack, created: true };
  }

  /** The head about to be deployed: what `{sha}` in the preview's templates renders. */
  atHead(id: string, sha: string): Promise<Stack> {
    return this.prisma.stack.update({ where: { id }, data: { previewHeadSha: sha } });
  }

  byNumber(parentId: string, number: number): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { parentStackId_previewNumber: { parentStackId: parentId, previewNumber: number } } });
  }

  ofParent(parentId: string): Promise<Stack[]> {
    return this.prisma.stack.findMany({ where: { parentStackId: parentId }, orderBy: { previewNumber: 'asc' } });
  }

  /** Previews whose request saw no open, reopen or push since `before`. */
  expired(before: Date): Promise<Stack[]> {
    return this.prisma.stack.findMany({ where: { parentStackId: { not: null }, previewActiveAt: { lt: before } } });
  }
}
