/**
 * The shapes of GET /api/metrics/... and GET /api/stacks/:id/domains, as the telemetry
 * contract gives them. Hand-written until the server routes are in schema.d.ts.
 */
export type MetricsRange = '1h' | '24h' | '7d';

export interface ServerPoint {
  at: string;
  /** share of all the server's cores, 0..100 */
  cpuPercent: number | null;
  cpuCount: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  load1: number;
  diskFreeBytes: number;
  diskTotalBytes: number;
}

export interface ServerSeries {
  id: string;
  name: string;
  latest: ServerPoint | null;
  points: ServerPoint[];
}

export interface ServersMetrics {
  range: MetricsRange;
  resolutionSeconds: number;
  servers: ServerSeries[];
}

export interface ServicePoint {
  at: string;
  /** percent of one core, as docker stats counts it (two busy cores: 200) */
  cpuPercent: number | null;
  memoryBytes: number;
  containers: number;
}

export interface ServiceNodeSeries {
  serverId: string;
  serverName: string;
  points: ServicePoint[];
}

export interface ServiceSeries {
  name: string;
  fullName: string;
  /** summed across the servers per time bucket */
  points: ServicePoint[];
  nodes: ServiceNodeSeries[];
}

export interface StackMetrics {
  range: MetricsRange;
  resolutionSeconds: number;
  stack: { id: string; name: string };
  services: ServiceSeries[];
}

export interface SamplerInfo {
  intervalSeconds: number;
  liveIntervalSeconds: number;
}

export type HealthState = 'healthy' | 'unhealthy' | 'starting' | 'crash_loop';

/** StackServiceDto.health */
export interface ServiceHealthInfo {
  state: HealthState | null;
  message: string | null;
  output: string | null;
  restarts: number;
  lastExitCode: number | null;
  since: string | null;
}

export type DnsStatus = 'ok' | 'elsewhere' | 'unresolved' | 'unknown';
export type CertificateStatus = 'unknown' | 'ok' | 'dns' | 'challenge' | 'rate_limited' | 'account' | 'error';

export interface DomainShield {
  domain: string;
  service: string;
  dns: { status: DnsStatus; addresses: string[]; nodes: string[]; checkedAt: string | null; message: string | null };
  certificate: { status: CertificateStatus; message: string | null; retryAfter: string | null; seenAt: string | null };
}

export interface StackDomains {
  domains: DomainShield[];
}
