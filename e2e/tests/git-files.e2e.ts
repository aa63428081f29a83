import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeExec, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { startGitHttpServer, WorkClone, type GitHttpServer } from '../support/git-servers.js';
import { giteaPush, pushInfo, sendHook } from '../support/webhooks.js';
import { filesContaining, SecretWatch } from '../support/secret-watch.js';
import { gitDeploys, serviceSpec, short, specBecomes, startGitMissionControl, stopGitSuite } from '../support/git-deploys.js';

// A repository over smart HTTP (git http-backend) with a read-only token: a stack whose Compose
// file reads a config file and an env_file beside it, a change to that file rolled out by a
// Gitea-signed push, paths leaving the repository refused with their line, a second stack
// deployed by polling alone, and a rollback that brings the old config back.
const TOKEN = `ghp_e2e${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
// the developer's own token (the test pushes with it): Mission Control's token is read-only
const PUSH_TOKEN = `push-e2e-${Math.random().toString(36).slice(2)}`;
const developer = { username: 'developer', password: PUSH_TOKEN, push: true };

const appFile = (configPath = './nginx.conf') => `services:
  web:
    image: local/busybox:1
    command: ["sleep", "86400"]
    env_file: ./app.env
    configs:
      - source: site
        target: /etc/nginx/nginx.conf
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
configs:
  site:
    file: ${configPath}
`;
const nginx = (text: string) => `events {}\nhttp { server { listen 8080; return 200 '${text}'; } }\n`;
const polledFile = (release: string) => `services:
  worker:
    image: local/busybox:1
    command: ["sleep", "86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      labels:
        test.otternauts.release: ${release}
`;
const configName = (content: string) => `app_site_${createHash('sha256').update(content).digest('hex').slice(0, 10)}`;

describe('deploying from a Git repository over smart HTTP, with files beside the Compose file', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let git: ReturnType<typeof gitDeploys>;
  let work: string;
  let server: GitHttpServer;
  let clone: WorkClone;
  let watch: SecretWatch;
  let repositoryId: string;
  let appId: string;
  let hookSecret: string;
  let hookUrl: string;
  const manager = 'otn1';
  const commits: Record<string, string> = {};
  const appDeployments: string[] = [];

  const commitAndPush = async (name: string, files: Record<string, string>, branch = 'main') => {
    const c = await clone.commitAndPush(name, files, branch);
    commits[name] = c.sha;
    return c;
  };
  const configs = async () =>
    (await nodeExec(manager, ['docker', 'config', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter((n) => n.startsWith('app_'));
  /** The config file as the running task sees it. */
  const configInTask = () =>
    waitFor(
      'the running task',
      async () => {
        const id = (
          await nodeExec(manager, ['docker', 'ps', '-q', '--filter', 'label=com.docker.swarm.service.name=app_web'])
        ).stdout.trim();
        if (!id || id.includes('\n')) return undefined; // the old task is still stopping
        const r = await nodeExec(manager, ['docker', 'exec', id, 'cat', '/etc/nginx/nginx.conf']);
        return r.code === 0 ? r.stdout : undefined;
      },
      60_000,
      500,
    );
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 1 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-git-files-'));
    watch = new SecretWatch([bed.keys.ed25519]);
    watch.add(TOKEN);
    watch.add(PUSH_TOKEN);
    watch.start([manager]);
    server = await startGitHttpServer(path.join(work, 'http'), [{ username: 'x-access-token', password: TOKEN, push: false }, developer]);
    clone = await WorkClone.create(path.join(work, 'fleet'));
    await clone.addRemote('origin', await server.createRepo('fleet'), server.pushEnv(developer));
    await commitAndPush('first', {
      'app/compose.yaml': appFile(),
      'app/nginx.conf': nginx('v1'),
      'app/app.env': 'GREETING=hello-1\n',
      'polled/compose.yaml': polledFile('p1'),
    });
    ({ mc, api, responses, git } = await startGitMissionControl('git-files', watch));
    await onboardCluster(api, bed, bed.nodes, 'root');
  }, 600_000);

  afterAll(() => stopGitSuite('git-files', { watch, mc, server, work }), 300_000);

  it('should add a repository with a token, fetch it with the token, and explain a wrong one', async () => {
    const url = `${server.url}/fleet.git`;
    expect((await api('POST', '/api/repositories/scan', { url })).status).toBe(400);
    const created = await api('POST', '/api/repositories', {
      name: 'fleet',
      url,
      access: 'token',
      token: TOKEN,
      tokenUsername: 'x-access-token',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'https',
      access: 'token',
      hasToken: true,
      tokenUsername: 'x-access-token',
      deployKeyPublic: null,
    });
    repositoryId = created.body.id;
    const check = await api('POST', `/api/repositories/${repositoryId}/check`);
    expect(check.body).toMatchObject({ ok: true, branches: [{ name: 'main', sha: commits.first }] });
    // git asked for the credential after the server's challenge, and got the token
    expect(server.requests.some((r) => r.user === 'x-access-token' && r.status === 200)).toBe(true);

    // another repository on the same host, given a token the host does not accept
    const otherUrl = await server.createRepo('other');
    watch.add('not-the-token-123456');
    const wrong = await api('POST', '/api/repositories', { name: 'other', url: otherUrl, access: 'token', token: 'not-the-token-123456' });
    expect(wrong.status).toBe(201);
    const failed = (await api('POST', `/api/repositories/${wrong.body.id}/check`)).body;
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/authentication|401|token|credentials/i);
    expect(failed.error).toContain(otherUrl);
    expect(failed.error).not.toContain('not-the-token-123456');
    expect((await api('DELETE', `/api/repositories/${wrong.body.id}`)).status).toBe(204);
  });

  it('should deploy a stack whose config and env_file are files beside the Compose file', async () => {
    const source = { repositoryId, ref: 'main', path: 'app/compose.yaml', pollIntervalSeconds: 0 };
    const created = await api('POST', '/api/stacks', { name: 'app', source });
    expect(created.status).toBe(201);
    appId = created.body.id;
    const started = await api('POST', `/api/stacks/${appId}/deploy`);
    expect(started.status).toBe(202);
    const d = await git.finished(started.body.deploymentId);
    expect(d.error).toBeNull();
    expect(d).toMatchObject({ status: 'succeeded', commit: { sha: commits.first }, composePath: 'app/compose.yaml' });
    appDeployments.push(d.id);
    expect(d.rendered).toContain(`name: ${configName(nginx('v1'))}`);

    const spec = await serviceSpec(manager, 'app_web');
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain('GREETING=hello-1');
    expect(spec.TaskTemplate.ContainerSpec.Configs.map((c: { ConfigName: string }) => c.ConfigName)).toEqual([configName(nginx('v1'))]);
    expect(await configs()).toEqual([configName(nginx('v1'))]);
    expect(await configInTask()).toBe(nginx('v1'));
  });

  it('should roll out a changed config file pushed and announced by a Gitea-signed webhook, pruning the old config', async () => {
    const made = await api('POST', `/api/stacks/${appId}/webhook`);
    ({ url: hookUrl, secret: hookSecret } = made.body);
    watch.add(hookSecret);
    const c = await commitAndPush('nginx v2', { 'app/nginx.conf': nginx('v2'), 'app/app.env': 'GREETING=hello-2\n' });
    const hook = giteaPush(
      hookSecret,
      pushInfo({
        branch: 'main',
        before: commits.first,
        after: c.sha,
        fullName: 'otto/fleet',
        cloneUrl: `${server.url}/fleet.git`,
        commits: [c],
      }),
    );
    const answer = await sendHook(hookUrl, hook);
    console.log(`Gitea push webhook answered ${answer.status} in ${answer.ms.toFixed(0)} ms: ${answer.text}`);
    expect(answer.status).toBe(202);
    expect(answer.body.reason).toBe(`queued: deploying ${short(c.sha)} from main`);
    const delivery = await git.settled(appId, (d) => d.deliveryId === hook.deliveryId, 'the Gitea delivery');
    expect(delivery).toMatchObject({ source: 'gitea', event: 'push', signature: 'valid', decision: 'deployed', commit: c.sha });
    const d = await git.finished(delivery.deploymentId!);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'push', commit: { sha: c.sha } });
    appDeployments.push(d.id);

    const spec = await specBecomes(manager, 'app_web', 'the new config on the service', (s) =>
      s.TaskTemplate.ContainerSpec.Configs.some((x: { ConfigName: string }) => x.ConfigName === configName(nginx('v2'))),
    );
    expect(spec.TaskTemplate.ContainerSpec.Configs).toHaveLength(1);
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain('GREETING=hello-2');
    expect(await configInTask()).toBe(nginx('v2'));
    expect(
      await waitFor('the old config pruned', async () => ((await configs()).length === 1 ? configs() : undefined), 30_000, 500),
    ).toEqual([configName(nginx('v2'))]);
  });

  it('should refuse a config path that leaves the repository, or a symlink pointing out, with its line', async () => {
    await clone.checkout('escape', true);
    const escaping = appFile('../../etc/passwd');
    await commitAndPush('escape by ..', { 'app/compose.yaml': escaping }, 'escape');
    const source = { repositoryId, ref: 'escape', path: 'app/compose.yaml' };
    const v = (await api('POST', '/api/stacks/validate', { name: 'app', source })).body;
    expect(v.valid).toBe(false);
    expect(v.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: lineOf(escaping, 'file: ../../etc/passwd'), file: 'app/compose.yaml' })]),
    );
    expect(v.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/\.\.\/\.\.\/etc\/passwd/);
    console.log(`a path out of the repository: ${JSON.stringify(v.errors[0])}`);

    const before = (await git.deployments(appId)).length;
    const refused = await api('POST', `/api/stacks/${appId}/deploy`, { ref: 'escape' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('app/compose.yaml');
    expect(refused.text).toMatch(new RegExp(`(line\\W+|:)${lineOf(escaping, 'file: ../../etc/passwd')}\\b`));

    await clone.checkout('main');
    await clone.checkout('escape-link', true);
    clone.symlink('app/nginx.conf', '../../../../../etc/passwd');
    await commitAndPush('escape by symlink', {}, 'escape-link');
    const linked = (await api('POST', '/api/stacks/validate', { name: 'app', source: { ...source, ref: 'escape-link' } })).body;
    expect(linked.valid).toBe(false);
    expect(linked.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ line: lineOf(appFile(), 'file: ./nginx.conf'), file: 'app/compose.yaml' })]),
    );
    expect(linked.errors.map((e: { message: string }) => e.message).join(' ')).toMatch(/symlink|link|outside|leaves/i);
    console.log(`a symlink out of the repository: ${JSON.stringify(linked.errors[0])}`);
    expect((await api('POST', `/api/stacks/${appId}/deploy`, { ref: 'escape-link' })).status).toBe(400);
    expect((await git.deployments(appId)).length).toBe(before);
    await clone.checkout('main');
    expect(await configInTask()).toBe(nginx('v2'));
  });

  it('should deploy a push that only polling sees', async () => {
    const created = await api('POST', '/api/stacks', {
      name: 'polled',
      source: { repositoryId, ref: 'main', path: 'polled/', pollIntervalSeconds: 10 },
    });
    expect(created.status).toBe(201);
    const polledId = created.body.id;
    const first = await git.finished((await api('POST', `/api/stacks/${polledId}/deploy`)).body.deploymentId);
    expect(first).toMatchObject({ status: 'succeeded', commit: { sha: commits['nginx v2'] } });

    const c = await commitAndPush('polled p2', { 'polled/compose.yaml': polledFile('p2') });
    const pushedAt = Date.now();
    const delivery = await git.settled(polledId, (d) => d.source === 'poll' && d.commit === c.sha, 'a poll to see the push', 90_000);
    console.log(
      `polling picked up the push and settled ${((Date.now() - pushedAt) / 1000).toFixed(1)} s after it (interval 10 s, tick 1 s)`,
    );
    expect(delivery).toMatchObject({ event: 'poll', ref: 'refs/heads/main', signature: 'none', decision: 'deployed' });
    const d = await git.finished(delivery.deploymentId!);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'poll', commit: { sha: c.sha } });
    expect((await serviceSpec(manager, 'polled_worker')).Labels['test.otternauts.release']).toBe('p2');
    // the app stack does not poll (interval 0): its deployments did not move
    expect((await git.deployments(appId))[0].id).toBe(appDeployments.at(-1));
  });

  it('should roll back to the first deployment, bringing back its commit and its config', async () => {
    const res = await api('POST', `/api/stacks/${appId}/rollback`, { deploymentId: appDeployments[0] });
    expect(res.status).toBe(202);
    const d = await git.finished(res.body.deploymentId);
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'rollback', commit: { sha: commits.first } });
    const spec = await specBecomes(manager, 'app_web', 'the first config back', (s) =>
      s.TaskTemplate.ContainerSpec.Configs.some((x: { ConfigName: string }) => x.ConfigName === configName(nginx('v1'))),
    );
    expect(spec.TaskTemplate.ContainerSpec.Env).toContain('GREETING=hello-1');
    expect(await configInTask()).toBe(nginx('v1'));
    expect(
      await waitFor('the v2 config pruned', async () => ((await configs()).length === 1 ? configs() : undefined), 30_000, 500),
    ).toEqual([configName(nginx('v1'))]);
  });

  it('should never show the token in a response, a log line, a process argument or a file, and leave nothing in the node’s /tmp', async () => {
    await watch.stop();
    console.log(
      `argument watch: ${watch.hostSamples} host samples, ${watch.nodeSamples} node samples, ${watch.gitCommands.size} git command lines`,
    );
    // Mission Control's own git calls were watched: hooks off, the URL without credentials
    // (git's own helpers, such as /usr/lib/git-core/git remote-http, inherit its settings)
    const fetches = [...watch.gitCommands].filter((c) => /^(\/usr\/bin\/)?git /.test(c) && c.includes(server.url));
    expect(fetches.length).toBeGreaterThan(0);
    for (const c of fetches) expect(c).toContain('core.hooksPath=/dev/null');
    expect(watch.nodeSamples).toBeGreaterThan(3);
    expect(watch.hits).toEqual([]);
    const everything = `${responses.join('\n')}\n${mc.output()}`;
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(PUSH_TOKEN);
    expect(mc.output()).not.toContain(hookSecret);
    expect(filesContaining(mc.dataDir, [TOKEN, hookSecret])).toEqual([]);
    expect((await nodeExec(manager, ['ls', '-A', '/tmp'])).stdout.trim()).toBe('');
  });
});
