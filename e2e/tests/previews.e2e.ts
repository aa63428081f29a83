import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { addDeployKeyRepository, sshGitRepo, WorkClone, type SshGitRepo } from '../support/git-servers.js';
import { sendHook, type HookCommit, type HookRequest } from '../support/webhooks.js';
import { gitDeploys, serviceSpec, short, stopGitSuite, type Delivery } from '../support/git-deploys.js';
import {
  githubPullRequest,
  previewsApi,
  publishRequestHead,
  runningTasks,
  swarmForgets,
  swarmNetworks,
  swarmStacks,
  type PullRequestInfo,
} from '../support/previews.js';

// Preview stacks of pull requests on a real Swarm: a Git stack from a repository served over
// SSH by a test node, announced by `pull_request` webhooks in GitHub's shape and signed as
// GitHub signs them, the request's head published under refs/pull/N/head in the bare repository
// as GitHub does. What each delivery did is read from the parent's delivery records, and what
// it really changed from the Swarm on the manager: stacks, services, labels, networks.
const RELEASE_LABEL = 'test.otternauts.release';
const MANAGER = 'otn1';
const PREVIEW_DOMAIN = 'pr-{number}.preview.example.test';
const shopFile = (release: string) => `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo $$RELEASE > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      RELEASE: ${release}
      API_KEY: \${API_KEY}
    stop_grace_period: 1s
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      labels:
        ${RELEASE_LABEL}: ${release}
    x-otternauts:
      domains: [shop.example.test]
      port: 8080
      preview:
        domains: ['${PREVIEW_DOMAIN}']
`;
// what the test bed's Mission Control runs with: polls and sweeps every second, images as imported
const MC_ENV = {
  OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
  OTTERNAUTS_DEPLOY_TIMEOUT: '120',
  OTTERNAUTS_RESOLVE_IMAGE: 'never',
  OTTERNAUTS_GIT_POLL_TICK: '1',
};
// the stored secret the parent (and every preview) gets, and the value request #7's preview gets instead
const STACK_SECRET = `stack-only-${Math.random().toString(36).slice(2)}`;
const PR7_SECRET = `pr7-only-${Math.random().toString(36).slice(2)}`;
// the smallest time to live the settings allow
const TTL_SECONDS = 60;

type RequestDelivery = Delivery & { pullRequest: number | null; action: string | null };

describe('preview stacks of pull requests announced like GitHub', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let dataDir: string;
  // follows `mc` across the restart with a short time to live; keeps every answer and log
  const responses: string[] = [];
  const logs: string[] = [];
  const api = async (method: string, route: string, body?: unknown) => {
    const res = await mc.api(method, route, body);
    responses.push(res.text);
    return res;
  };
  const git = gitDeploys(api);
  const previews = previewsApi(api);
  let work: string;
  let clone: WorkClone;
  let repo: SshGitRepo;
  let stackId: string;
  let hookUrl: string;
  let hookSecret: string;
  let main: HookCommit;
  const heads: Record<string, HookCommit> = {};
  const previewIds: Record<number, string> = {};
  const started = Date.now();
  const mark = (what: string) => console.log(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);

  /**
   * Commits the shop file at `release` on the request's branch and publishes it as
   * refs/pull/N/head; the branch itself is pushed too unless it lives in a fork.
   */
  const pushToRequest = async (n: number, branch: string, release: string, fork = false): Promise<HookCommit> => {
    await clone.checkout(branch, !(await clone.run(['branch', '--list', branch])).trim());
    const subject = `release ${release} for #${n}`;
    let c: HookCommit;
    if (fork) {
      const made = await clone.write('deploy/compose.yaml', shopFile(release)).commit(subject);
      c = { ...made, ...(await clone.changes(made.sha)) };
    } else {
      c = await clone.commitAndPush(subject, { 'deploy/compose.yaml': shopFile(release) }, branch);
    }
    await publishRequestHead(clone, repo.pushEnv, n, c.sha);
    await clone.checkout('main');
    heads[release] = c;
    return c;
  };
  const request = (p: Partial<PullRequestInfo> & Pick<PullRequestInfo, 'action' | 'number' | 'headRef' | 'headSha'>): PullRequestInfo => ({
    title: `Request ${p.number}`,
    baseRef: 'main',
    baseSha: main.sha,
    fullName: 'otto/shop',
    cloneUrl: repo.url,
    ...p,
  });
  const signed = (p: PullRequestInfo, secret = hookSecret) => githubPullRequest(secret, p);
  const deliveries = async () => (await git.deliveries(stackId)) as RequestDelivery[];
  const settledHook = (hook: HookRequest, what: string, timeoutMs?: number) =>
    git.settled(stackId, (d) => d.deliveryId === hook.deliveryId, what, timeoutMs) as Promise<RequestDelivery>;
  const previewSpec = (n: number) => serviceSpec(MANAGER, `shop-pr-${n}_web`);
  const labelsWith = (labels: Record<string, string>, text: string) =>
    Object.entries(labels).filter(([k, v]) => k.includes(text) || v.includes(text));

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-previews-'));
    dataDir = newDataDir('previews');
    mc = await startMissionControl(dataDir, MC_ENV);
    // otn1 is the Swarm; otn2 only the Git host, as GitHub would be
    await onboardCluster(api, bed, [bed.nodes[0]], 'root');
    repo = await sshGitRepo(bed, bed.nodes[1], 'shop', work);
    clone = await WorkClone.create(path.join(work, 'shop'));
    await clone.addRemote('origin', repo.url, repo.pushEnv);
    main = await clone.commitAndPush('release r1 on main', { 'README.md': '# shop\n', 'deploy/compose.yaml': shopFile('r1') });

    const repository = await addDeployKeyRepository(api, repo);
    const check = (await api('POST', `/api/repositories/${repository.id}/check`)).body;
    if (!check.ok) throw new Error(`repository check: ${JSON.stringify(check)}`);

    if ((await api('PUT', '/api/secrets/API_KEY', { value: STACK_SECRET })).status !== 200) throw new Error('PUT /api/secrets/API_KEY');
    const source = { repositoryId: repository.id, ref: 'main', path: 'deploy/', pollIntervalSeconds: 0 };
    const created = await api('POST', '/api/stacks', { name: 'shop', source });
    if (created.status !== 201) throw new Error(`stack: ${created.status} ${created.text}`);
    stackId = created.body.id;
    const deployed = await git.finished((await api('POST', `/api/stacks/${stackId}/deploy`)).body.deploymentId);
    if (deployed.status !== 'succeeded') throw new Error(`the parent's deployment: ${deployed.status} ${deployed.error}`);
    ({ url: hookUrl, secret: hookSecret } = (await api('POST', `/api/stacks/${stackId}/webhook`)).body);
    mark('test bed, cluster, repository and the parent stack ready');
  }, 600_000);

  afterAll(async () => {
    // the Mission Control before the restart; stopGitSuite keeps the last one's log
    if (logs.length) fs.writeFileSync(path.join(os.tmpdir(), 'otn-e2e-previews-first-mission-control.log'), logs.join('\n'));
    await stopGitSuite('previews', { mc, work });
  }, 300_000);

  it('should turn previews on for the Git stack, refusing a limit out of range', async () => {
    expect(await api('GET', `/api/stacks/${stackId}/previews/settings`)).toMatchObject({
      status: 200,
      body: { enabled: false, allowForks: false, limit: 5 },
    });
    const zero = await api('PUT', `/api/stacks/${stackId}/previews/settings`, { enabled: true, limit: 0 });
    expect(zero.status).toBe(400);
    expect(zero.text).toMatch(/limit/);
    expect((await api('GET', `/api/stacks/${stackId}/previews/settings`)).body.enabled).toBe(false);

    expect(await previews.settings(stackId, { enabled: true })).toEqual({
      enabled: true,
      allowForks: false,
      limit: 5,
      ttlSeconds: 604_800,
    });
    expect(await previews.list(stackId)).toEqual([]);
    // request #7's preview gets its own API_KEY; the list names it, never its value
    expect((await api('PUT', `/api/stacks/${stackId}/previews/secrets/API_KEY`, { value: PR7_SECRET, pullRequest: 7 })).status).toBe(200);
    const secrets = await api('GET', `/api/stacks/${stackId}/previews/secrets`);
    expect(secrets.body.map((x: any) => `${x.name}:${x.pullRequest}`)).toEqual(['API_KEY:7']);
    expect(secrets.text).not.toContain(PR7_SECRET);
    // the parent: 2 replicas on its own domain
    const parent = await serviceSpec(MANAGER, 'shop_web');
    expect(parent.Mode.Replicated.Replicas).toBe(2);
    expect(parent.Labels['traefik.http.routers.shop-web.rule']).toBe('Host(`shop.example.test`)');
  });

  it('should deploy shop-pr-7 from a signed opened request and list it with its request', async () => {
    const head = await pushToRequest(7, 'feature/login', 'pr7-a');
    const hook = signed(
      request({ action: 'opened', number: 7, title: 'Log in with a passkey — première', headRef: 'feature/login', headSha: head.sha }),
    );
    const answer = await sendHook(hookUrl, hook);
    mark(`opened #7 answered ${answer.status} in ${answer.ms.toFixed(0)} ms`);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ decision: 'queued', reason: `queued: deploying ${short(head.sha)} as shop-pr-7` });

    const delivery = await settledHook(hook, 'the opened delivery');
    expect(delivery).toMatchObject({
      source: 'github',
      event: 'pull_request',
      ref: 'refs/pull/7/head',
      commit: head.sha,
      signature: 'valid',
      decision: 'deployed',
      reason: 'deployed shop-pr-7 as version 1',
      pullRequest: 7,
      action: 'open',
      version: 1,
    });
    const d = await git.finished(delivery.deploymentId!);
    mark(`shop-pr-7 deployed (${d.status})`);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'preview', version: 1, commit: { sha: head.sha } });

    const [listed] = await previews.list(stackId);
    expect(listed).toMatchObject({
      name: 'shop-pr-7',
      number: 7,
      title: 'Log in with a passkey — première',
      branch: 'feature/login',
      headSha: head.sha,
      fork: false,
      url: 'https://pr-7.preview.example.test',
      lastDeployment: { id: d.id, version: 1, status: 'succeeded' },
    });
    expect(Date.parse(listed.expiresAt) - Date.parse(listed.activeAt)).toBe(604_800_000);
    previewIds[7] = listed.stackId;
    const stack = (await api('GET', `/api/stacks/${listed.stackId}`)).body;
    const parentSource = (await api('GET', `/api/stacks/${stackId}`)).body.source;
    // the parent's repository and file, deployed only by its requests: no auto-deploy, polling or webhook of its own
    expect(stack).toMatchObject({
      name: 'shop-pr-7',
      preview: { parentId: stackId, parentName: 'shop', number: 7, branch: 'feature/login' },
      source: { repositoryId: parentSource.repositoryId, path: parentSource.path, autoDeploy: false, pollIntervalSeconds: 0 },
    });
    expect((await api('GET', `/api/stacks/${listed.stackId}/webhook`)).body.configured).toBe(false);
    expect((await api('GET', `/api/stacks/${stackId}`)).body.preview).toBeNull();
  });

  it('should run the preview on its templated domain with 1 replica, while the parent keeps 2 and its own domain', async () => {
    const spec = await previewSpec(7);
    expect(spec.Labels).toMatchObject({
      'traefik.enable': 'true',
      'traefik.http.routers.shop-pr-7-web.rule': 'Host(`pr-7.preview.example.test`)',
      'traefik.http.services.shop-pr-7-web.loadbalancer.server.port': '8080',
      [RELEASE_LABEL]: 'pr7-a',
    });
    // a preview never takes its parent's domain or router
    expect(labelsWith(spec.Labels, 'shop.example.test')).toEqual([]);
    expect(labelsWith(spec.Labels, 'routers.shop-web.')).toEqual([]);
    expect(spec.Mode.Replicated.Replicas).toBe(1);
    const parent = await serviceSpec(MANAGER, 'shop_web');
    expect(parent.Mode.Replicated.Replicas).toBe(2);
    expect(parent.Labels['traefik.http.routers.shop-web.rule']).toBe('Host(`shop.example.test`)');
    // the preview's own value of the secret, the parent's stored one
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain(`API_KEY=${PR7_SECRET}`);
    expect(parent.TaskTemplate.ContainerSpec.Env).toContain(`API_KEY=${STACK_SECRET}`);
    await waitFor(
      'one running task of shop-pr-7_web',
      async () => ((await runningTasks(MANAGER, 'shop-pr-7_web')) === 1 ? true : undefined),
      60_000,
      1000,
    );
  });

  it('should redeploy the preview at the new head of a synchronize, as a new deployment', async () => {
    const before = heads['pr7-a'].sha;
    const head = await pushToRequest(7, 'feature/login', 'pr7-b');
    const hook = signed(request({ action: 'synchronize', number: 7, headRef: 'feature/login', headSha: head.sha, before }));
    const answer = await sendHook(hookUrl, hook);
    expect(answer.status).toBe(202);
    expect(answer.body.reason).toBe(`queued: deploying ${short(head.sha)} as shop-pr-7`);
    const delivery = await settledHook(hook, 'the synchronize delivery');
    expect(delivery).toMatchObject({
      decision: 'deployed',
      reason: 'deployed shop-pr-7 as version 2',
      pullRequest: 7,
      action: 'update',
      commit: head.sha,
    });
    const d = await git.finished(delivery.deploymentId!);
    mark(`shop-pr-7 redeployed at ${short(head.sha)} (${d.status})`);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'preview', version: 2, commit: { sha: head.sha } });

    const spec = await previewSpec(7);
    expect(spec.Labels[RELEASE_LABEL]).toBe('pr7-b');
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain('RELEASE=pr7-b');
    expect(spec.Labels['traefik.http.routers.shop-pr-7-web.rule']).toBe('Host(`pr-7.preview.example.test`)');
    expect(spec.Mode.Replicated.Replicas).toBe(1);
    const history = await git.deployments(previewIds[7]);
    expect(history.map((h) => `${h.version}:${h.trigger}:${short(h.commit.sha)}`)).toEqual([
      `2:preview:${short(head.sha)}`,
      `1:preview:${short(before)}`,
    ]);
    expect((await previews.list(stackId)).map((p) => `${p.number}:${p.headSha}`)).toEqual([`7:${head.sha}`]);
    // the parent was left alone
    expect((await serviceSpec(MANAGER, 'shop_web')).Labels[RELEASE_LABEL]).toBe('r1');
  });

  it('should reject request deliveries with a bad signature and change nothing', async () => {
    const deploymentsBefore = (await git.deployments(previewIds[7])).length;
    const stacksBefore = (await previews.stackNames()).sort();
    const head = await pushToRequest(7, 'feature/login', 'pr7-never');
    const forged = signed(
      request({ action: 'synchronize', number: 7, headRef: 'feature/login', headSha: head.sha, before: heads['pr7-b'].sha }),
      'not-the-secret',
    );
    const rejected = await sendHook(hookUrl, forged);
    expect(rejected.status).toBe(401);
    expect(rejected.body).toMatchObject({ decision: 'rejected', reason: 'signature mismatch' });
    // signed right, then one byte changed: the HMAC covers the raw body
    const good = signed(request({ action: 'opened', number: 12, headRef: 'feature/login', headSha: head.sha }));
    const tampered = await sendHook(hookUrl, { ...good, body: good.body.replace('"number": 12', '"number": 13') });
    expect(tampered.status).toBe(401);
    expect(tampered.body.reason).toBe('signature mismatch');
    const unsigned = signed(request({ action: 'closed', number: 7, headRef: 'feature/login', headSha: heads['pr7-b'].sha }));
    delete unsigned.headers['x-hub-signature-256'];
    delete unsigned.headers['x-hub-signature'];
    const missing = await sendHook(hookUrl, unsigned);
    expect(missing.status).toBe(401);
    expect(missing.body.reason).toMatch(/^signature missing/);

    await sleep(4000); // what a wrongly accepted delivery would have needed to start
    expect((await git.deployments(previewIds[7])).length).toBe(deploymentsBefore);
    expect((await previews.stackNames()).sort()).toEqual(stacksBefore);
    expect(await swarmStacks(MANAGER)).not.toContain('shop-pr-12');
    expect(await swarmStacks(MANAGER)).not.toContain('shop-pr-13');
    expect((await previewSpec(7)).Labels[RELEASE_LABEL]).toBe('pr7-b');
    // recorded with nothing of the unverified body: no request, commit or delivery id
    const recorded = await deliveries();
    for (const answer of [rejected, tampered, missing]) {
      expect(recorded.find((d) => d.id === answer.body.deliveryId)).toMatchObject({
        event: 'pull_request',
        decision: 'rejected',
        reason: answer.body.reason,
        deliveryId: null,
        commit: null,
        pullRequest: null,
        deploymentId: null,
      });
    }
  });

  it('should tear the preview down on close: its stack, its networks and its row', async () => {
    expect(await swarmStacks(MANAGER)).toContain('shop-pr-7');
    expect(await swarmNetworks(MANAGER)).toContain('shop-pr-7_default');
    const hook = signed(request({ action: 'closed', number: 7, headRef: 'feature/login', headSha: heads['pr7-b'].sha, merged: true }));
    const answer = await sendHook(hookUrl, hook);
    expect(answer.status).toBe(202);
    expect(answer.body.reason).toBe('queued: tearing down shop-pr-7 (request #7 merged)');
    const delivery = await settledHook(hook, 'the closed delivery');
    mark('shop-pr-7 torn down');
    expect(delivery).toMatchObject({
      decision: 'removed',
      reason: 'removed: shop-pr-7 torn down (request #7 merged)',
      pullRequest: 7,
      action: 'close',
    });

    await swarmForgets(MANAGER, 'shop-pr-7');
    expect(await swarmNetworks(MANAGER)).not.toContain('shop-pr-7_default');
    expect((await api('GET', `/api/stacks/${previewIds[7]}`)).status).toBe(404);
    expect(await previews.stackNames()).toEqual(['shop']);
    expect(await previews.list(stackId)).toEqual([]);
    // the parent runs on, untouched
    expect(await swarmStacks(MANAGER)).toContain('shop');
    expect((await serviceSpec(MANAGER, 'shop_web')).Mode.Replicated.Replicas).toBe(2);

    // closing it again (a redelivery with another id): nothing left to tear down
    const again = await sendHook(
      hookUrl,
      signed(request({ action: 'closed', number: 7, headRef: 'feature/login', headSha: heads['pr7-b'].sha, merged: true })),
    );
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ decision: 'ignored', reason: 'ignored: request #7 merged; it has no preview to tear down' });

    const events = (await api('GET', '/api/events?kind=preview.created,preview.removed')).body.events;
    expect(events.map((e: any) => `${e.kind}:${e.stackName}`)).toEqual(['preview.removed:shop-pr-7', 'preview.created:shop-pr-7']);
    expect(events[0].message).toContain('request #7 merged');
  });

  describe(`with a time to live of ${TTL_SECONDS} s and at most 1 preview`, () => {
    let expiresAt: number;

    beforeAll(async () => {
      await mc.stop();
      logs.push(mc.output());
      mc = await startMissionControl(dataDir, { ...MC_ENV, OTTERNAUTS_PREVIEW_TTL: String(TTL_SECONDS) });
      // the same webhook, at the port this Mission Control listens on
      hookUrl = (await api('GET', `/api/stacks/${stackId}/webhook`)).body.url;
      mark('Mission Control restarted with the short time to live');
    }, 120_000);

    it('should deploy a first request under the limit of 1', async () => {
      expect(await previews.settings(stackId, { limit: 1 })).toEqual({
        enabled: true,
        allowForks: false,
        limit: 1,
        ttlSeconds: TTL_SECONDS,
      });
      const head = await pushToRequest(8, 'feature/cart', 'pr8-a');
      const hook = signed(request({ action: 'opened', number: 8, headRef: 'feature/cart', headSha: head.sha }));
      expect((await sendHook(hookUrl, hook)).status).toBe(202);
      const delivery = await settledHook(hook, 'the opened delivery of #8');
      expect(delivery).toMatchObject({ decision: 'deployed', pullRequest: 8, action: 'open' });
      mark('shop-pr-8 deployed');
      const spec = await previewSpec(8);
      expect(spec.Labels['traefik.http.routers.shop-pr-8-web.rule']).toBe('Host(`pr-8.preview.example.test`)');
      // no value of its own: the parent's secret
      expect(spec.TaskTemplate.ContainerSpec.Env).toContain(`API_KEY=${STACK_SECRET}`);
      const [listed] = await previews.list(stackId);
      expect(listed).toMatchObject({ name: 'shop-pr-8', branch: 'feature/cart', headSha: head.sha });
      expect(Date.parse(listed.expiresAt) - Date.parse(listed.activeAt)).toBe(TTL_SECONDS * 1000);
      expiresAt = Date.parse(listed.expiresAt);
    });

    it('should refuse a second request at the cap, with the reason', async () => {
      const head = await pushToRequest(10, 'feature/search', 'pr10-a');
      const hook = signed(request({ action: 'opened', number: 10, headRef: 'feature/search', headSha: head.sha }));
      const answer = await sendHook(hookUrl, hook);
      const reason = 'ignored: request #10 gets no preview: 1 preview is live, the most this stack allows; close one or raise the limit';
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ decision: 'ignored', reason });
      expect(await settledHook(hook, 'the refused delivery of #10')).toMatchObject({
        decision: 'ignored',
        reason,
        pullRequest: 10,
        deploymentId: null,
      });
      expect((await previews.list(stackId)).map((p) => p.name)).toEqual(['shop-pr-8']);
      expect(await swarmStacks(MANAGER)).not.toContain('shop-pr-10');
    });

    it('should record a fork’s request as ignored with its reason, deploying nothing', async () => {
      // GitHub publishes a fork's head in the base repository too
      const head = await pushToRequest(9, 'fork-of-mallory', 'pr9-fork', true);
      const hook = signed(request({ action: 'opened', number: 9, headRef: 'patch-1', headSha: head.sha, headFullName: 'mallory/shop' }));
      const answer = await sendHook(hookUrl, hook);
      const reason =
        'ignored: request #9 comes from a fork (mallory/shop); previews of forks are off for this stack because their code would run with its secrets';
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ decision: 'ignored', reason });
      const delivery = await settledHook(hook, 'the fork’s delivery');
      expect(delivery).toMatchObject({ decision: 'ignored', reason, pullRequest: 9, action: 'open', commit: head.sha, deploymentId: null });
      await sleep(3000); // what a wrongly queued deploy would have needed to start
      expect(await previews.stackNames()).not.toContain('shop-pr-9');
      expect(await swarmStacks(MANAGER)).not.toContain('shop-pr-9');
    });

    it('should tear the preview down once its time to live is over', async () => {
      const removal = await waitFor(
        'the time to live teardown of shop-pr-8',
        async () => (await deliveries()).find((d) => d.source === 'ttl' && d.pullRequest === 8 && d.decision === 'removed'),
        TTL_SECONDS * 1000 + 90_000,
        1000,
      );
      mark(`shop-pr-8 torn down by age, ${((Date.parse(removal.at) - expiresAt) / 1000).toFixed(1)} s after it expired`);
      expect(removal).toMatchObject({ action: 'close', signature: 'none', reason: 'removed: shop-pr-8 torn down (no push for 1 minute)' });
      // recorded when the time was up, not before
      expect(Date.parse(removal.at)).toBeGreaterThanOrEqual(expiresAt);
      await swarmForgets(MANAGER, 'shop-pr-8');
      expect(await swarmNetworks(MANAGER)).not.toContain('shop-pr-8_default');
      expect(await previews.list(stackId)).toEqual([]);
      expect(await previews.stackNames()).toEqual(['shop']);
      expect((await swarmStacks(MANAGER)).filter((s) => s.startsWith('shop'))).toEqual(['shop']);
    });

    it('should never show a secret value in an answer or a log line', async () => {
      // the webhook's secret is in the one answer that shows it, on purpose
      const seen = `${responses.join('\n')}\n${logs.join('\n')}\n${mc.output()}`.replace(`"secret":"${hookSecret}"`, '');
      expect(responses.length).toBeGreaterThan(50);
      const secrets = { STACK_SECRET, PR7_SECRET, hookSecret };
      expect(
        Object.entries(secrets)
          .filter(([, value]) => seen.includes(value))
          .map(([name]) => name),
      ).toEqual([]);
    });
  });
});
