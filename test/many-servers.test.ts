/**
 * Many servers, one database: three `ceyuan serve` processes on one throwaway PostgreSQL, driven at
 * the same time over HTTP —
 * - every recommended application approved through all three at once: each is approved once, and
 *   together they never exceed the special fund's budget;
 * - a payment sent to all three with one idempotency key (and again with others): paid once;
 * - two screening runs started on two servers: each is taken by exactly one worker (the job queue),
 *   completes once, and notifies each organisation once;
 * — then: no job lost or left behind, and the audit trail, written by all three, is one chain that
 * verifies.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate, yearOf } from '../src/core/dates.ts';
import { wanToFen } from '../src/core/money.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { insertRegistry } from '../src/screening/load-sql.ts';
import {
  applicationsTestbed,
  matters,
  recommendedApplication,
  TestClock,
} from '../src/service/applications/testing.ts';
import { createAuditService } from '../src/service/audit/service.ts';
import { createAuthService } from '../src/service/auth/service.ts';
import { openDatabase } from '../src/storage/database.ts';
import type { Database } from '../src/storage/schema.ts';
import { postgresAvailable, sharedPostgres } from './support/databases.ts';
import { testCatalogue } from './support/fixtures.ts';
import { freePort } from './support/postgres.ts';

const ROOT = join(import.meta.dirname, '..');
const PASSWORD = 'Many-Servers-2026!';

interface Server {
  base: string;
  child: ChildProcess;
}

async function startServer(url: string): Promise<Server> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/ceyuan.js'), 'serve', '--port', String(port), '--log-level', 'warn'],
    { env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/catalogue`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start in 120 s');
}

describe.runIf(postgresAvailable)('three servers on one PostgreSQL', () => {
  let db: Kysely<Database>;
  let servers: Server[] = [];
  const tokens: Record<string, string> = {};
  const approvalIds: string[] = [];
  let payment: { id: string; stageId: string; amount: number };
  const year = yearOf(shanghaiDate(new Date()));
  let committedBefore = 0;

  beforeAll(async () => {
    const url = await (await sharedPostgres()).createDatabase(`ceyuan_many_${process.pid}`);
    db = await openDatabase({ url, poolSize: 10 });
    const reference = testCatalogue().reference;
    await insertRegistry(
      (text, params) => db.executeQuery(CompiledQuery.raw(text, params)),
      generateRegistry(reference, { count: 3000, seed: 3 }),
      reference,
    );
    // Cases prepared in the past (their matters are dated 2026-09-01): four recommended, ready for
    // the approver; one approved, through its notice and staged, ready to pay.
    const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
    const { world, service, ledger } = await applicationsTestbed(db, clock);
    const { enterprise, reviewer, approver, admin } = world.users;
    await ledger.setBudget(admin, { fund: '000', year: 2026, amount: wanToFen(100_000) });
    const paid = await recommendedApplication(
      service,
      reviewer,
      enterprise,
      '000·二',
      matters.challenge(`pay-${randomUUID()}`, 2_000_000_000),
      wanToFen(600),
    );
    await service.approve(approver, paid.id);
    await service.publishNotice(admin, paid.id, 1);
    clock.setDay('2026-09-12');
    await service.closeNotice(admin, paid.id);
    await service.scheduleStages(admin, paid.id, { weights: [1, 1] });
    const stage = (await service.get(admin, paid.id)).stages[0]!;
    payment = { id: paid.id, stageId: stage.id, amount: stage.amount };
    // Each recommended 300万 (30% of a 1000万 bid); this year's budget holds three of the four.
    for (let i = 0; i < 4; i++) {
      const app = await recommendedApplication(
        service,
        reviewer,
        enterprise,
        '000·二',
        matters.challenge(`appr-${i}-${randomUUID()}`, 1_000_000_000),
        wanToFen(300),
      );
      approvalIds.push(app.id);
    }
    // (What the prepared case committed counts against the same year when that is this year.)
    const before = year === 2026 ? (await ledger.getBudget(admin, '000', year)).committed : 0;
    committedBefore = before;
    await ledger.setBudget(admin, { fund: '000', year, amount: before + wanToFen(900) });
    // Accounts that sign in over HTTP.
    const auth = createAuthService({ db, clock, audit: createAuditService({ db, clock }) });
    for (const [username, role] of [
      ['approver-a', 'approver'],
      ['approver-b', 'approver'],
      ['approver-c', 'approver'],
      ['payer', 'admin'],
      ['officer', 'reviewer'],
    ] as const) {
      await auth.createUser(null, { username, displayName: username, password: PASSWORD, role });
    }
    servers = await Promise.all([startServer(url), startServer(url), startServer(url)]);
    for (const name of ['approver-a', 'approver-b', 'approver-c', 'payer', 'officer']) {
      const res = await fetch(`${servers[0]!.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: name, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      tokens[name] = ((await res.json()) as { token: string }).token;
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.kill('SIGTERM');
          }),
      ),
    );
    await db?.destroy();
  });

  const call = (server: number, who: string, method: string, path: string, body?: unknown, headers = {}) =>
    fetch(`${servers[server]!.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('approvals through all three at once: each case approved once, the budget never exceeded', async () => {
    const approvers = ['approver-a', 'approver-b', 'approver-c'];
    const results = await Promise.all(
      approvalIds.flatMap((id) =>
        [0, 1, 2].map(async (s) => ({
          id,
          status: (await call(s, approvers[s]!, 'POST', `/api/applications/${id}/approve`, {})).status,
        })),
      ),
    );
    const approved = results.filter((r) => r.status === 200);
    expect(new Set(approved.map((r) => r.id)).size).toBe(approved.length);
    expect(approved).toHaveLength(3);
    expect(results.every((r) => r.status === 200 || r.status === 409 || r.status === 422)).toBe(true);
    const grants = await db
      .selectFrom('ledger_entries')
      .select([
        'application_id',
        sql<number>`count(*)::int`.as('n'),
        sql<number>`sum(amount)::bigint`.as('total'),
      ])
      .where('kind', '=', 'grant')
      .where('year', '=', year)
      .groupBy('application_id')
      .execute();
    const approvedGrants = grants.filter((g) => approvalIds.includes(g.application_id));
    expect(approvedGrants).toHaveLength(3);
    expect(approvedGrants.every((g) => g.n === 1)).toBe(true);
    expect(grants.reduce((a, g) => a + Number(g.total), 0)).toBe(committedBefore + wanToFen(900));
  });

  it('one payment sent to all three with one key, and with others: the stage is paid once', async () => {
    const key = `pay-${randomUUID()}`;
    const path = `/api/applications/${payment.id}/stages/${payment.stageId}/pay`;
    const same = await Promise.all(
      [0, 1, 2, 0, 1, 2].map((s) => call(s, 'payer', 'POST', path, {}, { 'idempotency-key': key })),
    );
    const statuses = same.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    const bodies = (await Promise.all(same.map((r) => r.json()))) as { payment: { id: string } }[];
    expect(new Set(bodies.map((b) => b.payment.id)).size).toBe(1);
    const others = await Promise.all(
      [0, 1, 2].map((s) =>
        call(s, 'payer', 'POST', path, {}, { 'idempotency-key': `other-${randomUUID()}` }),
      ),
    );
    expect(others.every((r) => r.status >= 400)).toBe(true);
    const paid = await db
      .selectFrom('payments')
      .selectAll()
      .where('stage_id', '=', payment.stageId)
      .execute();
    expect(paid).toHaveLength(1);
    expect(paid[0]!.amount).toBe(payment.amount);
    const entries = await db
      .selectFrom('ledger_entries')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('kind', '=', 'payment')
      .where('application_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(entries.n).toBe(1);
  });

  it('two screening runs on two servers: each taken once, completed once, notices once', async () => {
    const date = '2026-09-01';
    const started = await Promise.all([
      call(0, 'officer', 'POST', '/api/screening/runs', { date }),
      call(1, 'officer', 'POST', '/api/screening/runs', { date, method: 'sql', chunkSize: 400 }),
    ]);
    expect(started.map((r) => r.status)).toEqual([202, 202]);
    const ids = (await Promise.all(started.map((r) => r.json()))).map((r) => (r as { id: string }).id);
    const runs: { status: string; notices: number; evaluated: number; method: string }[] = [];
    for (const id of ids) {
      for (let i = 0; ; i++) {
        const run = (await (
          await call(2, 'officer', 'GET', `/api/screening/runs/${id}`)
        ).json()) as (typeof runs)[0];
        if (run.status !== 'running') {
          runs.push(run);
          break;
        }
        if (i > 1200) throw new Error(`run ${id} did not finish`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(runs.map((r) => [r.method, r.status])).toEqual([
      ['bulk', 'completed'],
      ['sql', 'completed'],
    ]);
    expect(runs[0]!.evaluated).toBe(runs[1]!.evaluated);
    // Both runs found the same pairs: together they created each notice once.
    const notices = await db.executeQuery<{ n: number }>(
      CompiledQuery.raw('SELECT count(*)::int AS n FROM screening_notices'),
    );
    const pairs = await db.executeQuery<{ n: number }>(
      CompiledQuery.raw(
        `SELECT count(*)::int AS n FROM screening_results WHERE run_id = $1::uuid AND mode <> 'exhausted'`,
        [ids[0]],
      ),
    );
    expect(notices.rows[0]!.n).toBe(pairs.rows[0]!.n);
    expect(runs[0]!.notices + runs[1]!.notices).toBe(notices.rows[0]!.n);
    for (const id of ids) {
      const done = await db
        .selectFrom('audit_log')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('subject', '=', `screening_run:${id}`)
        .where('action', '=', 'screening.complete')
        .executeTakeFirstOrThrow();
      expect(done.n).toBe(1);
    }
    // The queue: one job per run, completed; nothing left waiting, running or failed.
    const jobs = await db.executeQuery<{ key: string; state: string }>(
      CompiledQuery.raw(
        `SELECT singleton_key AS key, state::text FROM pgboss.job WHERE name = 'screening.run'
         UNION ALL SELECT singleton_key, state::text FROM pgboss.archive WHERE name = 'screening.run'`,
      ),
    );
    expect(
      jobs.rows
        .filter((j) => ids.includes(j.key))
        .map((j) => j.state)
        .sort(),
    ).toEqual(['completed', 'completed']);
  });

  it('written by three processes, the audit trail is one chain that verifies', async () => {
    const audit = createAuditService({ db, clock: { now: () => new Date() } });
    const result = await audit.verifyChain();
    expect(result.ok).toBe(true);
    const { n } = await db
      .selectFrom('audit_log')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBeGreaterThan(20);
  });
});
