import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { registryPush, registryUp, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { openBrowser, textMatches, type DashboardBrowser } from '../support/browser.js';
import { recordingApi } from '../support/api-recorder.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { addDeployKeyRepository, sshGitRepo, WorkClone, type SshGitRepo } from '../support/git-servers.js';
import { gitDeploys, short, stopGitSuite } from '../support/git-deploys.js';
import { sendHook, type HookCommit } from '../support/webhooks.js';
import { githubPullRequest, publishRequestHead, swarmForgets } from '../support/previews.js';

// The build and preview screens in a real Chromium against the built Mission Control and one
// real test node that is the Swarm, the build server, the private registry and the Git host:
// a person checks the registry logins, picks the build server, deploys a Git stack whose
// service has `build:` and watches its build log come in live, sees the digest the service is
// pinned to, turns previews on (with the fork warning), sets a preview secret, and tears down
// the preview a signed pull-request webhook deployed. Data the screens do not make (the
// repository, the credentials, the webhook) comes through the API.
const PASSWORD = `dash-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
const PREVIEW_SECRET = `preview-only-${Math.random().toString(36).slice(2)}`;
const NODE = 'otn1';
const dockerfile = (registry: string) => `FROM ${registry}/base/busybox:1
RUN for i in 1 2 3 4 5; do echo "warming up $i of 5"; sleep 1; done
COPY index.html /www/index.html
CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]
`;
const COMPOSE = `services:
  web:
    build: ./app
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
    x-otternauts:
      domains: [shop.example.test]
      port: 8080
      preview:
        domains: ['pr-{number}.preview.example.test']
`;

describe('the build and preview screens in a real browser', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let api: ReturnType<typeof recordingApi>['api'];
  let browser: DashboardBrowser;
  let page: Page;
  let work: string;
  let clone: WorkClone;
  let repo: SshGitRepo;
  let host: string;
  let stackId: string;
  let main: HookCommit;
  const requests: string[] = [];
  const git = () => gitDeploys(api);

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 1 });
    host = await registryUp(NODE, 'otto', PASSWORD);
    await registryPush(NODE, 'base/busybox:1');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-builds-dashboard-'));
    mc = await startMissionControl(newDataDir('builds-dashboard'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_BUILD_TIMEOUT: '300',
    });
    ({ api } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, 'root');

    repo = await sshGitRepo(bed, bed.nodes[0], 'shop', work);
    clone = await WorkClone.create(path.join(work, 'shop'));
    await clone.addRemote('origin', repo.url, repo.pushEnv);
    main = await clone.commitAndPush('The shop, built from its Dockerfile', {
      'compose.yaml': COMPOSE,
      'app/Dockerfile': dockerfile(host),
      'app/index.html': 'hello from main\n',
    });
    const repository = await addDeployKeyRepository(api, repo);

    const good = await api('POST', '/api/registries', { registryUrl: host, username: 'otto', password: PASSWORD });
    expect(good.status).toBe(201);
    // the same registry under a path, with a password it refuses: Check must say so
    const bad = await api('POST', '/api/registries', { registryUrl: `${host}/nobody`, username: 'otto', password: 'not-the-password' });
    expect(bad.status).toBe(201);
    const source = {
      repositoryId: repository.id,
      ref: 'main',
      path: 'compose.yaml',
      pollIntervalSeconds: 0,
      buildRegistryId: good.body.id,
    };
    const created = await api('POST', '/api/stacks', { name: 'shop', source });
    if (created.status !== 201) throw new Error(`the stack: ${created.status} ${created.text}`);
    stackId = created.body.id;

    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
    page.on('request', (r: Request) => requests.push(r.url()));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await stopGitSuite('builds-dashboard', { mc, work });
  }, 300_000);

  it('should check each registry login and say which stacks build to it', async () => {
    await page.goto(`${mc.url}/registries`);
    const good = page.getByRole('row', { name: new RegExp(`^${host.replace(/\./g, '\\.')} otto`) });
    await good.waitFor();
    expect(await good.getByRole('link', { name: 'shop' }).getAttribute('href')).toBe(`/stacks/${stackId}`);
    await good.getByRole('button', { name: `Check ${host}`, exact: true }).click();
    await textMatches(good, new RegExp(`Otto got in\\. ${NODE} logged in to ${host.replace(/\./g, '\\.')} as otto\\.`));

    const bad = page.getByRole('row', { name: new RegExp(`^${host.replace(/\./g, '\\.')}/nobody`) });
    expect(await bad.innerText()).toContain('No stack');
    await bad.getByRole('button', { name: `Check ${host}/nobody` }).click();
    const refused = await textMatches(bad, /Refused\..*(401|refused|password)/i);
    expect(refused).not.toContain('not-the-password');
    await browser.shot('registries-check');
  });

  it('should choose the build server on the servers page', async () => {
    await page.goto(`${mc.url}/servers`);
    const panel = page.getByRole('region', { name: 'Builds' });
    await panel.getByText(`Images are built on ${NODE}.`).waitFor();
    await panel.getByLabel('Build server').selectOption({ label: `${NODE} (manager)` });
    await panel.getByRole('button', { name: 'Save build server' }).click();
    await panel.getByText('Saved.').waitFor();
    expect((await api('GET', '/api/cluster')).body).toMatchObject({ buildServer: { name: NODE } });
    expect((await api('GET', '/api/cluster')).body.buildServerId).not.toBeNull();
    await panel.scrollIntoViewIfNeeded();
    await browser.shot('build-server');
  });

  it("should show the stack's registry for builds, build it with a live log, and pin the service to the pushed digest", async () => {
    await page.goto(`${mc.url}/stacks/${stackId}`);
    const source = page.getByRole('region', { name: 'Source', exact: true });
    await textMatches(source, new RegExp(`Registry for built images\\s+${host.replace(/\./g, '\\.')}`));
    await source.getByRole('button', { name: 'Change the source' }).click();
    const select = source.getByLabel('Registry for built images');
    await waitFor('the registries listed', async () => ((await select.locator('option').count()) === 3 ? true : undefined), 20_000, 200);
    expect(await select.locator('option:checked').innerText()).toBe(`${host} (otto)`);
    await source.getByRole('button', { name: 'Cancel' }).click();

    const logCalls = () => requests.filter((u) => u.includes('/builds/') && u.includes('/log?after='));
    await page.getByRole('region', { name: 'Launch' }).getByRole('button', { name: 'Deploy' }).click();
    const builds = page.getByRole('region', { name: 'Builds of version 1' });
    await builds.waitFor({ timeout: 30_000 });
    const log = builds.getByRole('log', { name: 'Build log of web' });
    // lines arrive while the build runs: the warm-up's first line is there before its last
    const early = await textMatches(log, /warming up [1-3] of 5/, 120_000);
    expect(early).not.toContain('warming up 5 of 5');
    await textMatches(builds.getByRole('row', { name: /^web/ }), /Building|Pushing/, 5000);
    await log.scrollIntoViewIfNeeded();
    await browser.shot('builds-log-live');

    const row = builds.getByRole('row', { name: /^web/ });
    const done = await textMatches(row, /Built/, 180_000);
    await textMatches(log, /warming up 5 of 5/);
    await builds.getByText(/The build has ended \(\d+ lines\)\./).waitFor();
    const deployment = (await git().deployments(stackId))[0];
    const [build] = (await api('GET', `/api/deployments/${deployment.id}/builds`)).body;
    expect(build).toMatchObject({ status: 'succeeded', serverName: NODE, image: `${host}/shop/web:${main.sha}` });
    expect(done).toContain(NODE);
    expect(done).toContain(build.digest.slice(0, 19)); // sha256: and 12 hex digits
    expect(done).toMatch(/\d+ of \d+ steps cached/);
    expect(await row.getByTitle(build.digest).count()).toBe(1);

    // read each second while it ran, from where the last read ended; not at all once it ended
    const afters = logCalls().map((u) => Number(new URL(u).searchParams.get('after')));
    expect(afters.length).toBeGreaterThanOrEqual(3);
    expect(afters).toEqual([...afters].sort((a, b) => a - b));
    expect(afters.at(-1)).toBeGreaterThan(0);
    const settled = logCalls().length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(logCalls().length).toBe(settled);
    await builds.scrollIntoViewIfNeeded();
    await browser.shot('builds-log-done');

    // the service, once running, shows the digest Swarm pinned: short, the whole one on hover
    await git().finished(deployment.id);
    const services = page.getByRole('list', { name: 'Services' });
    const pinned = await textMatches(services, /Pinned to\s+sha256:[0-9a-f]{12}/, 30_000);
    expect(pinned).toContain(build.digest.slice(0, 19));
    expect(await services.getByTitle(build.digest).count()).toBe(1);
  }, 300_000);

  it('should turn previews on with the fork warning, keep a preview secret by name only, and tear a preview down', async () => {
    const previews = page.getByRole('region', { name: 'Previews' });
    await previews.scrollIntoViewIfNeeded();
    await previews.getByText('No previews are live.', { exact: false }).waitFor();
    await previews.getByLabel('Deploy a preview for each pull or merge request').check();
    await previews.getByLabel('Also deploy requests from forks').check();
    await previews.getByText("A fork's code runs with this stack's secrets", { exact: false }).waitFor();
    await previews.getByLabel('Also deploy requests from forks').uncheck();
    await previews.getByLabel('Live previews at most').fill('51');
    await previews.getByRole('button', { name: 'Save preview settings' }).click();
    await previews.getByText('Type a whole number from 1 to 50.').waitFor();
    await previews.getByLabel('Live previews at most').fill('3');
    await previews.getByRole('button', { name: 'Save preview settings' }).click();
    await previews.getByText('Saved.').waitFor();
    expect((await api('GET', `/api/stacks/${stackId}/previews/settings`)).body).toMatchObject({
      enabled: true,
      allowForks: false,
      limit: 3,
    });

    await previews.getByLabel('Name', { exact: true }).fill('API_KEY');
    await previews.getByLabel('Value', { exact: true }).fill(PREVIEW_SECRET);
    await previews.getByRole('button', { name: 'Set secret' }).click();
    await previews.getByText('API_KEY is set.', { exact: false }).waitFor();
    await textMatches(previews.getByRole('row', { name: /^API_KEY/ }), /Every preview/);
    expect(await page.content()).not.toContain(PREVIEW_SECRET);

    // a pull request, signed as GitHub signs it, deploys shop-pr-12 from its head
    const { url, secret } = (await api('POST', `/api/stacks/${stackId}/webhook`)).body;
    await clone.checkout('feature/greeting', true);
    const head = await clone.commitAndPush('A warmer greeting', { 'app/index.html': 'hello from the request\n' }, 'feature/greeting');
    await publishRequestHead(clone, repo.pushEnv, 12, head.sha);
    const hook = githubPullRequest(secret, {
      action: 'opened',
      number: 12,
      title: 'A warmer greeting',
      headRef: 'feature/greeting',
      headSha: head.sha,
      baseRef: 'main',
      baseSha: main.sha,
      fullName: 'otto/shop',
      cloneUrl: repo.url,
    });
    expect((await sendHook(url, hook)).status).toBe(202);
    const row = previews.getByRole('row', { name: /^#12 A warmer greeting/ });
    const listed = await textMatches(row, /Running/, 180_000);
    expect(listed).toContain('feature/greeting');
    expect(listed).toContain(short(head.sha));
    expect(listed).toContain('https://pr-12.preview.example.test');
    expect(listed).toMatch(/next week|in 7 days|in 6 days/); // the default time to live
    await previews.scrollIntoViewIfNeeded();
    await browser.shot('previews-section');

    // its own page names the request and links back; the stacks list shows it under its parent
    await row.getByRole('link', { name: '#12' }).click();
    await page.getByRole('heading', { name: 'shop-pr-12', level: 1 }).waitFor();
    const notice = page.getByRole('complementary', { name: /Preview of pull request #12/ });
    await textMatches(notice, new RegExp(`A preview of shop · feature/greeting · ${short(head.sha)}`));
    await browser.shot('preview-stack');
    await notice.getByRole('link', { name: 'shop' }).click();
    await page.getByRole('heading', { name: 'shop', level: 1 }).waitFor();
    await page.goto(`${mc.url}/stacks`);
    await page.getByRole('link', { name: 'shop-pr-12' }).waitFor();
    const names = await page.getByRole('table', { name: 'Stacks' }).getByRole('rowheader').allInnerTexts();
    const order = names.map((n) => n.split('\n')[0]);
    expect(order.indexOf('shop-pr-12')).toBe(order.indexOf('shop') + 1);
    expect(names[order.indexOf('shop-pr-12')]).toContain('Preview of #12');

    await page.goto(`${mc.url}/stacks/${stackId}`);
    const section = page.getByRole('region', { name: 'Previews' });
    await section.getByRole('button', { name: 'Tear down shop-pr-12' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Tear it down' }).click();
    await section.getByText('shop-pr-12 is torn down.').waitFor({ timeout: 120_000 });
    await section.getByText('No previews are live.', { exact: false }).waitFor();
    expect((await api('GET', `/api/stacks/${stackId}/previews`)).body).toEqual([]);
    await swarmForgets(NODE, 'shop-pr-12');
    expect(browser.errors).toEqual([]);
  }, 360_000);
});
