import type { ContainerSample } from './metrics.types.js';

/** Cumulative CPU jiffies of the whole host (/proc/stat's first line). */
export interface HostCpuCounters {
  busy: number;
  total: number;
}

/** One container as the script printed it: counters, not yet rates. */
export interface ParsedContainer extends Omit<ContainerSample, 'cpuPercent'> {
  /** cumulative CPU time in nanoseconds (cgroup v1 and v2) */
  cpuNanoseconds: number | null;
  /** docker stats already gives a rate: percent of one core */
  cpuPercent: number | null;
}

/** What one run of the sampling script said, every figure checked. */
export interface ParsedSample {
  /** false when the output is not the script's (no `@otn` line): nothing in it can be trusted */
  recognised: boolean;
  /** true when the script reached its end (`@end`), so the container list is whole */
  complete: boolean;
  cpu: HostCpuCounters | null;
  uptimeSeconds: number | null;
  cpuCount: number;
  memoryTotalBytes: number;
  memoryUsedBytes: number;
  load1: number;
  dockerRootDir: string;
  diskFreeBytes: number;
  diskTotalBytes: number;
  containers: ParsedContainer[];
  /** what docker said when it refused or failed (sudo, the socket, a daemon that is down) */
  dockerErrors: string[];
}

const HEALTH_OUTPUT_MAX = 1000;
const ERRORS_KEPT = 5;

const nonNegative = (text: string | undefined): number | null => {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

interface InspectLine {
  name?: unknown;
  labels?: Record<string, unknown> | null;
  state?: { Health?: { Status?: unknown; Log?: { ExitCode?: unknown; Output?: unknown }[] } | null } | null;
}

const labelOf = (labels: InspectLine['labels'], key: string): string | null => {
  const value = labels && typeof labels === 'object' ? labels[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
};

function healthOf(state: InspectLine['state']): Pick<ContainerSample, 'health' | 'healthOutput' | 'healthExitCode'> {
  const health = state?.Health;
  const status = health?.Status;
  if (status !== 'starting' && status !== 'healthy' && status !== 'unhealthy')
    return { health: null, healthOutput: null, healthExitCode: null };
  const log = Array.isArray(health?.Log) ? health.Log : [];
  const last = log.at(-1);
  const output = typeof last?.Output === 'string' ? last.Output.trim().slice(0, HEALTH_OUTPUT_MAX) : null;
  const exitCode = typeof last?.ExitCode === 'number' && Number.isInteger(last.ExitCode) ? last.ExitCode : null;
  return { health: status, healthOutput: output, healthExitCode: exitCode };
}

/** `@c <id> <pid> <json>`: the container's names and health; null when the line is damaged. */
function parseInspect(
  rest: string,
): { id: string; info: Omit<ParsedContainer, 'id' | 'source' | 'cpuNanoseconds' | 'cpuPercent' | 'memoryBytes'> } | null {
  const m = /^([0-9a-f]{12,64}) -?\d+ (\{.*\})$/.exec(rest);
  if (!m) return null;
  let parsed: InspectLine;
  try {
    parsed = JSON.parse(m[2]) as InspectLine;
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  return {
    id: m[1],
    info: {
      stackName: labelOf(parsed.labels, 'com.docker.stack.namespace'),
      serviceName: labelOf(parsed.labels, 'com.docker.swarm.service.name'),
      taskName: labelOf(parsed.labels, 'com.docker.swarm.task.name'),
      ...healthOf(parsed.state),
    },
  };
}

type Figures = Pick<ParsedContainer, 'source' | 'cpuNanoseconds' | 'cpuPercent' | 'memoryBytes'>;

/** `@cg <id> cgroup1 <usage ns> <usage bytes> <inactive file>` or `cgroup2 <usage µs> ...`, or `none`. */
function parseCgroup(rest: string): { id: string; figures: Figures | null } | null {
  const [id, kind, cpu, memory, inactive, ...extra] = rest.split(' ');
  if (!id || !/^[0-9a-f]{12,64}$/.test(id)) return null;
  if (kind === 'none' || extra.length > 0) return { id, figures: null };
  const c = nonNegative(cpu);
  const mem = nonNegative(memory);
  const ina = nonNegative(inactive);
  if ((kind !== 'cgroup1' && kind !== 'cgroup2') || c === null || mem === null || ina === null) return { id, figures: null };
  // working set, as docker stats counts it: page cache that could be dropped is not "used"
  const memoryBytes = Math.max(0, mem - ina);
  return {
    id,
    figures: { source: kind, cpuNanoseconds: kind === 'cgroup1' ? c : c * 1000, cpuPercent: null, memoryBytes },
  };
}

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** docker's human sizes: `332KiB`, `1.5GiB`, `12.3MB`, `0B`; null for `--` or anything else. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  const unit = m && UNITS[m[2].toLowerCase()];
  return m && unit ? Number(m[1]) * unit : null;
}

/** `@stats {"ID":"6845b53f21d7","CPUPerc":"25.59%","MemUsage":"332KiB / 23.54GiB",...}` */
function parseStats(rest: string): { id: string; figures: Figures } | null {
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(rest) as Record<string, unknown>;
  } catch {
    return null;
  }
  const id = typeof row?.ID === 'string' ? row.ID : null;
  const cpu = typeof row.CPUPerc === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(row.CPUPerc.trim()) : null;
  const memory = typeof row.MemUsage === 'string' ? parseSize(row.MemUsage.split('/')[0]) : null;
  if (!id || !/^[0-9a-f]{12,64}$/.test(id) || !cpu || memory === null) return null;
  return { id, figures: { source: 'docker-stats', cpuNanoseconds: null, cpuPercent: Number(cpu[1]), memoryBytes: memory } };
}

/** /proc/stat's `cpu  user nice system idle iowait irq softirq steal guest guest_nice` */
function parseCpuLine(rest: string): HostCpuCounters | null {
  const fields = rest.trim().split(/\s+/);
  if (fields[0] !== 'cpu') return null;
  const n = fields.slice(1, 9).map((f) => nonNegative(f));
  if (n.length < 4 || n.some((v) => v === null)) return null;
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = n as number[];
  // guest time is already inside user time, so the total stops at steal
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: total - idle - iowait, total };
}

/** `df -Pk` data line: `<fs> <1024-blocks> <used> <available> <capacity>% <mount>` (the fs name may hold spaces). */
function parseDf(rest: string): { total: number; free: number } | null {
  const m = /\s(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s+\S.*$/.exec(rest);
  return m ? { total: Number(m[1]) * 1024, free: Number(m[3]) * 1024 } : null;
}

/** Harmless: a container that stopped between `docker ps` and `docker inspect`. */
const GONE = /No such (object|container)/i;

/**
 * Reads the sampling script's output. Total: it never throws, and a damaged line costs only
 * what it describes (one container, one figure), never the sample.
 */
export function parseSample(text: string): ParsedSample {
  const sample: ParsedSample = {
    recognised: false,
    complete: false,
    cpu: null,
    uptimeSeconds: null,
    cpuCount: 0,
    memoryTotalBytes: 0,
    memoryUsedBytes: 0,
    load1: 0,
    dockerRootDir: '',
    diskFreeBytes: 0,
    diskTotalBytes: 0,
    containers: [],
    dockerErrors: [],
  };
  let memAvailable: number | null = null;
  const inspected = new Map<string, ParsedContainer>();
  const cgroups = new Map<string, Figures | null>();
  const stats: { id: string; figures: Figures }[] = [];

  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    const tag = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1).replace(/\r$/, '');
    switch (tag) {
      case '@otn':
        sample.recognised = true;
        break;
      case '@end':
        sample.complete = true;
        break;
      case '@stat':
        sample.cpu = parseCpuLine(rest) ?? sample.cpu;
        break;
      case '@uptime':
        sample.uptimeSeconds = nonNegative(rest.split(' ')[0]) ?? sample.uptimeSeconds;
        break;
      case '@mem': {
        const [key, kb] = rest.split(' ');
        const bytes = nonNegative(kb);
        if (bytes === null) break;
        if (key === 'MemTotal:') sample.memoryTotalBytes = bytes * 1024;
        if (key === 'MemAvailable:') memAvailable = bytes * 1024;
        break;
      }
      case '@load':
        sample.load1 = nonNegative(rest.split(' ')[0]) ?? sample.load1;
        break;
      case '@nproc': {
        const n = nonNegative(rest.trim());
        if (n !== null && Number.isInteger(n) && n > 0) sample.cpuCount = n;
        break;
      }
      case '@root':
        if (rest.startsWith('/')) sample.dockerRootDir = rest.trim();
        break;
      case '@df': {
        const df = parseDf(rest);
        if (df) [sample.diskTotalBytes, sample.diskFreeBytes] = [df.total, df.free];
        break;
      }
      case '@docker-error':
        if (rest.trim() && !GONE.test(rest) && sample.dockerErrors.length < ERRORS_KEPT) sample.dockerErrors.push(rest.trim());
        break;
      case '@c': {
        const c = parseInspect(rest);
        if (c) inspected.set(c.id, { id: c.id, ...c.info, source: 'cgroup1', cpuNanoseconds: null, cpuPercent: null, memoryBytes: 0 });
        break;
      }
      case '@cg': {
        const cg = parseCgroup(rest);
        if (cg) cgroups.set(cg.id, cg.figures);
        break;
      }
      case '@stats': {
        const s = parseStats(rest);
        if (s) stats.push(s);
        break;
      }
    }
  }
  if (memAvailable !== null && sample.memoryTotalBytes > 0) sample.memoryUsedBytes = Math.max(0, sample.memoryTotalBytes - memAvailable);

  for (const container of inspected.values()) {
    // docker stats names containers by the short id
    const figures = cgroups.get(container.id) ?? stats.find((s) => container.id.startsWith(s.id))?.figures;
    if (figures) sample.containers.push({ ...container, ...figures });
  }
  return sample;
}
