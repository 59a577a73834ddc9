/**
 * A throwaway PostgreSQL server for the benchmark: initdb in a temporary folder, started on a free
 * loopback port with durability off (it is thrown away), stopped and deleted afterwards. Uses the
 * server binaries in PG_BIN (default /usr/lib/postgresql/15/bin). Under root, the server runs as the
 * `postgres` system user, since PostgreSQL refuses to run as root.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  url: string;
  dir: string;
  /** Resident memory of the server's processes (KB summed over postmaster and backends; shared memory counted per process). */
  rssKb(): number;
  stop(): void;
}

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function postgresAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function userIds(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'ceyuan-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? userIds('postgres') : null;
  if (asRoot && !pgUser)
    throw new Error('running as root and no `postgres` system user to run the server as');
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  const run = (bin: string, args: string[]) => {
    const cmd = join(PG_BIN, bin);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=512MB',
    '-c work_mem=64MB',
    '-c maintenance_work_mem=256MB',
    '-c max_wal_size=4GB',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const rssKb = () => {
    try {
      const pid = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]!.trim();
      const out = execFileSync('ps', ['-o', 'rss=', '--ppid', pid, '-p', pid], { encoding: 'utf8' });
      return out
        .split('\n')
        .map((s) => Number(s.trim()) || 0)
        .reduce((a, b) => a + b, 0);
    } catch {
      return 0;
    }
  };
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, dir, rssKb, stop };
}
