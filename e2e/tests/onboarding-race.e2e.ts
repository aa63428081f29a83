import fs from 'node:fs';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';

// What the wizard invites: the second server is added the moment the first one shows
// `ready`, while the first manager's Traefik deploy (the ingress job) is still running on
// the same pooled SSH connection that the second server's join borrows for its token.
describe('back-to-back onboarding on a real Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let dataDir: string;

  const node = (name: string) => bed.nodes.find((n) => n.name === name)!;
  const key = () => fs.readFileSync(bed.keys.ed25519, 'utf8');
  const api = (method: string, route: string, body?: unknown) => mc.api(method, route, body);

  async function addServer(name: string, nodeName: string, user = 'root') {
    const n = node(nodeName);
    const scan = await api('POST', '/api/servers/scan', { hostname: n.address });
    expect(scan.status).toBe(200);
    const created = await api('POST', '/api/servers', { name, hostname: n.address, sshUser: user, privateKey: key(), fingerprint: scan.body.fingerprint });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  const settled = (id: string) =>
    waitFor(`server ${id} to settle`, async () => {
      const s = (await api('GET', `/api/servers/${id}`)).body;
      return s.status === 'ready' || s.status === 'failed' ? s : undefined;
    }, 240_000, 100);

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    dataDir = newDataDir('onboarding-race');
    mc = await startMissionControl(dataDir, { OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600' });
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);

  it('should deploy the first manager’s ingress while a second server joins at once', async () => {
    const first = await settled(await addServer('outpost-1', 'otn1'));
    expect(first.lastError).toBeNull();
    expect(first.status).toBe('ready');
    // no waiting for the ingress: straight on to the second server, as a user would
    const ingressBefore = (await api('GET', '/api/cluster')).body.traefik.status;
    const second = await settled(await addServer('outpost-2', 'otn2', 'otter'));
    expect(second.lastError).toBeNull();
    expect(second).toMatchObject({ status: 'ready', swarmRole: 'worker' });

    const cluster = await waitFor('the ingress to settle', async () => {
      const c = (await api('GET', '/api/cluster')).body;
      return ['deployed', 'failed'].includes(c.traefik.status) ? c : undefined;
    }, 240_000, 1000);
    // the ingress was still on its way when the second server was added, else this proves nothing
    expect(['pending', 'deploying']).toContain(ingressBefore);
    // the test bed's honest failure (no Traefik image can exist here), never "unreachable"
    expect(cluster.traefik.status).toBe('failed');
    expect(cluster.traefik.error).toMatch(/^Ingress deployment failed\. Traefik('s task on .* cannot start: .+| has no running task)/);
    expect(cluster.traefik.error).not.toMatch(/reached|unreachable|connection/i);
    expect(cluster.status).toBe('ok');
    expect((await api('GET', `/api/servers/${first.id}`)).body).toMatchObject({ status: 'ready', lastError: null });
    const service = JSON.parse((await nodeExec('otn1', ['docker', 'service', 'inspect', 'otternauts-ingress_traefik'])).stdout)[0];
    expect(service.Spec.TaskTemplate.ContainerSpec.Image).toMatch(/^traefik:v3/);
  });
});
