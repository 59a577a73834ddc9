/**
 * `ceyuan serve --workers N`: N server processes on one port (node:cluster), for the cores of one
 * machine. The primary process serves nothing itself: it prepares the database once (migrations,
 * --bootstrap-admin, --demo, the audit signing key), forks the workers, hands each accepted
 * connection to one of them in turn, restarts a worker that dies, and on SIGTERM/SIGINT stops them
 * all — each worker closes as a single server does (answers what it has in hand, hands back its
 * running job, writes its last audit checkpoint, closes its pool) — then exits.
 *
 * Workers are stateless, as several `serve` processes behind a load balancer are (docs/operations.md
 * "Many servers, one database"): sessions, account locks, payment idempotency keys, the audit chain
 * and the job queue live in PostgreSQL. PGlite is an embedded database one process holds, so more
 * than one worker needs DATABASE_URL.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from 'pino';
import { InputError } from '../core/errors.ts';

/** Most workers accepted: far above the cores of any one machine, well below exhausting PostgreSQL. */
export const MAX_WORKERS = 64;

/** `--workers` as a number, or an InputError naming the option and the rule. */
export function parseWorkers(value: string, databaseUrl: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS)
    throw new InputError([
      {
        path: '--workers',
        rule: 'range',
        zh: `须为 1 到 ${MAX_WORKERS} 之间的整数：${value}`,
        en: `must be a whole number from 1 to ${MAX_WORKERS}: ${value}`,
      },
    ]);
  if (n > 1 && !databaseUrl)
    throw new InputError([
      {
        path: '--workers',
        rule: 'needs_postgresql',
        zh: '多个工作进程须使用 PostgreSQL（设置 DATABASE_URL）：PGlite 是嵌入式数据库，只能由一个进程打开',
        en: 'several workers need PostgreSQL (set DATABASE_URL): PGlite is an embedded database that only one process can open',
      },
    ]);
  return n;
}

/** A worker that lived less than this before dying counts as a quick crash (the restart waits longer). */
const QUICK_CRASH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long workers get to close on SIGTERM before they are killed. */
export const STOP_TIMEOUT_MS = 30_000;

export interface SuperviseOptions {
  count: number;
  logger: Logger;
  /** Once, when every worker listens for the first time: the address they share. */
  onListening: (address: { address: string; port: number }) => void;
}

/**
 * Forks `count` workers of this same command line and keeps them running until SIGTERM/SIGINT. A
 * worker that exits before all have started up stops everything (a bad setting would only crash
 * again); one that dies later is replaced, after 1 s, doubling per quick crash in a row up to 30 s.
 */
export function superviseWorkers({ count, logger, onListening }: SuperviseOptions): void {
  /** Live workers: id → when forked. */
  const started = new Map<number, number>();
  const listening = new Set<number>();
  let allUp = false;
  let stopping = false;
  let quickCrashes = 0;
  const restarts = new Set<NodeJS.Timeout>();

  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };

  cluster.on('listening', (worker: Worker, address) => {
    if (allUp) {
      logger.info({ worker: worker.process.pid }, 'worker restarted and listening');
      return;
    }
    listening.add(worker.id);
    if (listening.size === count) {
      allUp = true;
      onListening({ address: address.address ?? '', port: address.port });
    }
  });

  cluster.on('exit', (worker: Worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? Date.now());
    started.delete(worker.id);
    if (stopping) {
      if (started.size === 0) finish();
      return;
    }
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!allUp) {
      logger.fatal({ worker: worker.process.pid, code, signal }, `a worker exited during start-up (${how})`);
      process.exitCode = 1;
      stop('start-up failure');
      return;
    }
    quickCrashes = lived < QUICK_CRASH_MS ? quickCrashes + 1 : 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 1000 * 2 ** Math.max(0, quickCrashes - 1));
    logger.error(
      { worker: worker.process.pid, code, signal, restartInMs: delay },
      `worker exited (${how}); starting another`,
    );
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, delay);
    restarts.add(timer);
  });

  /** The workers forked and not yet exited. */
  const liveWorkers = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && started.has(w.id));
  let killTimer: NodeJS.Timeout | undefined;
  const finish = () => {
    if (killTimer) clearTimeout(killTimer);
    logger.info('all workers stopped');
    process.exit();
  };
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    for (const timer of restarts) clearTimeout(timer);
    const live = liveWorkers();
    logger.info(`${why}: stopping ${live.length} workers`);
    if (started.size === 0) finish();
    // SIGTERM straight to each process: the worker closes as a lone server would. (worker.kill()
    // would first cut the IPC channel, which also closes the worker's listening handle.)
    for (const w of live) w.process.kill('SIGTERM');
    killTimer = setTimeout(() => {
      const left = liveWorkers();
      logger.error({ workers: left.map((w) => w.process.pid) }, 'workers did not stop in time: killed');
      process.exitCode = 1;
      for (const w of left) w.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    killTimer.unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  for (let i = 0; i < count; i++) fork();
}
