import { parseServices, parseTasks } from '../swarm/docker-output.js';
import { explainTaskError, judge, parseServiceInspect, type UpdateView } from './convergence.js';

const service = (name: string, replicas: string, image = 'local/busybox:1') =>
  JSON.stringify({ ID: name, Name: name, Mode: 'replicated', Replicas: replicas, Image: image, Ports: '' });
const task = (name: string, state: string, desired = 'Running', error = '', image = 'local/busybox:1') =>
  JSON.stringify({
    ID: `${name}-${state}`,
    Name: name,
    Image: image,
    Node: 'otn1',
    DesiredState: desired,
    CurrentState: `${state} 3 seconds ago`,
    Error: error,
    Ports: '',
  });
const update = (name: string, over: Partial<UpdateView> = {}): UpdateView => ({
  name,
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  updateState: null,
  updateStartedAt: null,
  updateMessage: null,
  tasksChanged: false,
  ...over,
});

describe('judge', () => {
  it('should be done when every service runs all its replicas', () => {
    const services = parseServices([service('shop_web', '2/2'), service('shop_db', '1/1')].join('\n'));
    const tasks = parseTasks([task('shop_web.1', 'Running'), task('shop_web.2', 'Running'), task('shop_db.1', 'Running')].join('\n'));
    expect(judge('shop', services, tasks)).toEqual({ done: true });
  });

  it('should wait without a problem while tasks are starting', () => {
    const services = parseServices(service('shop_web', '0/1'));
    expect(judge('shop', services, parseTasks(task('shop_web.1', 'Preparing')))).toEqual({ done: false, problem: null });
  });

  it('should explain a missing image with the task’s own error, as a retry until Swarm reproduces it', () => {
    const services = parseServices(service('ghost_app', '0/1', 'local/nope:1'));
    const rejected = (id: string) =>
      JSON.stringify({
        ID: id,
        Name: 'ghost_app.1',
        Image: 'local/nope:1',
        Node: 'otn1',
        DesiredState: 'Shutdown',
        CurrentState: 'Rejected 3 seconds ago',
        Error: '"No such image: local/nope:1"',
        Ports: '',
      });
    const restarting = task('ghost_app.1', 'Preparing', 'Ready', '', 'local/nope:1');
    expect(judge('ghost', services, parseTasks([restarting, rejected('t1')].join('\n')))).toEqual({
      done: false,
      problem: { kind: 'retrying', message: 'Failed to pull image local/nope:1: No such image: local/nope:1' },
    });
    expect(judge('ghost', services, parseTasks([restarting, rejected('t2'), rejected('t1')].join('\n')))).toEqual({
      done: false,
      problem: {
        kind: 'failed',
        message: 'Failed to pull image local/nope:1: No such image: local/nope:1 (2 tasks in a row failed; Swarm keeps restarting it)',
      },
    });
  });

  it('should name the service no node can take', () => {
    const services = parseServices(service('nowhere_gpu', '0/1'));
    const tasks = parseTasks(
      task('nowhere_gpu.1', 'Pending', 'Running', 'no suitable node (scheduling constraints not satisfied on 2 nodes)'),
    );
    expect(judge('nowhere', services, tasks)).toEqual({
      done: false,
      problem: {
        kind: 'stuck',
        message:
          'Service gpu cannot start: no nodes match constraints (no suitable node (scheduling constraints not satisfied on 2 nodes))',
      },
    });
  });

  it('should not call a stack done while a rolling update is in flight or not picked up yet', () => {
    const services = parseServices(service('shop_db', '1/1'));
    const tasks = parseTasks(task('shop_db.1', 'Running'));
    expect(judge('shop', services, tasks, { updates: [update('shop_db', { updateState: 'updating' })] })).toEqual({
      done: false,
      problem: null,
    });
    const changed = update('shop_db', {
      updatedAt: '2026-11-23T10:05:00Z',
      updateState: 'completed',
      updateStartedAt: '2026-11-23T10:01:00Z',
      tasksChanged: true,
    });
    expect(judge('shop', services, tasks, { updates: [changed], justDeployed: true })).toEqual({ done: false, problem: null });
    expect(judge('shop', services, tasks, { updates: [changed], justDeployed: false })).toEqual({ done: true });
    // re-sent unchanged by docker stack deploy: nothing will roll, no need to wait
    expect(judge('shop', services, tasks, { updates: [{ ...changed, tasksChanged: false }], justDeployed: true })).toEqual({ done: true });
  });

  it('should report a paused or rolled back update', () => {
    const services = parseServices(service('shop_db', '1/1'));
    const tasks = parseTasks(task('shop_db.1', 'Running'));
    const paused = update('shop_db', {
      updateState: 'paused',
      updateMessage: 'update paused due to failure or early termination of task 9yw0evihhnrfu2g9mnp5lyi2w',
    });
    expect(judge('shop', services, tasks, { updates: [paused] })).toEqual({
      done: false,
      problem: { kind: 'stuck', message: 'The update of shop_db paused: update paused due to failure or early termination of task <id>' },
    });
  });

  it('should not be done with no services at all', () => {
    expect(judge('empty', [], [])).toEqual({ done: false, problem: null });
  });
});

describe('parseServiceInspect', () => {
  it('should tell a rolled task template from a re-sent spec', () => {
    const template = { ContainerSpec: { Image: 'local/busybox:1', Args: ['a'] } };
    const inspect = JSON.stringify([
      {
        Spec: { Name: 'shop_db', TaskTemplate: template },
        PreviousSpec: { TaskTemplate: { ContainerSpec: { Image: 'local/busybox:1', Args: ['b'] } } },
        CreatedAt: 'c',
        UpdatedAt: 'u',
        UpdateStatus: { State: 'updating', StartedAt: 's' },
      },
      { Spec: { Name: 'shop_cache', TaskTemplate: template }, PreviousSpec: { TaskTemplate: template }, CreatedAt: 'c', UpdatedAt: 'u' },
    ]);
    const [db, cache] = parseServiceInspect(inspect);
    expect(db).toMatchObject({ name: 'shop_db', tasksChanged: true, updateState: 'updating', updateStartedAt: 's' });
    expect(cache).toMatchObject({ name: 'shop_cache', tasksChanged: false, updateState: null });
  });
});

describe('explainTaskError', () => {
  it.each([
    [
      'pull access denied for acme/private, repository does not exist',
      'Failed to pull image acme/private:1: pull access denied for acme/private, repository does not exist',
    ],
    ['task: unhealthy container', 'Service web is unhealthy: task: unhealthy container'],
    ['task: non-zero exit (1)', 'Service web cannot start: task: non-zero exit (1)'],
  ])('should put %s in plain words', (error, expected) => {
    expect(explainTaskError('web', 'acme/private:1', error)).toBe(expected);
  });
});
