import { api } from '#lib/api/client.ts';
import { outcome, type Outcome } from '#lib/api/call.ts';
import type { MetricsRange, SamplerInfo, ServersMetrics, StackDomains, StackMetrics } from '#lib/metrics/metrics.types.ts';

// The telemetry routes are built alongside this dashboard; until they are in schema.d.ts the
// client is called with plain paths and the contract's hand-written shapes.
type Init = { params?: { path?: Record<string, string>; query?: Record<string, string> } };
type Call = (path: string, init?: Init) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const get = api.GET as unknown as Call;
const post = api.POST as unknown as Call;

const query = (range: MetricsRange, live: boolean): { query: Record<string, string> } => ({
  query: live ? { range, live: '1' } : { range },
});

export function getStackMetrics(id: string, range: MetricsRange, live: boolean): Promise<Outcome<StackMetrics>> {
  return outcome(get('/api/metrics/stacks/{id}', { params: { path: { id }, ...query(range, live) } })) as Promise<Outcome<StackMetrics>>;
}

export function getServersMetrics(range: MetricsRange, live: boolean): Promise<Outcome<ServersMetrics>> {
  return outcome(get('/api/metrics/servers', { params: query(range, live) })) as Promise<Outcome<ServersMetrics>>;
}

export function getSampler(): Promise<Outcome<SamplerInfo>> {
  return outcome(get('/api/metrics/sampler')) as Promise<Outcome<SamplerInfo>>;
}

export function getStackDomains(id: string): Promise<Outcome<StackDomains>> {
  return outcome(get('/api/stacks/{id}/domains', { params: { path: { id } } })) as Promise<Outcome<StackDomains>>;
}

export function checkStackDomains(id: string): Promise<Outcome<StackDomains>> {
  return outcome(post('/api/stacks/{id}/domains/check', { params: { path: { id } } })) as Promise<Outcome<StackDomains>>;
}
