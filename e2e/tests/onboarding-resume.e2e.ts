import fs from 'node:fs';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';

// Mission Control killed (SIGKILL) after `swarm init` / the join ran on the server but before
// the step was recorded: the restarted job must carry on with that Swarm, not fail on
// "already part of a swarm". The test-only pause (OTTERNAUTS_TEST_JOBS=1 +
// OTTERNAUTS_TEST_PAUSE_AFTER) holds the step at exactly that moment.
describe('onboarding resumes after a kill between a Swarm change and its record', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl | undefined;
  const dataDir = newDataDir('onboarding-resume');
  const ids: Record<string, string> = {};
  let base: Record<string, string>;

  const node = (name: string) => bed.nodes.find((n) => n.name === name)!;
  const api = (method: string, route: string, body?: unknown) => mc!.api(method, route, body);
  const onNode = async (name: string, cmd: string[]) => {
    const r = await nodeExec(name, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${name}: ${r.stderr}`);
    return r.stdout;
  };
  const swarmOf = async (name: string) =>
    JSON.parse(await onNode(name, ['docker', 'info', '--format', '{{json .Swarm}}'])) as {
      LocalNodeState: string;
      NodeID: string;
      Cluster?: { ID: string } | null;
    };

  async function addServer(name: string, nodeName: string, user = 'root') {
    const n = node(nodeName);
    const scan = await api('POST', '/api/servers/scan', { hostname: n.address });
    expect(scan.status).toBe(200);
    const key = fs.readFileSync(bed.keys.ed25519, 'utf8');
    const created = await api('POST', '/api/servers', {
      name,
      hostname: n.address,
      sshUser: user,
      privateKey: key,
      fingerprint: scan.body.fingerprint,
    });
    expect(created.status).toBe(201);
    ids[name] = created.body.id;
  }

  const pausedAt = (name: string, point: string) =>
    waitFor(
      `${name} to pause after ${point}`,
      async () => {
        const s = (await api('GET', `/api/servers/${ids[name]}`)).body;
        if (s.status === 'failed') throw new Error(`${name} failed before the pause: ${s.lastError}`);
        return s.job?.progress.some((p: { message: string }) => p.message === `Test pause after ${point}: waiting to be killed.`)
          ? s
          : undefined;
      },
      120_000,
      100,
    );

  const settled = (name: string) =>
    waitFor(
      `${name} to settle`,
      async () => {
        const s = (await api('GET', `/api/servers/${ids[name]}`)).body;
        return s.status === 'ready' || s.status === 'failed' ? s : undefined;
      },
      240_000,
      250,
    );

  /** Kills the paused process and starts a new one on the same data, without the pause. */
  async function killAndRestart(env: Record<string, string> = {}) {
    await mc!.kill();
    mc = await startMissionControl(dataDir, { ...base, ...env });
  }

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    base = { OTTERNAUTS_TEST_JOBS: '1', OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600' };
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);

  it('should continue with the Swarm its own init created when killed before recording it', async () => {
    mc = await startMissionControl(dataDir, { ...base, OTTERNAUTS_TEST_PAUSE_AFTER: 'swarm-init' });
    await addServer('outpost-1', 'otn1');
    const paused = await pausedAt('outpost-1', 'swarm-init');
    expect(paused.status).toBe('provisioning');
    expect(paused.job.completedSteps).toEqual(['preflight', 'docker', 'leave-swarm']);
    // the init really ran on the server; Mission Control has not recorded it anywhere
    const before = await swarmOf('otn1');
    expect(before.LocalNodeState).toBe('active');
    expect((await api('GET', '/api/cluster')).body.swarmId).toBeNull();

    await killAndRestart();
    const s = await settled('outpost-1');
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'manager', swarmNodeId: before.NodeID });
    expect(s.job).toMatchObject({ status: 'succeeded', attempts: 2 });
    const messages: string[] = s.job.progress.map((p: { message: string }) => p.message);
    expect(messages.join('\n')).not.toMatch(/already part of a swarm/i);
    expect(messages).toContain(
      `Continuing with the Swarm ${before.Cluster!.ID} this server already manages (created before Mission Control restarted).`,
    );
    // the same Swarm: same cluster id recorded, one node, the node from before the kill
    expect((await api('GET', '/api/cluster')).body.swarmId).toBe(before.Cluster!.ID);
    expect((await swarmOf('otn1')).Cluster!.ID).toBe(before.Cluster!.ID);
    const nodes = (await onNode('otn1', ['docker', 'node', 'ls', '--format', '{{.ID}} {{.ManagerStatus}}'])).trim().split('\n');
    expect(nodes).toEqual([`${before.NodeID} Leader`]);
    // the resumed step still knows it created the Swarm: the first manager's ingress starts
    expect(messages).toContain('Traefik deployment started for the cluster; its state shows on the cluster.');
  });

  it('should finish a join that ran before the kill instead of joining again', async () => {
    await mc!.stop();
    mc = await startMissionControl(dataDir, { ...base, OTTERNAUTS_TEST_PAUSE_AFTER: 'swarm-join' });
    await addServer('outpost-2', 'otn2', 'otter');
    await pausedAt('outpost-2', 'swarm-join');
    const joined = await swarmOf('otn2');
    expect(joined.LocalNodeState).toBe('active');

    await killAndRestart();
    const s = await settled('outpost-2');
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'worker', swarmNodeId: joined.NodeID });
    const messages: string[] = s.job.progress.map((p: { message: string }) => p.message);
    expect(messages.join('\n')).not.toMatch(/already part of a swarm/i);
    expect(messages).toContain('Already in this cluster’s Swarm.');
    const nodes = (await onNode('otn1', ['docker', 'node', 'ls', '--format', '{{.Hostname}}'])).trim().split('\n').sort();
    expect(nodes).toEqual(['otn1', 'otn2']);
  });
});
