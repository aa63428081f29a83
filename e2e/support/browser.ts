import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { repoRoot } from './mission-control.js';

export const SCREENSHOT_DIR = path.join(repoRoot, 'e2e', 'artifacts', 'screenshots');

// Debian's Chromium, driven by playwright-core (toolchain notes): no downloaded browser.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DashboardBrowser {
  context: BrowserContext;
  page: Page;
  /** Saves artifacts/screenshots/NN-name.png, numbered in the order taken. */
  shot(name: string, target?: Page): Promise<string>;
  /** Console errors (except Chromium's own notes on error answers) and uncaught page errors so far. */
  errors: string[];
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** more Chromium flags after the usual ones, e.g. --host-resolver-rules for a rebinding test */
  extraArgs?: string[];
}

/** A fresh Chromium profile with one 1280x800 page. */
export async function openBrowser(options: BrowserOptions = {}): Promise<DashboardBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-GB',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Chromium logs every 4xx/5xx answer; the pages handle those, and the tests check what they show.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let n = 0;
  return {
    context,
    page,
    errors,
    async shot(name, target = page) {
      n += 1;
      const file = path.join(SCREENSHOT_DIR, `${String(n).padStart(2, '0')}-${name}.png`);
      await target.screenshot({ path: file });
      return file;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Resolves once the locator's text matches, or fails with the last text seen. */
export async function textMatches(locator: Locator, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const started = Date.now();
  let last = '';
  let lastError: string;
  for (;;) {
    try {
      last = await locator.innerText({ timeout: 1000 });
      lastError = '';
      if (pattern.test(last)) return last;
    } catch (err) {
      // not there yet, or (kept for the failure message) more than one element matches
      lastError = (err as Error).message.split('\n')[0];
    }
    if (Date.now() - started > timeoutMs)
      throw new Error(
        `timed out waiting for ${pattern} in ${String(locator)}; last text: ${JSON.stringify(last.slice(0, 2000))}${lastError ? `; last error: ${lastError}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** True when the two boxes overlap vertically (a gutter marker sits on a given line). */
export function sameRow(a: { y: number; height: number } | null, b: { y: number; height: number } | null): boolean {
  if (!a || !b) return false;
  return a.y < b.y + b.height && b.y < a.y + a.height;
}
