import type { Schemas } from '#lib/api/client.ts';

/** The shapes of GET /api/metrics/... and GET /api/stacks/:id/domains, from schema.d.ts. */
export type MetricsRange = Schemas['StackMetricsDto']['range'];

export type ServerPoint = Schemas['ServerPointDto'];
export type ServerSeries = Schemas['ServerSeriesDto'];
export type ServersMetrics = Schemas['ServersMetricsDto'];

export type ServicePoint = Schemas['ServicePointDto'];
export type ServiceNodeSeries = Schemas['ServiceNodeSeriesDto'];
export type ServiceSeries = Schemas['ServiceSeriesDto'];
export type StackMetrics = Schemas['StackMetricsDto'];

export type SamplerInfo = Schemas['SamplerDto'];

/** StackServiceDto.health */
export type ServiceHealthInfo = Schemas['ServiceHealthDto'];
export type HealthState = NonNullable<ServiceHealthInfo['state']>;

export type DomainShield = Schemas['StackDomainDto'];
export type StackDomains = Schemas['StackDomainsDto'];
export type DnsStatus = DomainShield['dns']['status'];
export type CertificateStatus = DomainShield['certificate']['status'];
