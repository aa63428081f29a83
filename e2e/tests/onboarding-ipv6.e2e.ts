import fs from 'node:fs';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';

// A Swarm over IPv6: the first server is added by its IPv6 address (so it advertises one),
// and the second joins a manager that is only known by that address: `[fd77::11]:2377`.
describe('onboarding over IPv6', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  const dataDir = newDataDir('onboarding-ipv6');

  const node = (name: string) => bed.nodes.find((n) => n.name === name)!;
  const onNode = async (name: string, cmd: string[]) => {
    const r = await nodeExec(name, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${name}: ${r.stderr}`);
    return r.stdout.trim();
  };

  async function addByIPv6(name: string, nodeName: string, user = 'root') {
    const hostname = node(nodeName).address6;
    const scan = await mc.api('POST', '/api/servers/scan', { hostname });
    expect(scan.status).toBe(200);
    expect(scan.body.fingerprint).toBe(node(nodeName).hostKeyFingerprints.ed25519);
    const privateKey = fs.readFileSync(bed.keys.ed25519, 'utf8');
    const created = await mc.api('POST', '/api/servers', { name, hostname, sshUser: user, privateKey, fingerprint: scan.body.fingerprint });
    expect(created.status).toBe(201);
    return waitFor(
      `${name} to settle`,
      async () => {
        const s = (await mc.api('GET', `/api/servers/${created.body.id}`)).body;
        return s.status === 'ready' || s.status === 'failed' ? s : undefined;
      },
      240_000,
      250,
    );
  }

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    if (!bed.nodes.every((n) => n.address6)) throw new Error('the test bed gave its nodes no IPv6 address');
    mc = await startMissionControl(dataDir, { OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600' });
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);

  it('should create the Swarm advertised on the IPv6 address the server was added by', async () => {
    const s = await addByIPv6('outpost-v6-1', 'otn1');
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({
      status: 'ready',
      swarmRole: 'manager',
      hostname: node('otn1').address6,
      advertiseAddress: node('otn1').address6,
    });
    const swarm = JSON.parse(await onNode('otn1', ['docker', 'info', '--format', '{{json .Swarm}}']));
    expect(swarm.NodeAddr).toBe(node('otn1').address6);
    expect(swarm.RemoteManagers.map((m: { Addr: string }) => m.Addr)).toEqual([`[${node('otn1').address6}]:2377`]);
  });

  it('should join a second server to the manager through [addr]:2377', async () => {
    const s = await addByIPv6('outpost-v6-2', 'otn2', 'otter');
    expect(s.lastError).toBeNull();
    expect(s).toMatchObject({ status: 'ready', swarmRole: 'worker', advertiseAddress: node('otn2').address6 });
    expect(s.preflight.find((p: { check: string }) => p.check === 'port-2377')).toEqual({
      check: 'port-2377',
      status: 'pass',
      message: `This server reaches the manager at [${node('otn1').address6}]:2377/tcp.`,
    });
    const nodes = (await onNode('otn1', ['docker', 'node', 'ls', '--format', '{{.Hostname}} {{.Status}}'])).split('\n').sort();
    expect(nodes).toEqual(['otn1 Ready', 'otn2 Ready']);
    expect(await onNode('otn1', ['docker', 'node', 'inspect', 'otn2', '--format', '{{.Status.Addr}}'])).toBe(node('otn2').address6);
  });
});
