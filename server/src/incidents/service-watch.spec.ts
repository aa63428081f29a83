import { describe, expect, it } from '@jest/globals';
import type { ContainerSample } from '../metrics/metrics.types.js';
import type { TaskRow } from '../swarm/docker-output.js';
import { ServiceWatch, type WatchedService } from './service-watch.js';
import { memoryBook } from './testing/memory-book.js';

const GRACE = 60_000;
const task = (name: string, id: string, desired: string, current: string, error = ''): TaskRow => ({
  ID: id,
  Name: name,
  Image: 'local/busybox:1',
  Node: 'otter-1',
  DesiredState: desired,
  CurrentState: current,
  Error: error,
  Ports: '',
});
const web = (running: number, desired = 2, tasks: TaskRow[] = [], containers: ContainerSample[] = []): WatchedService => ({
  name: 'web',
  fullName: 'shop_web',
  stackId: 'st1',
  stackName: 'shop',
  running,
  desired,
  tasks,
  containers,
});
const container = (health: ContainerSample['health'], output: string | null = null): ContainerSample => ({
  id: 'c1',
  stackName: 'shop',
  serviceName: 'shop_web',
  taskName: 'shop_web.1.t1',
  cpuPercent: 1,
  memoryBytes: 1,
  health,
  healthOutput: output,
  healthExitCode: health === 'unhealthy' ? 1 : 0,
  source: 'cgroup2',
});

function watch(m = memoryBook(), output: string | null = 'wget: server returned error: HTTP/1.1 500') {
  const asked: string[] = [];
  const w = new ServiceWatch(m.book, async (t) => (asked.push(t.ID), output));
  const look = (now: number, services: WatchedService[], busy: string[] = []) =>
    w.look({ now, graceMs: GRACE, services, busyStacks: new Set(busy) });
  return { m, w, look, asked };
}

describe(ServiceWatch.name, () => {
  describe('degraded', () => {
    it('should wait for the grace period before opening, then open once however many looks follow', async () => {
      const { m, look } = watch();
      await look(0, [web(1)]);
      await look(59_000, [web(1)]);
      expect(m.kinds()).toEqual([]);
      await look(60_000, [web(1)]);
      await look(75_000, [web(1)]);
      await look(90_000, [web(0)]);
      expect(m.kinds()).toEqual(['service.degraded']);
      expect(m.rows[0]).toMatchObject({
        incidentKey: 'service.degraded:shop_web',
        service: 'shop_web',
        stackName: 'shop',
        phase: 'open',
        message: 'Service web of shop is degraded: 1 of 2 replicas run',
        details: { running: 1, desired: 2 },
      });
    });

    it('should not open for a dip shorter than the grace period', async () => {
      const { m, look } = watch();
      await look(0, [web(1)]);
      await look(30_000, [web(2)]);
      await look(70_000, [web(1)]);
      await look(100_000, [web(2)]);
      expect(m.kinds()).toEqual([]);
    });

    it('should recover exactly once and open a new incident only for a new degradation', async () => {
      const { m, look } = watch();
      await look(0, [web(1)]);
      await look(60_000, [web(1)]);
      await look(75_000, [web(2)]);
      await look(90_000, [web(2)]);
      expect(m.kinds()).toEqual(['service.degraded', 'service.recovered']);
      expect(m.rows[1]).toMatchObject({ incidentKey: 'service.degraded:shop_web', phase: 'resolved', details: { running: 2, desired: 2 } });
      await look(100_000, [web(1)]);
      await look(160_000, [web(1)]);
      expect(m.kinds()).toEqual(['service.degraded', 'service.recovered', 'service.degraded']);
    });

    it('should stay quiet while its stack deploys and count the grace period from the end of the deployment', async () => {
      const { m, look } = watch();
      await look(0, [web(0)], ['st1']);
      await look(120_000, [web(0)], ['st1']);
      await look(130_000, [web(0)]);
      expect(m.kinds()).toEqual([]);
      await look(180_000, [web(0)]);
      expect(m.kinds()).toEqual(['service.degraded']);
    });

    it('should neither open again nor resolve twice after a restart', async () => {
      const first = watch();
      await first.look(0, [web(1)]);
      await first.look(60_000, [web(1)]);
      // a new Mission Control process: a new book read back from the rows, a watcher with no memory
      const again = watch({ ...first.m, book: first.m.restart() });
      await again.look(200_000, [web(1)]);
      await again.look(300_000, [web(1)]);
      expect(first.m.kinds()).toEqual(['service.degraded']);
      await again.look(310_000, [web(2)]);
      const third = watch({ ...first.m, book: first.m.restart() });
      await third.look(320_000, [web(2)]);
      expect(first.m.kinds()).toEqual(['service.degraded', 'service.recovered']);
    });

    it('should close the incident of a service that left the Swarm', async () => {
      const { m, look } = watch();
      await look(0, [web(1)]);
      await look(60_000, [web(1)]);
      await look(70_000, []);
      expect(m.kinds()).toEqual(['service.degraded', 'service.recovered']);
      expect(m.rows[1].message).toBe('Service shop_web is no longer in the Swarm; its incident is closed');
    });
  });

  describe('unhealthy', () => {
    it('should open from a sampled container with its health-check output and end after the grace period of health', async () => {
      const { m, look } = watch();
      await look(0, [web(2, 2, [], [container('unhealthy', 'wget: can not connect to remote host')])]);
      await look(10_000, [web(2, 2, [], [container('unhealthy', 'wget: can not connect to remote host')])]);
      expect(m.rows.map((r) => [r.kind, r.message])).toEqual([
        ['service.unhealthy', 'Service web is unhealthy: wget: can not connect to remote host'],
      ]);
      expect(m.rows[0].details).toMatchObject({ output: 'wget: can not connect to remote host', exitCode: 1 });
      await look(20_000, [web(2, 2, [], [container('healthy')])]);
      await look(50_000, [web(2, 2, [], [container('unhealthy', 'again')])]);
      await look(60_000, [web(2, 2, [], [container('healthy')])]);
      expect(m.kinds()).toEqual(['service.unhealthy']);
      await look(120_000, [web(2, 2, [], [container('healthy')])]);
      expect(m.kinds()).toEqual(['service.unhealthy', 'service.healthy']);
    });

    it("should open from a task Swarm stopped as unhealthy, asking the task's node for the output once", async () => {
      const { m, look, asked } = watch();
      const tasks = [
        task('shop_web.1', 't2', 'Running', 'Preparing 1 second ago'),
        task('\\_ shop_web.1', 't1', 'Shutdown', 'Failed 3 seconds ago', 'task: non-zero exit (137): dockerexec: unhealthy container'),
      ];
      await look(0, [web(1, 1, tasks)]);
      await look(10_000, [web(1, 1, tasks)]);
      expect(asked).toEqual(['t1']);
      expect(m.rows[0]).toMatchObject({
        kind: 'service.unhealthy',
        message: 'Service web is unhealthy: wget: server returned error: HTTP/1.1 500',
        details: { output: 'wget: server returned error: HTTP/1.1 500', task: '\\_ shop_web.1' },
      });
    });
  });

  describe('crash loop', () => {
    const looping = [
      task('shop_web.1', 't4', 'Ready', 'Ready 1 second ago'),
      task('\\_ shop_web.1', 't3', 'Shutdown', 'Failed 6 seconds ago', 'task: non-zero exit (3)'),
      task('\\_ shop_web.1', 't2', 'Shutdown', 'Failed 12 seconds ago', 'task: non-zero exit (3)'),
    ];
    const steady = [task('shop_web.1', 't5', 'Running', 'Running 30 seconds ago'), ...looping.slice(1)];

    it('should open with the restarts and the last exit code, and end once the service has run steadily for the grace period', async () => {
      const { m, look } = watch();
      await look(0, [web(0, 1, looping)]);
      await look(10_000, [web(0, 1, looping)]);
      expect(m.rows.filter((r) => r.kind === 'service.crash_loop')).toHaveLength(1);
      expect(m.rows.find((r) => r.kind === 'service.crash_loop')).toMatchObject({
        message: 'Service web of shop keeps crashing: 2 tasks in a row failed, last exit code 3',
        details: { restarts: 2, lastExitCode: 3, reason: 'task: non-zero exit (3)' },
      });
      await look(20_000, [web(1, 1, steady)]);
      await look(60_000, [web(1, 1, steady)]);
      expect(m.kinds()).not.toContain('service.crash_loop_ended');
      await look(80_000, [web(1, 1, steady)]);
      expect(m.kinds().filter((k) => k === 'service.crash_loop_ended')).toHaveLength(1);
    });

    it('should not call a running task with earlier failures a crash loop', async () => {
      const { m, look } = watch();
      await look(0, [web(1, 1, steady)]);
      await look(70_000, [web(1, 1, steady)]);
      expect(m.kinds()).toEqual([]);
    });
  });
});
