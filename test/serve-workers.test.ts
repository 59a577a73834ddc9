/**
 * `ceyuan serve --workers 2` on a throwaway PostgreSQL (src/cli/workers.ts): both workers answer on
 * the one port (told apart by the pid on their request log lines), a worker killed with SIGKILL is
 * replaced and the port keeps answering, and SIGTERM to the primary stops every process cleanly
 * (exit 0, no worker left). On PGlite, more than one worker is refused with the reason.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAvailable, sharedPostgres } from './support/databases.ts';
import { freePort } from './support/postgres.ts';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/ceyuan.js');

/** One request on a connection of its own (no keep-alive), so that each may go to another worker. */
function calc(port: number): Promise<number> {
  const body = JSON.stringify({ applicant: { kind: 'enterprise', city: 'songjiang' } });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/api/calc?view=summary',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.runIf(postgresAvailable)('serve --workers 2 on PostgreSQL', () => {
  let child: ChildProcess;
  let port: number;
  let auditDir: string;
  let stdout = '';
  let stderr = '';
  /** pid of each process that wrote a "request completed" line. */
  const answeredBy = () => {
    const pids = new Set<number>();
    for (const line of stdout.split('\n')) {
      if (!line.startsWith('{') || !line.endsWith('}')) continue; // the banner, or a line still arriving
      const entry = JSON.parse(line) as { msg?: string; pid?: number };
      if (entry.msg === 'request completed' && entry.pid) pids.add(entry.pid);
    }
    return pids;
  };

  beforeAll(async () => {
    const url = await (await sharedPostgres()).createDatabase(`ceyuan_workers_${process.pid}`);
    port = await freePort();
    auditDir = mkdtempSync(join(tmpdir(), 'ceyuan-workers-audit-'));
    child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--workers',
        '2',
        '--port',
        String(port),
        '--audit-dir',
        auditDir,
        '--log-level',
        'info',
      ],
      { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    // The primary prints its banner once both workers listen.
    await until(
      'the banner',
      () => stdout.includes('工作进程 workers: 2') || child.exitCode !== null,
      180_000,
    );
    expect(child.exitCode, stderr).toBeNull();
  }, 200_000);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(auditDir, { recursive: true, force: true });
  });

  it('both workers answer on the one port', async () => {
    const statuses = await Promise.all(Array.from({ length: 20 }, () => calc(port)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    await until('two pids in the request log', () => answeredBy().size === 2, 10_000);
    expect(answeredBy().has(child.pid!)).toBe(false);
  }, 60_000);

  it('a worker that dies is replaced, and the port keeps answering', async () => {
    const [victim] = [...answeredBy()];
    process.kill(victim!, 'SIGKILL');
    await until('the replacement', () => stdout.includes('worker restarted and listening'), 60_000);
    const before = answeredBy();
    await until(
      'a request answered by the new worker',
      async () => {
        await Promise.all(Array.from({ length: 10 }, () => calc(port)));
        return [...answeredBy()].some((pid) => !before.has(pid));
      },
      30_000,
    );
    expect(stdout).toMatch(/worker exited \(signal SIGKILL\); starting another/);
  }, 120_000);

  it('SIGTERM stops the primary and every worker cleanly', async () => {
    const workers = [...answeredBy()].filter(alive);
    expect(workers.length).toBe(2);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of workers) expect(alive(pid)).toBe(false);
    expect(stdout).toContain('all workers stopped');
    // Each worker closed as a lone server does: it logged its own shutdown.
    expect(stdout.match(/SIGTERM: shutting down/g)?.length).toBe(2);
  }, 60_000);
});

describe('serve --workers on PGlite', () => {
  it('is refused with the reason', () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, [CLI, 'serve', '--workers', '2', '--data', 'memory://'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--workers');
    expect(run.stderr).toContain('PGlite');
    expect(run.stderr).toContain('DATABASE_URL');
  }, 70_000);
});
