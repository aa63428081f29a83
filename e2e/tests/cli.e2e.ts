import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, type RunningMissionControl } from '../support/mission-control.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { otternauts } from '../support/cli.js';

// The CLI as a pipeline runs it, against a real Mission Control on a real 1-node Swarm:
// `deploy --image --wait` exits 0 once the service converges, 1 with the task's reason when it
// cannot; a deploy token limited to one stack can deploy that stack and nothing else.
const FILE = (image: string) =>
  `# the shop\nservices:\n  web:\n    image: ${image} # set by CI\n    command: ["sleep", "3600"]\n    deploy:\n      endpoint_mode: dnsrr\n`;

describe('the otternauts CLI in a pipeline', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let shopToken: string;
  const run = (args: string[], token?: string, stdin?: string) => otternauts(args, { url: mc.url, token, stdin });

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 1 });
    // the image CI "built": the test bed's busybox under a new tag (no registry: a local image)
    const tagged = await nodeExec(bed.nodes[0].name, ['docker', 'tag', 'local/busybox:1', 'local/busybox:1.4.2']);
    expect(tagged.code).toBe(0);
    mc = await startMissionControl(newDataDir('cli'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
    await onboardCluster((m, r, b) => mc.api(m, r, b), bed, bed.nodes, 'root');
    for (const name of ['shop', 'blog'])
      expect((await mc.api('POST', '/api/stacks', { name, configuration: FILE('local/busybox:1') })).status).toBe(201);
    const made = await run(['tokens', 'create', 'ci-shop', '--scope', 'deploy', '--stack', 'shop']);
    expect(made.code).toBe(0);
    shopToken = made.stdout.trim();
    expect(shopToken).toMatch(/^otn_[A-Za-z0-9_-]{43}$/);
  }, 600_000);

  afterAll(async () => {
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should deploy a new image with --wait and exit 0 once it runs, with JSON that parses', async () => {
    const r = await run(['deploy', 'shop', '--image', 'web=local/busybox:1.4.2', '--wait', '--timeout', '180', '--json'], shopToken);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({ stack: 'shop', version: 1, status: 'succeeded', error: null });
    expect(outcome.services).toEqual([
      expect.objectContaining({ name: 'web', image: 'local/busybox:1.4.2', replicasRunning: 1, replicasDesired: 1 }),
    ]);
    const spec = await nodeExec(bed.nodes[0].name, [
      'docker',
      'service',
      'inspect',
      'shop_web',
      '--format',
      '{{.Spec.TaskTemplate.ContainerSpec.Image}}',
    ]);
    expect(spec.stdout.trim()).toBe('local/busybox:1.4.2');
    // the stored file changed only in the image: the comments are still there
    const stacks = (await mc.api('GET', '/api/stacks')).body as Array<{ id: string; name: string }>;
    const shop = (await mc.api('GET', `/api/stacks/${stacks.find((s) => s.name === 'shop')!.id}`)).body;
    expect(shop.configuration).toBe(FILE('local/busybox:1.4.2'));
    const history = await run(['history', 'shop', '--json'], shopToken);
    expect(JSON.parse(history.stdout)[0]).toMatchObject({ version: 1, status: 'succeeded', deployedBy: 'ci-shop' });
  });

  it('should exit 1 with the task’s reason when the image cannot run', async () => {
    const r = await run(['deploy', 'shop', '--image', 'web=local/nope:9', '--wait', '--timeout', '180'], shopToken);
    expect(r.code).toBe(1);
    // the deployment's error, then the task's own reason for the service that could not start
    expect(r.stderr).toMatch(
      /✗ shop version 2 failed: .+\n\s+web: .*(No such image|pull access denied|not found|does not exist).*local\/nope:9/i,
    );
    expect(r.stdout).toBe('');
  });

  it('should let the shop token deploy nothing else and read no secrets (exit 4), and say so', async () => {
    const other = await run(['deploy', 'blog', '--image', 'web=local/busybox:1.4.2'], shopToken);
    // the token does not even see the other stack
    expect(other.code).toBe(3);
    expect(other.stderr).toContain('There is no stack blog; the stacks are: shop');
    const blog = ((await mc.api('GET', '/api/stacks')).body as Array<{ id: string; name: string }>).find((s) => s.name === 'blog')!;
    const direct = await fetch(`${mc.url}/api/stacks/${blog.id}/deploy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shopToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ images: { web: 'local/busybox:1.4.2' } }),
    });
    expect(direct.status).toBe(403);
    const secrets = await run(['secrets', 'ls'], shopToken);
    expect(secrets.code).toBe(4);
    expect(secrets.stderr).toContain('ci-shop');
    const set = await run(['secrets', 'set', 'DB_PASSWORD'], shopToken, 'hunter2-value');
    expect(set.code).toBe(4);
    expect(set.stderr).not.toContain('hunter2-value');
    expect((await mc.api('GET', '/api/secrets')).body).toEqual([]);
  });

  it('should refuse a revoked token with exit 4, and a bad argument with exit 3', async () => {
    const made = await run(['tokens', 'create', 'ci-gone', '--scope', 'read', '--json']);
    const token = JSON.parse(made.stdout).token as string;
    expect((await run(['stacks', 'ls'], token)).code).toBe(0);
    expect((await run(['tokens', 'revoke', 'ci-gone'])).code).toBe(0);
    const revoked = await run(['status'], token);
    expect(revoked.code).toBe(4);
    expect(revoked.stderr).toMatch(/revoked/i);
    expect(revoked.stderr).not.toContain(token);
    expect((await run(['deploy', 'shop', '--image', 'web'], shopToken)).code).toBe(3);
  });
});
