/**
 * `npm run bench:web [-- --no-build] [-- /path …]`: the web UI's weight and first paint, as figures.
 *
 * 1. Bundle: every file of dist/web (raw and gzip bytes), the total, and what the first page needs
 *    (index.html's entry script, its modulepreloads and CSS).
 * 2. First paint: `serve --demo` on a throwaway PGlite folder, then Debian's Chromium opens each path
 *    three times in a fresh context (cold cache) and reads first-contentful-paint, the time until the
 *    page's <h1> shows, and the JS/CSS bytes the page loaded. Printed as min / median of 3.
 *
 * Asserts nothing: run it before and after a change to the UI and compare.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST = join(ROOT, 'dist/web');
const CHROMIUM = process.env.CEYUAN_CHROMIUM ?? '/usr/bin/chromium';
const RUNS = 3;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function bundle(): void {
  const all = files(DIST).filter((f) => /\.(js|css|html)$/.test(f));
  let raw = 0;
  let gz = 0;
  const rows = all.map((f) => {
    const body = readFileSync(f);
    const z = gzipSync(body).length;
    raw += body.length;
    gz += z;
    return { file: relative(DIST, f), raw: body.length, gz: z };
  });
  rows.sort((a, b) => b.raw - a.raw);
  console.log(`\nBundle (dist/web): ${all.length} files, ${kb(raw)} raw, ${kb(gz)} gzip`);
  for (const r of rows.slice(0, 12))
    console.log(`  ${r.file.padEnd(48)} ${kb(r.raw).padStart(11)} ${kb(r.gz).padStart(11)} gz`);
  if (rows.length > 12) console.log(`  … ${rows.length - 12} more`);
  // What index.html pulls in before any page code: entry script, modulepreloads and stylesheets.
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  let iraw = 0;
  let igz = 0;
  for (const r of refs) {
    const body = readFileSync(join(DIST, r));
    iraw += body.length;
    igz += gzipSync(body).length;
  }
  console.log(
    `  initial (index.html: ${refs.length} files)`.padEnd(50),
    kb(iraw).padStart(11),
    `${kb(igz).padStart(11)} gz`,
  );
}

async function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const data = mkdtempSync(join(tmpdir(), 'ceyuan-bench-web-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/ceyuan.js'), 'serve', '--demo', '--port', '0', '--data', data, '--log-level', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const base = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[^\s/]+)\/\s/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
  });
  return {
    base,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(data, { recursive: true, force: true });
    },
  };
}

interface Paint {
  fcp: number;
  heading: number;
  js: number;
  css: number;
}

async function firstPaint(paths: string[]): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`\nFirst paint: skipped (${CHROMIUM} not found)`);
    return;
  }
  const { chromium } = await import('playwright-core');
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  try {
    console.log(`\nFirst paint (${server.base}, Chromium headless, cold cache, min / median of ${RUNS})`);
    console.log(
      `  ${'path'.padEnd(28)} ${'FCP'.padStart(15)} ${'<h1> shown'.padStart(17)}   JS + CSS loaded`,
    );
    for (const path of paths) {
      const runs: Paint[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
        const page = await context.newPage();
        const t0 = Date.now();
        await page.goto(server.base + path, { waitUntil: 'commit' });
        await page.locator('main h1').first().waitFor({ timeout: 30_000 });
        const heading = Date.now() - t0;
        // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
        const m = (await page.evaluate(`(() => {
          const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
          const res = performance.getEntriesByType('resource');
          let js = 0, css = 0;
          for (const r of res) {
            const p = new URL(r.name).pathname;
            if (p.endsWith('.js')) js += r.encodedBodySize;
            if (p.endsWith('.css')) css += r.encodedBodySize;
          }
          return { fcp, js, css };
        })()`)) as Omit<Paint, 'heading'>;
        runs.push({ ...m, heading });
        await context.close();
      }
      const stat = (k: keyof Paint) => {
        const v = runs.map((r) => r[k]).sort((a, b) => a - b);
        return { min: v[0]!, median: v[Math.floor(v.length / 2)]! };
      };
      const f = stat('fcp');
      const h = stat('heading');
      const ms = (s: { min: number; median: number }) => `${Math.round(s.min)} / ${Math.round(s.median)} ms`;
      console.log(
        `  ${path.padEnd(28)} ${ms(f).padStart(15)} ${ms(h).padStart(17)}   ${kb(stat('js').median)} + ${kb(stat('css').median)}`,
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
}

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const paths = args.filter((a) => a.startsWith('/') || a.startsWith('#'));
if (!noBuild) {
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
}
bundle();
await firstPaint(paths.length ? paths : ['/catalogue', '/check', '/catalogue/000·二', '/public/notices']);
