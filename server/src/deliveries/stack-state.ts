import { Injectable } from '@nestjs/common';
import type { Deployment, Repository, Stack } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';

export type GitStack = Stack & { repository: Repository };

/** What deliveries read and write about stacks and their deployments. */
@Injectable()
export class StackState {
  constructor(private readonly prisma: PrismaService) {}

  byHookId(hookId: string): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { hookId } });
  }

  byId(id: string): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { id } });
  }

  /** The stack with its repository, or null when it no longer deploys from one. */
  async gitStack(id: string): Promise<GitStack | null> {
    const stack = await this.prisma.stack.findUnique({ where: { id }, include: { repository: true } });
    return stack?.repository ? (stack as GitStack) : null;
  }

  /** Stacks polling is on for; the caller decides which are due. */
  async polled(): Promise<GitStack[]> {
    const stacks = await this.prisma.stack.findMany({
      where: { repositoryId: { not: null }, autoDeploy: true, pollIntervalSeconds: { gt: 0 } },
      include: { repository: true },
      orderBy: { name: 'asc' },
    });
    return stacks.filter((s): s is GitStack => s.repository !== null);
  }

  async setHook(id: string, hookId: string, sealedSecret: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.prisma.stack.update({ where: { id }, data: { hookId, hookSecret: sealedSecret } });
  }

  async markSeen(id: string, commit: string): Promise<void> {
    await this.prisma.stack.update({ where: { id }, data: { lastSeenCommit: commit } });
  }

  async markPolled(ids: string[], at: Date): Promise<void> {
    await this.prisma.stack.updateMany({ where: { id: { in: ids } }, data: { lastPolledAt: at } });
  }

  /** The commit of the newest succeeded deployment: what runs now. */
  async deployedCommit(stackId: string): Promise<string | null> {
    const d = await this.prisma.deployment.findFirst({
      where: { stackId, status: 'succeeded', commitSha: { not: null } },
      orderBy: { version: 'desc' },
      select: { commitSha: true },
    });
    return d?.commitSha ?? null;
  }

  /** The newest deployment's commit, succeeded or not (a first poll's baseline). */
  async newestCommit(stackId: string): Promise<string | null> {
    const d = await this.prisma.deployment.findFirst({ where: { stackId }, orderBy: { version: 'desc' }, select: { commitSha: true } });
    return d?.commitSha ?? null;
  }

  async deploymentBusy(stackId: string): Promise<boolean> {
    return (await this.prisma.deployment.count({ where: { stackId, status: { in: ['queued', 'running'] } } })) > 0;
  }

  deployment(id: string): Promise<Deployment | null> {
    return this.prisma.deployment.findUnique({ where: { id } });
  }

  /** A parent stack's preview of one request, if it has one. */
  preview(parentId: string, number: number): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { parentStackId_previewNumber: { parentStackId: parentId, previewNumber: number } } });
  }

  /** The request numbers a parent stack has previews of. */
  async previewNumbers(parentId: string): Promise<number[]> {
    const rows = await this.prisma.stack.findMany({ where: { parentStackId: parentId }, select: { previewNumber: true } });
    return rows.flatMap((r) => (r.previewNumber === null ? [] : [r.previewNumber]));
  }
}
