import { openBrowser, type DashboardBrowser } from '../support/browser.js';
import { newDataDir, startMissionControl, type RunningMissionControl } from '../support/mission-control.js';

// Token mode in Debian's Chromium: the dashboard logs in with a token, keeps only an HttpOnly
// SameSite=Strict session cookie (nothing in page storage), creates an API token that it shows
// once, and logs out.

const ADMIN = 'tokens-dashboard-admin-token-0123456789';

describe('API tokens and the session in the dashboard', () => {
  let mc: RunningMissionControl;
  let browser: DashboardBrowser;

  const api = async (token: string, method: string, route: string) => {
    const res = await fetch(`${mc.url}${route}`, { method, headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    mc = await startMissionControl(newDataDir('tokens-dashboard'), { OTTERNAUTS_ADMIN_TOKEN: ADMIN });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await mc?.stop();
  });

  it('should log in for an HttpOnly SameSite=Strict cookie and keep no token in the page', async () => {
    const page = browser.page;
    await page.goto(`${mc.url}/settings`);
    await page.getByLabel('Token', { exact: true }).fill(ADMIN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByTestId('session-name').getByText('admin token').waitFor();
    const cookies = await browser.context.cookies(mc.url);
    const session = cookies.find((c) => c.name === 'otternauts_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(session!.value).not.toContain(ADMIN);
    const kept = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    expect(kept).not.toContain(ADMIN);
    expect(kept).not.toContain('otternauts_session');
    await browser.shot('tokens-signed-in');
  });

  it('should create a deploy token limited to a stack and show it once', async () => {
    const page = browser.page;
    await page.getByLabel('Name', { exact: true }).fill('ci-shop');
    await page.getByRole('checkbox', { name: /^deploy Deploy and roll back/ }).check();
    await page.getByLabel('Limit deploy to these stacks').fill('shop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = (await page.getByTestId('token-once').locator('code').textContent()) ?? '';
    expect(shown).toMatch(/^otn_[A-Za-z0-9_-]{43}$/);
    await browser.shot('tokens-created-once');
    const me = await api(shown, 'GET', '/api/session');
    expect(me.body).toMatchObject({ name: 'ci-shop', scopes: ['deploy'], stacks: ['shop'], via: 'bearer' });
    await page.getByRole('button', { name: 'I copied it' }).click();
    await page.getByTestId('token-once').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(shown);
    await page.getByRole('cell', { name: 'ci-shop' }).waitFor();
    const listed = await api(ADMIN, 'GET', '/api/tokens');
    expect(JSON.stringify(listed.body)).not.toContain(shown);
  });

  it('should log out: the cookie stops working and the next call asks for a token', async () => {
    const page = browser.page;
    const before = (await browser.context.cookies(mc.url)).find((c) => c.name === 'otternauts_session')!.value;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('Logged out. Mission Control asks for a token at the next call.').waitFor();
    const res = await fetch(`${mc.url}/api/session`, { headers: { cookie: `otternauts_session=${before}` } });
    expect(res.status).toBe(401);
    await page.goto(`${mc.url}/secrets`);
    await page.getByLabel('Token', { exact: true }).waitFor();
    await browser.shot('tokens-logged-out');
  });
});
