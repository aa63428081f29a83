import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gitAuthorize, nodeExec, rekey, testbedUp, type TestbedState } from '../testbed/testbed.js';
import type { RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { sshGitRepo, WorkClone, type SshGitRepo } from '../support/git-servers.js';
import { githubPing, githubPush, pushInfo, sendHook, type HookCommit, type HookRequest } from '../support/webhooks.js';
import { filesContaining, SecretWatch } from '../support/secret-watch.js';
import { gitDeploys, serviceSpec, short, specBecomes, startGitMissionControl, stopGitSuite } from '../support/git-deploys.js';

// A stack whose Compose file lives in a repository served over SSH by a test node (the git
// user's login shell is git-shell): the host key confirmed, a deploy key Mission Control
// generated, pushes announced by webhooks signed exactly as GitHub signs them. Every decision
// is checked in the API's delivery records and the deployed commit on the Swarm itself.
const run = (cmd: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(cmd, args, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))),
  );
const RELEASE_LABEL = 'test.otternauts.release';
const shopFile = (release: string) => `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "mkdir -p /www && echo $$RELEASE > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      RELEASE: ${release}
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      labels:
        ${RELEASE_LABEL}: ${release}
`;

describe('deploying from a Git repository over SSH, pushed and announced like GitHub', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let git: ReturnType<typeof gitDeploys>;
  let work: string;
  let clone: WorkClone;
  let repo: SshGitRepo;
  let watch: SecretWatch;
  let repositoryId: string;
  let deployKeyPublic: string;
  let stackId: string;
  let hookUrl: string;
  let hookSecret: string;
  const manager = 'otn1';
  const gitHost = 'otn2';
  const commits: Record<string, string> = {};
  const deploymentIds: string[] = [];
  let lastPushed: string | null = null;
  let r2Hook: HookRequest;

  /** Commit the shop file (and `extra` files), push to `branch`; returns the webhook's commit entry. */
  const pushRelease = async (release: string, branch = 'main', extra: Record<string, string> = {}): Promise<HookCommit> => {
    const files = release ? { 'deploy/compose.yaml': shopFile(release), ...extra } : extra;
    const c = await clone.commitAndPush(`release ${release || 'docs'} on ${branch}`, files, branch);
    commits[release || c.subject] = c.sha;
    return c;
  };
  const announce = (c: HookCommit[], branch = 'main', secret = hookSecret): HookRequest => {
    const before = branch === 'main' ? lastPushed : null;
    const req = githubPush(
      secret,
      pushInfo({ branch, before, after: c.at(-1)!.sha, fullName: 'otto/shop', cloneUrl: repo.url, commits: c }),
    );
    if (branch === 'main') lastPushed = c.at(-1)!.sha;
    return req;
  };
  const release = async () => (await serviceSpec(manager, 'shop_web')).Labels[RELEASE_LABEL];

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-git-deploy-'));
    watch = new SecretWatch([bed.keys.ed25519]);
    // sampled from before Mission Control starts until every fetch and deploy is over
    watch.start(bed.nodes.map((n) => n.name));
    ({ mc, api, responses, git } = await startGitMissionControl('git-deploy', watch));
    // otn1 is the Swarm; otn2 is only the Git host, as a Git server would be
    await onboardCluster(api, bed, [bed.nodes[0]], 'root');
    repo = await sshGitRepo(bed, bed.nodes[1], 'shop', work);
    clone = await WorkClone.create(path.join(work, 'shop'));
    await clone.addRemote('origin', repo.url, repo.pushEnv);
    clone.write('README.md', '# shop\n');
    lastPushed = (await pushRelease('r1')).sha;
  }, 600_000);

  afterAll(() => stopGitSuite('git-deploy', { watch, mc, work }), 300_000);

  it('should refuse a URL that carries credentials, and a host key the Git host does not present', async () => {
    const withToken = await api('POST', '/api/repositories', {
      name: 'leaky',
      url: 'https://otto:hunter2-in-url@127.0.0.1/otto/shop.git',
      access: 'public',
    });
    expect(withToken.status).toBe(400);
    expect(withToken.text).toMatch(/token/i);
    expect(withToken.text).not.toContain('hunter2-in-url');

    const scan = await api('POST', '/api/repositories/scan', { url: repo.url });
    expect(scan.status).toBe(200);
    expect(scan.body).toMatchObject({ host: bed.nodes[1].address, port: 22 });
    expect(Object.values(bed.nodes[1].hostKeyFingerprints)).toContain(scan.body.fingerprint);

    // otn1's key: what a man in the middle would present
    const wrong = await api('POST', '/api/repositories', {
      name: 'shop',
      url: repo.url,
      access: 'deploy_key',
      fingerprint: bed.nodes[0].hostKeyFingerprints.ed25519,
    });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    expect(wrong.status).toBeLessThan(500);
    expect((await api('GET', '/api/repositories')).body).toEqual([]);
  });

  it('should add the repository with a deploy key it generated, and fetch once the key is on the Git host', async () => {
    const scan = (await api('POST', '/api/repositories/scan', { url: repo.url })).body;
    const created = await api('POST', '/api/repositories', {
      name: 'shop',
      url: repo.url,
      access: 'deploy_key',
      fingerprint: scan.fingerprint,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'ssh', access: 'deploy_key', hostKeyFingerprint: scan.fingerprint, hasToken: false });
    expect(created.body.deployKeyPublic).toMatch(/^ssh-ed25519 [A-Za-z0-9+/]+=*( .*)?$/);
    expect(created.body.deployKeySetup.map((s: { provider: string }) => s.provider)).toEqual(expect.arrayContaining(['github']));
    repositoryId = created.body.id;
    deployKeyPublic = created.body.deployKeyPublic;

    // the Git host does not know the key yet: a clear failure, recorded on the repository
    const refused = await api('POST', `/api/repositories/${repositoryId}/check`);
    expect(refused.status).toBe(200);
    expect(refused.body.ok).toBe(false);
    expect(refused.body.error).toMatch(/permission denied|deploy key|access/i);
    expect((await api('GET', `/api/repositories/${repositoryId}`)).body.lastError).toBeTruthy();

    await gitAuthorize(gitHost, deployKeyPublic);
    const check = await api('POST', `/api/repositories/${repositoryId}/check`);
    expect(check.body).toMatchObject({ ok: true });
    expect(check.body.branches).toEqual(expect.arrayContaining([{ name: 'main', sha: commits.r1 }]));
    const files = (await api('GET', `/api/repositories/${repositoryId}/files?ref=main`)).body;
    expect(files.commit.sha).toBe(commits.r1);
    expect(files.composeFiles).toContain('deploy/compose.yaml');
    // the fetch went through git-shell as the git user, authenticated by the deploy key
    const log = (await nodeExec(gitHost, ['cat', '/var/log/sshd.log'])).stdout;
    expect(log).toMatch(/Accepted publickey for git from 10\.77\.0\.1 port \d+ ssh2: ED25519/);
  });

  it('should deploy the stack from the repository and record the commit', async () => {
    const source = { repositoryId, ref: 'main', path: 'deploy/', pollIntervalSeconds: 0 };
    const validated = await api('POST', '/api/stacks/validate', { name: 'shop', source });
    expect(validated.body).toMatchObject({ valid: true, file: 'deploy/compose.yaml', commit: { sha: commits.r1 } });
    const created = await api('POST', '/api/stacks', { name: 'shop', source });
    expect(created.status).toBe(201);
    stackId = created.body.id;
    expect(created.body.source).toMatchObject({
      repositoryId,
      ref: 'main',
      path: expect.stringMatching(/^deploy\/?$/),
      pollIntervalSeconds: 0,
      autoDeploy: true,
    });
    expect(created.body.configuration).toBe(shopFile('r1'));

    const started = await api('POST', `/api/stacks/${stackId}/deploy`);
    expect(started.status).toBe(202);
    const d = await git.finished(started.body.deploymentId);
    expect(d.error).toBeNull();
    expect(d).toMatchObject({
      status: 'succeeded',
      trigger: 'api',
      ref: 'main',
      composePath: 'deploy/compose.yaml',
      commit: { sha: commits.r1, subject: 'release r1 on main' },
    });
    deploymentIds.push(d.id);
    expect(await release()).toBe('r1');
    expect((await api('GET', `/api/stacks/${stackId}`)).body.commit.sha).toBe(commits.r1);
  });

  it('should give the stack a webhook whose secret is not in its URL and is shown once', async () => {
    const made = await api('POST', `/api/stacks/${stackId}/webhook`);
    expect(made.status).toBeLessThan(300);
    ({ url: hookUrl, secret: hookSecret } = made.body);
    expect(hookUrl).toMatch(new RegExp(`^${mc.url}/api/hooks/[^/]+$`));
    expect(hookSecret.length).toBeGreaterThanOrEqual(20);
    expect(hookUrl).not.toContain(hookSecret);
    watch.add(hookSecret);
    const shown = await api('GET', `/api/stacks/${stackId}/webhook`);
    expect(shown.body).toMatchObject({ url: hookUrl, configured: true });
    expect(shown.text).not.toContain(hookSecret);
    const ping = await sendHook(hookUrl, githubPing(hookSecret, 'otto/shop'));
    expect(ping.status).toBe(200);
    expect(ping.body.reason).toMatch(/^ping: webhook is set up; pushes to main will deploy/);
  });

  it('should deploy a pushed commit announced by a GitHub-signed push webhook', async () => {
    const c = await pushRelease('r2');
    const hook = announce([c]);
    r2Hook = hook;
    const answer = await sendHook(hookUrl, hook);
    console.log(`GitHub push webhook answered ${answer.status} in ${answer.ms.toFixed(0)} ms: ${answer.text}`);
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ decision: 'queued', reason: `queued: deploying ${short(c.sha)} from main` });
    const delivery = await git.settled(stackId, (d) => d.deliveryId === hook.deliveryId, 'the push delivery');
    expect(delivery).toMatchObject({
      source: 'github',
      event: 'push',
      ref: 'refs/heads/main',
      commit: c.sha,
      signature: 'valid',
      decision: 'deployed',
    });
    expect(delivery.reason).toBe(`deployed as version ${delivery.version}`);
    const d = await git.finished(delivery.deploymentId!);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'push', version: delivery.version, commit: { sha: c.sha } });
    deploymentIds.push(d.id);
    expect(await release()).toBe('r2');
  });

  it('should answer a wrong signature with 401 and a redelivery as a duplicate, deploying neither', async () => {
    const before = (await git.deployments(stackId)).length;
    const c = await pushRelease('r3-never');
    const forged = announce([c], 'main', 'not-the-secret-at-all');
    const rejected = await sendHook(hookUrl, forged);
    expect(rejected.status).toBe(401);
    expect(rejected.body.reason).toBe('signature mismatch');
    const unsigned = announce([c]);
    delete unsigned.headers['x-hub-signature-256'];
    delete unsigned.headers['x-hub-signature'];
    expect((await sendHook(hookUrl, unsigned)).status).toBe(401);
    // a well-signed request to a webhook that does not exist
    expect((await sendHook(hookUrl.replace(/[^/]+$/, 'no-such-hook'), announce([c]))).status).toBe(404);
    // one byte changed after signing: the HMAC covers the raw body
    const tampered = announce([c]);
    expect((await sendHook(hookUrl, { ...tampered, body: tampered.body.replace('"forced": false', '"forced": true ') })).status).toBe(401);

    // GitHub's "Redeliver" sends r2's delivery again: the same id, body and signature
    const duplicate = await sendHook(hookUrl, r2Hook);
    expect(duplicate.status).toBe(200);
    expect(duplicate.body.decision).toBe('duplicate');
    expect(duplicate.body.reason).toMatch(/^duplicate delivery \(first received \d{2}:\d{2}:\d{2}( UTC)?\)$/);

    await sleep(4000); // what a wrongly accepted delivery would have needed to start deploying
    expect((await git.deployments(stackId)).length).toBe(before);
    expect(await release()).toBe('r2');
    const recorded = await git.deliveries(stackId);
    const rejections = recorded.filter((d) => d.decision === 'rejected');
    expect(rejections.map((r) => r.reason)).toContain('signature mismatch');
    for (const r of rejections) {
      expect(r.reason).toMatch(/^signature (mismatch|missing)/);
      expect(r.deploymentId).toBeNull();
    }
    expect(
      recorded
        .filter((d) => d.deliveryId === r2Hook.deliveryId)
        .map((d) => d.decision)
        .sort(),
    ).toEqual(['deployed', 'duplicate']);
    lastPushed = c.sha;
  });

  it('should deploy only the last of three pushes in a burst, recording the others as superseded', async () => {
    const burst = [await pushRelease('r4'), await pushRelease('r5'), await pushRelease('r6')];
    // a deployment under way: every delivery of the burst has to queue behind it
    const busy = await api('POST', `/api/stacks/${stackId}/deploy`, { ref: commits.r2 });
    expect(busy.status).toBe(202);
    const hooks: HookRequest[] = [];
    for (const c of burst) {
      const hook = announce([c]);
      hooks.push(hook);
      const answer = await sendHook(hookUrl, hook);
      expect(answer.status).toBe(202);
      expect(answer.body.decision).toBe('queued');
    }
    const last = await git.settled(stackId, (d) => d.deliveryId === hooks[2].deliveryId, 'the last delivery of the burst', 180_000);
    expect(last).toMatchObject({ decision: 'deployed', commit: commits.r6 });
    for (const h of hooks.slice(0, 2)) {
      const d = await git.settled(stackId, (x) => x.deliveryId === h.deliveryId, 'an earlier delivery of the burst');
      expect(d).toMatchObject({ decision: 'superseded', reason: `superseded by ${short(commits.r6)}`, deploymentId: null });
    }
    const busyDone = await git.finished(busy.body.deploymentId);
    expect(busyDone.status).toBe('succeeded');
    const d = await git.finished(last.deploymentId!);
    const secs = (a: string, b: string) => ((Date.parse(b) - Date.parse(a)) / 1000).toFixed(1);
    console.log(
      `burst: the deployment under way ran ${secs(busyDone.createdAt, busyDone.finishedAt)} s; the last push's deployment was created ${secs(busyDone.finishedAt, d.createdAt)} s after it and ran ${secs(d.createdAt, d.finishedAt)} s`,
    );
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'push', commit: { sha: commits.r6 } });
    deploymentIds.push(d.id);
    const deployedShas = (await git.deployments(stackId)).map((x) => x.commit?.sha);
    for (const skipped of [commits.r4, commits.r5, commits['r3-never']]) expect(deployedShas).not.toContain(skipped);
    expect(await release()).toBe('r6');
  });

  it('should record a push to another branch, and one that does not touch the stack’s folder, as ignored with the reason', async () => {
    await clone.checkout('dev', true);
    const dev = await pushRelease('r-dev', 'dev');
    const devHook = announce([dev], 'dev');
    const devAnswer = await sendHook(hookUrl, devHook);
    expect(devAnswer.status).toBe(200);
    expect(devAnswer.body).toMatchObject({ decision: 'ignored', reason: 'ignored: pushed to dev, this stack follows main' });
    await clone.checkout('main');
    await clone.run(['reset', '-q', '--hard', commits.r6]);

    const docs = await pushRelease('', 'main', { 'README.md': '# shop\n\nDocs only.\n' });
    const docsHook = announce([docs]);
    const docsAnswer = await sendHook(hookUrl, docsHook);
    expect([200, 202]).toContain(docsAnswer.status);
    const recorded = await git.settled(stackId, (d) => d.deliveryId === docsHook.deliveryId, 'the docs-only delivery');
    expect(recorded).toMatchObject({ decision: 'ignored', reason: 'ignored: no change under deploy/', deploymentId: null });
    if (docsAnswer.status === 200) expect(docsAnswer.body.reason).toBe('ignored: no change under deploy/');

    const devRecord = (await git.deliveries(stackId)).find((d) => d.deliveryId === devHook.deliveryId);
    expect(devRecord).toMatchObject({
      decision: 'ignored',
      ref: 'refs/heads/dev',
      commit: dev.sha,
      reason: 'ignored: pushed to dev, this stack follows main',
    });
    expect(await release()).toBe('r6');
  });

  it('should roll back to the first deployment, putting its commit back on the Swarm', async () => {
    const res = await api('POST', `/api/stacks/${stackId}/rollback`, { deploymentId: deploymentIds[0] });
    expect(res.status).toBe(202);
    const d = await git.finished(res.body.deploymentId);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'rollback', rollbackOfId: deploymentIds[0], commit: { sha: commits.r1 } });
    await specBecomes(manager, 'shop_web', 'r1 back on the service', (spec) => spec.Labels[RELEASE_LABEL] === 'r1');
    expect((await serviceSpec(manager, 'shop_web')).TaskTemplate.ContainerSpec.Env).toContain('RELEASE=r1');
    const stack = (await api('GET', `/api/stacks/${stackId}`)).body;
    expect(stack.commit.sha).toBe(commits.r1);
    const history = await git.deployments(stackId);
    expect(history.slice(0, 3).map((h) => `${h.trigger}:${short(h.commit.sha)}`)).toEqual([
      `rollback:${short(commits.r1)}`,
      `push:${short(commits.r6)}`,
      `api:${short(commits.r2)}`,
    ]);
  });

  it('should refuse a Git host whose host key changed until the new key is confirmed', async () => {
    const rebuilt = (await rekey(gitHost)).nodes[1];
    const refused = (await api('POST', `/api/repositories/${repositoryId}/check`)).body;
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('different host key');
    // it names a fingerprint: the one confirmed, or the one the host shows now
    const named = /SHA256:[A-Za-z0-9+/=]+/.exec(refused.error)?.[0];
    expect([bed.nodes[1].hostKeyFingerprints.ed25519, rebuilt.hostKeyFingerprints.ed25519]).toContain(named);
    console.log(`host key changed: ${refused.error}`);
    const scan = (await api('POST', '/api/repositories/scan', { url: repo.url })).body;
    expect(Object.values(rebuilt.hostKeyFingerprints)).toContain(scan.fingerprint);
    expect((await api('PUT', `/api/repositories/${repositoryId}/host-key`, { fingerprint: scan.fingerprint })).status).toBe(200);
    const check = (await api('POST', `/api/repositories/${repositoryId}/check`)).body;
    expect(check.ok).toBe(true);
  });

  it('should never show the deploy key or the webhook secret in a response, a log line, a process argument or a file left behind', async () => {
    await watch.stop();
    console.log(
      `argument watch: ${watch.hostSamples} host samples, ${watch.nodeSamples} node samples, ${watch.gitCommands.size} git/ssh command lines, ${watch.keyFiles.size} deploy key file(s) caught while in use`,
    );
    // the watch saw Mission Control's own git calls (hooks off), and the nodes' own processes
    expect([...watch.gitCommands].some((c) => c.includes('core.hooksPath=/dev/null'))).toBe(true);
    expect([...watch.nodeCommands].some((c) => c.startsWith(`${gitHost}: sshd`))).toBe(true);
    expect(watch.hits).toEqual([]);
    // the private half handed to ssh for a fetch: private to the process, gone afterwards
    expect(watch.keyFiles.size).toBeGreaterThan(0);
    for (const k of watch.keyFiles.values()) {
      expect(k.mode).toBe(0o600);
      expect(fs.existsSync(k.path)).toBe(false);
      // the deploy key indeed: its public half is the one the API showed
      const copy = path.join(work, 'caught_key');
      fs.writeFileSync(copy, k.content, { mode: 0o600 });
      expect((await run('ssh-keygen', ['-y', '-f', copy])).split(' ').slice(0, 2)).toEqual(deployKeyPublic.split(' ').slice(0, 2));
      fs.rmSync(copy);
    }
    const everything = `${responses.join('\n')}\n${mc.output()}`;
    expect(watch.findIn(everything.replace(`"secret":"${hookSecret}"`, ''))).toEqual([]);
    expect(watch.findIn(mc.output())).toEqual([]);
    expect(filesContaining(mc.dataDir, watch.all())).toEqual([]);
    for (const n of bed.nodes) expect(`${n.name}: ${(await nodeExec(n.name, ['ls', '-A', '/tmp'])).stdout.trim()}`).toBe(`${n.name}: `);
  });
});
