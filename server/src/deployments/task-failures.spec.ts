import { describe, expect, it } from '@jest/globals';
import { parseServices, parseTasks } from '../swarm/docker-output.js';
import { judge } from './convergence.js';
import { crashLoop, slotFailure, slotsOf, taskReason } from './task-failures.js';

// `docker stack ps --no-trunc --format '{{json .}}' crash` on the test bed (Engine 20.10.24,
// CLI 28.2.2), 9 s and 27 s after `docker stack deploy`: exit3 runs `sh -c "exit 3"`, missing
// runs a command the image lacks, limited has restart_policy on-failure, max_attempts 2.
const AT_9S = `{"CurrentState":"Preparing 2 seconds ago","DesiredState":"Ready","Error":"","ID":"fx2k0esvep4gzbqz5aa6a81dg","Image":"local/busybox:1","Name":"crash_exit3.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed 3 seconds ago","DesiredState":"Shutdown","Error":"\\"task: non-zero exit (3)\\"","ID":"cnh65bzj5t0r4dt9tj17veukz","Image":"local/busybox:1","Name":"crash_exit3.1","Node":"otn1","Ports":""}
{"CurrentState":"Preparing 9 seconds ago","DesiredState":"Running","Error":"","ID":"yg7acrynjsqgox9e7wcezulyj","Image":"local/busybox:1","Name":"crash_missing.1","Node":"otn1","Ports":""}`;
const AT_27S = `{"CurrentState":"Preparing less than a second ago","DesiredState":"Ready","Error":"","ID":"5jv6q89vswro32he4lr2ft8c5","Image":"local/busybox:1","Name":"crash_exit3.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed less than a second ago","DesiredState":"Shutdown","Error":"\\"task: non-zero exit (3)\\"","ID":"fx2k0esvep4gzbqz5aa6a81dg","Image":"local/busybox:1","Name":"crash_exit3.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed 21 seconds ago","DesiredState":"Shutdown","Error":"\\"task: non-zero exit (3)\\"","ID":"cnh65bzj5t0r4dt9tj17veukz","Image":"local/busybox:1","Name":"crash_exit3.1","Node":"otn1","Ports":""}
{"CurrentState":"Preparing less than a second ago","DesiredState":"Ready","Error":"","ID":"6ra3xjgl6ny7jwwzdirenti6x","Image":"local/busybox:1","Name":"crash_limited.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed less than a second ago","DesiredState":"Shutdown","Error":"\\"task: non-zero exit (4)\\"","ID":"npmg266bkn6qnwqne6by7is2z","Image":"local/busybox:1","Name":"crash_limited.1","Node":"otn1","Ports":""}
{"CurrentState":"Preparing less than a second ago","DesiredState":"Ready","Error":"","ID":"fkxfhw6fdy8qjp3qivzkz9h56","Image":"local/busybox:1","Name":"crash_missing.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed less than a second ago","DesiredState":"Shutdown","Error":"\\"starting container failed: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \\\\\\"nope\\\\\\": executable file not found in $PATH: unknown\\"","ID":"9yw0evihhnrfu2g9mnp5lyi2w","Image":"local/busybox:1","Name":"crash_missing.1","Node":"otn1","Ports":""}
{"CurrentState":"Failed 11 seconds ago","DesiredState":"Shutdown","Error":"\\"starting container failed: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: \\\\\\"nope\\\\\\": executable file not found in $PATH: unknown\\"","ID":"yg7acrynjsqgox9e7wcezulyj","Image":"local/busybox:1","Name":"crash_missing.1","Node":"otn1","Ports":""}`;
const SERVICES = ['exit3', 'missing', 'limited']
  .map((s) => JSON.stringify({ ID: s, Name: `crash_${s}`, Mode: 'replicated', Replicas: '0/1', Image: 'local/busybox:1', Ports: '' }))
  .join('\n');

const MISSING =
  'starting container failed: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "nope": executable file not found in $PATH: unknown';

/** Rows in Docker's format, for the cases the capture above does not hold. */
const row = (id: string, state: string, desired: string, error = '', name = 'crash_exit3.1') =>
  JSON.stringify({
    CurrentState: `${state} 2 seconds ago`,
    DesiredState: desired,
    Error: error ? JSON.stringify(error) : '',
    ID: id,
    Image: 'local/busybox:1',
    Name: name,
    Node: 'otn1',
    Ports: '',
  });

describe('taskReason', () => {
  it('should unquote the %q-quoted error of docker service ps --no-trunc', () => {
    expect(taskReason('"task: non-zero exit (3)"')).toBe('task: non-zero exit (3)');
    expect(taskReason(parseTasks(AT_27S)[6].Error)).toBe(MISSING);
  });

  it('should drop the ids that differ from one task to the next', () => {
    // Engine 26 wording of an OCI runtime error, one container id per attempt (written from its format)
    const attempt = (id: string) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: open /run/containerd/io.containerd.runtime.v2.task/moby/${id}/log.json: no such file or directory: unknown`;
    const a = taskReason(attempt('3f2b9c0d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c'));
    expect(a).toBe(taskReason(attempt('0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9')));
    expect(a).toContain('/moby/<id>/log.json');
    expect(taskReason('cannot join network of task 550e8400-e29b-41d4-a716-446655440000')).toBe('cannot join network of task <id>');
    expect(taskReason('update paused due to failure or early termination of task 9yw0evihhnrfu2g9mnp5lyi2w')).toBe(
      'update paused due to failure or early termination of task <id>',
    );
  });

  it('should keep what the user needs: exit codes, names, image digests', () => {
    expect(taskReason('task: non-zero exit (137)')).toBe('task: non-zero exit (137)');
    const digest = 'manifest unknown: local/app@sha256:3f2b9c0d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c';
    expect(taskReason(digest)).toBe(digest);
    expect(taskReason('exec: "containerdshimrunctwo": executable file not found')).toBe(
      'exec: "containerdshimrunctwo": executable file not found',
    );
  });
});

describe('taskReason for a failed pull', () => {
  // docker service ps --no-trunc on the test bed (Engine 26.1.5, --with-registry-auth --resolve-image always,
  // Distribution 2.8 with basic auth): the same words for a tag not in the registry and for a node without a
  // credential; the registry's answer is only in the node's Docker log
  const MISSING_TAG = '"No such image: 10.77.0.11:5000/base/busybox:nope"';

  it("should keep Docker's words and say both causes in plain words, naming the registry", () => {
    expect(taskReason(MISSING_TAG)).toBe(
      'No such image: 10.77.0.11:5000/base/busybox:nope (the node could not pull it from 10.77.0.11:5000: either the tag is not in the registry ' +
        '(Docker logs "manifest unknown"), or the registry refused the node ("no basic auth credentials"). ' +
        'Check that 10.77.0.11:5000/base/busybox:nope was pushed, and that Registries holds a credential for 10.77.0.11:5000)',
    );
  });

  it('should leave a local image and Docker Hub as Docker says them', () => {
    expect(taskReason('"No such image: local/nope:1"')).toBe('No such image: local/nope:1');
    expect(taskReason('"No such image: nginx:nope"')).toBe('No such image: nginx:nope');
  });

  it('should keep a commit sha in a tag (built images are tagged with one)', () => {
    const sha = '0123456789abcdef0123456789abcdef01234567';
    expect(taskReason(`"No such image: 10.77.0.11:5000/shop/web:${sha}"`)).toContain(
      `Check that 10.77.0.11:5000/shop/web:${sha} was pushed`,
    );
  });
});

describe('slotFailure', () => {
  it('should count the run of failed tasks behind the one Swarm is starting', () => {
    const [exit3] = slotsOf('crash_exit3', parseTasks(AT_27S));
    const [missing] = slotsOf('crash_missing', parseTasks(AT_27S));
    const [limited] = slotsOf('crash_limited', parseTasks(AT_27S));
    expect(slotFailure(exit3)).toEqual({
      kind: 'failed',
      reasons: ['task: non-zero exit (3)', 'task: non-zero exit (3)'],
      restarting: true,
    });
    expect(slotFailure(missing)).toEqual({ kind: 'failed', reasons: [MISSING, MISSING], restarting: true });
    expect(slotFailure(limited)).toEqual({ kind: 'failed', reasons: ['task: non-zero exit (4)'], restarting: true });
  });

  it('should stop the run at a task that existed before this deployment', () => {
    const [exit3] = slotsOf('crash_exit3', parseTasks(AT_27S));
    expect(slotFailure(exit3, new Set(['cnh65bzj5t0r4dt9tj17veukz']))).toEqual({
      kind: 'failed',
      reasons: ['task: non-zero exit (3)'],
      restarting: true,
    });
    expect(slotFailure(exit3, new Set(['fx2k0esvep4gzbqz5aa6a81dg']))).toEqual({ kind: 'none' });
  });

  it('should stop the run at a task that ran or was shut down by an update', () => {
    const slot = parseTasks(
      [
        row('c', 'Failed', 'Shutdown', 'task: non-zero exit (1)'),
        row('b', 'Shutdown', 'Shutdown'),
        row('a', 'Failed', 'Shutdown', 'task: non-zero exit (1)'),
      ].join('\n'),
    );
    expect(slotFailure(slot)).toEqual({ kind: 'failed', reasons: ['task: non-zero exit (1)'], restarting: false });
  });

  it('should call a pending task with an error stuck', () => {
    const slot = parseTasks(
      row('a', 'Pending', 'Running', 'no suitable node (scheduling constraints not satisfied on 2 nodes)', 'nowhere_gpu.1'),
    );
    expect(slotFailure(slot)).toEqual({ kind: 'stuck', reason: 'no suitable node (scheduling constraints not satisfied on 2 nodes)' });
  });
});

describe('crashLoop', () => {
  it('should wait for Swarm to reproduce a failure, or for a third one of any kind', () => {
    expect(crashLoop({ kind: 'failed', reasons: ['a'], restarting: true })).toBeNull();
    expect(crashLoop({ kind: 'failed', reasons: ['a', 'a'], restarting: true })).toBe('looping');
    expect(crashLoop({ kind: 'failed', reasons: ['a', 'b'], restarting: true })).toBeNull();
    expect(crashLoop({ kind: 'failed', reasons: ['a', 'b', 'c'], restarting: true })).toBe('looping');
  });

  it('should know Swarm gave up when it starts no task after a failure (restart_policy max_attempts or condition none)', () => {
    expect(crashLoop({ kind: 'failed', reasons: ['a'], restarting: false })).toBe('given-up');
  });
});

describe('judge on a crash loop', () => {
  it('should not fail a service on its first failed task', () => {
    const verdict = judge('crash', parseServices(SERVICES), parseTasks(AT_9S));
    expect(verdict).toEqual({ done: false, problem: { kind: 'retrying', message: 'Service exit3 cannot start: task: non-zero exit (3)' } });
  });

  it('should fail it once Swarm reproduced the failure, naming the service and the reason once', () => {
    const verdict = judge('crash', parseServices(SERVICES), parseTasks(AT_27S));
    expect(verdict).toEqual({
      done: false,
      problem: {
        kind: 'failed',
        message: 'Service exit3 cannot start: task: non-zero exit (3) (2 tasks in a row failed; Swarm keeps restarting it)',
      },
    });
    const missingOnly = judge(
      'crash',
      parseServices(SERVICES).filter((s) => s.Name === 'crash_missing'),
      parseTasks(AT_27S),
    );
    expect(missingOnly).toEqual({
      done: false,
      problem: {
        kind: 'failed',
        message: `Service missing cannot start: its command is not in the image local/busybox:1 (${MISSING}) (2 tasks in a row failed; Swarm keeps restarting it)`,
      },
    });
  });

  it('should judge failures whose ids differ as the same failure', () => {
    const attempt = (id: string) =>
      `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: open /run/containerd/io.containerd.runtime.v2.task/moby/${id}/log.json: no such file or directory: unknown`;
    const tasks = parseTasks(
      [
        row('c', 'Preparing', 'Ready'),
        row('b', 'Failed', 'Shutdown', attempt('a'.repeat(64))),
        row('a', 'Failed', 'Shutdown', attempt('b'.repeat(64))),
      ].join('\n'),
    );
    const verdict = judge('crash', parseServices(SERVICES).slice(0, 1), tasks);
    expect(verdict).toMatchObject({ done: false, problem: { kind: 'failed' } });
    expect(verdict.done === false && verdict.problem?.message).not.toMatch(/[0-9a-f]{12}/);
  });

  it('should call a slot Swarm stopped restarting stuck, so two looks end it', () => {
    const tasks = parseTasks(
      [
        row('c', 'Failed', 'Shutdown', 'task: non-zero exit (4)', 'crash_limited.1'),
        row('b', 'Failed', 'Shutdown', 'task: non-zero exit (4)', 'crash_limited.1'),
        row('a', 'Failed', 'Shutdown', 'task: non-zero exit (4)', 'crash_limited.1'),
      ].join('\n'),
    );
    const verdict = judge('crash', parseServices(SERVICES).slice(2), tasks);
    expect(verdict).toEqual({
      done: false,
      problem: {
        kind: 'stuck',
        message: 'Service limited cannot start: task: non-zero exit (4) (3 failed tasks; its restart policy starts no more)',
      },
    });
  });
});
