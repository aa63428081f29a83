import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeExec, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { addDeployKeyRepository, sshGitRepo, WorkClone, type SshGitRepo } from '../support/git-servers.js';
import { filesContaining, SecretWatch } from '../support/secret-watch.js';
import { gitDeploys, serviceSpec, specBecomes, stopGitSuite } from '../support/git-deploys.js';
import { loginLeftovers, privateRegistry, type PrivateRegistry } from '../support/registry.js';
import {
  buildCacheEntries,
  buildsApi,
  inContainer,
  leftoversOn,
  localImages,
  runningTasks,
  TestRegistry,
  type BuildView,
  type LogPage,
} from '../support/builds.js';

// A Git stack whose service has `build:`: the image is built from the commit's files on the
// build server chosen through the API (the worker otn2, reached as the sudo user `otter`),
// pushed to the test bed's private registry, and run by a 2-replica service on both nodes,
// pinned by the digest the push gave. Everything is checked where it really is: the registry's
// own HTTP API, `docker service inspect` on the manager, the containers on each node, the build
// cache of each node, and the files left on the build server.
const REGISTRY_USER = 'otto';
const MANAGER = 'otn1';
const BUILDER = 'otn2';

const dockerfile = (registry: string, copy = 'COPY site/ /www/') => `FROM ${registry}/base/busybox:1 AS site
ARG FLAVOUR=plain
RUN for i in 1 2 3 4 5; do echo "warming up $i of 5"; sleep 1; done; mkdir -p /www && echo "$FLAVOUR" > /www/flavour.txt
${copy}

FROM site AS web
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]

FROM site AS never
RUN echo "the never stage was built" >&2 && exit 7
`;
// target: web, so the stage after it must never run (it would fail the build)
const composeFile = `services:
  web:
    build:
      context: ./app
      dockerfile: web.Dockerfile
      target: web
      args:
        FLAVOUR: salted
    stop_grace_period: 1s
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      placement:
        max_replicas_per_node: 1
`;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const secs = (ms: number) => (ms / 1000).toFixed(1);

describe('building a Git stack’s images on a build server and running them pinned by digest', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let responses: string[];
  let git: ReturnType<typeof gitDeploys>;
  let builds: ReturnType<typeof buildsApi>;
  let reg: PrivateRegistry;
  let registry: TestRegistry;
  let host: string;
  let baseDigest: string;
  let work: string;
  let clone: WorkClone;
  let repo: SshGitRepo;
  let watch: SecretWatch;
  let repositoryId: string;
  let registryId: string;
  let builderId: string;
  let stackId: string;
  let homeBefore: string[];
  const sshHome = '/home/otter';
  const commits: Record<string, string> = {};
  const done: Record<string, { deploymentId: string; build: BuildView; log: string[]; ms: number }> = {};

  const repository = 'shop/web';
  const tagOf = (sha: string) => `${host}/shop/web:${sha}`;
  const commitAndPush = async (name: string, files: Record<string, string>) => {
    const c = await clone.commitAndPush(name, files);
    commits[name] = c.sha;
    return c;
  };
  /** Deploys the stack's head (or a rollback), reading the build's log all along; returns both once finished. */
  const deployFollowing = async (start: () => Promise<{ status: number; body: any; text: string }>) => {
    const t0 = Date.now();
    const started = await start();
    expect(started.status).toBe(202);
    const deploymentId: string = started.body.deploymentId;
    const queued = await builds.only(deploymentId);
    const [followed, deployment] = await Promise.all([builds.follow(deploymentId, queued.id), git.finished(deploymentId)]);
    const build = (await builds.list(deploymentId))[0];
    return { deploymentId, deployment, build, ...followed, ms: Date.now() - t0 };
  };
  const pinned = (digest: string, sha: string) => `${tagOf(sha)}@${digest}`;

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    // on the manager, the base image pushed and untagged there: every node pulls what it runs
    reg = await privateRegistry(MANAGER, REGISTRY_USER);
    ({ host, digest: baseDigest } = reg);
    registry = TestRegistry.of(
      { host, ca: path.join(bed.testbedDir, 'registry', 'ca.crt') },
      { user: REGISTRY_USER, password: reg.password },
    );
    homeBefore = (await leftoversOn(BUILDER, sshHome)).home;

    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-builds-'));
    watch = new SecretWatch([bed.keys.ed25519]);
    watch.add(reg.password);
    // what a docker login writes into config.json: a leak of it is a leak of the password
    watch.add(Buffer.from(`${REGISTRY_USER}:${reg.password}`).toString('base64'));
    watch.start(bed.nodes.map((n) => n.name));
    // images resolved as on a real installation (always): the built ones are pinned anyway
    mc = await startMissionControl(newDataDir('builds'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_BUILD_TIMEOUT: '300',
    });
    watch.follow(mc.pid);
    ({ api, responses } = recordingApi(mc));
    git = gitDeploys(api);
    builds = buildsApi(api);
    await onboardCluster(api, bed, bed.nodes, bed.users.sudo);
    builderId = ((await api('GET', '/api/servers')).body as { id: string; name: string }[]).find((s) => s.name === BUILDER)!.id;

    // the repository on the manager's Git account, read with a deploy key Mission Control made
    repo = await sshGitRepo(bed, bed.nodes[0], 'shop', work);
    clone = await WorkClone.create(path.join(work, 'shop'));
    await clone.addRemote('origin', repo.url, repo.pushEnv);
    await commitAndPush('first', {
      'compose.yaml': composeFile,
      'app/web.Dockerfile': dockerfile(host),
      'app/site/index.html': 'hello-1\n',
      'README.md': '# shop\n',
    });
    repositoryId = (await addDeployKeyRepository(api, repo)).id;
    expect((await api('POST', `/api/repositories/${repositoryId}/check`)).body).toMatchObject({ ok: true });
  }, 600_000);

  afterAll(() => stopGitSuite('builds', { watch, mc, work }), 300_000);

  it('should build where the cluster’s build server setting says: the first manager unless a server is chosen', async () => {
    const before = (await api('GET', '/api/cluster')).body;
    expect(before.buildServerId).toBeNull();
    expect(before.buildServer).toMatchObject({ name: MANAGER });

    const unknown = await api('PUT', '/api/cluster/build-server', { serverId: 'no-such-server' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('serverId');
    expect(unknown.text).toContain('no-such-server');
    expect((await api('GET', '/api/cluster')).body.buildServerId).toBeNull();

    const chosen = await api('PUT', '/api/cluster/build-server', { serverId: builderId });
    expect(chosen.status).toBe(200);
    const after = (await api('GET', '/api/cluster')).body;
    expect(after).toMatchObject({ buildServerId: builderId, buildServer: { id: builderId, name: BUILDER } });
  });

  it('should refuse build: without a registry for builds on its line, and an unknown registry by its field', async () => {
    const source = { repositoryId, ref: 'main', path: 'compose.yaml', pollIntervalSeconds: 0 };
    const v = (await api('POST', '/api/stacks/validate', { name: 'shop', source })).body;
    expect(v.valid).toBe(false);
    const onBuild = v.errors.filter((e: { line: number }) => e.line === lineOf(composeFile, 'build:'));
    expect(onBuild).toHaveLength(1);
    expect(onBuild[0].message).toMatch(/registry/i);
    console.log(`build: without a registry for builds: ${JSON.stringify(onBuild[0])}`);

    const unknown = await api('POST', '/api/stacks', { name: 'shop', source: { ...source, buildRegistryId: 'no-such-registry' } });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('buildRegistryId');
    expect((await api('GET', '/api/stacks')).body).toEqual([]);
  });

  it('should build the image on the chosen server, push it to the registry and run it on both nodes pinned by its digest', async () => {
    const stored = await api('POST', '/api/registries', { registryUrl: host, username: REGISTRY_USER, password: reg.password });
    expect(stored.status).toBe(201);
    registryId = stored.body.id;
    const source = { repositoryId, ref: 'main', path: 'compose.yaml', pollIntervalSeconds: 0, buildRegistryId: registryId };
    const created = await api('POST', '/api/stacks', { name: 'shop', source });
    expect(created.status).toBe(201);
    stackId = created.body.id;
    expect(created.body.source).toMatchObject({ buildRegistryId: registryId, buildRegistryUrl: host });

    const run = await deployFollowing(() => api('POST', `/api/stacks/${stackId}/deploy`));
    const { deployment: d, build, lines, pages } = run;
    expect(d.error).toBeNull();
    expect(d).toMatchObject({ status: 'succeeded', commit: { sha: commits.first } });
    expect(d.job.steps.map((s: { name: string }) => s.name).slice(0, 2)).toEqual(['build', 'deploy']);
    // the stored file names the built tag; the digest goes only into the copy sent to Docker
    expect(d.rendered).toContain(`image: ${tagOf(commits.first)}`);
    expect(d.rendered).not.toMatch(/^\s+build:/m);
    expect(d.rendered).not.toContain('@sha256:');

    expect(build).toMatchObject({
      service: 'web',
      image: tagOf(commits.first),
      status: 'succeeded',
      serverName: BUILDER,
      error: null,
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(build.totalSteps).toBeGreaterThanOrEqual(3);
    expect(build.durationMs).toBeGreaterThan(5000); // the RUN step alone sleeps 5 s
    done.first = { deploymentId: run.deploymentId, build, log: lines, ms: run.ms };
    console.log(
      `cold build: ${secs(build.durationMs!)} s on ${build.serverName}, ${build.cachedSteps}/${build.totalSteps} steps cached; deployment ${secs(run.ms)} s; ${lines.length} log lines in ${pages.length} reads`,
    );

    // the log, read through the API while the build ran: the warm-up step's lines came one by
    // one, before the build was done
    const seen: string[] = [];
    const whileRunning: LogPage[] = [];
    for (const p of pages) {
      seen.push(...p.lines);
      if (!p.done && seen.some((l) => l.includes('warming up 1 of 5')) && !seen.some((l) => l.includes('warming up 5 of 5')))
        whileRunning.push(p);
    }
    expect(whileRunning.length).toBeGreaterThan(0);
    expect(pages.at(-1)!.done).toBe(true);
    expect(lines).toHaveLength(build.logLines);
    const log = lines.join('\n');
    // the base image came from the registry, by the digest the test bed pushed
    expect(log).toContain(`FROM ${host}/base/busybox:1@${baseDigest}`);
    expect(log).toMatch(/warming up 5 of 5/);
    expect(log).not.toContain('the never stage was built');
    // the build's output goes to its log only: not to the job's progress, not to Mission Control's own log
    expect(d.job.progress.map((p: { message: string }) => p.message).join('\n')).not.toContain('warming up');
    expect(mc.output()).not.toContain('warming up');
    // `after` pages through the same lines
    const tail = await builds.page(run.deploymentId, build.id, 2);
    expect(tail).toMatchObject({ lines: lines.slice(2), next: lines.length, done: true });
    expect((await builds.page(run.deploymentId, build.id, lines.length)).lines).toEqual([]);

    // in the registry: private, the tag of the commit, the digest the build recorded
    expect((await registry.anonymous().request('GET', `/v2/${repository}/tags/list`)).status).toBe(401);
    expect(await registry.tags(repository)).toEqual([commits.first]);
    expect(await registry.manifestDigest(repository, commits.first)).toBe(build.digest);

    // built on otn2 (its BuildKit cache and tagged, labelled image), nothing built on the manager
    expect(await buildCacheEntries(BUILDER)).toBeGreaterThan(0);
    expect(await buildCacheEntries(MANAGER)).toBe(0);
    expect(await localImages(BUILDER, `${host}/shop/web`)).toEqual([{ tag: commits.first, stack: 'shop' }]);

    // the service, pinned by that digest, one task on each node, each node pulled it from the registry
    const spec = await specBecomes(
      MANAGER,
      'shop_web',
      'the pinned image',
      (s) => s.TaskTemplate.ContainerSpec.Image === pinned(build.digest!, commits.first),
    );
    expect(spec.Mode.Replicated.Replicas).toBe(2);
    const tasks = await waitFor(
      'a running task on each node',
      async () => {
        const t = await runningTasks(MANAGER, 'shop_web');
        return t.length === 2 && t[0].node !== t[1].node ? t : undefined;
      },
      90_000,
      1000,
    );
    expect(tasks).toEqual([
      { node: MANAGER, image: pinned(build.digest!, commits.first) },
      { node: BUILDER, image: pinned(build.digest!, commits.first) },
    ]);
    for (const node of [MANAGER, BUILDER]) {
      const page = await inContainer(node, 'shop_web', '/www/index.html');
      expect(`${node}: ${page.content}`).toBe(`${node}: hello-1\n`);
      expect(page.repoDigests).toContain(`${host}/shop/web@${build.digest}`);
      expect((await inContainer(node, 'shop_web', '/www/flavour.txt')).content).toBe('salted\n');
    }
    const service = await waitFor(
      'the service view',
      async () => {
        const s = (await api('GET', `/api/stacks/${stackId}`)).body.services?.find((x: { name: string }) => x.name === 'web');
        return s?.replicasRunning === 2 ? s : undefined;
      },
      30_000,
      1000,
    );
    expect(service.digest).toBe(build.digest);
  });

  it('should rebuild a push of one changed file from the build cache', async () => {
    await commitAndPush('site v2', { 'app/site/index.html': 'hello-2\n' });
    const run = await deployFollowing(() => api('POST', `/api/stacks/${stackId}/deploy`));
    const { deployment: d, build, lines } = run;
    expect(d.error).toBeNull();
    expect(d).toMatchObject({ status: 'succeeded', commit: { sha: commits['site v2'] } });
    expect(build).toMatchObject({ image: tagOf(commits['site v2']), status: 'succeeded', serverName: BUILDER });
    expect(build.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(build.digest).not.toBe(done.first.build.digest);
    expect(build.totalSteps).toBe(done.first.build.totalSteps);
    expect(build.cachedSteps).toBeGreaterThan(0);
    expect(build.cachedSteps!).toBeGreaterThan(done.first.build.cachedSteps ?? 0);
    // the slow step came from the cache: it did not run again
    const log = lines.join('\n');
    expect(log).toMatch(/#\d+ CACHED/);
    expect(log).not.toContain('warming up 1 of 5');
    done.second = { deploymentId: run.deploymentId, build, log: lines, ms: run.ms };
    console.log(
      `rebuild of one changed file: ${secs(build.durationMs!)} s (cold ${secs(done.first.build.durationMs!)} s), ${build.cachedSteps}/${build.totalSteps} steps cached; deployment ${secs(run.ms)} s (cold ${secs(done.first.ms)} s)`,
    );

    expect(await registry.tags(repository)).toEqual([commits.first, commits['site v2']].sort());
    expect(await registry.manifestDigest(repository, commits['site v2'])).toBe(build.digest);
    await specBecomes(
      MANAGER,
      'shop_web',
      'the new digest',
      (s) => s.TaskTemplate.ContainerSpec.Image === pinned(build.digest!, commits['site v2']),
    );
    for (const node of [MANAGER, BUILDER]) {
      const page = await waitFor(
        `hello-2 on ${node}`,
        async () => {
          const p = await inContainer(node, 'shop_web', '/www/index.html');
          return p.content === 'hello-2\n' ? p : undefined;
        },
        90_000,
        1000,
      );
      expect(page.repoDigests).toContain(`${host}/shop/web@${build.digest}`);
    }
  });

  it('should roll back by reusing the earlier build’s digest, building nothing', async () => {
    const cacheBefore = await buildCacheEntries(BUILDER);
    const run = await deployFollowing(() => api('POST', `/api/stacks/${stackId}/rollback`, { deploymentId: done.first.deploymentId }));
    expect(run.deployment).toMatchObject({ status: 'succeeded', trigger: 'rollback', commit: { sha: commits.first } });
    expect(run.build).toMatchObject({ image: tagOf(commits.first), status: 'reused', digest: done.first.build.digest });
    await specBecomes(
      MANAGER,
      'shop_web',
      'the first digest back',
      (s) => s.TaskTemplate.ContainerSpec.Image === pinned(done.first.build.digest!, commits.first),
    );
    expect(await registry.tags(repository)).toEqual([commits.first, commits['site v2']].sort());
    expect(await buildCacheEntries(BUILDER)).toBe(cacheBefore);
  });

  it('should fail the deployment with the builder’s message for a Dockerfile error, changing nothing that runs', async () => {
    const runningBefore = (await serviceSpec(MANAGER, 'shop_web')).TaskTemplate.ContainerSpec.Image;
    const tagsBefore = await registry.tags(repository);

    // an instruction Docker does not know: BuildKit's parser names it and its line
    const unknown = dockerfile(host, 'FLY me to the moon');
    await commitAndPush('unknown instruction', { 'app/web.Dockerfile': unknown });
    const parse = await deployFollowing(() => api('POST', `/api/stacks/${stackId}/deploy`));
    expect(parse.deployment.status).toBe('failed');
    const parseMessage = `dockerfile parse error on line ${lineOf(unknown, 'FLY me')}: unknown instruction: FLY`;
    expect(parse.deployment.error).toContain(parseMessage);
    expect(parse.build).toMatchObject({ status: 'failed', digest: null, serverName: BUILDER });
    expect(parse.build.error).toContain(parseMessage);
    console.log(`unknown instruction: the deployment failed with ${JSON.stringify(parse.deployment.error)}`);

    // a step that fails: the builder's own error line, with what the step wrote before it
    const failing = dockerfile(host, 'RUN what=missing; echo "otter-check: the config is $what" >&2; exit 3');
    await commitAndPush('failing step', { 'app/web.Dockerfile': failing });
    const step = await deployFollowing(() => api('POST', `/api/stacks/${stackId}/deploy`));
    expect(step.deployment.status).toBe('failed');
    expect(step.deployment.error).toMatch(/did not complete successfully: exit code: 3/);
    expect(step.build).toMatchObject({ status: 'failed', digest: null });
    expect(step.lines.join('\n')).toContain('otter-check: the config is missing');
    console.log(`failing step: the deployment failed with ${JSON.stringify(step.deployment.error)}`);

    expect((await serviceSpec(MANAGER, 'shop_web')).TaskTemplate.ContainerSpec.Image).toBe(runningBefore);
    expect(await registry.tags(repository)).toEqual(tagsBefore);
  });

  it('should leave no registry credential, login folder or build context on the build server', async () => {
    await watch.stop();
    console.log(`argument watch: ${watch.hostSamples} host samples, ${watch.nodeSamples} node samples`);
    expect(watch.nodeSamples).toBeGreaterThan(3);
    expect(watch.hits).toEqual([]);
    for (const node of [BUILDER, MANAGER]) {
      // the registry's traces (after the watch: the test's own grep names the password)
      expect({ node, ...(await loginLeftovers(node, REGISTRY_USER, reg.password)) }).toEqual({
        node,
        auths: [],
        loginDirs: [],
        withPassword: [],
      });
      const left = await leftoversOn(node, sshHome);
      expect({ node, auths: left.auths, folders: left.folders, archives: left.archives, tmp: left.tmp }).toEqual({
        node,
        auths: [],
        folders: [],
        archives: [],
        tmp: [],
      });
      if (node === BUILDER) expect(left.home).toEqual(homeBefore);
    }
    // Mission Control reached the build server only as the sudo user
    const accepted = (await nodeExec(BUILDER, ['grep', 'Accepted publickey', '/var/log/sshd.log'])).stdout.trim().split('\n');
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.filter((l) => !l.includes(` for ${bed.users.sudo} from `))).toEqual([]);
    const everything = `${responses.join('\n')}\n${mc.output()}`;
    expect(watch.findIn(everything)).toEqual([]);
    expect(filesContaining(mc.dataDir, watch.all())).toEqual([]);
  });
});
