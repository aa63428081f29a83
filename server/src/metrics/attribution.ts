import type { NodeSample } from './metrics.types.js';

/** One service's containers on one server in one sample: what a ServiceMetric row holds. */
export interface ServiceFigures {
  stackName: string;
  serviceName: string;
  cpuPercent: number;
  memoryBytes: number;
  containers: number;
}

/**
 * Sums a server's containers per Swarm service, by the labels Swarm puts on every task's
 * container. Containers Swarm did not start (no stack or service label) belong to no service
 * and are left out. A service whose containers are all on their first sample has no CPU figure
 * yet, so it gets no row (a 0 would be a lie); a new replica beside known ones adds its memory
 * and count at once and its CPU from its second sample on.
 */
export function attribute(sample: NodeSample): ServiceFigures[] {
  const byService = new Map<string, ServiceFigures & { cpuKnown: boolean }>();
  for (const c of sample.containers) {
    if (!c.stackName || !c.serviceName) continue;
    const key = `${c.stackName}\n${c.serviceName}`;
    let row = byService.get(key);
    if (!row) {
      row = { stackName: c.stackName, serviceName: c.serviceName, cpuPercent: 0, memoryBytes: 0, containers: 0, cpuKnown: false };
      byService.set(key, row);
    }
    row.containers += 1;
    row.memoryBytes += c.memoryBytes;
    if (c.cpuPercent !== null) {
      row.cpuPercent += c.cpuPercent;
      row.cpuKnown = true;
    }
  }
  return [...byService.values()].filter((r) => r.cpuKnown).map(({ cpuKnown: _, ...row }) => row);
}
