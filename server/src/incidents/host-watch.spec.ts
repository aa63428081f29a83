import { describe, expect, it } from '@jest/globals';
import type { NodeSample } from '../metrics/metrics.types.js';
import { watchCluster, watchDisks } from './host-watch.js';
import { memoryBook } from './testing/memory-book.js';

const GB = 1024 ** 3;
const sample = (freeGb: number): NodeSample => ({
  serverId: 's1',
  serverName: 'otter-1',
  at: new Date(),
  cpuPercent: 1,
  cpuCount: 2,
  memoryUsedBytes: 1,
  memoryTotalBytes: 2,
  load1: 0,
  dockerRootDir: '/var/lib/docker',
  diskFreeBytes: freeGb * GB,
  diskTotalBytes: 100 * GB,
  containers: [],
});

describe('watchDisks', () => {
  it('should open below the limit once and resolve only above 110 % of it', async () => {
    const m = memoryBook();
    for (const free of [6, 4.5, 4, 5.2, 4.9]) await watchDisks(m.book, [sample(free)], 5 * GB);
    expect(m.kinds()).toEqual(['disk.low']);
    expect(m.rows[0]).toMatchObject({
      incidentKey: 'disk.low:s1',
      serverName: 'otter-1',
      message: 'Disk low on otter-1: 4.5 GB free in /var/lib/docker, below 5.0 GB',
    });
    await watchDisks(m.book, [sample(5.6)], 5 * GB);
    await watchDisks(m.restart(), [sample(8)], 5 * GB);
    expect(m.kinds()).toEqual(['disk.low', 'disk.ok']);
  });

  it('should ignore a sample that could not read the disk', async () => {
    const m = memoryBook();
    await watchDisks(m.book, [{ ...sample(0), diskTotalBytes: 0 }], 5 * GB);
    expect(m.kinds()).toEqual([]);
  });
});

describe('watchCluster', () => {
  const managers = (status: string) => [
    { name: 'otter-1', status },
    { name: 'otter-2', status },
  ];

  it('should open when no manager answers, once, and say when one is back', async () => {
    const m = memoryBook();
    await watchCluster(m.book, { clusterId: 'c1', managers: managers('unreachable'), answered: false, error: 'no manager answered' });
    await watchCluster(m.book, { clusterId: 'c1', managers: managers('unreachable'), answered: false, error: 'no manager answered' });
    expect(m.rows).toHaveLength(1);
    expect(m.rows[0]).toMatchObject({
      kind: 'cluster.unreachable',
      incidentKey: 'cluster.unreachable:c1',
      message: 'No manager of the cluster answers (otter-1, otter-2)',
    });
    await watchCluster(m.book, { clusterId: 'c1', managers: managers('ready'), answered: true, error: null });
    await watchCluster(m.book, { clusterId: 'c1', managers: managers('ready'), answered: true, error: null });
    expect(m.kinds()).toEqual(['cluster.unreachable', 'cluster.back']);
  });

  it('should not call a failing command on a manager that answers an unreachable cluster, nor a cluster without managers', async () => {
    const m = memoryBook();
    await watchCluster(m.book, { clusterId: 'c1', managers: managers('ready'), answered: false, error: 'docker service ls failed' });
    await watchCluster(m.book, { clusterId: 'c1', managers: [], answered: false, error: null });
    expect(m.kinds()).toEqual([]);
  });
});
