import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { nodeExec, testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { openBrowser, sameRow, textMatches, type DashboardBrowser } from '../support/browser.js';
import { shop } from '../support/fixtures.js';

// The dashboard's workflows in a real Chromium, against the built Mission Control and a real
// 2-node Swarm: a person adds two servers through the wizard, stores a secret, pastes a
// Compose file with a typo, fixes it, launches it, reads and follows logs, updates it with a
// reviewed diff and returns to base. Elements are found by role and label, like a person
// (or a screen reader) would; CodeMirror's own lint classes are the one exception.
const SECRET_VALUE = `browser-only-${Math.random().toString(36).slice(2)}`;

const TYPO = shop('db-v1').replace('  cache:\n    image: local/busybox:1', '  cache:\n    imag: local/busybox:1');
const TYPO_LINE = TYPO.split('\n').findIndex((l) => l.includes('imag: local')) + 1;

const LAUNCHED = 'Launch successful! Your fleet is now in orbit.';
const DEPLOY_MS = 150_000;

describe('the dashboard in a real browser', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let browser: DashboardBrowser;
  let page: Page;
  let key: string;
  let stackUrl: string;

  const editor = () => page.getByRole('textbox', { name: 'Compose file' });
  const keyBody = () => key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

  async function addServer(index: number, role: 'manager' | 'worker') {
    const node = bed.nodes[index];
    await page.getByLabel('Hostname or IP address').fill(node.address);
    await page.getByLabel('SSH user').fill('root');
    await page.getByLabel('Name (optional)', { exact: true }).fill(node.name);
    await page.getByLabel('Private key').fill(key);
    if (index === 0) await browser.shot('wizard-connect');
    await page.getByRole('button', { name: 'Read the host key' }).click();

    const fingerprint = page.getByLabel('Host key fingerprint');
    await fingerprint.waitFor({ timeout: 30_000 });
    expect(await fingerprint.inputValue()).toBe(node.hostKeyFingerprints.ed25519);
    await page.getByText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub').waitFor();
    if (role === 'manager') {
      await page.getByText('This is your first outpost, so it becomes a Swarm manager').waitFor();
      await browser.shot('wizard-host-key');
    } else {
      await page.getByRole('radio', { name: /^Worker/ }).check();
    }
    await page.getByRole('button', { name: 'The fingerprints match: add the server' }).click();

    await page.getByRole('heading', { name: `Onboarding ${node.name}` }).waitFor({ timeout: 30_000 });
    await page.getByText(`${node.name} is ready and part of the Swarm.`).waitFor({ timeout: 180_000 });
    await textMatches(page.getByRole('listitem').filter({ hasText: 'Create or join the Swarm' }), /Create or join the Swarm\s+Done/);
    const preflight = page.getByRole('table', { name: 'Preflight checks' });
    expect(await preflight.getByRole('row', { name: /^SSH/ }).innerText()).toMatch(/Pass/);
    const outcome = page.getByRole('status').filter({ hasText: 'is ready' });
    expect(await outcome.innerText()).toMatch(
      new RegExp(`Docker\\s+26\\.1[\\s\\S]*Swarm role\\s+${role === 'manager' ? 'Manager' : 'Worker'}`),
    );
    // The key went to Mission Control once; the page neither kept nor shows it.
    const html = await page.content();
    for (const line of keyBody()) expect(html).not.toContain(line);
  }

  beforeAll(async () => {
    bed = await testbedUp({ nodes: 2 });
    key = fs.readFileSync(bed.keys.ed25519, 'utf8');
    mc = await startMissionControl(newDataDir('dashboard'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
    });
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await mc?.stop();
    await testbedDown();
  }, 300_000);

  it('should add the first server as the manager through the wizard', async () => {
    await page.goto(`${mc.url}/`);
    await page.getByRole('heading', { name: 'No outposts yet' }).waitFor();
    await browser.shot('servers-empty');
    await page.getByRole('link', { name: 'Add your first server' }).click();
    await addServer(0, 'manager');
    await browser.shot('wizard-manager-ready');
  });

  it('should add the second server as a worker, and list both as ready', async () => {
    await page.getByRole('button', { name: 'Add another server' }).click();
    expect(await page.getByLabel('Private key').inputValue()).toBe('');
    await addServer(1, 'worker');
    await browser.shot('wizard-worker-ready');

    await page.getByRole('link', { name: 'Go to servers' }).click();
    const servers = page.getByRole('list', { name: 'Outposts' });
    await textMatches(servers.getByRole('listitem', { name: 'otn1' }), /Ready[\s\S]*Manager[\s\S]*26\.1/);
    await textMatches(servers.getByRole('listitem', { name: 'otn2' }), /Ready[\s\S]*Worker[\s\S]*26\.1/);
    await page.getByRole('heading', { name: 'Ingress (Traefik)' }).waitFor();
    await page.getByRole('button', { name: 'Deploy ingress again' }).waitFor();
    await page.getByLabel("Let's Encrypt email").fill('ops@example.com');
    await page.getByRole('button', { name: 'Save email' }).click();
    await page.getByText('Saved. Traefik picks it up').waitFor();
    expect((await mc.api('GET', '/api/cluster')).body.acmeEmail).toBe('ops@example.com');
    await browser.shot('servers');
  });

  it('should show field errors from the API, store a secret and never show its value again', async () => {
    await page.getByRole('link', { name: 'Registries' }).click();
    await page.getByRole('heading', { name: 'Add a registry login' }).waitFor();
    await page.getByLabel('Registry', { exact: true }).fill('https://not a host');
    await page.getByLabel('Username').fill('otto');
    await page.getByLabel('Password or access token').fill('hunter2');
    await page.getByRole('button', { name: 'Save login' }).click();
    await page.getByText('must be a registry host').waitFor();
    expect(await page.getByLabel('Registry', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Password or access token').inputValue()).toBe('');
    await browser.shot('registries-field-error');

    await page.getByRole('link', { name: 'Secrets' }).click();
    await page.getByRole('heading', { name: 'Store a secret' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('API KEY');
    await page.getByLabel('Value', { exact: true }).fill(SECRET_VALUE);
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByText('must start with a letter or _').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('API_KEY');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByText('Stored API_KEY. Its value will not be shown again.').waitFor();
    expect(await page.getByLabel('Value', { exact: true }).inputValue()).toBe('');
    await page
      .getByRole('table', { name: 'Stored secrets' })
      .getByRole('row', { name: /API_KEY/ })
      .waitFor();
    expect(await page.content()).not.toContain(SECRET_VALUE);
    await browser.shot('secrets');
  });

  it('should point at a typo on its line, in the list and with a lint marker in the editor', async () => {
    await page.getByRole('link', { name: 'Stacks' }).click();
    await page.getByRole('heading', { name: 'No fleets launched yet' }).waitFor();
    await page.getByRole('link', { name: 'Create your first stack' }).click();
    // Pasted before the stack has a name: the file is checked on its own, and the name field
    // (not a red banner) asks for a name.
    await editor().fill(TYPO);

    const problems = page.getByRole('list', { name: 'Problems in the Compose file' });
    const typo = problems.getByRole('listitem').filter({ hasText: 'Unknown key `imag`' });
    expect(await textMatches(typo, /Unknown key/)).toContain(`Line ${TYPO_LINE}, column 5`);
    await page.getByText('Give the stack a name: lower-case letters, digits, - and _').waitFor();
    expect(await page.getByLabel('Stack name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Otto hit a snag').count()).toBe(0);
    await page.getByLabel('Stack name').fill('shop');
    await page.getByText('Give the stack a name: lower-case letters, digits, - and _').waitFor({ state: 'detached' });

    // The marker: CodeMirror underlines the range and puts a lint gutter marker on the same row.
    const line = editor().locator('.cm-line').filter({ hasText: 'imag: local/busybox:1' });
    await line.locator('.cm-lintRange-error').waitFor();
    const markers = page.locator('.cm-gutter-lint .cm-gutterElement').filter({ has: page.locator('.cm-lint-marker-error') });
    const lineBox = await line.boundingBox();
    const boxes = await Promise.all((await markers.all()).map((m) => m.boundingBox()));
    expect(boxes.some((box) => sameRow(box, lineBox))).toBe(true);

    // The list's position button puts the editor's cursor on that line.
    await typo.getByRole('button', { name: `Error · Line ${TYPO_LINE}, column 5` }).click();
    await problems.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await browser.shot('stack-editor-error');
  });

  it('should save the fixed file and launch it', async () => {
    await editor().fill(shop('db-v1'));
    await textMatches(page.getByRole('status').filter({ hasText: /^No (errors|problems)/ }), /^No (errors|problems)/);
    await page.getByRole('tab', { name: 'What will be deployed' }).click();
    await textMatches(
      page.getByRole('tabpanel', { name: 'What will be deployed' }),
      /traefik\.http\.routers\.shop-web\.rule=Host\(`shop\.example\.test`\)/,
    );
    await browser.shot('stack-rendered');
    await page.getByRole('tab', { name: 'Compose file' }).click();
    await page.getByRole('button', { name: 'Save stack' }).click();
    await page.waitForURL(/\/stacks\/(?!new$)[^/]+$/);
    stackUrl = page.url();

    // The ingress job creates traefik-public, which a stack with a domain joins.
    await waitFor(
      'traefik-public',
      async () => ((await nodeExec('otn1', ['docker', 'network', 'inspect', 'traefik-public'])).code === 0 ? true : undefined),
      60_000,
      1000,
    );
    await page.getByText('Not launched yet. Deploy sends this file to the Swarm as version 1.').waitFor();
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('heading', { name: 'Launching version 1' }).waitFor();
    await page.getByRole('status').filter({ hasText: LAUNCHED }).waitFor({ timeout: DEPLOY_MS });
    await page.evaluate(() => window.scrollTo(0, 0));
    await browser.shot('launch-successful');
  });

  it('should show the services running with their tasks, polling only the stack', async () => {
    const services = page.getByRole('list', { name: 'Services' });
    await textMatches(services.getByRole('listitem', { name: 'web' }), /2 of 2 running/, 60_000);
    await textMatches(services.getByRole('listitem', { name: 'db' }), /1 of 1 running/, 30_000);
    await textMatches(services.getByRole('listitem', { name: 'cache' }), /1 of 1 running/, 30_000);
    const webTasks = page.getByRole('table', { name: 'Tasks of web' });
    const running = await webTasks
      .getByRole('row')
      .filter({ hasText: /Running/ })
      .allInnerTexts();
    expect(running.map((r) => /otn[12]/.exec(r)?.[0]).sort()).toEqual(['otn1', 'otn2']);
    expect(await page.getByRole('link', { name: 'https://shop.example.test' }).getAttribute('href')).toBe('https://shop.example.test');
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await browser.shot('stack-running');

    // Idle page: per refresh one GET /api/stacks/:id and, while its charts are live, one GET of its
    // metrics; no request per service, and none of either once the page is left.
    const id = new URL(stackUrl).pathname.split('/').pop();
    const seen: string[] = [];
    const record = (r: { method(): string; url(): string }) => {
      if (r.url().includes('/api/')) seen.push(`${r.method()} ${new URL(r.url()).pathname}`);
    };
    page.on('request', record);
    await page.waitForTimeout(11_000);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect([...new Set(seen)].sort()).toEqual([`GET /api/metrics/stacks/${id}`, `GET /api/stacks/${id}`]);
    await page.getByRole('link', { name: 'Stacks' }).click();
    await page.getByRole('table', { name: 'Stacks' }).waitFor();
    seen.length = 0;
    await page.waitForTimeout(6_000);
    expect(seen.filter((s) => s.includes(`/stacks/${id}`))).toEqual([]);
    page.off('request', record);
    await page.getByRole('link', { name: 'shop', exact: true }).click();
    await page.waitForURL(stackUrl);
  });

  it('should follow the logs of a service and see a new line arrive', async () => {
    await page.getByRole('link', { name: 'Logs of db' }).click();
    const log = page.getByRole('log', { name: 'Log lines of db' });
    await textMatches(log, /db-v1 \d+/, 30_000);
    const opened = Math.floor(Date.now() / 1000);
    await page.getByLabel('Follow new lines').check();
    const newest = async () => {
      const lines = await log.getByRole('listitem').allInnerTexts();
      return Math.max(...lines.map((l) => Number(/db-v1 (\d+)/.exec(l)?.[1] ?? 0)));
    };
    await waitFor('a line written after follow was turned on', async () => ((await newest()) > opened + 1 ? true : undefined), 30_000, 500);
    await page.getByText('Live: new lines appear as they arrive.').waitFor();
    await browser.shot('logs-follow');
    await page.getByLabel('Search').fill('no such transmission');
    await page.getByText('No line matches the filter.').waitFor();
    await page.getByLabel('Search').fill('db-v1');
    expect(await log.getByRole('listitem').count()).toBeGreaterThan(0);

    // Leaving the page closes the stream, and with it `docker service logs -f` on the manager.
    await page.getByRole('link', { name: 'Back to the stack' }).click();
    await waitFor(
      'the remote docker service logs to end',
      async () => ((await nodeExec('otn1', ['pgrep', '-f', 'service logs'])).code === 1 ? true : undefined),
      15_000,
      500,
    );
  });

  it('should show the diff of an edit before deploying it', async () => {
    await textMatches(editor(), /echo db-v1/); // the stored file is loaded before editing it
    await editor().fill(shop('db-v2'));
    await page.getByText('Unsaved changes').waitFor();
    await textMatches(page.getByRole('status').filter({ hasText: /^No (errors|problems)/ }), /^No (errors|problems)/);
    await page.getByRole('button', { name: 'Save changes' }).click();
    const changes = page.getByRole('region', { name: 'Changes since version 1' });
    await textMatches(changes, /db-v2/);
    await changes.getByRole('row', { name: /Removed: .*echo db-v1/ }).waitFor();
    await changes.getByRole('row', { name: /Added: .*echo db-v2/ }).waitFor();
    await changes.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await browser.shot('stack-diff');

    await page.getByRole('button', { name: 'Deploy', exact: true }).click();
    await page.getByRole('heading', { name: 'Launching version 2' }).waitFor();
    await page.getByRole('status').filter({ hasText: LAUNCHED }).waitFor({ timeout: DEPLOY_MS });
    const history = page.getByRole('table', { name: 'Launches of this stack, newest first' });
    await textMatches(history, /Version 2\s+Succeeded[\s\S]*Version 1\s+Succeeded/);
  });

  it('should roll back to version 1 and see version 3 succeed', async () => {
    await page.getByRole('button', { name: 'Roll back to version 1' }).click();
    await page.getByRole('heading', { name: 'Returning to base: version 3' }).waitFor();
    await page.getByRole('status').filter({ hasText: LAUNCHED }).waitFor({ timeout: DEPLOY_MS });
    const history = page.getByRole('table', { name: 'Launches of this stack, newest first' });
    await textMatches(history.getByRole('row', { name: /^Version 3/ }), /Succeeded[\s\S]*Return to base: version 1 again/);
    await textMatches(editor(), /echo db-v1/);
    await history.evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await browser.shot('rolled-back');
  });

  it('should read well in the dark and on a phone', async () => {
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await browser.shot('stack-dark');
    const phone = await browser.context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${mc.url}/servers`);
    await phone.getByRole('list', { name: 'Outposts' }).waitFor();
    await browser.shot('servers-phone-dark', phone);
    await phone.close();
  });

  it('should never show a private key or a secret value, nor hit a page error', () => {
    expect(browser.errors).toEqual([]);
    for (const line of keyBody()) expect(mc.output()).not.toContain(line);
    expect(mc.output()).not.toContain(SECRET_VALUE);
  });
});
