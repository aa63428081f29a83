import fs from 'node:fs';
import path from 'node:path';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { repoRoot } from '../support/mission-control.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { deploymentEnd } from '../support/deployments.js';
import { buildImage, docker, healthy, IMAGE, startContainer, type RunningContainer } from '../support/mission-control-container.js';

// Mission Control from its image, as `docker run` users get it: the servers and stacks flows
// (two test servers onboarded, a stack deployed on them) driven through the container, then a
// stop within the Swarm's 10 s grace period and a start on the same volume with nothing lost.
const FILE =
  'services:\n  web:\n    image: local/busybox:1\n    command: ["sleep", "3600"]\n    deploy:\n      replicas: 2\n      endpoint_mode: dnsrr\n';

describe('the Mission Control container image', () => {
  let bed: TestbedState;
  let mc: RunningContainer;
  let stackId: string;

  beforeAll(async () => {
    await buildImage();
    bed = await testbedUp({ nodes: 2 });
    mc = await startContainer('image', {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
  }, 1_800_000);

  afterAll(async () => {
    await mc?.remove();
    await testbedDown();
  }, 300_000);

  it('should refuse to start without an admin token, and say which variable to set', async () => {
    const r = await docker(['run', '--rm', '--network', 'host', '-e', 'OTTERNAUTS_PORT=19699', IMAGE]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/OTTERNAUTS_HOST: .*OTTERNAUTS_ADMIN_TOKEN/);
    // it never listened
    await expect(fetch('http://127.0.0.1:19699/api/health')).rejects.toThrow();
  });

  it('should run as the unprivileged otternauts user and pass its own HEALTHCHECK', async () => {
    const id = await docker(['exec', mc.name, 'id', '-u']);
    expect(id.stdout.trim()).toBe('10001');
    // pid 1 is tini, Mission Control its child, both that user; node keeps its young
    // generation small (--max-semi-space-size=2), one of its two memory levers
    const top = (await docker(['top', mc.name])).stdout;
    expect(top).toMatch(/^10001\s.*\stini -- node --max-semi-space-size=2 server\/dist\/main\.js$/m);
    expect(top).toMatch(/^10001\s.*:\d\d\s+node --max-semi-space-size=2 server\/dist\/main\.js$/m);
    expect(top).not.toMatch(/^(0|root)\s/m);
    // and glibc keeps two malloc arenas, not one per thread (the other lever)
    expect((await docker(['exec', mc.name, 'printenv', 'MALLOC_ARENA_MAX'])).stdout.trim()).toBe('2');
    expect(await healthy(mc.name)).toBe('healthy');
    // the token is required from outside: no header, no entry
    expect((await fetch(`${mc.url}/api/servers`)).status).toBe(401);
  });

  it('should onboard two test servers and deploy a stack on them from the container', async () => {
    await onboardCluster(mc.api, bed, bed.nodes, 'root');
    const servers = (await mc.api('GET', '/api/servers')).body as Array<{ status: string; role: string }>;
    expect(servers.map((s) => [s.role, s.status]).sort()).toEqual([
      ['manager', 'ready'],
      ['worker', 'ready'],
    ]);
    const created = await mc.api('POST', '/api/stacks', { name: 'shop', configuration: FILE });
    expect(created.status).toBe(201);
    stackId = created.body.id;
    const res = await mc.api('POST', `/api/stacks/${stackId}/deploy`);
    expect(res.status).toBe(202);
    const d = await deploymentEnd(mc.api, res.body.deploymentId);
    expect([d.status, d.error]).toEqual(['succeeded', null]);
    const tasks = await nodeExec(bed.nodes[0].name, [
      'docker',
      'service',
      'ps',
      'shop_web',
      '--filter',
      'desired-state=running',
      '--format',
      '{{.CurrentState}}',
    ]);
    expect(tasks.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^Running/), expect.stringMatching(/^Running/)]);
  });

  it('should back up its database online with the docs’ own command (docs/backup.md)', async () => {
    // the block of docs/backup.md that runs in the container, as written there
    const page = fs.readFileSync(path.join(repoRoot, 'docs', 'backup.md'), 'utf8');
    const block = /```sh\n(docker exec -w \/app\/server mission-control node -e '[\s\S]*?)\ndocker cp /.exec(page)?.[1];
    expect(block).toBeDefined();
    const script = /node -e '([\s\S]*)'$/.exec(block!)![1];
    const backup = await docker(['exec', '-w', '/app/server', mc.name, 'node', '-e', script]);
    expect([backup.code, backup.stdout.trim()]).toEqual([0, 'backed up']);
    // the copy is a database of its own with what Mission Control knows
    const read = await docker([
      'exec',
      '-w',
      '/app/server',
      mc.name,
      'node',
      '-e',
      'const D = require("better-sqlite3"); console.log(new D("/data/backup.db", { readonly: true }).prepare("select count(*) as n from Server").get().n)',
    ]);
    expect(read.stdout.trim()).toBe('2');
    expect((await docker(['exec', mc.name, 'rm', '/data/backup.db'])).code).toBe(0);
  });

  it('should stop cleanly within the grace period and start again on its volume with everything kept', async () => {
    const stopped = await mc.stop();
    console.log(`container: docker stop took ${stopped.seconds.toFixed(2)} s, exit code ${stopped.exitCode}`);
    expect(stopped.exitCode).toBe(0);
    // docker stop waits 10 s before SIGKILL (exit code 137): a clean exit 0 came before that
    expect(stopped.seconds).toBeLessThan(10);

    await mc.start();
    const servers = (await mc.api('GET', '/api/servers')).body as Array<{ name: string }>;
    expect(servers.map((s) => s.name).sort()).toEqual(bed.nodes.map((n) => n.name).sort());
    const history = (await mc.api('GET', `/api/stacks/${stackId}/deployments`)).body as Array<{ status: string }>;
    expect(history.map((h) => h.status)).toEqual(['succeeded']);
    // the SSH keys still decrypt (the secret key lives on the volume too): a new deploy works
    const res = await mc.api('POST', `/api/stacks/${stackId}/deploy`);
    expect(res.status).toBe(202);
    const d = await deploymentEnd(mc.api, res.body.deploymentId);
    expect(d.status).toBe('succeeded');
    expect(await healthy(mc.name)).toBe('healthy');
  });
});
