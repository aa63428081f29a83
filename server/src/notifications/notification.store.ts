import { Injectable } from '@nestjs/common';
import type { NotificationChannel, NotificationDelivery, Prisma } from '../generated/prisma/client.js';
import { PrismaService } from '../database/prisma.service.js';
import { toEventView } from '../events/events.service.js';
import type { EventView } from '../events/event.types.js';

export type ChannelRow = NotificationChannel;
export type DeliveryRow = NotificationDelivery;

/** The notification tables, and the few reads of events and stacks the channels need. */
@Injectable()
export class NotificationStore {
  constructor(private readonly prisma: PrismaService) {}

  channels(where: Prisma.NotificationChannelWhereInput = {}): Promise<ChannelRow[]> {
    return this.prisma.notificationChannel.findMany({ where, orderBy: { name: 'asc' } });
  }

  channel(id: string): Promise<ChannelRow | null> {
    return this.prisma.notificationChannel.findUnique({ where: { id } });
  }

  channelNamed(name: string): Promise<ChannelRow | null> {
    return this.prisma.notificationChannel.findUnique({ where: { name } });
  }

  createChannel(data: Prisma.NotificationChannelUncheckedCreateInput): Promise<ChannelRow> {
    return this.prisma.notificationChannel.create({ data });
  }

  updateChannel(id: string, data: Prisma.NotificationChannelUncheckedUpdateInput): Promise<ChannelRow> {
    return this.prisma.notificationChannel.update({ where: { id }, data });
  }

  async deleteChannel(id: string): Promise<void> {
    await this.prisma.notificationChannel.delete({ where: { id } });
  }

  createDelivery(data: Prisma.NotificationDeliveryUncheckedCreateInput): Promise<DeliveryRow> {
    return this.prisma.notificationDelivery.create({ data });
  }

  updateDelivery(id: string, data: Prisma.NotificationDeliveryUncheckedUpdateInput): Promise<DeliveryRow> {
    return this.prisma.notificationDelivery.update({ where: { id }, data });
  }

  delivery(id: string): Promise<DeliveryRow | null> {
    return this.prisma.notificationDelivery.findUnique({ where: { id } });
  }

  /** Pending rows whose time has come, oldest first (pending rows left by a restart included). */
  due(now: Date, limit: number): Promise<DeliveryRow[]> {
    return this.prisma.notificationDelivery.findMany({
      // a test is attempted once, by the request that asked for it
      where: { status: 'pending', kind: { not: 'test' }, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
      orderBy: { createdAt: 'asc' },
      take: limit,
    });
  }

  /** A test still pending at start was cut off by a restart; nobody waits for it any more. */
  async failUnfinishedTests(): Promise<number> {
    const { count } = await this.prisma.notificationDelivery.updateMany({
      where: { kind: 'test', status: 'pending' },
      data: { status: 'failed', lastError: 'Mission Control restarted before the test was sent: send it again' },
    });
    return count;
  }

  deliveries(channelId: string, limit: number): Promise<DeliveryRow[]> {
    return this.prisma.notificationDelivery.findMany({
      where: { channelId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
    });
  }

  async lastDeliveries(channelIds: string[]): Promise<Map<string, DeliveryRow>> {
    const rows = await Promise.all(
      channelIds.map((channelId) =>
        this.prisma.notificationDelivery.findFirst({ where: { channelId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      ),
    );
    return new Map(rows.filter((r): r is DeliveryRow => r !== null).map((r) => [r.channelId, r]));
  }

  /** Incident notifications of the last quiet period, to rebuild what the gate held after a restart. */
  incidentDeliveriesSince(since: Date): Promise<DeliveryRow[]> {
    return this.prisma.notificationDelivery.findMany({
      where: {
        kind: { in: ['incident', 'resolved', 'summary'] },
        OR: [{ createdAt: { gte: since } }, { status: 'pending', kind: 'summary' }],
      },
      orderBy: { createdAt: 'asc' },
    });
  }

  async events(ids: string[]): Promise<EventView[]> {
    const rows = await this.prisma.event.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, toEventView(r)]));
    return ids.map((id) => byId.get(id)).filter((e): e is EventView => e !== undefined);
  }

  async existingStackIds(ids: string[]): Promise<Set<string>> {
    const rows = await this.prisma.stack.findMany({ where: { id: { in: ids } }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }
}
