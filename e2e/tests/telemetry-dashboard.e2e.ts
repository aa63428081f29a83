import type { Page, Request } from 'playwright-core';
import { testbedDown, testbedUp, type TestbedState } from '../testbed/testbed.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';
import { openBrowser, textMatches, type DashboardBrowser } from '../support/browser.js';
import { onboardCluster } from '../support/onboard-cluster.js';
import { recordingApi } from '../support/api-recorder.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/notification-receivers.js';
import { deployStack, events, stackMetrics } from '../support/telemetry.js';

// The telemetry screens in a real Chromium against a real 2-node Swarm that is being sampled:
// the stack page's CPU and memory charts (live while open), the servers page's charts, the
// activity timeline and the notification channels. The cluster and the data come through the
// API (the wizard has its own browser test); the screens are looked at like a person would.
const LIVE_S = 2;
const FLEET = `services:
  busy:
    image: local/busybox:1
    command: ["sh", "-c", "while :; do :; done"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      resources:
        limits:
          cpus: "0.2"
  pair:
    image: local/busybox:1
    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/fill bs=1M count=12 2>/dev/null; exec sleep 86400"]
    stop_grace_period: 1s
    deploy:
      endpoint_mode: dnsrr
      replicas: 2
      placement:
        max_replicas_per_node: 1
`;

describe('the telemetry screens in a real browser', () => {
  let bed: TestbedState;
  let mc: RunningMissionControl;
  let browser: DashboardBrowser;
  let page: Page;
  let hooks: WebhookReceiver;
  let api: ReturnType<typeof recordingApi>['api'];
  let stackId: string;
  const requests: string[] = [];
  const metricsCalls = (prefix: string) => requests.filter((u) => u.startsWith(`${mc.url}${prefix}`));

  /** The page's charts: uPlot draws each on a canvas. */
  const charts = () => page.locator('canvas');

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    bed = await testbedUp({ nodes: 2 });
    mc = await startMissionControl(newDataDir('telemetry-dashboard'), {
      OTTERNAUTS_SERVER_CHECK_INTERVAL: '3600',
      OTTERNAUTS_RESOLVE_IMAGE: 'never',
      OTTERNAUTS_DEPLOY_TIMEOUT: '120',
      OTTERNAUTS_METRICS_INTERVAL: '5',
      OTTERNAUTS_METRICS_LIVE_INTERVAL: String(LIVE_S),
      OTTERNAUTS_NOTIFY_ALLOW: '127.0.0.1',
    });
    ({ api } = recordingApi(mc));
    await onboardCluster(api, bed, bed.nodes, 'root');
    const { stackId: id, deployment } = await deployStack(api, 'fleet', FLEET);
    expect(deployment.status).toBe('succeeded');
    stackId = id;
    const channel = await api('POST', '/api/notifications/channels', {
      name: 'ops-hook',
      kind: 'webhook',
      settings: {},
      secrets: { url: hooks.url },
      events: [],
      stacks: [],
      enabled: true,
    });
    expect(channel.status).toBe(201);
    hooks.setSecret(channel.body.signingSecret);
    expect((await api('POST', `/api/notifications/channels/${channel.body.id}/test`)).body).toMatchObject({ status: 'sent' });
    // a few points to draw before anyone looks
    await waitFor(
      'CPU points of busy',
      async () => {
        const s = (await stackMetrics(api, stackId)).services.find((x) => x.name === 'busy');
        return (s?.points.filter((p) => p.cpuPercent !== null).length ?? 0) >= 2 ? true : undefined;
      },
      120_000,
      2000,
    );
    browser = await openBrowser();
    page = browser.page;
    page.setDefaultTimeout(20_000);
    page.on('request', (r: Request) => requests.push(r.url()));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await mc?.stop();
    await testbedDown();
    await hooks?.stop();
  }, 300_000);

  it("should draw the stack's CPU and memory charts per service, and keep them live while the page is open", async () => {
    await page.goto(`${mc.url}/stacks/${stackId}`);
    await page.getByRole('heading', { name: 'fleet' }).first().waitFor();
    await waitFor('the charts', async () => ((await charts().count()) >= 2 ? true : undefined), 30_000, 250);
    await textMatches(page.locator('main'), /CPU[\s\S]*Memory|Memory[\s\S]*CPU/);
    await textMatches(page.locator('main'), /busy[\s\S]*pair|pair[\s\S]*busy/);
    // live: the page asks again every live interval, marking the stack as watched
    const calls = await waitFor(
      'live re-fetches of the stack series',
      async () => {
        const c = metricsCalls(`/api/metrics/stacks/${stackId}`).filter((u) => /[?&]live=1\b/.test(u));
        return c.length >= 3 ? c : undefined;
      },
      8 * LIVE_S * 1000,
      250,
    );
    expect(calls.every((u) => /[?&]range=1h\b/.test(u) || !/[?&]range=/.test(u))).toBe(true);
    await charts().first().scrollIntoViewIfNeeded();
    await browser.shot('telemetry-stack-charts');

    // another range: the same series at its own resolution, asked for by the page
    // the radio is drawn by its label (the input itself lies under it): click what a person sees
    const range24h = page.getByRole('radio', { name: /^24\s?h$/i }).first();
    await page.locator('label').filter({ has: range24h }).first().click();
    expect(await range24h.isChecked()).toBe(true);
    await waitFor(
      'the 24 h series',
      async () => (metricsCalls(`/api/metrics/stacks/${stackId}`).some((u) => /[?&]range=24h\b/.test(u)) ? true : undefined),
      10_000,
      250,
    );
  });

  it("should draw every server's CPU, memory and disk on the servers page", async () => {
    await page.goto(`${mc.url}/servers`);
    const servers = page.getByRole('list', { name: 'Outposts' });
    await servers.getByRole('listitem', { name: 'otn1' }).waitFor();
    await servers.getByRole('listitem', { name: 'otn2' }).waitFor();
    await waitFor('server charts', async () => ((await charts().count()) >= 2 ? true : undefined), 30_000, 250);
    await textMatches(page.locator('main'), /CPU[\s\S]*Memory[\s\S]*Disk/i);
    await waitFor(
      'live server series',
      async () => (metricsCalls('/api/metrics/servers').some((u) => /[?&]live=1\b/.test(u)) ? true : undefined),
      8 * LIVE_S * 1000,
      250,
    );
    await charts().first().scrollIntoViewIfNeeded();
    await browser.shot('telemetry-servers');
  });

  it('should list what happened on the timeline, newest first', async () => {
    const recorded = await events(api, 'limit=50');
    const deployed = recorded.find((e) => e.kind === 'deploy.succeeded' && e.stackName === 'fleet');
    const added = recorded.find((e) => e.kind === 'server.added' && e.serverName === 'otn2');
    expect(deployed).toBeDefined();
    expect(added).toBeDefined();
    await page.goto(`${mc.url}/activity`);
    await page.getByText(deployed.message).first().waitFor();
    await page.getByText(added.message).first().waitFor();
    // newest first: the deploy came after the servers were added
    const text = await page.locator('main').innerText();
    expect(text.indexOf(deployed.message)).toBeLessThan(text.indexOf(added.message));
    await browser.shot('telemetry-timeline');
  });

  it('should list the notification channels with their last delivery', async () => {
    await page.goto(`${mc.url}/notifications`);
    await page.getByText('ops-hook').first().waitFor();
    await textMatches(page.locator('main'), /ops-hook[\s\S]*127\.0\.0\.1[\s\S]*Sent/); // its last delivery: the test, sent
    expect(await page.content()).not.toContain('/hooks/otto'); // the URL is a secret: its host only
    await page.getByText('ops-hook').first().scrollIntoViewIfNeeded(); // the list, below the form
    await browser.shot('notifications-channels');
    expect(browser.errors).toEqual([]);
  });
});
