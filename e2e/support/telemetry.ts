// What the telemetry suites ask again and again: a stack deployed to its end, the sampler's
// counters, a stack's series, the events of a kind.
import { expect } from '@jest/globals';
import { deploymentEnd } from './deployments.js';

type Api = (method: string, route: string, body?: unknown) => Promise<{ status: number; body: any; text: string }>;

export interface ServicePoint {
  at: string;
  cpuPercent: number | null;
  memoryBytes: number;
  containers: number;
}

export interface SamplerServer {
  serverId: string;
  serverName: string;
  samples: number;
  commands: number;
  lastSampleAt: string | null;
  lastError: string | null;
  source: string | null;
  watchedUntil: string | null;
}

/** Creates the stack, deploys it and waits for the deployment's end; returns both. */
export async function deployStack(api: Api, name: string, configuration: string, timeoutMs = 200_000) {
  const created = await api('POST', '/api/stacks', { name, configuration });
  expect(created.status).toBe(201);
  const res = await api('POST', `/api/stacks/${created.body.id}/deploy`);
  expect(res.status).toBe(202);
  const deployment = await deploymentEnd(api, res.body.deploymentId, timeoutMs);
  return { stackId: created.body.id as string, deployment };
}

export async function sampler(api: Api): Promise<{ intervalSeconds: number; liveIntervalSeconds: number; servers: SamplerServer[] }> {
  const res = await api('GET', '/api/metrics/sampler');
  if (res.status !== 200) throw new Error(`GET /api/metrics/sampler: ${res.status} ${res.text}`);
  return res.body;
}

export async function stackMetrics(api: Api, stackId: string, query = 'range=1h') {
  const res = await api('GET', `/api/metrics/stacks/${stackId}?${query}`);
  if (res.status !== 200) throw new Error(`GET /api/metrics/stacks/${stackId}: ${res.status} ${res.text}`);
  return res.body as {
    range: string;
    resolutionSeconds: number;
    stack: { id: string; name: string };
    services: {
      name: string;
      fullName: string;
      points: ServicePoint[];
      nodes: { serverId: string; serverName: string; points: ServicePoint[] }[];
    }[];
  };
}

export async function events(api: Api, query: string): Promise<any[]> {
  const res = await api('GET', `/api/events?${query}`);
  if (res.status !== 200) throw new Error(`GET /api/events?${query}: ${res.status} ${res.text}`);
  return res.body.events;
}

export const MB = 1024 * 1024;
