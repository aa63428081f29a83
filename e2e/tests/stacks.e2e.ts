import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { deploymentEnd } from '../support/deployments.js';
import { shop } from '../support/fixtures.js';
import { onboardCluster } from '../support/onboard-cluster.js';

// Fleets on a real 2-node Swarm: validate, deploy, converge, update with a diff, roll back,
// fail in plain words, read and follow logs. Test-bed limits (real-swarm-here.md): no
// registry (local busybox image, so `docker stack deploy` only warns about digests) and no
// IPVS (dnsrr endpoints).
const SECRET_VALUE = `vault-only-${Math.random().toString(36).slice(2)}`;

describe('stacks on a real 2-node Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let stackId: string;
  const deployments: string[] = [];

  const onNode = async (name: string, cmd: string[]) => {
    const r = await nodeExec(name, cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')} on ${name}: ${r.stderr}`);
    return r.stdout;
  };
  const finished = (deploymentId: string) => deploymentEnd(api, deploymentId);
  const deploy = async (id: string) => {
    const res = await api('POST', `/api/stacks/${id}/deploy`);
    expect(res.status).toBe(202);
    return finished(res.body.deploymentId);
  };

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    mc = await startMissionControl(newDataDir('stacks'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
    ({ api, responses } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, 'root');
    expect((await api('PUT', '/api/secrets/API_KEY', { value: SECRET_VALUE })).status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should point at the line of a typo, and change nothing', async () => {
    const typo = shop('db-v1').replace('  cache:\n    image: local/busybox:1', '  cache:\n    imag: local/busybox:1');
    const res = await api('POST', '/api/stacks/validate', { name: 'shop', configuration: typo });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    const line = typo.split('\n').findIndex((l) => l.includes('imag: local')) + 1;
    expect(res.body.errors.map((e: { line: number }) => e.line)).toContain(line);
    const create = await api('POST', '/api/stacks', { name: 'shop', configuration: typo });
    expect(create.status).toBe(400);
    expect((await api('GET', '/api/stacks')).body).toEqual([]);
  });

  it('should deploy a 3-service stack with a domain and see it converge', async () => {
    const created = await api('POST', '/api/stacks', { name: 'shop', configuration: shop('db-v1') });
    expect(created.status).toBe(201);
    stackId = created.body.id;
    const d = await deploy(stackId);
    expect(d.error).toBeNull();
    expect(d.status).toBe('succeeded');
    deployments.push(d.id);
    expect(d.job.progress.map((p: { message: string }) => p.message)).toContain('Launch successful! Your fleet is now in orbit.');
    const stack = await waitFor(
      'all replicas',
      async () => {
        const s = (await api('GET', `/api/stacks/${stackId}`)).body;
        return s.services.length === 3 &&
          s.services.every((x: { replicasRunning: number; replicasDesired: number }) => x.replicasRunning === x.replicasDesired)
          ? s
          : undefined;
      },
      30_000,
      1000,
    );
    expect(stack.status).toBe('running');
    const web = stack.services.find((s: { name: string }) => s.name === 'web');
    expect(web).toMatchObject({ replicasRunning: 2, replicasDesired: 2, domains: ['shop.example.test'], image: 'local/busybox:1' });
    expect(web.tasks.filter((t: { state: string }) => t.state === 'running').map((t: { node: string }) => t.node).length).toBe(2);
  });

  it('should put the Traefik labels and the traefik-public network on the service', async () => {
    const spec = JSON.parse(await onNode('otn1', ['docker', 'service', 'inspect', 'shop_web']))[0].Spec;
    expect(spec.Labels).toMatchObject({
      'traefik.enable': 'true',
      'traefik.http.routers.shop-web.rule': 'Host(`shop.example.test`)',
      'traefik.http.routers.shop-web.entrypoints': 'websecure',
      'traefik.http.routers.shop-web.tls.certresolver': 'letsencrypt',
      'traefik.http.services.shop-web.loadbalancer.server.port': '8080',
      'traefik.swarm.network': 'traefik-public',
    });
    const ids = spec.TaskTemplate.Networks.map((n: { Target: string }) => n.Target);
    const publicId = JSON.parse(await onNode('otn1', ['docker', 'network', 'inspect', 'traefik-public']))[0].Id;
    const defaultId = JSON.parse(await onNode('otn1', ['docker', 'network', 'inspect', 'shop_default']))[0].Id;
    expect(ids).toEqual(expect.arrayContaining([publicId, defaultId]));
    // resolved from the vault at deploy time, into the service only
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain(`API_KEY=${SECRET_VALUE}`);
  });

  it('should let the services reach each other over the overlay network', async () => {
    const answers: string[] = [];
    for (const n of ['otn1', 'otn2']) {
      const ids = (await onNode(n, ['docker', 'ps', '-q', '--filter', 'label=com.docker.swarm.service.name=shop_web']))
        .trim()
        .split('\n')
        .filter(Boolean);
      for (const id of ids) answers.push((await onNode(n, ['docker', 'exec', id, 'wget', '-qO-', 'http://cache:6379/'])).trim());
    }
    expect(answers).toEqual(['PONG', 'PONG']); // one web task per node, both reach the cache
  });

  it('should show the diff of an update, deploy it, and list both versions', async () => {
    expect((await api('PUT', `/api/stacks/${stackId}`, { configuration: shop('db-v2') })).status).toBe(200);
    const diff = (await api('GET', `/api/stacks/${stackId}/diff`)).body;
    expect(diff.changed).toBe(true);
    expect(diff.deployedVersion).toBe(1);
    expect(diff.diff).toContain('-    command: ["sh", "-c", "while true; do echo db-v1');
    expect(diff.diff).toContain('+    command: ["sh", "-c", "while true; do echo db-v2');
    const d = await deploy(stackId);
    expect(d.status).toBe('succeeded');
    deployments.push(d.id);
    const history = (await api('GET', `/api/stacks/${stackId}/deployments`)).body;
    expect(history.map((h: { version: number; status: string }) => `${h.version}:${h.status}`)).toEqual(['2:succeeded', '1:succeeded']);
    expect((await api('GET', `/api/stacks/${stackId}/diff`)).body.changed).toBe(false);
  });

  it('should roll back to the first version as a new deployment', async () => {
    const res = await api('POST', `/api/stacks/${stackId}/rollback`, { deploymentId: deployments[0] });
    expect(res.status).toBe(202);
    const d = await finished(res.body.deploymentId);
    expect(d).toMatchObject({ status: 'succeeded', version: 3, rollbackOfId: deployments[0] });
    expect(d.configuration).toBe(shop('db-v1'));
    const args = JSON.parse(await onNode('otn1', ['docker', 'service', 'inspect', 'shop_db']))[0].Spec.TaskTemplate.ContainerSpec.Args;
    expect(args.join(' ')).toContain('echo db-v1');
    expect((await api('GET', `/api/stacks/${stackId}`)).body.configuration).toBe(shop('db-v1'));
  });

  it('should return recent log lines of a service', async () => {
    const logs = await waitFor(
      'db log lines',
      async () => {
        const r = (await api('GET', `/api/stacks/${stackId}/services/db/logs?tail=20`)).body;
        return r.lines?.length >= 3 ? r : undefined;
      },
      30_000,
      1000,
    );
    expect(logs.lines[0]).toMatchObject({ task: expect.stringMatching(/^shop_db\.1\./), node: expect.stringMatching(/^otn[12]$/) });
    expect(logs.lines.at(-1).message).toMatch(/^db-v[12] \d+$/);
    expect(logs.lines.at(-1).time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('should stream a line written after the follow stream opened, and end the remote command when the client leaves', async () => {
    const opened = Math.floor(Date.now() / 1000);
    const abort = new AbortController();
    const res = await fetch(`${mc.url}/api/stacks/${stackId}/services/db/logs?follow=1&tail=0`, { signal: abort.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    let text = '';
    let fresh: { message: string } | undefined;
    while (!fresh) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
      fresh = text
        .split('\n')
        .filter((l) => l.startsWith('data: {'))
        .map((l) => JSON.parse(l.slice(6)))
        .find((line) => Number(line.message.split(' ')[1]) > opened);
    }
    expect(fresh?.message).toMatch(/^db-v1 \d+$/);
    abort.abort();
    const leftovers = await waitFor(
      'the remote docker service logs to end',
      async () => {
        const r = await nodeExec('otn1', ['pgrep', '-f', 'service logs']);
        return r.code === 1 ? r : undefined; // pgrep: 1 = no process matched
      },
      15_000,
      500,
    );
    expect(leftovers.stdout.trim()).toBe('');
  });

  it('should fail a deployment whose image does not exist, with the task’s reason', async () => {
    const created = await api('POST', '/api/stacks', {
      name: 'ghost',
      configuration: 'services:\n  app:\n    image: local/nope:1\n    deploy:\n      endpoint_mode: dnsrr\n',
    });
    expect(created.status).toBe(201);
    const d = await deploy(created.body.id);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/^Failed to pull image local\/nope:1: .*(No such image|pull access denied|not found|does not exist)/i);
    expect((await api('GET', `/api/stacks/${created.body.id}`)).body.status).toBe('failed');
    expect(await api('DELETE', `/api/stacks/${created.body.id}`)).toMatchObject({ status: 204 });
  });

  it('should fail a deployment no node can take, naming the service', async () => {
    const file =
      'services:\n  gpu:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n    deploy:\n      endpoint_mode: dnsrr\n      placement:\n        constraints:\n          - node.labels.gpu == true\n';
    const created = await api('POST', '/api/stacks', { name: 'nowhere', configuration: file });
    const d = await deploy(created.body.id);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/^Service gpu cannot start: no nodes match constraints/);
    expect(await api('DELETE', `/api/stacks/${created.body.id}`)).toMatchObject({ status: 204 });
  });

  it('should log in to registries in a throw-away config directory, and say when the login fails', async () => {
    // 10.77.0.1 is the test bed's own bridge address: nothing listens on 5999, so the login fails fast
    const registry = await api('POST', '/api/registries', {
      registryUrl: '10.77.0.1:5999',
      username: 'otto',
      password: 'registry-secret-pw',
    });
    expect(registry.status).toBe(201);
    expect(registry.text).not.toContain('registry-secret-pw');
    const created = await api('POST', '/api/stacks', {
      name: 'private',
      configuration: 'services:\n  app:\n    image: 10.77.0.1:5999/app:1\n',
    });
    const d = await deploy(created.body.id);
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/^Could not log in to 10\.77\.0\.1:5999 as otto: /);
    expect(d.error).not.toContain('registry-secret-pw');
    const leftovers = await nodeExec('otn1', ['sh', '-c', 'ls -d /tmp/otternauts-login.* 2>/dev/null || true']);
    expect(leftovers.stdout.trim()).toBe('');
    expect((await api('DELETE', `/api/registries/${registry.body.id}`)).status).toBe(204);
    expect(await api('DELETE', `/api/stacks/${created.body.id}`)).toMatchObject({ status: 204 });
    expect(`${responses.join('\n')}\n${mc.output()}`).not.toContain('registry-secret-pw');
  });

  it('should remove a stack and wait until its networks are gone', async () => {
    expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
    expect((await onNode('otn1', ['docker', 'stack', 'ls', '--format', '{{.Name}}'])).split('\n')).not.toContain('shop');
    expect((await onNode('otn1', ['docker', 'network', 'ls', '--filter', 'label=com.docker.stack.namespace=shop', '-q'])).trim()).toBe('');
  });

  it('should never show a resolved secret value in any response or log line', () => {
    expect(responses.length).toBeGreaterThan(20);
    expect(`${responses.join('\n')}\n${mc.output()}`).not.toContain(SECRET_VALUE);
  });
});

// The same fleet on a cluster onboarded as the non-root `otter` user: every docker command
// (stack deploy, service ps/logs) then goes through `sudo -n`, as on servers where root
// cannot log in over SSH.
describe('stacks on a Swarm onboarded as a non-root sudo user', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    mc = await startMissionControl(newDataDir('stacks-sudo'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
    ({ api } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, bed.users.sudo);
    expect((await api('PUT', '/api/secrets/API_KEY', { value: SECRET_VALUE })).status).toBe(200);
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should deploy the fleet through sudo, see it converge and read its logs', async () => {
    const created = await api('POST', '/api/stacks', { name: 'shop', configuration: shop('sudo-v1') });
    expect(created.status).toBe(201);
    const started = await api('POST', `/api/stacks/${created.body.id}/deploy`);
    expect(started.status).toBe(202);
    const d = await waitFor(
      'the deployment',
      async () => {
        const x = (await api('GET', `/api/deployments/${started.body.deploymentId}`)).body;
        return ['succeeded', 'failed', 'timed_out'].includes(x.status) ? x : undefined;
      },
      200_000,
      1000,
    );
    expect(d.error).toBeNull();
    expect(d.status).toBe('succeeded');
    const stack = await waitFor(
      'all replicas',
      async () => {
        const s = (await api('GET', `/api/stacks/${created.body.id}`)).body;
        return s.services.length === 3 &&
          s.services.every((x: { replicasRunning: number; replicasDesired: number }) => x.replicasRunning === x.replicasDesired)
          ? s
          : undefined;
      },
      30_000,
      1000,
    );
    expect(stack.status).toBe('running');
    expect(stack.services.find((s: { name: string }) => s.name === 'web')).toMatchObject({ replicasRunning: 2, replicasDesired: 2 });
    const logs = await waitFor(
      'db log lines',
      async () => {
        const r = (await api('GET', `/api/stacks/${created.body.id}/services/db/logs?tail=20`)).body;
        return r.lines?.length >= 2 ? r : undefined;
      },
      30_000,
      1000,
    );
    expect(logs.lines.at(-1).message).toMatch(/^sudo-v1 \d+$/);
    // Mission Control never logged in as root: every session on the manager (one, pooled) was otter's.
    const accepted = (await nodeExec('otn1', ['grep', 'Accepted publickey', '/var/log/sshd.log'])).stdout.trim().split('\n');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((l) => !l.includes(` for ${bed.users.sudo} from `))).toEqual([]);
  });
});
