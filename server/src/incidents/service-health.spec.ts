import { describe, expect, it } from '@jest/globals';
import type { ContainerSample } from '../metrics/metrics.types.js';
import type { TaskRow } from '../swarm/docker-output.js';
import { exitCodeOf, serviceHealth } from './service-health.js';

const task = (name: string, id: string, desired: string, current: string, error = ''): TaskRow => ({
  ID: id,
  Name: name,
  Image: 'img',
  Node: 'n',
  DesiredState: desired,
  CurrentState: current,
  Error: error,
  Ports: '',
});
const container = (health: ContainerSample['health'], taskName = 'shop_web.1.t2', output: string | null = null): ContainerSample => ({
  id: 'c',
  stackName: 'shop',
  serviceName: 'shop_web',
  taskName,
  cpuPercent: null,
  memoryBytes: 0,
  health,
  healthOutput: output,
  healthExitCode: null,
  source: 'cgroup2',
});
const of = (tasks: TaskRow[], containers: ContainerSample[] = [], open?: { at: Date; details: Record<string, unknown> }) =>
  serviceHealth({ name: 'web', fullName: 'shop_web', tasks, containers, openUnhealthy: open });

describe(serviceHealth.name, () => {
  const running = task('shop_web.1', 't2', 'Running', 'Running 2 minutes ago');

  it('should say unhealthy with the output of a sampled container', () => {
    expect(of([running], [container('unhealthy', 'shop_web.1.t2', 'curl: (7) Failed to connect')])).toEqual({
      state: 'unhealthy',
      message: 'Service web is unhealthy: curl: (7) Failed to connect',
      output: 'curl: (7) Failed to connect',
      restarts: 0,
      lastExitCode: null,
      since: null,
    });
  });

  it("should say unhealthy for a task Swarm stopped as unhealthy while its successor is not healthy, with the open incident's output", () => {
    const at = new Date('2026-12-02T01:00:00Z');
    const stopped = task(
      '\\_ shop_web.1',
      't1',
      'Shutdown',
      'Failed 9 seconds ago',
      'task: non-zero exit (137): dockerexec: unhealthy container',
    );
    const h = of([running, stopped], [container('starting')], { at, details: { output: 'HTTP/1.1 500' } });
    expect(h).toMatchObject({ state: 'unhealthy', output: 'HTTP/1.1 500', restarts: 1, lastExitCode: 137, since: at });
    expect(of([running, stopped], [container('healthy')]).state).toBe('healthy');
  });

  it('should say crash_loop with the restarts and the exit code', () => {
    const h = of([
      task('shop_web.1', 't4', 'Running', 'Starting 1 second ago'),
      task('\\_ shop_web.1', 't3', 'Shutdown', 'Failed 5 seconds ago', 'task: non-zero exit (2)'),
      task('\\_ shop_web.1', 't2', 'Shutdown', 'Failed 11 seconds ago', 'task: non-zero exit (2)'),
    ]);
    expect(h).toMatchObject({ state: 'crash_loop', restarts: 2, lastExitCode: 2 });
    expect(h.message).toBe('Service web keeps crashing: 2 tasks in a row failed, last exit code 2 (task: non-zero exit (2))');
  });

  it('should say starting, healthy, or nothing without a healthcheck', () => {
    expect(of([running], [container('starting')]).state).toBe('starting');
    expect(of([running], [container('healthy')]).state).toBe('healthy');
    expect(of([running], [container(null)])).toEqual({
      state: null,
      message: null,
      output: null,
      restarts: 0,
      lastExitCode: null,
      since: null,
    });
  });

  it("should read the exit code from Docker's words", () => {
    expect(exitCodeOf('task: non-zero exit (137): dockerexec: unhealthy container')).toBe(137);
    expect(exitCodeOf('No such image: nope:1')).toBeNull();
  });
});
