import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import type { Server, ServerMetric, ServiceMetric, Stack } from '../generated/prisma/client.js';

export type ServerMetricRow = Omit<ServerMetric, 'id'>;
export type ServiceMetricRow = Omit<ServiceMetric, 'id'>;
export type MetricTable = 'server' | 'service';

/** The metric tables, and nothing else: no rules here (see downsampler.ts and metrics-reader.ts). */
@Injectable()
export class MetricsStore {
  constructor(private readonly prisma: PrismaService) {}

  /** One sample: the server's row and its services' rows in one transaction. */
  async insertSample(server: ServerMetricRow | null, services: ServiceMetricRow[]): Promise<void> {
    const writes = [];
    if (server) writes.push(this.prisma.serverMetric.create({ data: server }));
    if (services.length) writes.push(this.prisma.serviceMetric.createMany({ data: services }));
    if (writes.length) await this.prisma.$transaction(writes);
  }

  insertPoints(servers: ServerMetricRow[], services: ServiceMetricRow[]): Promise<unknown> {
    return this.prisma.$transaction([
      this.prisma.serverMetric.createMany({ data: servers }),
      this.prisma.serviceMetric.createMany({ data: services }),
    ]);
  }

  serverRows(resolution: number, from: Date, to?: Date, serverIds?: string[]): Promise<ServerMetric[]> {
    return this.prisma.serverMetric.findMany({
      where: { resolution, at: { gte: from, ...(to ? { lt: to } : {}) }, ...(serverIds ? { serverId: { in: serverIds } } : {}) },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
  }

  serviceRows(resolution: number, from: Date, to?: Date, stackName?: string): Promise<ServiceMetric[]> {
    return this.prisma.serviceMetric.findMany({
      where: { resolution, at: { gte: from, ...(to ? { lt: to } : {}) }, ...(stackName !== undefined ? { stackName } : {}) },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
    });
  }

  /** The newest (or oldest) `at` of a resolution, or null when there is none. */
  async edge(table: MetricTable, resolution: number, which: 'newest' | 'oldest'): Promise<Date | null> {
    const args = {
      where: { resolution },
      orderBy: { at: which === 'newest' ? ('desc' as const) : ('asc' as const) },
      select: { at: true },
    };
    const row = table === 'server' ? await this.prisma.serverMetric.findFirst(args) : await this.prisma.serviceMetric.findFirst(args);
    return row?.at ?? null;
  }

  async prune(resolution: number, before: Date): Promise<number> {
    const where = { resolution, at: { lt: before } };
    const [a, b] = await this.prisma.$transaction([
      this.prisma.serverMetric.deleteMany({ where }),
      this.prisma.serviceMetric.deleteMany({ where }),
    ]);
    return a.count + b.count;
  }

  /** Every server, in the order the dashboard lists them. */
  servers(): Promise<Server[]> {
    return this.prisma.server.findMany({ orderBy: [{ position: 'asc' }, { createdAt: 'asc' }] });
  }

  stack(id: string): Promise<Stack | null> {
    return this.prisma.stack.findUnique({ where: { id } });
  }

  newestServerRow(serverId: string): Promise<ServerMetric | null> {
    return this.prisma.serverMetric.findFirst({ where: { serverId, resolution: 0 }, orderBy: { at: 'desc' } });
  }
}
