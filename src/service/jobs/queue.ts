/**
 * The platform's job queue (DESIGN.md "Jobs"): anything that runs later, on a schedule, or in the
 * background goes through it — screening runs, closing notices whose window ended, and the jobs other
 * capabilities register (audit checkpoints, expiry reminders, plan alerts).
 *
 * It is pg-boss (a well-kept PostgreSQL queue, v10: the last line that supports Node 20) over the
 * platform's own database connection, on both databases:
 * - PostgreSQL: any number of server processes share one queue; a job is taken by exactly one worker
 *   (SELECT … FOR UPDATE SKIP LOCKED), and a job whose worker died is retried once it expires.
 * - PGlite: the one process is the only worker; pg-boss's statements go through the same serialised
 *   connection as everything else (Kysely's), so they never interleave with a transaction.
 * Its tables live in their own schema (`pgboss`), created and upgraded by pg-boss itself.
 *
 * The interface is small on purpose (docs/operations.md "Jobs"):
 *   jobs.register('plan.alerts', handler, { retryLimit: 3, expireInSeconds: 600 })
 *   await jobs.enqueue('plan.alerts', { planId }, { startAfter: date, singletonKey: planId })
 *   await jobs.schedule('plan.alerts', '0 7 * * *', {})            // cron, Asia/Shanghai by default
 * A handler must be safe to run twice (at-least-once: a crash after its work and before the queue
 * heard of it runs it again); doing its work in one transaction that checks state first is enough.
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import { rawHandle } from '../../storage/database.ts';
import type { Db } from '../../storage/schema.ts';

export interface JobContext {
  id: string;
  name: string;
  /** 0 for the first attempt, then 1, 2 … for retries. */
  attempt: number;
  retryLimit: number;
  /** No retry follows if this attempt fails: the handler should record the failure where users see it. */
  lastAttempt: boolean;
  /** Aborted when this process stops: finish or give up quickly (the job is retried elsewhere). */
  signal: AbortSignal;
}

export type JobHandler<T extends object> = (data: T, job: JobContext) => Promise<void>;

export interface HandlerOptions {
  /** Retries after a failure or an expiry (default 2). */
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /**
   * How long an attempt may run before it counts as lost (its worker crashed) and is retried
   * (default 15 minutes). Keep it above the longest honest run.
   */
  expireInSeconds?: number;
  /**
   * `standard`: every job runs. `stately`: per singletonKey at most one job queued and one running
   * (a run that is being driven is not queued twice). `singleton`: at most one running per key.
   */
  policy?: 'standard' | 'stately' | 'singleton';
}

export interface EnqueueOptions {
  /** Not before this time. */
  startAfter?: Date;
  /** Deduplication key under the queue's policy (e.g. the run id). */
  singletonKey?: string;
}

export interface JobInfo {
  id: string;
  name: string;
  state: string;
  data: unknown;
  retryCount: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  singletonKey: string | null;
}

export interface JobQueue {
  /** Registers the handler of a named job (before or after start). */
  register<T extends object>(name: string, handler: JobHandler<T>, options?: HandlerOptions): Promise<void>;
  /** Queues a job now (or at `startAfter`); resolves with its id, or null when deduplicated. */
  enqueue<T extends object>(name: string, data: T, options?: EnqueueOptions): Promise<string | null>;
  /** Sends `data` to the named job on a cron schedule (one sender across all processes). */
  schedule(name: string, cron: string, data?: object, options?: { tz?: string }): Promise<void>;
  unschedule(name: string): Promise<void>;
  start(): Promise<void>;
  /** Stops taking jobs, aborts running handlers' signals, waits for them (up to `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
  /** Jobs of a queue (newest first), for operators and tests; archived jobs included. */
  jobs(name: string): Promise<JobInfo[]>;
  readonly started: boolean;
}

export interface JobQueueOptions {
  db: Db;
  /** Take jobs in this process (default true); false only enqueues (e.g. a CLI command). */
  worker?: boolean;
  /** How often an idle worker looks for jobs (default 2 s; jobs enqueued here wake it at once). */
  pollingIntervalSeconds?: number;
  /** How often expired jobs are found and retried, and old ones archived (default 60 s). */
  maintenanceIntervalSeconds?: number;
  onError?: (error: unknown) => void;
}

interface Registration {
  handler: JobHandler<object>;
  options: HandlerOptions;
  workerId?: string;
}

const DEFAULTS: Required<Omit<HandlerOptions, 'policy'>> = {
  retryLimit: 2,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
};

/** pg-boss's `db` adapter over the platform's connection (its own pool on PostgreSQL). */
function adapter(db: Db) {
  const h = rawHandle(db);
  if (!h) throw new Error('jobs: the database must be opened by storage/database.ts');
  if (h.kind === 'postgres') {
    return {
      executeSql: async (text: string, values?: unknown[]) => h.pool.query(text, values as unknown[]),
    };
  }
  const client = h.client;
  return {
    // Through Kysely's connection queue: never inside someone else's open transaction.
    executeSql: (text: string, values?: unknown[]) =>
      db.connection().execute(async () => {
        if (!values || values.length === 0) {
          // pg-boss sends scripts (BEGIN; …; COMMIT;) without parameters: PGlite runs those with exec.
          const results = await client.exec(text);
          const last = results[results.length - 1];
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0 };
        }
        const r = await client.query(text, values);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      }),
  };
}

export function createJobQueue(options: JobQueueOptions): JobQueue {
  const worker = options.worker ?? true;
  const boss = new PgBoss({
    db: adapter(options.db),
    schedule: worker,
    supervise: worker,
    migrate: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    superviseIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  } as unknown as PgBoss.ConstructorOptions);
  boss.on('error', (error) => options.onError?.(error));
  const registrations = new Map<string, Registration>();
  const stopping = new AbortController();
  let started = false;
  let starting: Promise<void> | null = null;

  /** Queues this process has created or checked: enqueue and schedule look each up once, not per call. */
  const ensured = new Set<string>();

  async function ensureQueue(name: string, o: HandlerOptions): Promise<void> {
    const config = {
      policy: o.policy ?? 'standard',
      retryLimit: o.retryLimit ?? DEFAULTS.retryLimit,
      retryDelay: o.retryDelaySeconds ?? DEFAULTS.retryDelaySeconds,
      retryBackoff: o.retryBackoff ?? DEFAULTS.retryBackoff,
      expireInSeconds: o.expireInSeconds ?? DEFAULTS.expireInSeconds,
    } as PgBoss.Queue;
    // Several processes starting together create the same queues at once: pg-boss's DDL can then
    // deadlock or collide, and the loser tries again once the winner has committed.
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = (await boss.getQueue(name)) as Record<string, unknown> | null;
        if (!existing) await boss.createQueue(name, config);
        // Every server starts with the same settings: rewrite them only when they changed.
        else if (Object.entries(config).some(([k, v]) => existing[k] !== v))
          await boss.updateQueue(name, config);
        ensured.add(name);
        return;
      } catch (error) {
        if (attempt >= 8) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
  }

  /**
   * Before a job is sent or scheduled: the queue exists (created with the handler's settings, or the
   * defaults when no handler is registered here, e.g. an enqueue-only CLI), never rewritten.
   */
  async function ensureExists(name: string): Promise<void> {
    if (ensured.has(name)) return;
    if (await boss.getQueue(name)) ensured.add(name);
    else await ensureQueue(name, registrations.get(name)?.options ?? {});
  }

  async function watch(name: string, reg: Registration): Promise<void> {
    if (!worker) return;
    reg.workerId = await boss.work<object>(
      name,
      {
        batchSize: 1,
        includeMetadata: true,
        pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2,
      },
      async ([job]) => {
        if (!job) return;
        const attempt = job.retryCount ?? 0;
        const retryLimit = job.retryLimit ?? DEFAULTS.retryLimit;
        try {
          await reg.handler(job.data, {
            id: job.id,
            name,
            attempt,
            retryLimit,
            lastAttempt: attempt >= retryLimit,
            signal: stopping.signal,
          });
        } finally {
          // pg-boss 10 waits a polling interval after every job, busy or not: look again at once
          // after one, so a backlog drains at the speed of its handlers.
          if (reg.workerId && !stopping.signal.aborted) boss.notifyWorker(reg.workerId);
        }
      },
    );
  }

  const queue: JobQueue = {
    get started() {
      return started;
    },

    async register(name, handler, o = {}) {
      const reg: Registration = { handler: handler as JobHandler<object>, options: o };
      registrations.set(name, reg);
      if (started) {
        await ensureQueue(name, o);
        await watch(name, reg);
      }
    },

    async enqueue(name, data, o = {}) {
      if (!started) await queue.start();
      await ensureExists(name);
      const id = await boss.send(name, data, {
        ...(o.startAfter ? { startAfter: o.startAfter } : {}),
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
      });
      // A job for this process's own worker starts now, not at its next poll.
      const reg = registrations.get(name);
      if (reg?.workerId && !o.startAfter) boss.notifyWorker(reg.workerId);
      return id;
    },

    async schedule(name, cron, data = {}, o = {}) {
      if (!started) await queue.start();
      await ensureExists(name);
      await boss.schedule(name, cron, data, { tz: o.tz ?? 'Asia/Shanghai' });
    },

    async unschedule(name) {
      if (!started) await queue.start();
      await boss.unschedule(name);
    },

    start() {
      starting ??= (async () => {
        await boss.start();
        started = true;
        for (const [name, reg] of registrations) {
          await ensureQueue(name, reg.options);
          await watch(name, reg);
        }
      })();
      return starting;
    },

    async stop(timeoutMs = 10_000) {
      if (!started) {
        if (starting) await starting.catch(() => {});
        if (!started) return;
      }
      stopping.abort();
      started = false;
      await boss.stop({ graceful: true, wait: true, timeout: Math.max(1000, timeoutMs) });
    },

    async jobs(name) {
      const sql = `SELECT id, name, state, data, retry_count, created_on, started_on, completed_on, singleton_key
        FROM pgboss.job WHERE name = $1
        UNION ALL
        SELECT id, name, state, data, retry_count, created_on, started_on, completed_on, singleton_key
        FROM pgboss.archive WHERE name = $1
        ORDER BY created_on DESC`;
      const r = await options.db.executeQuery(CompiledQuery.raw(sql, [name]));
      return (r.rows as Record<string, unknown>[]).map((j) => ({
        id: String(j.id),
        name: String(j.name),
        state: String(j.state),
        data: j.data,
        retryCount: Number(j.retry_count),
        createdOn: new Date(j.created_on as string),
        startedOn: j.started_on ? new Date(j.started_on as string) : null,
        completedOn: j.completed_on ? new Date(j.completed_on as string) : null,
        singletonKey: (j.singleton_key as string | null) ?? null,
      }));
    },
  };
  return queue;
}
