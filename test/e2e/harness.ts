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
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CEYUAN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

export const hasChromium = existsSync(CHROMIUM);
export const skipReason = hasChromium
  ? null
  : `${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser tests`;
// CI installs Chromium (.ci/run): there, a missing browser fails the run instead of skipping it.
if (skipReason && process.env.CI) throw new Error(`[e2e] ${skipReason}`);
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
  // The UI bundles src/web and the pure core functions it imports (explain, money formatting).
  const sources = Math.max(
    newestMtime(join(ROOT, 'src/web')),
    newestMtime(join(ROOT, 'src/core')),
    newestMtime(join(ROOT, 'vite.config.ts')),
  );
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
  // Fail fast with the locator named, well inside the test's own timeout.
  page.setDefaultTimeout(8_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A Content-Security-Policy violation (src/api/security.ts) is a failure like a script error.
  page.on('console', (m) => {
    if (
      m.type() === 'error' &&
      /Content Security Policy|Refused to (load|execute|apply|frame|connect)/i.test(m.text())
    )
      errors.push(`CSP: ${m.text()}`);
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The server's "now": inside document 000's validity (2026-06-01 … 2028-05-31), so the demo applications exist. */
export const E2E_NOW = '2026-09-01T02:00:00Z';

export interface RunningServer {
  baseURL: string;
  /** Demo accounts by role (src/service/demo/registry.ts), all with `password`. */
  users: Record<'enterprise' | 'reviewer' | 'approver' | 'admin' | 'auditor', string>;
  password: string;
  /** Moves the server's clock (a public notice must run its days before it can be closed). */
  advanceDays(days: number): void;
  close(): Promise<void>;
}

/**
 * The real server in this process, as `serve --demo` builds it: buildApp on an in-memory PGlite
 * database with the demo registry, accounts and applications (seedDemo), listening on a free
 * loopback port and serving dist/web. The clock is fixed at E2E_NOW and moved by the tests.
 */
export async function startServer(): Promise<RunningServer> {
  const [
    { buildApp },
    { openDatabase, MEMORY },
    { loadCatalogue },
    { ManualClock },
    audit,
    auth,
    engineMod,
    demo,
  ] = await Promise.all([
    import('../../src/api/app.ts'),
    import('../../src/storage/database.ts'),
    import('../../src/catalogue/load.ts'),
    import('../../src/service/clock.ts'),
    import('../../src/service/audit/service.ts'),
    import('../../src/service/auth/service.ts'),
    import('../../src/core/engine/calculate.ts'),
    import('../../src/service/demo/seed.ts'),
  ]);
  const db = await openDatabase({ dataDir: MEMORY });
  const catalogue = loadCatalogue();
  const clock = new ManualClock(E2E_NOW);
  const auditService = audit.createAuditService({ db, clock });
  const summary = await demo.seedDemo({
    db,
    catalogue,
    engine: engineMod.createEngine(catalogue),
    clock,
    audit: auditService,
    auth: auth.createAuthService({ db, clock, audit: auditService }),
    // The qualification ledger's generated firms: a few hundred are enough for the pages (npm start seeds 2000).
    qualifications: { organisations: 300 },
  });
  const first = (role: string) => {
    const u = summary.users.find((x) => x.role === role);
    if (!u) throw new Error(`the demo has no ${role} account`);
    return u.username;
  };
  const users = {
    enterprise: first('enterprise'),
    reviewer: first('reviewer'),
    approver: first('approver'),
    admin: first('admin'),
    auditor: first('auditor'),
  };
  const app = await buildApp({
    db,
    catalogue,
    clock,
    logger: false,
    config: { loginRateLimit: 1000 },
    webDir: join(ROOT, 'dist/web'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseURL = `http://127.0.0.1:${port}`;
  return {
    baseURL,
    users,
    password: summary.password,
    advanceDays(days) {
      clock.advance(days * 86_400_000);
    },
    async close() {
      await app.close();
      await db.destroy();
    },
  };
}

/** Signs in through the login page. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel(/用户名|User name/).fill(username);
  await page.getByLabel(/密码|Password/).fill(password);
  await page.locator('form.login button[type=submit]').click();
  await page.getByTestId('user').waitFor();
}

/**
 * One server and one browser per test file, opened before its tests and closed after them.
 * `as(role)` signs a demo user in on a fresh context; a page error fails the test when the page closes.
 */
export function browserSuite() {
  const contexts: BrowserContext[] = [];
  const suite = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    async as(role: keyof RunningServer['users']): Promise<Page> {
      const { page, context, errors } = await newPage(suite.browser, suite.server.baseURL);
      contexts.push(context);
      page.on('close', () => expect(errors).toEqual([]));
      await login(page, suite.server.users[role], suite.server.password);
      return page;
    },
  };
  beforeAll(async () => {
    await ensureBuilt();
    [suite.server, suite.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
