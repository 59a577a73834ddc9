/**
 * A throwaway PostgreSQL server for tests: initdb + pg_ctl in a temp dir on a free port, stopped and
 * deleted afterwards. Binaries come from /usr/lib/postgresql/<v>/bin or PATH. When the process runs
 * as root (containers, CI), the server runs as the `postgres` (or `nobody`) user, since PostgreSQL
 * refuses to run as root.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  /** Connection string of the maintenance database `postgres`. */
  url: string;
  port: number;
  /** The server's own temp folder (readable by the server: the benchmark puts COPY files here). */
  dir: string;
  /** Resident memory of the server's processes in KB (postmaster and backends summed). */
  rssKb(): number;
  /** Creates a database (empty, or a copy of `template`) and returns its URL. */
  createDatabase(name: string, template?: string): Promise<string>;
  /** Drops a database, ending any session still connected to it. */
  dropDatabase(name: string): Promise<void>;
  stop(): void;
}

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    // Prefer 15 (what CI installs), then the newest.
    versions.sort((a, b) => (a === '15' ? -1 : b === '15' ? 1 : 0));
    for (const v of versions) candidates.push(join(root, v, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** A free port on loopback (also for tests and benchmarks that start servers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** uid/gid to run the server under when we are root; undefined otherwise. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const passwd = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = passwd.find((l) => l.startsWith(`${name}:`));
    if (!line) continue;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid) };
  }
  throw new Error('running as root and no postgres/nobody user to run the test PostgreSQL server as');
}

export interface PostgresOptions {
  /** Extra server settings, e.g. `-c shared_buffers=512MB` for the benchmark. */
  settings?: string[];
  /**
   * Outlives this process: no stop on exit. The test run's shared server (test/support/databases.ts) is
   * started by whichever worker needs it first and stopped by the global setup's teardown.
   */
  detached?: boolean;
}

/** Where a running server lives: enough for another process to connect to it and to stop it. */
export interface PostgresLocation {
  port: number;
  /** The server's temp folder (socket, log, data/). */
  dir: string;
}

function runner(bin: string, dir: string) {
  const user = serverUser();
  return (cmd: string, args: string[]) => {
    const result = spawnSync(join(bin, cmd), args, {
      encoding: 'utf8',
      cwd: dir,
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      ...(user ?? {}),
    });
    if (result.status !== 0) {
      throw new Error(`${cmd} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
    }
  };
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found');
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const run = runner(bin, dir);
  run('initdb', ['-D', data, '-U', 'ceyuan', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // fsync off and a socket in our own dir: fast, and no clash with a system server.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${(options.settings ?? []).join(' ')}`;
  try {
    run('pg_ctl', [
      '-D',
      data,
      '-o',
      serverOptions,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (error) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}\n${log}`);
  }
  const server = connectPostgres({ port, dir });
  if (!options.detached) process.once('exit', server.stop);
  return server;
}

/** Stops (immediately) and deletes a server started by startPostgres, from any process. */
export function stopPostgres(at: PostgresLocation): void {
  const bin = findPostgresBin();
  try {
    if (bin && existsSync(join(at.dir, 'data', 'postmaster.pid')))
      runner(bin, at.dir)('pg_ctl', ['-D', join(at.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } catch {
    // The server may already be gone; the directory is removed either way.
  }
  rmSync(at.dir, { recursive: true, force: true });
}

/** A handle on a running server (started here or by another process of the test run). */
export function connectPostgres(at: PostgresLocation): PostgresServer {
  const { port, dir } = at;
  const data = join(dir, 'data');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopPostgres(at);
  };
  const rssKb = () => {
    try {
      const pid = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
      const out = spawnSync('ps', ['-o', 'rss=', '--ppid', pid, '-p', pid], { encoding: 'utf8' }).stdout;
      return out
        .split('\n')
        .map((line) => Number(line.trim()) || 0)
        .reduce((a, b) => a + b, 0);
    } catch {
      return 0;
    }
  };
  const base = `postgres://ceyuan@127.0.0.1:${port}`;
  return {
    url: `${base}/postgres`,
    port,
    dir,
    rssKb,
    stop,
    async createDatabase(name: string, template?: string) {
      for (const n of [name, template ?? 'template1'])
        if (!/^[a-z_][a-z0-9_]*$/.test(n)) throw new Error(`bad database name ${n}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
    async dropDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
