/**
 * The platform's timed work runs on the job queue, not on timers inside one process: when a server
 * starts it schedules each timed job (a cron on the queue, which any server's worker takes) and
 * queues one sweep at once, and that sweep runs to completion. With several servers the queue's
 * `stately` policy makes one job of their requests (test/many-servers.test.ts covers taking once).
 */
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_DUE_NOTICES_JOB } from '../src/api/routes/jobs.ts';
import { EXPIRE_LISTINGS_JOB } from '../src/api/routes/matching.ts';
import { SCAN_QUALIFICATIONS_JOB } from '../src/api/routes/qualifications.ts';
import type { Db } from '../src/storage/schema.ts';
import { buildTestApp, type TestApp } from './support/app.ts';
import { openTestDatabase } from './support/databases.ts';

let db: Db;
let t: TestApp;
beforeAll(async () => {
  db = await openTestDatabase('pglite');
  t = await buildTestApp(db, { scheduledJobs: true });
  await t.app.ready();
  await t.createUser('ops', 'admin');
}, 120_000);
afterAll(async () => {
  await t?.app.close();
  await db?.destroy();
});

type Job = { name: string; state: string; singletonKey: string | null };

async function jobsOf(name: string): Promise<Job[]> {
  const headers = await t.login('ops');
  const res = await t.app.inject({ method: 'GET', url: `/api/jobs?name=${name}`, headers });
  expect(res.statusCode).toBe(200);
  return res.json().items as Job[];
}

for (const name of [CLOSE_DUE_NOTICES_JOB, EXPIRE_LISTINGS_JOB, SCAN_QUALIFICATIONS_JOB]) {
  it(`${name}: a sweep queued at start runs to completion on the queue, and a cron is scheduled`, async () => {
    let jobs: Job[] = [];
    for (let i = 0; i < 200; i++) {
      jobs = await jobsOf(name);
      if (jobs.some((j) => j.state === 'completed')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(jobs.filter((j) => j.singletonKey === 'sweep').map((j) => j.state)).toContain('completed');
    const { rows } = await db.executeQuery<{ cron: string }>(
      CompiledQuery.raw('SELECT cron FROM pgboss.schedule WHERE name = $1', [name]),
    );
    expect(rows.map((r) => r.cron)).toHaveLength(1);
  }, 60_000);
}
