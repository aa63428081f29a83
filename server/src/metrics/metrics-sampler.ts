import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Server } from '../generated/prisma/client.js';
import { lastLines, ServerShell } from '../servers/server-shell.js';
import { attribute } from './attribution.js';
import { CpuRates } from './cpu-rates.js';
import { MetricsStore } from './metrics.store.js';
import { LatestSamples, type ContainerSample, type NodeSample } from './metrics.types.js';
import { parseSample } from './sample-parser.js';
import { sampleCommand } from './sample-script.js';

/** Statuses whose servers are sampled: an unreachable one too, so its figures return with it. */
const SAMPLED_STATUSES = new Set(['ready', 'unreachable']);
/** The script's own limit on the server (ServerShell adds coreutils' timeout). */
export const SAMPLE_TIMEOUT_MS = 20_000;

export type SampleSource = ContainerSample['source'];

/** What the sampler knows of one server between samples: a few numbers, the counters, the newest sample. */
interface ServerState {
  name: string;
  rates: CpuRates;
  samples: number;
  commands: number;
  lastStartedAt: number;
  lastSampleAt: Date | null;
  lastError: string | null;
  source: SampleSource | null;
  latest?: NodeSample;
}

export interface SamplerServerStatus {
  serverId: string;
  serverName: string;
  samples: number;
  commands: number;
  lastSampleAt: Date | null;
  lastError: string | null;
  source: SampleSource | null;
  watchedUntil: Date | null;
}

/** The source most containers were read from (ties: cgroup figures before docker stats). */
function mainSource(containers: ContainerSample[]): SampleSource | null {
  const counts = new Map<SampleSource, number>();
  for (const c of containers) counts.set(c.source, (counts.get(c.source) ?? 0) + 1);
  let best: SampleSource | null = null;
  for (const source of ['cgroup2', 'cgroup1', 'docker-stats'] as const)
    if ((counts.get(source) ?? 0) > (best ? (counts.get(best) ?? 0) : 0)) best = source;
  return best;
}

/**
 * Samples every server with ONE command per interval (a shown server more often), turns
 * counters into rates, stores the sample and keeps the newest in memory for the watchers.
 * State is per server and bounded: servers that are gone are dropped at the next tick.
 */
@Injectable()
export class MetricsSampler extends LatestSamples {
  private readonly logger = new Logger('metrics');
  private readonly servers = new Map<string, ServerState>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** server id -> until when a page shows it (ms); entries go when they expire or the server does */
  private readonly watched = new Map<string, number>();
  private readonly listeners = new Set<(sample: NodeSample) => void>();

  constructor(
    private readonly shell: ServerShell,
    private readonly store: MetricsStore,
    private readonly config: AppConfig,
  ) {
    super();
  }

  latest(serverId: string): NodeSample | undefined {
    return this.servers.get(serverId)?.latest;
  }

  all(): NodeSample[] {
    return [...this.servers.values()].flatMap((s) => (s.latest ? [s.latest] : []));
  }

  onSample(listener: (sample: NodeSample) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** A dashboard shows these servers: sample them every live interval for a while. */
  watch(serverIds: string[], now = Date.now()): void {
    const until = now + Math.max(15, 3 * this.config.metricsLiveIntervalSeconds) * 1000;
    for (const id of serverIds) this.watched.set(id, Math.max(this.watched.get(id) ?? 0, until));
  }

  /** Every given server, with what the sampler did there (zeros for one it has not sampled yet). */
  status(servers: Pick<Server, 'id' | 'name'>[], now = Date.now()): SamplerServerStatus[] {
    return servers.map(({ id, name }) => {
      const s = this.servers.get(id);
      const until = this.watched.get(id) ?? 0;
      return {
        serverId: id,
        serverName: name,
        samples: s?.samples ?? 0,
        commands: s?.commands ?? 0,
        lastSampleAt: s?.lastSampleAt ?? null,
        lastError: s?.lastError ?? null,
        source: s?.source ?? null,
        watchedUntil: until > now ? new Date(until) : null,
      };
    });
  }

  /**
   * One tick: starts a sample of every server that is due and not still being sampled, and
   * resolves when those samples are done. Servers are sampled side by side (one SSH
   * connection each), so one slow server delays no other.
   */
  async tick(now = Date.now()): Promise<void> {
    const servers = await this.store.servers();
    this.forgetRemoved(servers, now);
    const started: Promise<void>[] = [];
    for (const server of servers) {
      const state = this.stateOf(server);
      if (!SAMPLED_STATUSES.has(server.status) || this.inFlight.has(server.id) || !this.isDue(server.id, state, now)) continue;
      state.lastStartedAt = now;
      const run = this.sample(server, state).finally(() => this.inFlight.delete(server.id));
      this.inFlight.set(server.id, run);
      started.push(run);
    }
    await Promise.all(started);
  }

  /** Ticks come at the shorter of the two intervals: each one samples only the servers that are due. */
  get tickSeconds(): number {
    return Math.min(this.config.metricsIntervalSeconds, this.config.metricsLiveIntervalSeconds);
  }

  private isDue(id: string, state: ServerState, now: number): boolean {
    const every = ((this.watched.get(id) ?? 0) > now ? this.config.metricsLiveIntervalSeconds : this.config.metricsIntervalSeconds) * 1000;
    // ticks come with a little jitter: half a tick early is slack, not a missed turn
    return now - state.lastStartedAt >= every - (this.tickSeconds * 1000) / 2;
  }

  private stateOf(server: Server): ServerState {
    let state = this.servers.get(server.id);
    if (!state) {
      state = {
        name: server.name,
        rates: new CpuRates(),
        samples: 0,
        commands: 0,
        lastStartedAt: 0,
        lastSampleAt: null,
        lastError: null,
        source: null,
      };
      this.servers.set(server.id, state);
    }
    state.name = server.name;
    return state;
  }

  private forgetRemoved(servers: Server[], now: number): void {
    const ids = new Set(servers.map((s) => s.id));
    for (const id of this.servers.keys()) if (!ids.has(id)) this.servers.delete(id);
    for (const [id, until] of this.watched) if (!ids.has(id) || until <= now) this.watched.delete(id);
  }

  private async sample(server: Server, state: ServerState): Promise<void> {
    state.commands += 1;
    let stdout: string;
    let problem: string | null = null;
    try {
      const result = await this.shell.run(server, sampleCommand(this.shell.needsSudo(server)), {
        timeoutMs: SAMPLE_TIMEOUT_MS,
        idempotent: true,
      });
      stdout = result.stdout;
      if (result.code !== 0) problem = `the sampling command exited with ${result.code}: ${lastLines(result.stderr, 2) || 'no output'}`;
    } catch (err) {
      state.lastError = (err as Error).message;
      return;
    }
    const parsed = parseSample(stdout);
    if (!parsed.recognised || !parsed.cpu) {
      state.lastError = problem ?? 'the sampling command printed nothing that could be read';
      return;
    }
    const at = new Date();
    const rates = state.rates.apply(parsed);
    const sample: NodeSample = {
      serverId: server.id,
      serverName: server.name,
      at,
      cpuPercent: rates.cpuPercent,
      cpuCount: parsed.cpuCount,
      memoryUsedBytes: parsed.memoryUsedBytes,
      memoryTotalBytes: parsed.memoryTotalBytes,
      load1: parsed.load1,
      dockerRootDir: parsed.dockerRootDir,
      diskFreeBytes: parsed.diskFreeBytes,
      diskTotalBytes: parsed.diskTotalBytes,
      containers: rates.containers,
    };
    state.latest = sample;
    state.samples += 1;
    state.lastSampleAt = at;
    state.source = mainSource(sample.containers);
    state.lastError = problem ?? (parsed.dockerErrors.length ? `docker: ${parsed.dockerErrors.join('; ')}` : null);
    try {
      await this.store.insertSample(
        // the host's first sample has no CPU figure yet: no row rather than a false 0
        sample.cpuPercent === null
          ? null
          : {
              serverId: server.id,
              resolution: 0,
              at,
              cpuPercent: sample.cpuPercent,
              cpuCount: sample.cpuCount,
              memoryUsedBytes: sample.memoryUsedBytes,
              memoryTotalBytes: sample.memoryTotalBytes,
              load1: sample.load1,
              diskFreeBytes: sample.diskFreeBytes,
              diskTotalBytes: sample.diskTotalBytes,
            },
        attribute(sample).map((row) => ({ ...row, serverId: server.id, resolution: 0, at })),
      );
    } catch (err) {
      this.logger.warn({ err, serverId: server.id }, 'storing a metrics sample failed');
    }
    for (const listener of this.listeners) {
      try {
        listener(sample);
      } catch (err) {
        this.logger.warn({ err }, 'a metrics listener failed');
      }
    }
  }
}
