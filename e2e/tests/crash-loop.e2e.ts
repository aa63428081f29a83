import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';

// Deployments that cannot succeed end with the service's own reason as soon as its tasks
// show it (a crash loop is judged by its run of failed tasks, not by the deploy timeout), and
// a deployment leaves nothing secret behind: no stale registry login folder on the manager,
// no resolved secret value in any message quoting Docker's output.
const DEPLOY_TIMEOUT_S = 120;
/** Well under the deploy timeout: only judging by failed tasks ends a crash loop this soon. */
const JUDGED_WITHIN_MS = 60_000;
/** An image repository from a secret, uppercase: Docker refuses it and quotes it back. */
const SECRET_REPO = `Otter-Secret-${Math.random().toString(36).slice(2, 10)}`;

/** Container ids (hex), uuids and Swarm's 25-character task ids: none belongs in a message. */
const ID = /\b[0-9a-f]{12,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-|\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{25}\b/;

/** One service `app` running `command` (busybox ignores SIGTERM: 1 s stop grace). */
const oneService = (command: string) => `services:
  app:
    image: local/busybox:1
    command: ${command}
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
`;

describe('deployments that cannot succeed, and what they leave behind, on a real Swarm', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  const figures: string[] = [];

  const deploy = async (name: string, configuration: string) => {
    const created = await api('POST', '/api/stacks', { name, configuration });
    expect(created.status).toBe(201);
    const res = await api('POST', `/api/stacks/${created.body.id}/deploy`);
    expect(res.status).toBe(202);
    const d = await waitFor(
      `deployment of ${name}`,
      async () => {
        const x = (await api('GET', `/api/deployments/${res.body.deploymentId}`)).body;
        return ['succeeded', 'failed', 'timed_out'].includes(x.status) ? x : undefined;
      },
      (DEPLOY_TIMEOUT_S + 60) * 1000,
      1000,
    );
    return { stackId: created.body.id as string, d };
  };
  const onNode = async (cmd: string[]) => {
    const r = await nodeExec('otn1', cmd);
    if (r.code !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    // the default minimum Docker version: the test bed runs Engine 26
    mc = await startMissionControl(newDataDir('crash-loop'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: String(DEPLOY_TIMEOUT_S),
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
    ({ api, responses } = recordingApi(mc));
    await onboardCluster(api, bed, [bed.nodes[0]], 'root');
  }, 600_000);

  afterAll(async () => {
    // the figures the report quotes
    if (figures.length) console.log(`crash-loop figures:\n${figures.join('\n')}`);
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it.each([
    [
      'exit3',
      '["sh", "-c", "exit 3"]',
      /^Service app cannot start: task: non-zero exit \(3\) \(\d tasks in a row failed; Swarm keeps restarting it\)$/,
      'task: non-zero exit (3)',
    ],
    [
      'missing',
      '["nope"]',
      /^Service app cannot start: its command is not in the image local\/busybox:1 \(.*executable file not found.*\) \(\d tasks in a row failed/,
      'executable file not found',
    ],
  ])(
    'should judge the crash loop of %s failed by its failed tasks, long before the deploy timeout',
    async (stack, command, expected, reason) => {
      const { stackId, d } = await deploy(stack, oneService(command));
      const took = Date.parse(d.finishedAt) - Date.parse(d.startedAt);
      figures.push(
        `${stack}: judged failed ${(took / 1000).toFixed(1)} s after the deployment started (deploy timeout ${DEPLOY_TIMEOUT_S} s): ${d.error}`,
      );
      expect(d.status).toBe('failed');
      expect(d.error).toMatch(expected);
      expect(d.error.split(reason)).toHaveLength(2); // the reason once
      expect(d.error.split('app')).toHaveLength(2); // the service once
      expect(d.error).not.toMatch(ID);
      expect(took).toBeLessThan(JUDGED_WITHIN_MS);
      expect(d.job.progress.at(-1)).toMatchObject({ level: 'error', message: d.error });
      // Swarm did restart it: the verdict rests on several failed tasks, not on one
      const tasks = await onNode(['docker', 'service', 'ps', '--no-trunc', '--format', '{{.CurrentState}}', `${stack}_app`]);
      expect(tasks.split('\n').filter((l) => /^(Failed|Rejected)/.test(l)).length).toBeGreaterThanOrEqual(2);
      expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
    },
  );

  it('should sweep a login folder a stopped deployment left on the manager, and leave a fresh one alone', async () => {
    // what Mission Control killed mid-deploy leaves: a 0700 folder with a docker config.json holding a login
    const plant = (dir: string, age: string) =>
      onNode([
        'sh',
        '-c',
        `mkdir -m 0700 ${dir} && echo '{"auths":{"10.77.0.1:5999":{"auth":"b3R0bzpsZWZ0LWJlaGluZA=="}}}' > ${dir}/config.json && touch -d '${age}' ${dir}`,
      ]);
    await plant('/tmp/otternauts-login.Stale123', '30 minutes ago');
    await plant('/tmp/otternauts-login.Fresh456', '1 minute ago');
    const { stackId, d } = await deploy('tidy', oneService('["sleep", "3600"]'));
    expect(d.status).toBe('succeeded');
    expect(d.job.progress.map((p: { message: string }) => p.message)).toContain(
      'Removed 1 registry login folder(s) a stopped deployment left on otn1.',
    );
    const left = await onNode(['sh', '-c', 'ls -d /tmp/otternauts-login.* 2>/dev/null || true']);
    expect(left.trim().split('\n')).toEqual(['/tmp/otternauts-login.Fresh456']); // may belong to a deployment still running
    await onNode(['rm', '-rf', '/tmp/otternauts-login.Fresh456']);
    expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
  });

  it('should scrub a secret value Docker quotes back from the deployment, the job log, the API and the logs', async () => {
    expect((await api('PUT', '/api/secrets/APP_REPO', { value: SECRET_REPO })).status).toBe(200);
    const { stackId, d } = await deploy('leaky', 'services:\n  app:\n    image: ${APP_REPO}:1\n    deploy:\n      endpoint_mode: dnsrr\n');
    expect(d.status).toBe('failed');
    // Docker refused the uppercase reference and quoted it (Engine 26: `ContainerSpec: "…" is not a valid repository/tag`): we name the secret instead
    expect(d.error).toMatch(
      /^Configuration error: docker stack deploy refused the file: [^]*(is not a valid repository\/tag|must be lowercase)/,
    );
    expect(d.error).toContain('[secret APP_REPO]');
    figures.push(`leaky: ${d.error}`);
    const everything = [
      JSON.stringify(d),
      ...responses,
      JSON.stringify((await api('GET', `/api/stacks/${stackId}`)).body),
      mc.output(),
    ].join('\n');
    expect(everything).not.toContain(SECRET_REPO);
    expect(everything).not.toContain(SECRET_REPO.toLowerCase());
    expect(await api('DELETE', `/api/stacks/${stackId}`)).toMatchObject({ status: 204 });
  });
});
