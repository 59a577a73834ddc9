/**
 * HTTP load test: starts `ceyuan serve --demo` as a separate process on loopback, then drives the
 * calculator and the application endpoints with autocannon from this process. Two configurations by
 * default, one after the other: one server process on PGlite (in a temp folder), and `serve
 * --workers 2` on a throwaway PostgreSQL (when its binaries are installed). Prints, per endpoint,
 * requests per second, p50/p99 latency, errors, the server's CPU time per request (the ceyuan
 * processes' user+system time over the run, from /proc, divided by the requests answered;
 * PostgreSQL's own is not in it) and this load generator's own CPU: per request, and as a share of
 * one core — autocannon is one thread, so near 100% the client, not the server, sets the pace.
 * Asserts nothing on time.
 *
 * The calculator is driven with varied, realistic inputs, never one fixed body: the docs/examples
 * inputs, and applicants drawn from the synthetic registry (some with the examples' matters, half
 * with draft 001 simulated), rotated request by request (`calcBodies` below). The server caches no
 * answers, so each request is a full validation and calculation.
 *
 * Closed loop only (every connection sends its next request when the answer arrives). autocannon's
 * `overallRate` is not a pace: a per-second budget each connection spends flat out at the start of
 * the second, with a coordinated-omission correction at an expected interval of 1 ms, which turns one
 * slow answer into a hundred samples.
 *
 *   npm run bench:load              # PGlite ×1, then PostgreSQL ×2 workers; 10 s per endpoint
 *   npm run bench:load -- --pg      # only PostgreSQL 15 from /usr/lib/postgresql (initdb in a temp dir)
 *   npm run bench:load -- --pg --workers 2    # only PostgreSQL with 2 server processes
 *   npm run bench:load -- --pglite  # only PGlite (one process)
 *   npm run bench:load -- --seconds 5 --connections 20 --log-level info
 *   npm run bench:load -- --warmup 0    # no unmeasured warm-up (default: 2 s of the summary first)
 *   npm run bench:load -- --only summary    # only the endpoints whose name contains "summary"
 *   npm run bench:load -- --cpu-prof /tmp/prof   # the server writes a V8 CPU profile there on exit
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEFAULT_POLICY_DIR, loadCatalogue } from '../src/catalogue/load.ts';
import { toApplicant } from '../src/screening/columnar.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { findPostgresBin, freePort, type PostgresServer, startPostgres } from '../test/support/postgres.ts';

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    pglite: { type: 'boolean', default: false },
    workers: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '2' },
    only: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const root = join(import.meta.dirname, '..');
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);
const warmup = Number(opts.warmup);

interface Config {
  pg: boolean;
  workers: number;
}
/** What to run: as asked, or by default both configurations (PostgreSQL when it is installed). */
const configs: Config[] =
  opts.pg || opts.pglite || opts.workers
    ? [{ pg: opts.pg || (!opts.pglite && Number(opts.workers) > 1), workers: Number(opts.workers ?? 1) }]
    : [{ pg: false, workers: 1 }, ...(findPostgresBin() ? [{ pg: true, workers: 2 }] : [])];

/**
 * Until the server prints the end of its start-up banner — with --workers, the primary prints it once
 * every worker listens (the first one answering is not enough: the others would still be starting,
 * on the same cores, during the first measurement) — and answers.
 */
async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  let banner = false;
  let seen = '';
  const onData = (chunk: Buffer) => {
    seen = (seen + chunk.toString()).slice(-4096);
    if (seen.includes('Ctrl+C to stop')) banner = true;
  };
  child.stdout?.on('data', onData);
  for (let i = 0; i < 3000; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if (banner && (await fetch(`${base}/api/catalogue`)).ok) {
        // Keep reading (log lines), so the pipe never fills and blocks the server.
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start in 5 minutes');
}

/**
 * Request bodies for the calculator: the five docs/examples inputs (matters, history, a simulated
 * draft) and 200 applicants of the synthetic registry (cities, kinds, sectors, qualifications as
 * generated), every third with the matters of an example, every other with draft 001 adopted.
 */
function calcBodies(): string[] {
  const dir = join(root, 'docs/examples');
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.input.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as { matters?: unknown[] });
  const reg = generateRegistry(loadCatalogue(DEFAULT_POLICY_DIR).reference, { count: 2000, seed: 15 });
  const generated = Array.from({ length: 200 }, (_, i) => {
    const { name: _n, uscc: _u, ...applicant } = toApplicant(reg, i * 10);
    const matters = i % 3 === 0 ? (examples[i % examples.length]!.matters ?? []) : [];
    return {
      applicant,
      matters,
      asOf: '2026-09-01',
      simulate: { adopt: i % 2 ? { '001': '2026-07-01' } : {} },
    };
  });
  return [...examples, ...generated].map((x) => JSON.stringify(x));
}

/**
 * A request list for autocannon that sends the bodies in turn: each connection walks the list. The
 * requests are fixed, so autocannon builds each one's bytes once instead of once per request (a
 * `setupRequest` callback would rebuild it every time, on the client's half of a 2-core machine).
 */
function rotating(path: string, headers: Record<string, string>, bodies: string[]): autocannon.Request[] {
  return bodies.map((body) => ({ method: 'POST', path, headers, body }));
}

/** User + system CPU time in µs of a process and all its descendants (cluster workers), from /proc. */
function treeCpuMicros(rootPid: number): number | null {
  try {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // Fields after the command (which may hold spaces), from field 3 on: state ppid … utime stime.
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        stats.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
      } catch {
        // exited meanwhile
      }
    }
    let ticks = 0;
    const todo = [rootPid];
    while (todo.length > 0) {
      const pid = todo.pop()!;
      ticks += stats.get(pid)?.ticks ?? 0;
      for (const [child, s] of stats) if (s.ppid === pid) todo.push(child);
    }
    // USER_HZ is 100 on Linux builds of every architecture Node supports.
    return ticks * 10_000;
  } catch {
    return null;
  }
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** Server CPU µs per answered request, or null where /proc is not there. */
  cpuPerRequest: number | null;
  /** This process's (the load generator's) CPU µs per request, and its share of one core. */
  clientPerRequest: number;
  clientCore: number;
}

async function hit(child: ChildProcess, name: string, options: autocannon.Options): Promise<Row | null> {
  if (opts.only && !name.includes(opts.only)) return null;
  const cpuBefore = treeCpuMicros(child.pid!);
  const clientBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  const r = await autocannon({ connections, duration: seconds, ...options });
  const wall = Number(process.hrtime.bigint() - wallBefore) / 1000;
  const client = process.cpuUsage(clientBefore);
  const cpuAfter = treeCpuMicros(child.pid!);
  const clientMicros = client.user + client.system;
  return {
    clientPerRequest: r.requests.total > 0 ? clientMicros / r.requests.total : 0,
    clientCore: clientMicros / wall,
    cpuPerRequest:
      cpuBefore !== null && cpuAfter !== null && r.requests.total > 0
        ? (cpuAfter - cpuBefore) / r.requests.total
        : null,
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

/** Starts the server in one configuration, drives every endpoint, prints its table, stops it. */
async function runConfig(config: Config): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ceyuan-load-'));
  let pgServer: PostgresServer | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: opts['log-level'] };
  delete env.DATABASE_URL;
  delete env.CEYUAN_WORKERS;
  if (config.pg) {
    pgServer = await startPostgres();
    env.DATABASE_URL = await pgServer.createDatabase('ceyuan_load');
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      ...(opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', opts['cpu-prof']] : []),
      join(root, 'bin/ceyuan.js'),
      'serve',
      '--demo',
      '--port',
      String(port),
      '--data',
      dataDir,
      '--audit-dir',
      join(dataDir, 'audit'),
      '--log-level',
      opts['log-level'],
      ...(config.workers > 1 ? ['--workers', String(config.workers)] : []),
    ],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  );

  try {
    await waitForServer(base, child);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'qiye', password: 'Ceyuan#Demo2026' }),
    });
    if (!login.ok) throw new Error(`demo login failed: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const bodies = calcBodies();
    const json = { 'content-type': 'application/json' };
    const gzip = { ...json, 'accept-encoding': 'gzip' };
    const draft = JSON.stringify({
      measureId: '000·二',
      matter: {
        type: 'challenge',
        date: '2026-09-01',
        challengeLists: ['songjiang_demand'],
        figures: { bidAmount: 5_000_000_000 },
      },
      title: 'load test draft',
    });

    // Unmeasured: the server's JIT and the client's connections warm up on the calculator first, so the
    // first row measured is not also the one that pays for compiling the request path.
    if (warmup > 0)
      await autocannon({
        connections,
        duration: warmup,
        url: base,
        requests: rotating('/api/calc?view=summary', json, bodies),
      });
    const rows: (Row | null)[] = [];
    rows.push(
      await hit(child, `POST /api/calc (${bodies.length} inputs in turn)`, {
        url: base,
        requests: rotating('/api/calc', json, bodies),
      }),
    );
    rows.push(
      await hit(child, 'POST /api/calc, gzip accepted', {
        url: base,
        requests: rotating('/api/calc', gzip, bodies),
      }),
    );
    rows.push(
      await hit(child, 'POST /api/calc?view=summary', {
        url: base,
        requests: rotating('/api/calc?view=summary', json, bodies),
      }),
    );
    rows.push(
      await hit(child, 'POST /api/calc?view=summary, gzip accepted', {
        url: base,
        requests: rotating('/api/calc?view=summary', gzip, bodies),
      }),
    );
    rows.push(await hit(child, 'GET /api/catalogue', { url: `${base}/api/catalogue` }));
    rows.push(
      await hit(child, 'GET /api/applications (enterprise)', {
        url: `${base}/api/applications`,
        headers: auth,
      }),
    );
    rows.push(
      await hit(child, 'POST /api/applications (create draft)', {
        url: `${base}/api/applications`,
        method: 'POST',
        headers: auth,
        body: draft,
      }),
    );

    const db = config.pg ? 'PostgreSQL 15 (throwaway server)' : 'PGlite (embedded)';
    const procs =
      config.workers > 1 ? `${config.workers} server processes (serve --workers)` : '1 server process';
    process.stdout.write(
      `\nHTTP load test · ${db} · ${procs} · ${connections} connections · ${seconds} s per endpoint${warmup > 0 ? ` after ${warmup} s warm-up` : ''} · log level ${opts['log-level']} · ${availableParallelism()} cores · load ${loadavg()[0]!.toFixed(2)}\n\n`,
    );
    process.stdout.write(
      `${'endpoint'.padEnd(50)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(9)}${'requests'.padStart(10)}${'server CPU µs/req'.padStart(19)}${'client CPU µs/req'.padStart(19)}${'client core'.padStart(13)}\n`,
    );
    for (const r of rows) {
      if (!r) continue;
      process.stdout.write(
        `${r.name.padEnd(50)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(9)}${String(r.requests).padStart(10)}${(r.cpuPerRequest === null ? '–' : r.cpuPerRequest.toFixed(0)).padStart(19)}${r.clientPerRequest.toFixed(0).padStart(19)}${`${(100 * r.clientCore).toFixed(0)}%`.padStart(13)}\n`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    pgServer?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

for (const config of configs) await runConfig(config);
