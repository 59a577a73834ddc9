/**
 * HTTP load test: starts `ceyuan serve --demo` as a separate process on loopback (PGlite in a temp
 * folder, or a throwaway PostgreSQL with --pg), then drives the calculator and the application
 * endpoints with autocannon from this process. Prints requests per second, p99 latency and errors.
 * Asserts nothing on time.
 *
 *   npm run bench:load              # PGlite, 10 s per endpoint
 *   npm run bench:load -- --pg      # PostgreSQL 15 from /usr/lib/postgresql (initdb in a temp dir)
 *   npm run bench:load -- --seconds 5 --connections 20
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { type PostgresServer, startPostgres } from '../test/support/postgres.ts';

const { values: opts } = parseArgs({
  options: {
    pg: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
  },
});
const root = join(import.meta.dirname, '..');
const seconds = Number(opts.seconds);
const connections = Number(opts.connections);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForServer(base: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/catalogue`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start in 60 s');
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

async function hit(name: string, options: autocannon.Options): Promise<Row> {
  const r = await autocannon({ connections, duration: seconds, ...options });
  return {
    name,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    requests: r.requests.total,
  };
}

const dataDir = await mkdtemp(join(tmpdir(), 'ceyuan-load-'));
let pgServer: PostgresServer | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
if (opts.pg) {
  pgServer = await startPostgres();
  env.DATABASE_URL = await pgServer.createDatabase('ceyuan_load');
}
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const child = spawn(
  process.execPath,
  [
    join(root, 'bin/ceyuan.js'),
    'serve',
    '--demo',
    '--port',
    String(port),
    '--data',
    dataDir,
    '--log-level',
    'warn',
  ],
  { env, stdio: ['ignore', 'ignore', 'inherit'] },
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
  const calcBody = readFileSync(
    join(root, 'docs/examples/challenge-with-draft-simulated.input.json'),
    'utf8',
  );
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

  const rows: Row[] = [];
  rows.push(
    await hit('POST /api/calc (56 measures, 001 simulated)', {
      url: `${base}/api/calc`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: calcBody,
    }),
  );
  rows.push(await hit('GET /api/catalogue', { url: `${base}/api/catalogue` }));
  rows.push(
    await hit('GET /api/applications (enterprise)', { url: `${base}/api/applications`, headers: auth }),
  );
  rows.push(
    await hit('POST /api/applications (create draft)', {
      url: `${base}/api/applications`,
      method: 'POST',
      headers: auth,
      body: draft,
    }),
  );

  const db = opts.pg ? 'PostgreSQL 15 (throwaway server)' : 'PGlite (embedded)';
  process.stdout.write(
    `\nHTTP load test · ${db} · ${connections} connections · ${seconds} s per endpoint · ${availableParallelism()} cores · load ${loadavg()[0]!.toFixed(2)}\n\n`,
  );
  process.stdout.write(
    `${'endpoint'.padEnd(46)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(9)}${'requests'.padStart(10)}\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(46)}${r.rps.toFixed(0).padStart(9)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}${String(r.errors).padStart(9)}${String(r.requests).padStart(10)}\n`,
    );
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  pgServer?.stop();
  await rm(dataDir, { recursive: true, force: true });
}
