import { Injectable } from '@nestjs/common';
import type { Delivery } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import type { DeliveryDecision, DeliverySource, SignatureVerdict } from './delivery.types.js';

/** Deliveries kept per stack: the newest ones, enough to explain a day of pushes. */
export const DELIVERIES_KEPT = 200;

export interface NewDelivery {
  stackId: string;
  source: DeliverySource;
  event: string | null;
  deliveryId: string | null;
  ref: string | null;
  commitSha: string | null;
  signature: SignatureVerdict;
  decision: DeliveryDecision;
  reason: string;
  /** pull/merge request deliveries: the request's number and what it asks of its preview */
  pullRequest?: number | null;
  action?: string | null;
}

/** Push deliveries (the stack's own deploys) and request deliveries (its previews) are two queues. */
const PUSHES = { pullRequest: null };
const REQUESTS = { pullRequest: { not: null } };

const ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

/** Delivery rows: every webhook and every poll that saw something, with its decision. */
@Injectable()
export class DeliveryStore {
  constructor(private readonly prisma: PrismaService) {}

  record(delivery: NewDelivery): Promise<Delivery> {
    return this.prisma.delivery.create({ data: delivery });
  }

  update(id: string, patch: { decision: DeliveryDecision; reason: string; deploymentId?: string | null }): Promise<Delivery> {
    return this.prisma.delivery.update({ where: { id }, data: patch });
  }

  /** The first time this provider delivery id came with a valid signature (a forged repeat does not count). */
  firstValid(stackId: string, source: DeliverySource, deliveryId: string): Promise<Delivery | null> {
    return this.prisma.delivery.findFirst({ where: { stackId, source, deliveryId, signature: 'valid' }, orderBy: ORDER });
  }

  /** Oldest first; pushes and polls only (request deliveries are the preview job's). */
  withDecision(stackId: string, decision: 'queued' | 'deploying'): Promise<Delivery[]> {
    return this.prisma.delivery.findMany({ where: { stackId, decision, ...PUSHES }, orderBy: ORDER });
  }

  async hasPending(stackId: string): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { stackId, decision: { in: ['queued', 'deploying'] }, ...PUSHES } })) > 0;
  }

  async stacksWithPending(): Promise<string[]> {
    return this.pendingStacks(PUSHES);
  }

  /** Request deliveries of a parent stack, oldest first. */
  requestsWithDecision(stackId: string, decision: 'queued' | 'deploying'): Promise<Delivery[]> {
    return this.prisma.delivery.findMany({ where: { stackId, decision, ...REQUESTS }, orderBy: ORDER });
  }

  async hasPendingRequests(stackId: string): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { stackId, decision: { in: ['queued', 'deploying'] }, ...REQUESTS } })) > 0;
  }

  stacksWithPendingRequests(): Promise<string[]> {
    return this.pendingStacks(REQUESTS);
  }

  /** A teardown of this request's preview is already on its way. */
  async closePending(stackId: string, pullRequest: number): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { stackId, pullRequest, action: 'close', decision: 'queued' } })) > 0;
  }

  /** Request numbers with a deploy still queued: previews about to exist, for the cap. */
  async queuedDeployRequests(stackId: string): Promise<number[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { stackId, decision: { in: ['queued', 'deploying'] }, action: { in: ['open', 'update'] }, ...REQUESTS },
      select: { pullRequest: true },
      distinct: ['pullRequest'],
    });
    return rows.map((r) => r.pullRequest!);
  }

  private async pendingStacks(kind: typeof PUSHES | typeof REQUESTS): Promise<string[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { decision: { in: ['queued', 'deploying'] }, ...kind },
      select: { stackId: true },
      distinct: ['stackId'],
    });
    return rows.map((r) => r.stackId);
  }

  async seen(stackId: string, ref: string, commitSha: string): Promise<boolean> {
    return (await this.prisma.delivery.count({ where: { stackId, ref, commitSha } })) > 0;
  }

  /** Newest first, with the version of the deployment each one started. */
  async list(stackId: string): Promise<(Delivery & { version: number | null })[]> {
    const rows = await this.prisma.delivery.findMany({
      where: { stackId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: DELIVERIES_KEPT,
    });
    const ids = rows.flatMap((r) => (r.deploymentId ? [r.deploymentId] : []));
    const deployments = await this.prisma.deployment.findMany({ where: { id: { in: ids } }, select: { id: true, version: true } });
    const versions = new Map(deployments.map((d) => [d.id, d.version]));
    return rows.map((r) => ({ ...r, version: r.deploymentId ? (versions.get(r.deploymentId) ?? null) : null }));
  }

  /** Keeps the newest DELIVERIES_KEPT of a stack; work still pending is never dropped. */
  async prune(stackId: string): Promise<number> {
    const old = await this.prisma.delivery.findMany({
      where: { stackId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: DELIVERIES_KEPT,
      select: { id: true },
    });
    if (old.length === 0) return 0;
    const { count } = await this.prisma.delivery.deleteMany({
      where: { id: { in: old.map((o) => o.id) }, decision: { notIn: ['queued', 'deploying'] } },
    });
    return count;
  }
}
