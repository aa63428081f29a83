import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { deploymentEnd } from '../support/deployments.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { loginLeftovers, privateRegistry, pullErrorsLogged, pulledImages, type PrivateRegistry } from '../support/registry.js';

// A real private registry (Distribution 2.8 on otn1, basic auth, TLS from the test bed's CA) and
// a 2-node Swarm onboarded through Mission Control as a sudo user. OTTERNAUTS_RESOLVE_IMAGE stays
// at its default (always): Swarm pins each service to the digest the registry answers, and every
// node pulls the image itself with the credential `--with-registry-auth` hands it.
const NODES = ['otn1', 'otn2'];
const WRONG_PASSWORD = `wrong-${Math.random().toString(36).slice(2)}`;

const stackFile = (image: string) => `services:
  app:
    image: ${image}
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
      placement:
        max_replicas_per_node: 1
`;

describe('a private registry on the test bed', () => {
  let bed: TestbedState;
  let reg: PrivateRegistry;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let credentialId: string;

  const finished = (deploymentId: string) => deploymentEnd(api, deploymentId);
  /** A new stack deployed once; returns the finished deployment. */
  const deployNew = async (name: string, image: string) => {
    const created = await api('POST', '/api/stacks', { name, configuration: stackFile(image) });
    expect(created.status).toBe(201);
    const res = await api('POST', `/api/stacks/${created.body.id}/deploy`);
    expect(res.status).toBe(202);
    return { stackId: created.body.id as string, d: await finished(res.body.deploymentId) };
  };
  const removeStack = async (stackId: string) => {
    const res = await api('DELETE', `/api/stacks/${stackId}`);
    if (res.status !== 204) console.log(`DELETE stack: ${res.status} ${res.text}\n${mc.output().split('\n').slice(-40).join('\n')}`);
    expect(res.status).toBe(204);
  };
  const store = async (password: string) => {
    const res = await api('POST', '/api/registries', { registryUrl: reg.host, username: reg.user, password });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  /** No login may outlive a deployment or a check, on any node. */
  const expectNoLoginLeft = async () => {
    for (const node of NODES) {
      expect({ node, ...(await loginLeftovers(node, reg.user, reg.password)) }).toEqual({
        node,
        auths: [],
        loginDirs: [],
        withPassword: [],
      });
    }
  };

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    reg = await privateRegistry('otn1');
    mc = await startMissionControl(newDataDir('registry'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
    });
    ({ api, responses } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, bed.users.sudo);
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should ask for credentials: the registry answers 401, and no node has the image yet', async () => {
    const ca = `/etc/docker/certs.d/${reg.host}/ca.crt`;
    const curl = await nodeExec('otn2', ['curl', '-s', '--cacert', ca, '-o', '/dev/null', '-w', '%{http_code}', `https://${reg.host}/v2/`]);
    expect(curl.stdout).toBe('401');
    for (const node of NODES) expect((await pulledImages(node)).filter((i) => i.startsWith(reg.host))).toEqual([]);
  });

  it('should fail a private image without a stored credential, with Docker’s words and why', async () => {
    const { stackId, d } = await deployNew('nocred', reg.image);
    expect(d.status).toBe('failed');
    // Docker 26 rejects the task with "No such image"; the registry's "no basic auth credentials" is only in the node's log
    expect(d.error).toContain(
      `Failed to pull image ${reg.image}: No such image: ${reg.image} (the node could not pull it from ${reg.host}: `,
    );
    expect(d.error).toContain(`that Registries holds a credential for ${reg.host})`);
    const logged = (await pullErrorsLogged('otn1')).concat(await pullErrorsLogged('otn2'));
    expect(logged).toContain(`Head "https://${reg.host}/v2/base/busybox/manifests/1": no basic auth credentials`);
    console.log(`no credential: ${d.error}`);
    await removeStack(stackId);
  });

  it('should say a wrong password in plain words, when checked and when deploying, and never the password', async () => {
    credentialId = await store(WRONG_PASSWORD);
    const refusal = `The registry ${reg.host} refused the password for ${reg.user} (401 Unauthorized): update the credential under Registries.`;
    const check = await api('POST', `/api/registries/${credentialId}/check`);
    expect(check.status).toBe(200);
    expect(check.body).toEqual({ ok: false, message: refusal });
    await expectNoLoginLeft();

    const { stackId, d } = await deployNew('wrongpw', reg.image);
    expect(d.status).toBe('failed');
    expect(d.error).toBe(refusal);
    await expectNoLoginLeft();
    await removeStack(stackId);
    expect((await api('DELETE', `/api/registries/${credentialId}`)).status).toBe(204);
  });

  it('should check a right credential from a manager, also one stored with a path', async () => {
    credentialId = await store(reg.password);
    const check = await api('POST', `/api/registries/${credentialId}/check`);
    expect(check.body).toEqual({ ok: true, message: `otn1 logged in to ${reg.host} as ${reg.user}.` });
    const scoped = await api('POST', '/api/registries', { registryUrl: `${reg.host}/base`, username: reg.user, password: reg.password });
    expect(scoped.status).toBe(201);
    expect((await api('POST', `/api/registries/${scoped.body.id}/check`)).body).toEqual({
      ok: true,
      message: `otn1 logged in to ${reg.host}/base as ${reg.user}.`,
    });
    expect((await api('DELETE', `/api/registries/${scoped.body.id}`)).status).toBe(204);
    const listed = (await api('GET', '/api/registries')).body;
    expect(listed).toEqual([expect.objectContaining({ id: credentialId, registryUrl: reg.host, username: reg.user, usedBy: [] })]);
    await expectNoLoginLeft();
  });

  it('should deploy the private image with 2 replicas, both nodes pulling it, pinned by the pushed digest', async () => {
    const { stackId, d } = await deployNew('vault', reg.image);
    expect(d.error).toBeNull();
    expect(d.status).toBe('succeeded');
    const stack = await waitFor(
      'both replicas',
      async () => {
        const s = (await api('GET', `/api/stacks/${stackId}`)).body;
        const app = s.services?.find((x: { name: string }) => x.name === 'app');
        return app?.replicasRunning === 2 ? s : undefined;
      },
      30_000,
      1000,
    );
    const app = stack.services.find((x: { name: string }) => x.name === 'app');
    expect(app.digest).toBe(reg.digest);
    const running = app.tasks.filter((t: { state: string }) => t.state === 'running').map((t: { node: string }) => t.node);
    expect(running.sort()).toEqual(NODES);
    const spec = (
      await nodeExec('otn1', ['docker', 'service', 'inspect', '--format', '{{.Spec.TaskTemplate.ContainerSpec.Image}}', 'vault_app'])
    ).stdout.trim();
    expect(spec).toBe(`${reg.image}@${reg.digest}`);
    // each node pulled it from the registry itself (the push's copy on otn1 was untagged in beforeAll)
    for (const node of NODES) expect(await pulledImages(node)).toContain(`${reg.host}/base/busybox@${reg.digest}`);
    await expectNoLoginLeft();
  });

  it('should fail a tag the registry does not have, with Docker’s words and why', async () => {
    const missing = `${reg.host}/base/busybox:nope`;
    const { stackId, d } = await deployNew('missing', missing);
    expect(d.status).toBe('failed');
    expect(d.error).toContain(`Failed to pull image ${missing}: No such image: ${missing} (the node could not pull it from ${reg.host}: `);
    expect(d.error).toContain('either the tag is not in the registry (Docker logs "manifest unknown")');
    // what the registry really answered, as the nodes' Docker logged it
    const logged = (await pullErrorsLogged('otn1')).concat(await pullErrorsLogged('otn2'));
    expect(logged).toContain(`manifest for ${missing} not found: manifest unknown: manifest unknown`);
    console.log(`missing tag: ${d.error}`);
    await expectNoLoginLeft();
    await removeStack(stackId);
  });

  it('should never show the registry password in a response or a log line', () => {
    const everything = `${responses.join('\n')}\n${mc.output()}`;
    expect(everything).not.toContain(reg.password);
    expect(everything).not.toContain(WRONG_PASSWORD);
    expect(everything).not.toContain(Buffer.from(`${reg.user}:${reg.password}`).toString('base64'));
  });
});
