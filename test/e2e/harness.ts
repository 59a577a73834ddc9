/**
 * End-to-end harness: builds the UI when dist/web is missing or older than its sources, starts the
 * real server in-process on a free port (in-memory PGlite, demo data) and drives Debian's Chromium
 * through playwright-core. Tests skip, saying why, only when /usr/bin/chromium is absent.
 *
 * One browser per test file; each signed-in user gets a fresh browser context (fresh profile,
 * cookies and storage).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CEYUAN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

export const hasChromium = existsSync(CHROMIUM);
export const skipReason = hasChromium
  ? null
  : `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests`;
if (skipReason) console.warn(`[e2e] skipped: ${skipReason}`);

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `vite build` through Vite's JS API when dist/web is stale. Test files run in parallel workers,
 * so a lock directory makes the others wait for one build instead of racing into the same folder.
 */
export async function ensureBuilt(): Promise<void> {
  const index = join(ROOT, 'dist/web/index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'src/web')), newestMtime(join(ROOT, 'vite.config.ts')));
  const fresh = () => existsSync(index) && statSync(index).mtimeMs >= sources;
  if (fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const lock = join(ROOT, 'dist/.web-build.lock');
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true });
      if (waited > 120_000) throw new Error('timed out waiting for another web build');
      await sleep(200);
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  // playwright's launch() always starts from a fresh temporary profile (user-data-dir), removed on close.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface Viewport {
  width: number;
  height: number;
}
export const LAPTOP: Viewport = { width: 1280, height: 900 };
export const PHONE: Viewport = { width: 390, height: 844 };

/** A fresh context (no cookies, no storage) at the given width; page errors fail the test. */
export async function newPage(
  browser: Browser,
  baseURL: string,
  viewport: Viewport = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
