import type { ContainerSample } from './metrics.types.js';
import type { HostCpuCounters, ParsedContainer, ParsedSample } from './sample-parser.js';

interface ContainerCounter {
  nanoseconds: number;
  uptimeSeconds: number;
  /** samples in a row that did not list the container */
  missed: number;
}

/** A container unseen for this many samples in a row is forgotten: memory stays O(running containers). */
export const FORGET_AFTER_MISSED = 2;

export interface Rates {
  cpuPercent: number | null;
  containers: ContainerSample[];
}

/**
 * Counters of one server between two samples. CPU figures are cumulative, so a percentage
 * needs the previous reading: the first sample of the host or of a container has none (null,
 * never a made-up 0). The clock is the server's /proc/uptime: monotonic, and unaffected by
 * how long the SSH round trip took.
 */
export class CpuRates {
  private host: HostCpuCounters | null = null;
  private readonly containers = new Map<string, ContainerCounter>();

  /** How many containers are remembered (for the memory budget's tests). */
  get remembered(): number {
    return this.containers.size;
  }

  apply(sample: ParsedSample): Rates {
    const cpuPercent = this.hostPercent(sample.cpu);
    const uptime = sample.uptimeSeconds;
    const seen = new Set<string>();
    const containers = sample.containers.map((c) => {
      seen.add(c.id);
      return this.containerRate(c, uptime);
    });
    // an incomplete listing (the script was cut short) says nothing about the containers it left out
    if (sample.complete) {
      for (const [id, counter] of this.containers) {
        if (seen.has(id)) continue;
        if (++counter.missed >= FORGET_AFTER_MISSED) this.containers.delete(id);
      }
    }
    return { cpuPercent, containers };
  }

  private hostPercent(now: HostCpuCounters | null): number | null {
    if (!now) return null;
    const before = this.host;
    this.host = now;
    if (!before) return null;
    const total = now.total - before.total;
    const busy = now.busy - before.busy;
    // counters that went back: the server rebooted between the two samples
    if (total <= 0 || busy < 0) return null;
    return Math.min(100, (busy / total) * 100);
  }

  private containerRate(c: ParsedContainer, uptime: number | null): ContainerSample {
    const { cpuNanoseconds, ...rest } = c;
    if (cpuNanoseconds === null) return rest; // docker stats: already a rate (or none)
    const before = this.containers.get(c.id);
    if (uptime === null) {
      this.containers.delete(c.id);
      return { ...rest, cpuPercent: null };
    }
    this.containers.set(c.id, { nanoseconds: cpuNanoseconds, uptimeSeconds: uptime, missed: 0 });
    if (!before) return { ...rest, cpuPercent: null };
    const seconds = uptime - before.uptimeSeconds;
    const used = cpuNanoseconds - before.nanoseconds;
    if (seconds <= 0 || used < 0) return { ...rest, cpuPercent: null };
    // percent of one core, as docker stats counts it: two busy cores are 200
    return { ...rest, cpuPercent: (used / (seconds * 1e9)) * 100 };
  }
}
