/**
 * Concurrent approvals and payments never exceed a cap, a budget or a stage total, and a repeated
 * idempotency key pays once. Requests run together with Promise.all; on PostgreSQL (a pool of 60
 * connections) they really run at the same time, on PGlite they are serialised.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { CeyuanError } from '../src/core/errors.ts';
import { wanToFen } from '../src/core/money.ts';
import type { Actor } from '../src/service/applications/ports.ts';
import type { ApplicationService } from '../src/service/applications/service.ts';
import {
  applicationsTestbed,
  insertOrganisation,
  insertUser,
  matters,
  recommendedApplication,
  scheduledApplication,
  TestClock,
  type World,
} from '../src/service/applications/testing.ts';
import type { createLedgerService } from '../src/service/ledger/service.ts';
import type { Db } from '../src/storage/schema.ts';
import { describeEachDatabase } from './support/databases.ts';

const N = 50;

describeEachDatabase('concurrent approvals and payments', (ctx) => {
  let db: Db;
  let world: World;
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  let service: ApplicationService;
  let ledger: ReturnType<typeof createLedgerService>;

  beforeAll(async () => {
    db = ctx.db;
    ({ world, service, ledger } = await applicationsTestbed(db, clock));
  });

  async function recommend(owner: Actor, measureId: string, matter: Record<string, unknown>, amount: number) {
    return recommendedApplication(service, world.users.reviewer, owner, measureId, matter, amount);
  }

  /** Settles every promise; returns the error codes of the refusals and the number that succeeded. */
  async function settle(promises: Promise<unknown>[]) {
    const results = await Promise.allSettled(promises);
    const codes = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => (r.reason as CeyuanError).code ?? String(r.reason));
    return { ok: results.length - codes.length, codes };
  }

  async function committed(fund: string, year: number) {
    return (await ledger.getBudget(world.users.admin, fund, year)).committed;
  }

  it(`${N} concurrent approvals against one budget never exceed it`, async () => {
    clock.setDay('2027-03-01');
    const budget = wanToFen(1500) * 5;
    await ledger.setBudget(world.users.admin, { fund: '000', year: 2027, amount: budget });
    const tag = randomUUID().slice(0, 8);
    const apps = [];
    for (let i = 0; i < N; i++) {
      const org = await insertOrganisation(db, {
        name: `揭榜企业${i}`,
        kind: 'enterprise',
        centreOriginCity: 'jiaxing',
      });
      const user = await insertUser(db, `b${i}-${tag}`, 'enterprise', org);
      apps.push(
        await recommend(
          user,
          '000·二',
          { ...matters.challenge(`b${i}`), date: '2027-02-01' },
          wanToFen(1500),
        ),
      );
    }
    const { ok, codes } = await settle(apps.map((a) => service.approve(world.users.approver, a.id)));
    expect(ok).toBe(5);
    expect(codes.every((c) => c === 'BUDGET_EXCEEDED')).toBe(true);
    expect(await committed('000', 2027)).toBe(budget);
  });

  it(`${N} concurrent approvals against one annual cap never exceed it`, async () => {
    clock.setDay('2026-09-10');
    await ledger.setBudget(world.users.admin, { fund: '000', year: 2026, amount: wanToFen(1_000_000) });
    // 000·十二: 30% of 1m yuan = 300k yuan each; at most 1m yuan a year → three fit, the fourth would be 100k.
    const apps = [];
    for (let i = 0; i < N; i++) {
      apps.push(
        await recommend(
          world.users.centreUser,
          '000·十二',
          matters.centreOperation(`op-${i}`, '2026-06-01', wanToFen(100)),
          wanToFen(30),
        ),
      );
    }
    const { ok, codes } = await settle(apps.map((a) => service.approve(world.users.approver, a.id)));
    expect(ok).toBe(3);
    expect(codes.every((c) => c === 'OUT_OF_RANGE')).toBe(true);
    const granted = await db
      .selectFrom('ledger_entries')
      .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('total'))
      .where('organisation_id', '=', world.orgs.centre)
      .where('kind', '=', 'grant')
      .executeTakeFirstOrThrow();
    expect(granted.total).toBe(wanToFen(90));
    expect(granted.total).toBeLessThanOrEqual(wanToFen(100));
  });

  it(`${N} concurrent approvals for one matter grant it once (从优就高不重复)`, async () => {
    clock.setDay('2026-09-10');
    const apps = [];
    for (let i = 0; i < N; i++) {
      apps.push(
        await recommend(world.users.enterprise, '000·二', matters.challenge('one-matter'), wanToFen(1500)),
      );
    }
    const { ok, codes } = await settle(apps.map((a) => service.approve(world.users.approver, a.id)));
    expect(ok).toBe(1);
    expect(codes.every((c) => c === 'OVERLAP')).toBe(true);
  });

  const scheduled = (stages: number[]) =>
    scheduledApplication(service, world, clock, world.users.enterprise, stages);

  it(`${N} concurrent payments with one idempotency key pay once`, async () => {
    const app = await scheduled([1, 1]);
    const key = `key-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: N }, () => service.payStage(world.users.admin, app.id, app.stages[0]!.id, key)),
    );
    expect(new Set(results.map((r) => r.payment.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const rows = await db.selectFrom('payments').selectAll().where('application_id', '=', app.id).execute();
    expect(rows).toHaveLength(1);
  });

  it(`${N} concurrent payments with different keys pay each stage once and never more than approved`, async () => {
    const app = await scheduled([1, 1, 1]);
    const attempts = Array.from({ length: N }, (_, i) =>
      service.payStage(world.users.admin, app.id, app.stages[i % 3]!.id, `k-${i}-${randomUUID()}`),
    );
    const { ok, codes } = await settle(attempts);
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(3);
    expect(codes.every((c) => c === 'CONFLICT')).toBe(true);
    const detail = await service.get(world.users.admin, app.id);
    expect(detail.payments.length).toBe(ok);
    const paid = detail.payments.map((p) => p.amount).reduce((a, b) => a + b, 0);
    expect(paid).toBeLessThanOrEqual(detail.approvedAmount!);
    expect(new Set(detail.payments.map((p) => p.stageId)).size).toBe(detail.payments.length);
  });
});
