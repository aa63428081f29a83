import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { notFound } from '../errors/api-error.js';
import type { Server } from '../generated/prisma/client.js';
import { MetricsSampler } from './metrics-sampler.js';
import { MetricsStore } from './metrics.store.js';
import { rangeWindow, serverPoint, serviceSeries, type MetricsRange } from './metric-series.js';
import type { SamplerDto, ServerMetricsDto, ServerSeriesDto, ServersMetricsDto, StackMetricsDto } from './metrics.dto.js';

export interface MetricsRequest {
  range: MetricsRange;
  live: boolean;
}

/** The series the dashboard draws, from the stored points and the sampler's newest samples. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly store: MetricsStore,
    private readonly sampler: MetricsSampler,
    private readonly config: AppConfig,
  ) {}

  private window(range: MetricsRange, now: number) {
    const w = rangeWindow(range, this.config.metricsIntervalSeconds);
    return { ...w, from: new Date(now - w.seconds * 1000) };
  }

  private async serverSeries(servers: Server[], range: MetricsRange, now: number): Promise<ServerSeriesDto[]> {
    const w = this.window(range, now);
    const rows = await this.store.serverRows(
      w.resolution,
      w.from,
      undefined,
      servers.map((s) => s.id),
    );
    return Promise.all(
      servers.map(async (s) => {
        const newest = this.sampler.latest(s.id) ?? (await this.store.newestServerRow(s.id));
        return {
          id: s.id,
          name: s.name,
          latest: newest ? serverPoint(newest) : null,
          points: rows.filter((r) => r.serverId === s.id).map(serverPoint),
        };
      }),
    );
  }

  async servers(req: MetricsRequest, now = Date.now()): Promise<ServersMetricsDto> {
    const servers = await this.store.servers();
    if (req.live)
      this.sampler.watch(
        servers.map((s) => s.id),
        now,
      );
    return {
      range: req.range,
      resolutionSeconds: this.window(req.range, now).resolutionSeconds,
      servers: await this.serverSeries(servers, req.range, now),
    };
  }

  async server(id: string, req: MetricsRequest, now = Date.now()): Promise<ServerMetricsDto> {
    const server = (await this.store.servers()).find((s) => s.id === id);
    if (!server) throw notFound('server', id);
    if (req.live) this.sampler.watch([id], now);
    const [series] = await this.serverSeries([server], req.range, now);
    return { range: req.range, resolutionSeconds: this.window(req.range, now).resolutionSeconds, server: series };
  }

  async stack(id: string, req: MetricsRequest, now = Date.now()): Promise<StackMetricsDto> {
    const stack = await this.store.stack(id);
    if (!stack) throw notFound('stack', id);
    const servers = await this.store.servers();
    if (req.live) {
      // where its containers ran at the last samples; not known yet: everywhere
      const running = this.sampler.all().filter((s) => s.containers.some((c) => c.stackName === stack.name));
      this.sampler.watch(running.length ? running.map((s) => s.serverId) : servers.map((s) => s.id), now);
    }
    const w = this.window(req.range, now);
    const rows = await this.store.serviceRows(w.resolution, w.from, undefined, stack.name);
    const names = new Map(servers.map((s) => [s.id, s.name]));
    const byService = new Map<string, typeof rows>();
    for (const r of rows) {
      const list = byService.get(r.serviceName);
      if (list) list.push(r);
      else byService.set(r.serviceName, [r]);
    }
    const prefix = `${stack.name}_`;
    const services = [...byService]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([fullName, list]) => {
        const series = serviceSeries(list, w.resolutionSeconds);
        return {
          name: fullName.startsWith(prefix) ? fullName.slice(prefix.length) : fullName,
          fullName,
          points: series.points,
          nodes: series.nodes.map((n) => ({ ...n, serverName: names.get(n.serverId) ?? n.serverId })),
        };
      });
    return { range: req.range, resolutionSeconds: w.resolutionSeconds, stack: { id: stack.id, name: stack.name }, services };
  }

  async samplerStatus(now = Date.now()): Promise<SamplerDto> {
    return {
      intervalSeconds: this.config.metricsIntervalSeconds,
      liveIntervalSeconds: this.config.metricsLiveIntervalSeconds,
      servers: this.sampler.status(await this.store.servers(), now),
    };
  }
}
