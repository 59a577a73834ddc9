/**
 * The job queue on both databases: a job runs once with its data; a delayed job waits; a failing
 * handler is retried and told its attempt; a cron schedule is registered once; two workers on one
 * database take every job exactly once; and (PostgreSQL) a job whose worker was killed mid-run is
 * retried by another once it expires.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { describeEachDatabase, sharedPostgres } from '../../../test/support/databases.ts';
import { openDatabase } from '../../storage/database.ts';
import { createJobQueue, type JobQueue } from './queue.ts';

const until = async (test: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
};

describeEachDatabase('job queue', (ctx) => {
  const queues: JobQueue[] = [];
  const queue = (o: Partial<Parameters<typeof createJobQueue>[0]> = {}) => {
    const q = createJobQueue({
      db: ctx.db,
      pollingIntervalSeconds: 0.5,
      maintenanceIntervalSeconds: 1,
      ...o,
    });
    queues.push(q);
    return q;
  };
  afterAll(async () => {
    for (const q of queues) await q.stop(2000);
  });

  it('runs a job once with its data, at once or not before its time', async () => {
    const q = queue();
    const seen: { n: number; at: number }[] = [];
    await q.register<{ n: number }>('test.once', async (data) => {
      seen.push({ ...data, at: Date.now() });
    });
    await q.start();
    const t0 = Date.now();
    const id = await q.enqueue('test.once', { n: 1 });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await q.enqueue('test.once', { n: 2 }, { startAfter: new Date(t0 + 1500) });
    await until(() => seen.length === 2);
    expect(seen.map((s) => s.n)).toEqual([1, 2]);
    expect(seen[1]!.at).toBeGreaterThanOrEqual(t0 + 1400);
    await until(async () => (await q.jobs('test.once')).every((j) => j.state === 'completed'));
    expect((await q.jobs('test.once')).map((j) => j.state)).toEqual(['completed', 'completed']);
  });

  it('retries a failing handler, telling it the attempt', async () => {
    const q = queue();
    const attempts: [number, boolean][] = [];
    await q.register<{ k: string }>(
      'test.flaky',
      async (_data, job) => {
        attempts.push([job.attempt, job.lastAttempt]);
        if (job.attempt < 1) throw new Error('not yet');
      },
      { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: false },
    );
    await q.start();
    await q.enqueue('test.flaky', { k: 'x' });
    await until(async () => (await q.jobs('test.flaky'))[0]?.state === 'completed');
    expect(attempts).toEqual([
      [0, false],
      [1, false],
    ]);
  });

  it('registers a cron schedule once however many times it is set', async () => {
    const q = queue();
    await q.register('test.cron', async () => {});
    await q.start();
    await q.schedule('test.cron', '5 0 * * *', { what: 'daily' });
    await q.schedule('test.cron', '5 0 * * *', { what: 'daily' });
    const { rows } = await ctx.db.executeQuery<{ n: number; timezone: string }>({
      sql: "select count(*)::int as n, max(timezone) as timezone from pgboss.schedule where name = 'test.cron'",
      parameters: [],
      query: { kind: 'RawNode' } as never,
      queryId: { queryId: 'q' },
    } as never);
    expect(rows[0]).toEqual({ n: 1, timezone: 'Asia/Shanghai' });
  });

  it('two workers on one database take each job exactly once', async () => {
    const a = queue();
    const b = queue();
    const taken: string[] = [];
    const handler = (who: string) => async (data: { n: number }) => {
      taken.push(`${data.n}`);
      await new Promise((r) => setTimeout(r, 20 + (data.n % 3) * 10));
      void who;
    };
    await a.register<{ n: number }>('test.shared', handler('a'));
    await b.register<{ n: number }>('test.shared', handler('b'));
    await Promise.all([a.start(), b.start()]);
    for (let n = 0; n < 30; n++) await (n % 2 ? a : b).enqueue('test.shared', { n });
    await until(() => taken.length >= 30);
    await new Promise((r) => setTimeout(r, 500));
    expect(taken.sort()).toEqual(Array.from({ length: 30 }, (_, n) => `${n}`).sort());
  });

  it.runIf(ctx.kind === 'postgres')(
    'retries the job of a worker killed mid-run, once it expires',
    async () => {
      const url = await (await sharedPostgres()).createDatabase(`ceyuan_jobs_crash_${process.pid}`);
      const db = await openDatabase({ url, poolSize: 4 });
      const survivor = createJobQueue({ db, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
      try {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, '../../../test/support/job-crasher.ts')],
          {
            env: { ...process.env, DATABASE_URL: url },
            stdio: ['ignore', 'pipe', 'inherit'],
          },
        );
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        await until(() => out.includes('ready'), 30_000);
        await survivor.enqueue('crash.me', { n: 7 });
        const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
          child.on('exit', (_c, s) => resolve(s)),
        );
        expect(exit).toBe('SIGKILL');
        expect(out).toMatch(/taken [0-9a-f-]+ 7/);
        // The job is still "active" under the dead worker; once it expires it is retried here.
        const done: number[] = [];
        await survivor.register<{ n: number }>(
          'crash.me',
          async (data, job) => {
            done.push(data.n);
            expect(job.attempt).toBeGreaterThanOrEqual(1);
          },
          { retryLimit: 2, expireInSeconds: 2, retryDelaySeconds: 1 },
        );
        await survivor.start();
        await until(() => done.length > 0, 30_000);
        expect(done).toEqual([7]);
      } finally {
        await survivor.stop(2000);
        await db.destroy();
      }
    },
    60_000,
  );
});
