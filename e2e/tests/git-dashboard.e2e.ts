import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { gitAuthorize, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { openBrowser, textMatches, type DashboardBrowser } from '../support/browser.js';
import { sshGitRepo, startGitHttpServer, WorkClone, type GitHttpServer, type SshGitRepo } from '../support/git-servers.js';
import { specBecomes } from '../support/git-deploys.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { githubPush, pushInfo, sendHook } from '../support/webhooks.js';

// The Git screens of the dashboard in a real Chromium, against the built Mission Control and
// a real smart-HTTP Git server (git http-backend) on loopback that wants a token: a person
// adds the repository with its token, checks access, creates a stack from a branch and file
// picked from what Mission Control fetched, is shown a broken branch's error with its file,
// line and commit, saves the stack from the good branch, makes a webhook secret and sees a
// signed push to another branch explained in the deliveries list. Nothing is deployed, so no
// Swarm is needed: the deploy paths have their own suites.
const TOKEN = `glpat-dash-${Math.random().toString(36).slice(2)}`;
const GOOD = `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "exec httpd -f -p 8080"]
    deploy:
      endpoint_mode: dnsrr
`;
// "imag" instead of "image" on line 3 of the file (the error may name line 2, the service missing its image)
const BROKEN = GOOD.replace('    image: local/busybox:1', '    imag: local/busybox:1');

describe('the Git screens of the dashboard in a real browser', () => {
  let work: string;
  let server: GitHttpServer;
  let clone: WorkClone;
  let mc: RunningMissionControl;
  let browser: DashboardBrowser;
  let page: Page;
  let repoUrl: string;
  let mainSha: string;
  let brokenSha: string;
  let devSha: string;
  let stackId: string;
  let secret: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-git-dashboard-'));
    const credential = { username: 'otto', password: TOKEN, push: true };
    server = await startGitHttpServer(path.join(work, 'served'), [credential]);
    repoUrl = await server.createRepo('fleet');
    clone = await WorkClone.create(path.join(work, 'clone'));
    await clone.addRemote('origin', repoUrl, server.pushEnv(credential));
    clone.write('deploy/compose.yaml', GOOD).write('README.md', '# fleet\n');
    await clone.commit('Launch the web fleet');
    mainSha = await clone.push('origin', 'main');
    await clone.checkout('broken', true);
    clone.write('deploy/compose.yaml', BROKEN);
    await clone.commit('Typo in the image key');
    brokenSha = await clone.push('origin', 'broken');
    await clone.checkout('main');
    await clone.checkout('dev', true);
    clone.write('notes.txt', 'not deployed\n');
    await clone.commit('Work in progress');
    devSha = await clone.push('origin', 'dev');

    mc = await startMissionControl(newDataDir('git-dashboard'), { OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600' });
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await mc?.stop();
    await server?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('should add the repository with a token and check access', async () => {
    await page.goto(`${mc.url}/servers`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Repositories' }).click();
    await page.getByRole('heading', { name: 'Add a repository' }).waitFor();
    await page.getByLabel('Repository URL').fill(repoUrl);
    // the name follows the URL until the user types one
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('fleet');
    await page.getByRole('radio', { name: /^Access token/ }).check();
    await page.getByLabel('Access token', { exact: true }).fill(TOKEN);
    await page.getByLabel('Token user name (optional)').fill('otto');
    await browser.shot('git-repository-form');
    await page.getByRole('button', { name: 'Add the repository' }).click();

    const card = page.getByRole('article', { name: 'fleet' });
    await card.waitFor();
    await page.getByText('fleet is added. Check access to make sure Otto can fetch it.').waitFor();
    expect(await card.innerText()).toMatch(/Access token\s*\(as otto\)/);
    await card.getByRole('button', { name: 'Check access' }).click();
    const found = await textMatches(card, /Otto got in! 3 branch\(es\) and 0 tag\(s\)/);
    expect(found).toContain('broken');
    expect(found).toContain(mainSha.slice(0, 7));
    await card.scrollIntoViewIfNeeded();
    await browser.shot('git-repository-checked');
    // the token went to Mission Control once: the page neither kept nor shows it
    expect(await page.content()).not.toContain(TOKEN);
    expect(server.requests.some((r) => r.user === 'otto' && r.status === 200)).toBe(true);
  });

  it('should pick the branch and file, show a broken commit with file, line and commit, then save from the good one', async () => {
    await page.getByRole('article', { name: 'fleet' }).getByRole('link', { name: 'New stack from it' }).click();
    await page.getByRole('heading', { name: 'New stack' }).waitFor();
    expect(await page.getByRole('radio', { name: /^From a repository/ }).isChecked()).toBe(true);
    await page.getByLabel('Stack name').fill('webfleet');
    // preselected from the check: the default branch and the Compose file found at it
    const ref = page.getByLabel('Branch, tag or commit');
    await waitFor('the ref picked', async () => ((await ref.inputValue()) === 'main' ? true : undefined), 30_000, 250);
    const file = page.getByLabel('Compose file or folder');
    await waitFor('the file picked', async () => ((await file.inputValue()) === 'deploy/compose.yaml' ? true : undefined), 30_000, 250);
    await page.getByText(`Files at ${mainSha.slice(0, 7)} Launch the web fleet`).waitFor();

    await ref.fill('broken');
    await ref.press('Tab');
    await page.getByText(`Files at ${brokenSha.slice(0, 7)} Typo in the image key`).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Validate' }).click();
    const problems = await textMatches(page.locator('.issues'), new RegExp(`deploy/compose\\.yaml:[23]:\\d+ at ${brokenSha.slice(0, 7)}`));
    expect(problems).toMatch(/imag/);
    await page.locator('.issues').scrollIntoViewIfNeeded();
    await browser.shot('git-stack-validate-error');

    await ref.fill('main');
    await ref.press('Tab');
    await page.getByText(`Files at ${mainSha.slice(0, 7)}`).waitFor({ timeout: 30_000 });
    await page.getByText('Options: tags, polling, auto-deploy').click();
    await page.getByLabel('Poll every (seconds)').fill('0');
    await page.getByRole('button', { name: 'Validate' }).click();
    await page
      .getByText(`Ready for launch: deploy/compose.yaml at ${mainSha.slice(0, 7)} (Launch the web fleet).`)
      .waitFor({ timeout: 30_000 });
    await browser.shot('git-stack-validated');
    await page.getByRole('button', { name: 'Save stack' }).click();

    await page.getByRole('heading', { name: 'webfleet', level: 1 }).waitFor({ timeout: 30_000 });
    stackId = page.url().split('/stacks/')[1];
    const source = page.getByRole('region', { name: 'Source', exact: true });
    const text = await source.innerText();
    expect(text).toContain('fleet');
    expect(text).toContain(repoUrl);
    expect(text).toMatch(/Follows\s+main/);
    expect(text).toMatch(/File\s+deploy\/compose\.yaml/);
    expect(text).toContain('Deployed from webhooks only (polling is off)');
    expect(text).toContain('Nothing deployed from the repository yet');

    const stored = await mc.api('GET', `/api/stacks/${stackId}`);
    expect(stored.body.source).toMatchObject({ ref: 'main', path: 'deploy/compose.yaml', pollIntervalSeconds: 0, autoDeploy: true });
    expect(stored.body.configuration).toBe(GOOD);
  });

  it('should make a webhook secret, show it once, and explain a push to another branch', async () => {
    const panel = page.getByRole('region', { name: 'Webhook' });
    await panel.getByRole('button', { name: 'Create webhook secret' }).click();
    await panel.getByText('Copy it now: Otto shows it this once.').waitFor();
    const codes = await panel.locator('code').allInnerTexts();
    const url = codes.find((c) => c.startsWith(mc.url));
    secret = codes.find((c) => !c.startsWith('http')) ?? '';
    expect(url).toMatch(new RegExp(`^${mc.url}/api/hooks/`));
    expect(url).not.toContain(secret);
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(await panel.getByRole('tab').allInnerTexts()).toEqual(expect.arrayContaining(['GitHub']));
    await browser.shot('git-stack-webhook');

    const push = githubPush(
      secret,
      pushInfo({ branch: 'dev', before: mainSha, after: devSha, fullName: 'otto/fleet', cloneUrl: repoUrl, commits: [] }),
    );
    const answer = await sendHook(url!, push);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('ignored: pushed to dev, this stack follows main');

    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    const row = await textMatches(deliveries, /ignored: pushed to dev, this stack follows main/, 30_000);
    expect(row).toMatch(/GitHub/);
    expect(row).toMatch(/Valid/);
    expect(row).toContain(devSha.slice(0, 7));
    expect(row).toMatch(/Ignored/);
    await deliveries.scrollIntoViewIfNeeded();
    await browser.shot('git-stack-deliveries');

    // reloaded, the page no longer has the secret: it was shown once
    await page.reload();
    await page.getByRole('region', { name: 'Webhook' }).getByText('A secret is set.').waitFor();
    expect(await page.content()).not.toContain(secret);
    await page.getByRole('region', { name: 'Webhook' }).getByRole('button', { name: 'Rotate secret' }).waitFor();
  });

  it('should switch the stack to a pasted file and back to the repository', async () => {
    await page.getByRole('button', { name: 'Switch to a pasted file' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Switch to a pasted file' }).click();
    await page.getByRole('textbox', { name: 'Compose file' }).waitFor();
    expect((await mc.api('GET', `/api/stacks/${stackId}`)).body.source).toBeNull();

    await page.getByRole('button', { name: 'Move to a repository' }).click();
    await page.getByLabel('Repository', { exact: true }).selectOption({ label: `fleet (${repoUrl})` });
    const file = page.getByLabel('Compose file or folder');
    await waitFor('the file picked', async () => ((await file.inputValue()) === 'deploy/compose.yaml' ? true : undefined), 30_000, 250);
    await page.getByRole('button', { name: 'Read the file from the repository from now on' }).click();
    await page.getByRole('region', { name: 'Source', exact: true }).waitFor();
    expect((await mc.api('GET', `/api/stacks/${stackId}`)).body.source).toMatchObject({ ref: 'main', path: 'deploy/compose.yaml' });
    await browser.shot('git-stack-source');
  });

  it('should refuse to delete a repository a stack uses, naming the stack', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Repositories' }).click();
    const card = page.getByRole('article', { name: 'fleet' });
    expect(await card.getByRole('link', { name: 'webfleet' }).getAttribute('href')).toBe(`/stacks/${stackId}`);
    await card.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await textMatches(dialog.getByRole('alert'), /webfleet/);
    expect((await mc.api('GET', '/api/repositories')).body).toHaveLength(1);
    expect(browser.errors).toEqual([]);
  });
});

// The same screens with a Swarm behind them: a repository over SSH (git-shell on a test node)
// added with its host key confirmed and the deploy key Mission Control made, a stack deployed
// from it, another ref deployed once, and a rollback, each shown with its commit.
const RELEASE_LABEL = 'test.otternauts.release';
const shipsFile = (release: string) => `services:
  web:
    image: local/busybox:1
    command: ["sh", "-c", "exec httpd -f -p 8080"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      labels:
        ${RELEASE_LABEL}: ${release}
`;
const LAUNCHED = 'Launch successful! Your fleet is now in orbit.';

describe('deploying a Git stack from the dashboard, over SSH with a deploy key', () => {
  let bed: TestbedState;
  let work: string;
  let repo: SshGitRepo;
  let clone: WorkClone;
  let mc: RunningMissionControl;
  let browser: DashboardBrowser;
  let page: Page;
  let r1: string;
  let r2: string;

  const launched = async () => {
    await page.getByText(LAUNCHED).waitFor({ timeout: 150_000 });
    await page.getByRole('button', { name: 'Dismiss' }).click();
  };

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-git-dashboard-ssh-'));
    mc = await startMissionControl(newDataDir('git-dashboard-ssh'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
    });
    // otn1 is the Swarm; otn2 only serves the repository, as a Git server would
    await onboardCluster((method, route, body) => mc.api(method, route, body), bed, [bed.nodes[0]], 'root');
    repo = await sshGitRepo(bed, bed.nodes[1], 'ships', work);
    clone = await WorkClone.create(path.join(work, 'ships'));
    await clone.addRemote('origin', repo.url, repo.pushEnv);
    clone.write('compose.yaml', shipsFile('r1'));
    await clone.commit('Release r1');
    r1 = await clone.push('origin', 'main');
    clone.write('compose.yaml', shipsFile('r2'));
    await clone.commit('Release r2');
    r2 = await clone.push('origin', 'next');
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await mc?.stop();
    await testbedDown();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }, 300_000);

  it('should confirm the Git host key, show the deploy key to add, and get in once it is added', async () => {
    await page.goto(`${mc.url}/repositories`);
    await page.getByLabel('Repository URL').fill(repo.url);
    // SSH takes a deploy key only
    expect(await page.getByRole('radio').count()).toBe(1);
    expect(await page.getByRole('radio', { name: /^Deploy key/ }).isChecked()).toBe(true);
    await page.getByRole('button', { name: "Read the Git host's key" }).click();
    const fingerprint = page.getByLabel('Host key fingerprint');
    await fingerprint.waitFor({ timeout: 30_000 });
    expect(await fingerprint.inputValue()).toBe(bed.nodes[1].hostKeyFingerprints.ed25519);
    await browser.shot('git-ssh-host-key');
    await page.getByRole('button', { name: 'The fingerprints match: add the repository' }).click();

    const card = page.getByRole('article', { name: 'ships' });
    await card.waitFor();
    const key = (await card.locator('pre').innerText()).trim();
    expect(key).toMatch(/^ssh-ed25519 [A-Za-z0-9+/=]+/);
    expect(await card.getByRole('tab').allInnerTexts()).toEqual(expect.arrayContaining(['GitHub', 'GitLab']));
    await card.getByRole('button', { name: 'Copy the public key' }).waitFor();
    expect(await card.innerText()).toContain(bed.nodes[1].hostKeyFingerprints.ed25519);
    await card.scrollIntoViewIfNeeded();
    await browser.shot('git-ssh-deploy-key');

    // before the key is added at the Git host, the check says it cannot get in
    await card.getByRole('button', { name: 'Check access' }).click();
    await textMatches(card, /Otto could not fetch the repository|Otto hit a snag/, 60_000);
    await gitAuthorize(bed.nodes[1].name, key);
    await card.getByRole('button', { name: 'Check access' }).click();
    await textMatches(card, /Otto got in! 2 branch\(es\)/, 60_000);
  });

  it('should create the stack from the repository and deploy it, showing the commit', async () => {
    await page.getByRole('article', { name: 'ships' }).getByRole('link', { name: 'New stack from it' }).click();
    await page.getByLabel('Stack name').fill('ships');
    const file = page.getByLabel('Compose file or folder');
    await waitFor('the file picked', async () => ((await file.inputValue()) === 'compose.yaml' ? true : undefined), 60_000, 250);
    expect(await page.getByLabel('Branch, tag or commit').inputValue()).toBe('main');
    // no polls: every deployment here is one the test starts
    await page.getByText('Options: tags, polling, auto-deploy').click();
    await page.getByLabel('Poll every (seconds)').fill('0');
    await page.getByRole('button', { name: 'Save stack' }).click();
    await page.getByRole('heading', { name: 'ships', level: 1 }).waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await launched();
    const source = page.getByRole('region', { name: 'Source', exact: true });
    await textMatches(source, new RegExp(`${r1.slice(0, 7)}\\s+Release r1`), 30_000);
    expect(await source.innerText()).toContain('by Otto Tester');
    const history = page.getByRole('table', { name: 'Launches of this stack, newest first' });
    const v1 = await textMatches(history.getByRole('row', { name: /Version 1/ }), /Release r1/);
    expect(v1).toContain(r1.slice(0, 7));
    expect(v1).toContain('Started from the dashboard');
    expect(v1).toMatch(/main/);
    await specBecomes(bed.nodes[0].name, 'ships_web', 'r1 running', (spec) => spec.Labels?.[RELEASE_LABEL] === 'r1');
    await browser.shot('git-ssh-deployed');
  });

  it('should deploy another ref once, then roll back to the first commit', async () => {
    await page.getByLabel('Deploy another branch, tag or commit').fill('next');
    await page.getByRole('button', { name: 'Deploy this ref' }).click();
    await launched();
    const source = page.getByRole('region', { name: 'Source', exact: true });
    await textMatches(source, new RegExp(`${r2.slice(0, 7)}\\s+Release r2`), 30_000);
    // deployed once: the stack still follows main
    expect(await source.innerText()).toMatch(/Follows\s+main/);
    const history = page.getByRole('table', { name: 'Launches of this stack, newest first' });
    expect(await textMatches(history.getByRole('row', { name: /Version 2/ }), /Release r2/)).toMatch(/next/);
    await specBecomes(bed.nodes[0].name, 'ships_web', 'r2 running', (spec) => spec.Labels?.[RELEASE_LABEL] === 'r2');

    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await launched();
    await textMatches(source, new RegExp(`${r1.slice(0, 7)}\\s+Release r1`), 30_000);
    const v3 = await textMatches(history.getByRole('row', { name: /Version 3/ }), /Release r1/);
    expect(v3).toContain('Rollback');
    expect(v3).toContain('Return to base: version 1 again');
    await specBecomes(bed.nodes[0].name, 'ships_web', 'r1 back', (spec) => spec.Labels?.[RELEASE_LABEL] === 'r1');
    await history.scrollIntoViewIfNeeded();
    await browser.shot('git-ssh-history');
    expect(browser.errors).toEqual([]);
  });
});
