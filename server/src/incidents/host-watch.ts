import type { NodeSample } from '../metrics/metrics.types.js';
import type { Book } from './service-watch.js';

/** Back above the limit by this much before "disk ok": a disk hovering at the limit is one incident. */
export const DISK_OK_FACTOR = 1.1;

export function gigabytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return `${gb >= 10 ? gb.toFixed(0) : gb.toFixed(1)} GB`;
}

/** Free space where Docker keeps its data, per server, from the sampler's latest samples. */
export async function watchDisks(book: Book, samples: NodeSample[], lowBytes: number): Promise<void> {
  for (const s of samples) {
    if (!(s.diskTotalBytes > 0)) continue; // the sample could not read the disk
    const where = s.dockerRootDir || 'the Docker data folder';
    const details = { freeBytes: s.diskFreeBytes, totalBytes: s.diskTotalBytes, lowBytes, dockerRootDir: s.dockerRootDir };
    const names = { serverId: s.serverId, serverName: s.serverName };
    if (s.diskFreeBytes < lowBytes) {
      await book.openIncident('disk.low', s.serverId, {
        ...names,
        message: `Disk low on ${s.serverName}: ${gigabytes(s.diskFreeBytes)} free in ${where}, below ${gigabytes(lowBytes)}`,
        details,
      });
    } else if (s.diskFreeBytes > lowBytes * DISK_OK_FACTOR) {
      await book.resolveIncident('disk.ok', s.serverId, {
        ...names,
        message: `Disk space on ${s.serverName} is fine again: ${gigabytes(s.diskFreeBytes)} free in ${where}`,
        details,
      });
    }
  }
}

export interface ClusterLook {
  clusterId: string;
  /** managers Mission Control knows (none yet: nothing to be unreachable) */
  managers: { name: string; status: string }[];
  /** the last look at the Swarm got an answer from a manager */
  answered: boolean;
  error: string | null;
}

/** No manager answers: the whole cluster is out of reach, whatever its services do. */
export async function watchCluster(book: Book, look: ClusterLook): Promise<void> {
  if (look.managers.length === 0) return;
  if (look.answered) {
    await book.resolveIncident('cluster.back', look.clusterId, { message: 'A manager answers again: the cluster is reachable' });
    return;
  }
  // a docker command failing on a manager that answers is not an unreachable cluster
  if (look.managers.some((m) => m.status === 'ready')) return;
  await book.openIncident('cluster.unreachable', look.clusterId, {
    message: `No manager of the cluster answers (${look.managers.map((m) => m.name).join(', ')})`,
    details: { managers: look.managers.map((m) => m.name), ...(look.error && { reason: look.error }) },
  });
}
