import { describe, expect, it } from '@jest/globals';
import { parseTasks } from '../swarm/docker-output.js';
import { runningTaskKey, STEADY_MS, Steadiness } from './steadiness.js';

const task = (id: string, state: string, desired = 'Running') =>
  JSON.stringify({
    CurrentState: `${state} 1 second ago`,
    DesiredState: desired,
    Error: '',
    ID: id,
    Image: 'local/busybox:1',
    Name: 'crash_exit3.1',
    Node: 'otn1',
    Ports: '',
  });

describe(Steadiness.name, () => {
  it('should call the same running tasks converged only after they held for the steady time', () => {
    const s = new Steadiness();
    expect(s.converged('a,b', 1000)).toBe(false);
    expect(s.converged('a,b', 1000 + STEADY_MS - 1)).toBe(false);
    expect(s.converged('a,b', 1000 + STEADY_MS)).toBe(true);
  });

  it('should start again when a task was replaced or a look found the stack unsettled', () => {
    const s = new Steadiness();
    s.converged('a', 0);
    expect(s.converged('c', STEADY_MS)).toBe(false); // a restart: a new task id
    expect(s.converged('c', 2 * STEADY_MS)).toBe(true);
    s.reset();
    expect(s.converged('c', 2 * STEADY_MS + 1)).toBe(false);
  });
});

describe('Steadiness.nextLookIn', () => {
  it('should look again at the poll interval, or when the steady time ends if that is sooner', () => {
    const s = new Steadiness();
    expect(s.nextLookIn(0, 2000)).toBe(2000); // nothing converged yet
    s.converged('a', 1000);
    expect(s.nextLookIn(1000, 2000)).toBe(2000);
    expect(s.nextLookIn(1000 + STEADY_MS - 500, 2000)).toBe(500);
    expect(s.nextLookIn(1000 + STEADY_MS + 10, 2000)).toBe(0);
    s.reset();
    expect(s.nextLookIn(1000 + STEADY_MS - 500, 2000)).toBe(2000);
  });
});

describe('runningTaskKey', () => {
  it('should key the tasks running as desired, whatever their order', () => {
    const tasks = parseTasks(
      [task('b', 'Running'), task('a', 'Running'), task('x', 'Failed', 'Shutdown'), task('r', 'Preparing', 'Ready')].join('\n'),
    );
    expect(runningTaskKey(tasks)).toBe('a,b');
  });
});
