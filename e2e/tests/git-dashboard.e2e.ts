import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { openBrowser, textMatches, type DashboardBrowser } from '../support/browser.js';
import { startGitHttpServer, WorkClone, type GitHttpServer } from '../support/git-servers.js';
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
    await browser.shot('git-stack-validate-error');

    await ref.fill('main');
    await ref.press('Tab');
    await page.getByText(`Files at ${mainSha.slice(0, 7)}`).waitFor({ timeout: 30_000 });
    await page.getByText('Options: tags, polling, auto-deploy').click();
    await page.getByLabel('Poll every (seconds)').fill('0');
    await page.getByRole('button', { name: 'Validate' }).click();
    await page.getByText(`deploy/compose.yaml at ${mainSha.slice(0, 7)} Launch the web fleet is ready for launch.`).waitFor({ timeout: 30_000 });
    await browser.shot('git-stack-validated');
    await page.getByRole('button', { name: 'Save stack' }).click();

    await page.getByRole('heading', { name: 'webfleet', level: 1 }).waitFor({ timeout: 30_000 });
    stackId = page.url().split('/stacks/')[1];
    const source = page.getByRole('region', { name: 'Source' });
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
    await page.getByRole('region', { name: 'Source' }).waitFor();
    expect((await mc.api('GET', `/api/stacks/${stackId}`)).body.source).toMatchObject({ ref: 'main', path: 'deploy/compose.yaml' });
    expect(browser.errors).toEqual([]);
    await browser.shot('git-stack-source');
  });
});
