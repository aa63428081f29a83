import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { nodeExec, testbedDown, testbedUp, type TestbedNode, type TestbedState } from '../testbed/testbed.js';
import { repoRoot, waitFor } from '../support/mission-control.js';
import { buildImage, docker, IMAGE } from '../support/mission-control-container.js';

// Mission Control on the Swarm it manages, as templates/mission-control.stack.yml deploys it
// (the commands of its header comment): the image loaded into a test node that is a Swarm
// manager, the token and key as Swarm secrets, the ingress network, `docker stack deploy`.
// It must answer on that network as Traefik reaches it (its domain in the Host header), say it
// runs on a managed cluster, accept the admin token from the secret, and keep its data on the
// volume across `docker service update --force` (stop-first: one SQLite writer at a time).
const SERVICE = 'otternauts_mission-control';
const DOMAIN = 'mc.example.test';

describe('Mission Control on its own Swarm (templates/mission-control.stack.yml)', () => {
  let bed: TestbedState;
  let node: TestbedNode;
  const inNode = (cmd: string[], timeoutMs?: number) => nodeExec(node.name, cmd, timeoutMs);
  /** a file in the node's /tmp (its bind-mounted folder on the host), mode 0600 */
  const put = (name: string, content: string | Buffer) =>
    fs.writeFileSync(path.join(node.dir, 'fs', 'tmp', name), content, { mode: 0o600 });
  const container = () =>
    waitFor(
      `${SERVICE} healthy`,
      async () => {
        const r = await inNode([
          'docker',
          'ps',
          '--filter',
          `label=com.docker.swarm.service.name=${SERVICE}`,
          '--format',
          '{{.ID}} {{.Status}}',
        ]);
        const healthy = r.stdout.split('\n').find((l) => l.includes('(healthy)'));
        return healthy ? healthy.split(' ')[0] : undefined;
      },
      120_000,
      1000,
    );
  /** a request from inside Mission Control's container, with the admin token read from its secret (in no argument list) */
  const asAdmin = async (method: string, route: string, body?: unknown) => {
    const script = `const t = require('fs').readFileSync('/run/secrets/otternauts_admin_token', 'utf8').trim();
      fetch('http://127.0.0.1:8080' + process.argv[1], { method: process.argv[2], headers: { authorization: 'Bearer ' + t, 'content-type': 'application/json' }, body: process.argv[3] || undefined })
        .then(async (r) => console.log(r.status, await r.text()), (e) => { console.error(e.message); process.exit(1); });`;
    const r = await inNode([
      'docker',
      'exec',
      await container(),
      'node',
      '-e',
      script,
      route,
      method,
      body === undefined ? '' : JSON.stringify(body),
    ]);
    const [status, ...rest] = r.stdout.trim().split(' ');
    return { status: Number(status), body: JSON.parse(rest.join(' ') || 'null') };
  };
  /** a request over the ingress network, as Traefik makes it for https://DOMAIN: to the task's
   * own address (Traefik's Swarm provider skips the virtual IP; the test bed has no IPVS anyway) */
  const throughNetwork = (route: string) =>
    inNode([
      'docker',
      'run',
      '--rm',
      '--network',
      'traefik-public',
      bed.image,
      'wget',
      '-S',
      '-q',
      '-O',
      '-',
      '--header',
      `Host: ${DOMAIN}`,
      `http://tasks.${SERVICE}:8080${route}`,
    ]);

  beforeAll(async () => {
    await buildImage();
    bed = await testbedUp({ nodes: 1, preswarm: ['otn1'] });
    node = bed.nodes[0];
    // no registry here: the image goes to the manager as a tar file
    const saved = await docker(['save', '-o', path.join(node.dir, 'fs', 'tmp', 'mission-control.tar'), IMAGE], {}, 300_000);
    expect(saved.code).toBe(0);
    const loaded = await inNode(['docker', 'load', '-i', '/tmp/mission-control.tar'], 300_000);
    expect([loaded.code, loaded.stderr]).toEqual([0, '']);
    fs.rmSync(path.join(node.dir, 'fs', 'tmp', 'mission-control.tar'));

    expect((await inNode(['docker', 'network', 'create', '--driver', 'overlay', '--attachable', 'traefik-public'])).code).toBe(0);
    put('token', `${crypto.randomBytes(32).toString('hex')}\n`);
    put('key', `${crypto.randomBytes(32).toString('base64')}\n`);
    expect((await inNode(['docker', 'secret', 'create', 'otternauts_admin_token', '/tmp/token'])).code).toBe(0);
    expect((await inNode(['docker', 'secret', 'create', 'otternauts_secret_key', '/tmp/key'])).code).toBe(0);
    fs.rmSync(path.join(node.dir, 'fs', 'tmp', 'token'));
    fs.rmSync(path.join(node.dir, 'fs', 'tmp', 'key'));

    put('mission-control.stack.yml', fs.readFileSync(path.join(repoRoot, 'templates', 'mission-control.stack.yml')));
    const deployed = await inNode(
      ['env', `OTTERNAUTS_DOMAIN=${DOMAIN}`, 'docker', 'stack', 'deploy', '-c', '/tmp/mission-control.stack.yml', 'otternauts'],
      120_000,
    );
    expect([deployed.code, deployed.stderr]).toEqual([0, expect.not.stringMatching(/error/i)]);
  }, 1_800_000);

  afterAll(async () => {
    await testbedDown();
  }, 300_000);

  it('should run on the manager, healthy, and answer on the ingress network as Traefik reaches it', async () => {
    await container();
    const health = await throughNetwork('/api/health');
    expect(health.code).toBe(0);
    const body = JSON.parse(health.stdout);
    // the dashboard shows its warning from this: whoever controls the cluster controls Mission Control
    expect(body).toMatchObject({ onManagedCluster: true });
    // no token, no entry, on that network as anywhere
    const servers = await throughNetwork('/api/servers');
    expect(servers.code).not.toBe(0);
    expect(servers.stderr).toContain('401');
  });

  it('should take the admin token from its Swarm secret and keep its data on the volume across an update', async () => {
    expect((await asAdmin('PUT', '/api/secrets/OTTO_SAYS', { value: 'hello from the swarm' })).status).toBeLessThan(300);
    const before = await container();
    const updated = await inNode(['docker', 'service', 'update', '--force', '--detach', SERVICE], 120_000);
    expect(updated.code).toBe(0);
    const after = await waitFor(
      'a new task, healthy',
      async () => {
        const id = await container();
        return id !== before ? id : undefined;
      },
      180_000,
      1000,
    );
    expect(after).not.toBe(before);
    // stop-first: the old task shut down before the new one started (never two writers)
    const tasks = await inNode(['docker', 'service', 'ps', SERVICE, '--format', '{{.DesiredState}} {{.CurrentState}}']);
    expect(tasks.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^Running Running/),
      expect.stringMatching(/^Shutdown (Shutdown|Complete)/),
    ]);
    const secrets = await asAdmin('GET', '/api/secrets');
    expect(secrets.status).toBe(200);
    expect((secrets.body as Array<{ name: string }>).map((s) => s.name)).toEqual(['OTTO_SAYS']);
    // the value never comes back
    expect(JSON.stringify(secrets.body)).not.toContain('hello from the swarm');
  });
});
