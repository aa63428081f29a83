import { api } from '#lib/api/client.ts';
import { outcome, type Outcome } from '#lib/api/call.ts';
import type { MetricsRange, SamplerInfo, ServersMetrics, StackDomains, StackMetrics } from '#lib/metrics/metrics.types.ts';

// live=1 tells Mission Control a page shows these series: it samples them every live interval.
const query = (range: MetricsRange, live: boolean) => ({ range, ...(live ? { live: '1' as const } : {}) });

export function getStackMetrics(id: string, range: MetricsRange, live: boolean): Promise<Outcome<StackMetrics>> {
  return outcome(api.GET('/api/metrics/stacks/{id}', { params: { path: { id }, query: query(range, live) } }));
}

export function getServersMetrics(range: MetricsRange, live: boolean): Promise<Outcome<ServersMetrics>> {
  return outcome(api.GET('/api/metrics/servers', { params: { query: query(range, live) } }));
}

export function getSampler(): Promise<Outcome<SamplerInfo>> {
  return outcome(api.GET('/api/metrics/sampler'));
}

export function getStackDomains(id: string): Promise<Outcome<StackDomains>> {
  return outcome(api.GET('/api/stacks/{id}/domains', { params: { path: { id } } }));
}

export function checkStackDomains(id: string): Promise<Outcome<StackDomains>> {
  return outcome(api.POST('/api/stacks/{id}/domains/check', { params: { path: { id } } }));
}
