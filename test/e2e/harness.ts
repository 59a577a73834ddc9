/**
 * End-to-end harness: builds the UI when dist/web is missing or older than its sources, starts the
 * real server in-process on a free port (in-memory PGlite, demo data) and drives Debian's Chromium
 * through playwright-core. Tests skip, saying why, only when /usr/bin/chromium is absent.
 *
 * One browser per test file; each signed-in user gets a fresh browser context (fresh profile,
 * cookies and storage).
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { migratedSnapshot } from '../support/pglite-snapshot.ts';
import { runShared, testRunDir } from '../support/run-shared.ts';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CEYUAN_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');

// A browser test is a user's whole errand (sign in, fill, decide, check the result): on two cores shared
// with other work one can take several times its idle time. Every wait inside it has its own limit
// (30 s per locator or poll), so a longer test limit only lets a slow but working flow finish. The same
// suite has run twice as slow on one day's CI machine as on another's (646 s, then 1,356 s, for the same
// tests), and a test that took 67 s there sat at three quarters of the old 90 s; these limits only
// decide how long a broken test takes to fail.
vi.setConfig({ testTimeout: 180_000 });

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

/**
 * Where a browser file's time goes: with CEYUAN_E2E_TIMING=<file>, each start-up step, sign-in and axe
 * pass appends `<file>\t<step>\t<ms>` to it (sum them with awk). Off by default.
 */
const TIMING = process.env.CEYUAN_E2E_TIMING;
function note(step: string, since: number): void {
  if (TIMING)
    appendFileSync(TIMING, `${basename(expect.getState().testPath ?? '')}\t${step}\t${Date.now() - since}\n`);
}
async function timed<T>(step: string, f: () => Promise<T>): Promise<T> {
  const since = Date.now();
  try {
    return await f();
  } finally {
    note(step, since);
  }
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
    // The web turns Ant Design's motion off for it (providers.tsx): a click never lands on a pop-up
    // (Popconfirm, dropdown) still zooming into place, which under load Playwright's "stable" check misses.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  // Fail fast with the locator named, well inside the test's own timeout.
  page.setDefaultTimeout(30_000);
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
  /** Demo accounts by role (src/service/demo/registry.ts), all with `password`; enterprise2 is another organisation's. */
  users: Record<'enterprise' | 'enterprise2' | 'reviewer' | 'approver' | 'admin' | 'auditor', string>;
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
export interface ServerOptions {
  /**
   * Seed the 双向发榜 demo (listings and engagements through the matching service). Off unless a
   * file's pages show matching: it is the slowest part of the demo (about 5 s alone, 20 s on a busy
   * machine) and every browser file starts its own server.
   */
  matching?: boolean;
}

interface DemoSnapshot {
  /** The dumped PGlite folder (a tar) of a migrated database with the demo seeded. */
  file: string;
  summary: { users: { username: string; role: string }[]; password: string };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const [
    { buildApp },
    { openDatabase, MEMORY, rawHandle },
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
  const catalogue = loadCatalogue();
  const clock = new ManualClock(E2E_NOW);
  // Seeds the demo as `serve --demo` does, at E2E_NOW: on a fresh migrated database, or on `from` (a dump
  // of the demo without matching) where seedDemo, as on a restart of `serve --demo`, adds only what is missing.
  const seeded = async (matching: boolean, from?: Blob) => {
    const db = await openDatabase({ dataDir: MEMORY, snapshot: from ?? migratedSnapshot() });
    const seedClock = new ManualClock(E2E_NOW);
    const auditService = audit.createAuditService({ db, clock: seedClock });
    const summary = await demo.seedDemo({
      db,
      catalogue,
      engine: engineMod.createEngine(catalogue),
      clock: seedClock,
      audit: auditService,
      auth: auth.createAuthService({ db, clock: seedClock, audit: auditService }),
      ...(matching ? {} : { matching: false as const }),
      // The qualification ledger's generated firms: a few hundred are enough for the pages (npm start seeds 3000).
      qualifications: { organisations: 300 },
    });
    return { db, summary: { users: summary.users, password: summary.password } };
  };
  const readDump = (file: string) => new Blob([new Uint8Array(readFileSync(file))]);
  // The demo is seeded once per test run by the first browser file that needs it and dumped; every file's
  // server starts from a copy of that dump (test/support/run-shared.ts). The matching variant is that
  // dump with the 双向发榜 listings added, so a run seeds the rest of the demo once, not twice.
  const run = testRunDir();
  let db: Awaited<ReturnType<typeof openDatabase>>;
  let summary: DemoSnapshot['summary'];
  if (run) {
    const dumped = async (dir: string, fresh: Awaited<ReturnType<typeof seeded>>) => {
      const raw = rawHandle(fresh.db);
      if (raw?.kind !== 'pglite') throw new Error('expected a PGlite database');
      const dump = await raw.client.dumpDataDir('none');
      await fresh.db.destroy();
      const file = join(dir, 'demo.tar');
      writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      return { file, summary: fresh.summary };
    };
    const plain = () => runShared<DemoSnapshot>(run, 'demo', async (dir) => dumped(dir, await seeded(false)));
    const snapshot = options.matching
      ? await runShared<DemoSnapshot>(run, 'demo-matching', async (dir) =>
          dumped(dir, await seeded(true, readDump((await plain()).file))),
        )
      : await plain();
    db = await openDatabase({ dataDir: MEMORY, snapshot: readDump(snapshot.file) });
    summary = snapshot.summary;
  } else {
    ({ db, summary } = await seeded(options.matching === true));
  }
  const first = (role: string) => {
    const u = summary.users.find((x) => x.role === role);
    if (!u) throw new Error(`the demo has no ${role} account`);
    return u.username;
  };
  const enterprises = summary.users.filter((x) => x.role === 'enterprise');
  if (enterprises.length < 2) throw new Error('the demo needs two enterprise accounts');
  const users = {
    enterprise: first('enterprise'),
    enterprise2: enterprises[1]!.username,
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

/**
 * Signs in through the API (the session cookie lands in the page's context), then opens `path`, signed in.
 * One page load instead of the login page's two; the form itself is tested by `login` (workflow.test.ts).
 */
export async function signInByApi(
  page: Page,
  server: Pick<RunningServer, 'baseURL' | 'password'>,
  username: string,
  path: string,
): Promise<void> {
  return timed('signInByApi', async () => {
    const res = await page.context().request.post('/api/auth/login', {
      data: { username, password: server.password },
      // The server refuses a state-changing request from another origin (src/api/security.ts).
      headers: { origin: server.baseURL },
    });
    expect(res.status(), `sign-in of ${username}`).toBe(200);
    await page.goto(path);
    await page.getByTestId('user').waitFor();
  });
}

/** Signs in through the login page. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  return timed('login', async () => {
    await page.goto('/login');
    await page.getByLabel(/用户名|User name/).fill(username);
    await page.getByLabel(/密码|Password/).fill(password);
    await page.locator('form.login-form button[type=submit]').click();
    await page.getByTestId('user').waitFor();
  });
}

const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
/** Pages already checked (path → widths), so a page visited twice in a file is checked once. */
const checked = new Set<string>();

/**
 * axe-core on the page as it is, at 1280 and 390 px: any serious or critical violation fails the test,
 * named with its rule, impact and first elements. The viewport is put back afterwards.
 * `{ en: true }` checks the page in English as well: the header's language switch, both widths, and
 * back to Chinese (the page keeps its state; only the words change).
 */
export async function a11y(page: Page, name?: string, options: { en?: boolean } = {}): Promise<void> {
  const key = name ?? new URL(page.url()).pathname;
  if (checked.has(key)) return;
  checked.add(key);
  const size = page.viewportSize() ?? LAPTOP;
  const t0 = Date.now();
  // The pointer leaves the page: what the test last clicked (a language switch, a menu) is judged at
  // rest, not in its hover colours — nor half-way through fading into them.
  await page.mouse.move(-1, -1);
  const found = await axeAtWidths(page, '', [LAPTOP, PHONE]);
  if (options.en) {
    // Still at 390 px: English there first, then at 1280 (one resize fewer).
    await switchLanguage(page, 'en');
    found.push(...(await axeAtWidths(page, 'en ', [PHONE, LAPTOP])));
    await switchLanguage(page, 'zh-CN');
  }
  await page.setViewportSize(size);
  note(options.en ? 'a11y (zh+en)' : 'a11y', t0);
  expect(found, `axe on ${key}`).toEqual([]);
}

async function switchLanguage(page: Page, lang: 'en' | 'zh-CN'): Promise<void> {
  const since = Date.now();
  // By keyboard, then unfocused: a mouse left on the switch would have axe judge its hover fade.
  await page.getByTestId('lang-switch').press('Enter');
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(lang);
  // The new namespace has loaded (the page no longer suspended) and nothing is still loading.
  await expect.poll(() => page.locator('main h1').count()).toBeGreaterThan(0);
  await expect.poll(() => page.locator('.loading').count()).toBe(0);
  note('switch', since);
}

/**
 * Resizes the page and waits until the layout has followed: the media queries Ant Design's responsive
 * grid and the pages' phone layouts listen to are re-evaluated in the next rendering step, React then
 * renders what they changed in a task of its own. Two frames and a task later the page shows the width.
 */
async function settleAt(page: Page, vp: Viewport): Promise<void> {
  const since = Date.now();
  const current = page.viewportSize();
  if (current?.width !== vp.width || current.height !== vp.height) {
    await page.setViewportSize(vp);
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(vp.width);
    await page.evaluate(
      () =>
        new Promise<void>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(), 0))),
        ),
    );
  }
  await atRest(page);
  note('settle', since);
}

/**
 * Waits until nothing on the page is moving: no CSS transition or animation still running (a fade, a
 * hover colour, a dropdown growing), endless ones (a spinner) and click ripples aside. So axe judges
 * colours at rest.
 */
export async function atRest(page: Page): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          () =>
            document.getAnimations().filter(
              (a) =>
                a.playState === 'running' &&
                Number.isFinite(a.effect?.getComputedTiming().endTime ?? 0) &&
                // A click's ripple (Ant Design's wave: an empty box fading for 2 s) colours no text.
                !((a.effect as KeyframeEffect | null)?.target as Element | null)?.classList.contains(
                  'ant-wave',
                ),
            ).length,
        ),
      { message: 'the page has stopped animating' },
    )
    .toBe(0);
}

async function axeAtWidths(page: Page, label: string, widths: Viewport[]): Promise<string[]> {
  const found: string[] = [];
  for (const vp of widths) {
    await settleAt(page, vp);
    // Through the page's evaluate (not an inline <script>), so a strict CSP does not stop it.
    if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE);
    const tx = Date.now();
    const violations = (await page.evaluate(`axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' — ' + (n.failureSummary || '').split(String.fromCharCode(10)).slice(1, 2).join('')) })))`)) as {
      id: string;
      impact: string;
      help: string;
      nodes: string[];
    }[];
    note('axe.run', tx);
    for (const v of violations)
      if (v.impact === 'serious' || v.impact === 'critical')
        found.push(`${label}${vp.width}px ${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`);
  }
  return found;
}

/**
 * Chooses an option of an Ant Design Select named by its label (the text of the option), in `within` if given.
 *
 * The dropdown animates in: rc-motion gives it its `…-appear` classes for a frame or two at 0.8 scale, then
 * a CSS animation grows the list to full size. Playwright's "stable" check can pass on those first frames,
 * so a click aimed then has its mousedown on the option and, the list having grown a few ms later, its
 * mouseup on the option below: the browser sends the click to the list, no option is chosen and the
 * dropdown stays open (seen under load, logged event by event). So the option is clicked only once the
 * dropdown has finished its motion: no motion class, no running animation.
 */
export async function choose(
  page: Page,
  label: string | RegExp,
  option: string | RegExp,
  within: Pick<Page, 'getByLabel'> = page,
): Promise<void> {
  const input = within.getByLabel(label).first();
  await input.click();
  await expect.poll(() => input.getAttribute('aria-expanded'), { message: `${label} opens` }).toBe('true');
  // The list this select opened (aria-controls names it), not another one still fading out.
  const listId = await input.getAttribute('aria-controls');
  const dropdown = listId
    ? page.locator('.ant-select-dropdown', { has: page.locator(`[id="${listId}"]`) })
    : page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await expect
    .poll(
      () =>
        dropdown.evaluate(
          (el) =>
            /-(appear|enter)(-|\s|$)/.test(el.className) ||
            el.getAnimations().some((a) => a.playState !== 'finished'),
        ),
      { message: `${label}: the dropdown has finished animating in` },
    )
    .toBe(false);
  await dropdown.locator('.ant-select-item-option', { hasText: option }).first().click();
  await expect
    .poll(() => input.getAttribute('aria-expanded'), { message: `${label} closes on ${option}` })
    .not.toBe('true');
}

/** Types a date into an Ant Design DatePicker named by its label and leaves it (which commits it). */
export async function fillDate(page: Page, label: string | RegExp, date: string): Promise<void> {
  const input = page.getByLabel(label).first();
  await input.click();
  await input.fill(date);
  // Tab, not Enter: Enter in a form's field submits the form (as it should).
  await input.press('Tab');
}

/** The value a Select shows (its selected item's text). */
export async function selected(page: Page, label: string | RegExp): Promise<string> {
  const input = page.getByLabel(label).first();
  const select = page.locator('.ant-select', { has: input }).first();
  return (
    (await select.locator('.ant-select-selection-item, .ant-select-content-value').first().textContent()) ??
    ''
  );
}

/**
 * A page does not scroll sideways. Polled: right after `setViewportSize` the page still has its wide
 * layout until React hears the resize and swaps tables for cards; a page that stays too wide fails.
 */
export async function noSidewaysScroll(page: Page): Promise<void> {
  const width = page.viewportSize()?.width ?? LAPTOP.width;
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
    .toBeLessThanOrEqual(width);
}

/**
 * One server and one browser per test file, opened before its tests and closed after them.
 * `as(role)` signs a demo user in on a fresh context; a page error fails the test when the page closes.
 */
export function browserSuite(options: ServerOptions = {}) {
  const contexts: BrowserContext[] = [];
  const suite = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    /**
     * A demo user signed in on a fresh context: with `path`, through the API and then on that page
     * (one page load); without, through the login form, landing where the form sends the role.
     */
    async as(role: keyof RunningServer['users'], path?: string): Promise<Page> {
      return suite.asUser(suite.server.users[role], path);
    },
    /** `as` for a demo account the harness does not name by role (the university, the broker, …). */
    async asUser(username: string, path?: string): Promise<Page> {
      const { page, context, errors } = await newPage(suite.browser, suite.server.baseURL);
      contexts.push(context);
      page.on('close', () => expect(errors).toEqual([]));
      if (path === undefined) await login(page, username, suite.server.password);
      else await signInByApi(page, suite.server, username, path);
      return page;
    },
  };
  // The first browser file of a run also seeds the demo for the others (they wait for it), which on two
  // cores shared with other work can take minutes.
  beforeAll(async () => {
    await ensureBuilt();
    await timed('build', ensureBuilt);
    [suite.server, suite.browser] = await Promise.all([
      timed('server', () => startServer(options)),
      timed('browser', launchBrowser),
    ]);
  }, 300_000);
  // A failed test leaves a picture of every page still open, to see what the user would have seen.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    const dir = join(ROOT, 'test-output', 'failures');
    mkdirSync(dir, { recursive: true });
    const pages = contexts.flatMap((c) => c.pages()).filter((p) => !p.isClosed());
    let n = 0;
    for (const p of pages) {
      const name = `${ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-${++n}.png`;
      await p.screenshot({ path: join(dir, name), fullPage: true }).catch(() => undefined);
    }
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
