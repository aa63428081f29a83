import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Response } from 'playwright-core';
import { openBrowser, type DashboardBrowser } from '../support/browser.js';
import { newDataDir, startMissionControl, waitFor, type RunningMissionControl } from '../support/mission-control.js';

// A web page the person happens to visit tries to drive Mission Control: cross-site form
// posts (urlencoded, text/plain, multipart), no-cors fetches and beacons, body-less posts
// that start work, embedding reads, and a DNS-rebinding page that talks to Mission Control
// under its own name. In Debian's Chromium, in both modes. Nothing may change, the page
// may read nothing, and the dashboard itself must keep working.

const TOKEN = 'drive-by-admin-token-0123456789abcdef';
const FILE = 'services:\n  web:\n    image: nginx:1.27\n';
const REBIND = 'rebind.test';

interface Seen {
  method: string;
  url: string;
  status: number;
}

declare global {
  interface Window {
    report?: Record<string, unknown>;
  }
}

/** What the page reports back: every attempt records what it could read. */
const REPORTER = `
const report = {};
async function attempt(name, url, init) {
  try {
    const res = await fetch(url, init);
    let text;
    try { text = await res.text(); } catch (e) { text = 'unreadable: ' + e.name; }
    report[name] = { type: res.type, status: res.status, text };
  } catch (e) {
    report[name] = { error: e.name };
  }
}`;

function formsPage(mc: string, stackId: string): string {
  const forms: [string, string, string][] = [
    [
      '/api/stacks',
      'application/x-www-form-urlencoded',
      `<input name="name" value="drive-by-form"><textarea name="configuration">${FILE}</textarea>`,
    ],
    // the classic text/plain trick: one field whose name and value join into a JSON document
    [
      '/api/stacks',
      'text/plain',
      `<input name='{"name":"drive-by-text","configuration":"services:\\n  web:\\n    image: nginx:1.27\\n","x":"' value='"}'>`,
    ],
    ['/api/secrets/X', 'application/x-www-form-urlencoded', '<input name="value" value="stolen">'],
    ['/api/secrets/X', 'text/plain', `<input name='{"value":"stolen","x":"' value='"}'>`],
    [
      '/api/registries',
      'multipart/form-data',
      '<input name="registryUrl" value="evil.example"><input name="username" value="u"><input name="password" value="p">',
    ],
    [`/api/stacks/${stackId}/deploy`, 'application/x-www-form-urlencoded', ''],
    ['/api/cluster/ingress', 'text/plain', ''],
  ];
  const html = forms
    .map(
      ([action, enctype, fields], i) =>
        `<iframe name="f${i}"></iframe><form target="f${i}" method="post" enctype="${enctype}" action="${mc}${action}">${fields}</form>`,
    )
    .join('\n');
  return `<!doctype html><title>Cute otters</title>${html}
<script>
const report = {};
const frames = [...document.querySelectorAll('iframe')];
let loaded = 0;
for (const frame of frames) {
  frame.onload = () => {
    try {
      report[frame.name] = frame.contentDocument ? frame.contentDocument.body.innerText : 'blocked';
    } catch (e) {
      report[frame.name] = 'blocked: ' + e.name;
    }
    if (++loaded === frames.length) window.report = report;
  };
}
for (const form of document.forms) form.submit();
</script>`;
}

function fetchPage(mc: string, stackId: string): string {
  const stack = JSON.stringify({ name: 'drive-by-fetch', configuration: FILE });
  return `<!doctype html><title>Cute otters</title>
<script>${REPORTER}
const stack = ${JSON.stringify(stack)};
(async () => {
  await attempt('no-cors create stack', '${mc}/api/stacks', { mode: 'no-cors', method: 'POST', body: stack });
  await attempt('no-cors create stack claiming JSON', '${mc}/api/stacks', { mode: 'no-cors', method: 'POST', headers: { 'content-type': 'application/json' }, body: stack });
  await attempt('no-cors store secret', '${mc}/api/secrets/X', { mode: 'no-cors', method: 'POST', body: '{"value":"stolen"}' });
  await attempt('no-cors deploy (no body)', '${mc}/api/stacks/${stackId}/deploy', { mode: 'no-cors', method: 'POST' });
  await attempt('no-cors ingress (no body)', '${mc}/api/cluster/ingress', { mode: 'no-cors', method: 'POST' });
  await attempt('no-cors scan', '${mc}/api/servers/scan', { mode: 'no-cors', method: 'POST', body: '{"host":"127.0.0.1"}' });
  await attempt('cors read servers', '${mc}/api/servers', {});
  await attempt('cors read stacks', '${mc}/api/stacks', {});
  await attempt('no-cors read servers', '${mc}/api/servers', { mode: 'no-cors' });
  report['beacon'] = navigator.sendBeacon('${mc}/api/stacks', stack);
  report['event stream'] = await new Promise((resolve) => {
    const source = new EventSource('${mc}/api/stacks/${stackId}/services/web/logs');
    source.onopen = () => resolve('open');
    source.onerror = () => { source.close(); resolve('error'); };
  });
  report['script include'] = await new Promise((resolve) => {
    const script = document.createElement('script');
    script.src = '${mc}/api/stacks';
    script.onload = () => resolve('loaded');
    script.onerror = () => resolve('error');
    document.head.append(script);
  });
  // give the beacon time to leave before the page reports (and the test reads the state)
  await new Promise((resolve) => setTimeout(resolve, 500));
  window.report = report;
})();
</script>`;
}

/** The page a rebinding attacker serves from its own name; its requests then reach Mission Control. */
function rebindPage(): string {
  const stack = JSON.stringify({ name: 'drive-by-rebind', configuration: FILE });
  return `<!doctype html><title>Cute otters</title>
<script>${REPORTER}
(async () => {
  await attempt('read servers', '/api/servers');
  await attempt('read secrets', '/api/secrets');
  await attempt('read health', '/api/health');
  await attempt('read the dashboard', '/');
  await attempt('create stack', '/api/stacks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(stack)} });
  await attempt('store secret', '/api/secrets/X', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"value":"stolen"}' });
  window.report = report;
})();
</script>`;
}

/**
 * DNS rebinding without touching DNS: Chromium sends requests for the attacker's name to this
 * proxy, which first serves the attacker's page and then, like the switched DNS record, hands
 * every other request for that name to Mission Control, Host header untouched. (Mapping the
 * name with --host-resolver-rules instead makes Chromium's own Private Network Access check
 * block the page, because a page Playwright serves counts as public: a browser without that
 * check, or an older one, must still be turned away by Mission Control.) Loopback addresses
 * bypass the proxy, so the dashboard and the other attacker pages are reached directly.
 */
async function serveRebindingProxy(mcPort: string): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://invalid');
    if (url.host !== `${REBIND}:${mcPort}`) {
      res.writeHead(403).end(); // Chromium's own background traffic goes nowhere
      return;
    }
    if (url.pathname === '/drive-by') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(rebindPage());
      return;
    }
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = http.request(
      { host: '127.0.0.1', port: Number(mcPort), method: req.method, path: `${url.pathname}${url.search}`, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serveAttacker(pages: Record<string, () => string>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const page = Object.hasOwn(pages, req.url ?? '') ? pages[req.url ?? ''] : undefined;
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ? page() : 'no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function reportOf(page: Page): Promise<Record<string, any>> {
  await page.waitForFunction(() => window.report !== undefined, undefined, { timeout: 30_000 });
  return (await page.evaluate(() => window.report)) as Record<string, any>;
}

const MODES: [string, Record<string, string>][] = [
  ['loopback mode (no token)', {}],
  ['token mode', { OTTERNAUTS_ADMIN_TOKEN: TOKEN }],
];

describe.each(MODES)('a drive-by from a web page, %s', (_mode, env) => {
  let mc: RunningMissionControl;
  let mcPort: string;
  let browser: DashboardBrowser;
  let attacker: { url: string; close(): Promise<void> };
  let proxy: { port: number; close(): Promise<void> };
  let stackId: string;
  let clusterBefore: unknown;
  const seen: Seen[] = [];

  /** Mission Control's API as curl or the CLI would call it (no Origin, the token when there is one). */
  async function admin(method: string, route: string, body?: unknown) {
    const headers: Record<string, string> = env.OTTERNAUTS_ADMIN_TOKEN ? { authorization: `Bearer ${TOKEN}` } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${mc.url}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Responses Chromium got from Mission Control (by either name) since `from`. */
  const fromMissionControl = (from: number) =>
    seen.slice(from).filter((r) => {
      const url = new URL(r.url);
      return url.port === mcPort && url.pathname !== '/drive-by';
    });

  beforeAll(async () => {
    mc = await startMissionControl(newDataDir('drive-by'), env);
    mcPort = new URL(mc.url).port;
    const created = await admin('POST', '/api/stacks', { name: 'own-stack', configuration: FILE });
    expect(created.status).toBe(201);
    stackId = created.body.id;
    clusterBefore = (await admin('GET', '/api/cluster')).body;
    attacker = await serveAttacker({
      '/forms': () => formsPage(mc.url, stackId),
      '/fetch': () => fetchPage(mc.url, stackId),
    });
    proxy = await serveRebindingProxy(mcPort);
    browser = await openBrowser({ extraArgs: [`--proxy-server=http://127.0.0.1:${proxy.port}`] });
    browser.context.on('response', (r: Response) => seen.push({ method: r.request().method(), url: r.url(), status: r.status() }));
    await watch(browser.page);
  });

  /**
   * The status of every response the page's network layer received, also those CORS or
   * opaque-response blocking then hid from the page (Playwright reports no response for them).
   */
  async function watch(page: Page): Promise<void> {
    const cdp = await browser.context.newCDPSession(page);
    const requests = new Map<string, { method: string; url: string }>();
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { method: e.request.method, url: e.request.url }));
    cdp.on('Network.responseReceivedExtraInfo', (e) => {
      const request = requests.get(e.requestId);
      if (request) seen.push({ ...request, status: e.statusCode });
    });
    await cdp.send('Network.enable');
  }
  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await proxy?.close();
    await mc?.stop();
  });

  it('should refuse cross-site form posts, and the page should read nothing back', async () => {
    const from = seen.length;
    await browser.page.goto(`${attacker.url}/forms`);
    const report = await reportOf(browser.page);
    expect(Object.values(report)).toHaveLength(7);
    for (const [frame, text] of Object.entries(report)) expect([frame, text]).toEqual([frame, expect.stringMatching(/^blocked/)]);
    const answers = await waitFor('the seven form posts', async () => {
      const posts = fromMissionControl(from).filter((r) => r.method === 'POST');
      return posts.length >= 7 ? posts : undefined;
    });
    expect(answers.map((r) => [new URL(r.url).pathname, r.status])).toEqual(
      expect.arrayContaining([
        ['/api/stacks', 403],
        ['/api/secrets/X', 403],
        ['/api/registries', 403],
        [`/api/stacks/${stackId}/deploy`, 403],
        ['/api/cluster/ingress', 403],
      ]),
    );
    expect(answers.filter((r) => r.status !== 403)).toEqual([]);
    await browser.shot(`drive-by-forms-${env.OTTERNAUTS_ADMIN_TOKEN ? 'token' : 'loopback'}`);
  });

  it('should refuse no-cors fetches, beacons, streams and embedded reads', async () => {
    const from = seen.length;
    await browser.page.goto(`${attacker.url}/fetch`);
    const report = await reportOf(browser.page);
    for (const name of [
      'no-cors create stack',
      'no-cors create stack claiming JSON',
      'no-cors store secret',
      'no-cors deploy (no body)',
      'no-cors ingress (no body)',
      'no-cors scan',
      'no-cors read servers',
    ]) {
      expect([name, report[name]]).toEqual([name, { type: 'opaque', status: 0, text: '' }]);
    }
    expect(report['cors read servers']).toEqual({ error: 'TypeError' });
    expect(report['cors read stacks']).toEqual({ error: 'TypeError' });
    expect(report['event stream']).toBe('error');
    expect(report['script include']).toBe('error');
    // what Mission Control actually answered, seen from the browser's network layer
    const answers = fromMissionControl(from);
    expect(answers.filter((r) => r.status !== 403)).toEqual([]);
    expect(answers.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(
      expect.arrayContaining([
        'POST /api/stacks',
        'POST /api/secrets/X',
        `POST /api/stacks/${stackId}/deploy`,
        'POST /api/cluster/ingress',
        'POST /api/servers/scan',
        'GET /api/servers',
        'GET /api/stacks',
        `GET /api/stacks/${stackId}/services/web/logs`,
      ]),
    );
  });

  it('should answer a DNS-rebinding page 421, so it reads nothing and changes nothing', async () => {
    const from = seen.length;
    const page = await browser.context.newPage();
    await watch(page);
    const origin = `http://${REBIND}:${mcPort}`;
    await page.goto(`${origin}/drive-by`);
    const report = await reportOf(page);
    expect(Object.keys(report)).toHaveLength(6);
    for (const [name, got] of Object.entries(report)) {
      expect([name, got.status, got.type]).toEqual([name, 421, 'basic']);
      expect(JSON.parse(got.text).error.code).toBe('misdirected_request');
    }
    const top = await page.goto(`${origin}/api/servers`);
    expect(top?.status()).toBe(421);
    expect(await page.content()).not.toContain('own-stack');
    await page.close();
    const answers = fromMissionControl(from).filter((r) => new URL(r.url).hostname === REBIND);
    expect(answers.length).toBeGreaterThanOrEqual(7);
    expect(answers.filter((r) => r.status !== 421)).toEqual([]);
  });

  it('should have changed nothing: no stack, secret, registry or deployment', async () => {
    const stacks = await admin('GET', '/api/stacks');
    expect(stacks.body.map((s: { name: string }) => s.name)).toEqual(['own-stack']);
    expect((await admin('GET', '/api/secrets')).body).toEqual([]);
    expect((await admin('GET', '/api/registries')).body).toEqual([]);
    expect((await admin('GET', `/api/stacks/${stackId}/deployments`)).body).toEqual([]);
    expect((await admin('GET', '/api/cluster')).body).toEqual(clusterBefore);
    expect(mc.output()).not.toMatch(/drive-by-(form|text|fetch|rebind)/);
  });

  it('should keep the dashboard itself working, reads and writes', async () => {
    const from = seen.length;
    const page = browser.page;
    await page.goto(`${mc.url}/secrets`);
    if (env.OTTERNAUTS_ADMIN_TOKEN) {
      await page.getByLabel('Token', { exact: true }).fill(TOKEN);
      await page.getByRole('button', { name: 'Continue' }).click();
    }
    await page.getByRole('heading', { name: 'Secrets', exact: true }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('DASHBOARD_OK');
    await page.getByLabel('Value', { exact: true }).fill('typed in the dashboard');
    await page.getByRole('button', { name: 'Save secret' }).click();
    await page.getByText('Stored DASHBOARD_OK. Its value will not be shown again.').waitFor();
    await page.goto(`${mc.url}/servers`);
    await page.getByRole('heading', { name: 'Servers', exact: true }).waitFor();
    expect((await admin('GET', '/api/secrets')).body.map((s: { name: string }) => s.name)).toEqual(['DASHBOARD_OK']);
    const refused = fromMissionControl(from).filter((r) => [403, 415, 421].includes(r.status));
    expect(refused).toEqual([]);
    expect(fromMissionControl(from).some((r) => r.method === 'PUT' && r.status === 200)).toBe(true);
  });
});
