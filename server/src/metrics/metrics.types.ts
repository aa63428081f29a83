/** One container as one sampling command on its server saw it. */
export interface ContainerSample {
  id: string;
  /** Swarm's labels; null for a container Swarm did not start */
  stackName: string | null;
  /** full service name (stack_service) */
  serviceName: string | null;
  taskName: string | null;
  /** percent of one core since the previous sample of this container (null on its first sample) */
  cpuPercent: number | null;
  /** working set: usage minus inactive file cache, as docker stats counts it */
  memoryBytes: number;
  /** from the container's own healthcheck; null when it has none */
  health: 'starting' | 'healthy' | 'unhealthy' | null;
  /** the last health-check output (trimmed, at most ~1000 characters), when there is a healthcheck */
  healthOutput: string | null;
  healthExitCode: number | null;
  /** where the figures came from: cgroup v2, v1, or docker stats when the cgroup files cannot be read */
  source: 'cgroup2' | 'cgroup1' | 'docker-stats';
}

/** One server at one moment: what one SSH command per interval brings back. */
export interface NodeSample {
  serverId: string;
  serverName: string;
  at: Date;
  /** share of all cores 0..100 since the previous sample (null on the first) */
  cpuPercent: number | null;
  cpuCount: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  load1: number;
  dockerRootDir: string;
  diskFreeBytes: number;
  diskTotalBytes: number;
  containers: ContainerSample[];
}

/**
 * The newest sample of every server, kept in memory by the sampler. Watchers (disk low,
 * unhealthy services) read it instead of asking the servers again.
 */
export abstract class LatestSamples {
  abstract latest(serverId: string): NodeSample | undefined;
  abstract all(): NodeSample[];
  /** Called after every server's sample is taken; returns an unsubscribe function. */
  abstract onSample(listener: (sample: NodeSample) => void): () => void;
}
