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
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
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
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL binaries (initdb, pg_ctl) not found');
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-pg-'));
  const data = join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) => {
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
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // The server may already be gone; the directory is removed either way.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
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
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: `${base}/postgres` });
      await client.connect();
      try {
        await client.query(`create database ${name}`);
      } finally {
        await client.end();
      }
      return `${base}/${name}`;
    },
  };
}
