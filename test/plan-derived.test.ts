/**
 * Derived indicators agree with the tables they come from: valid qualifications on a date against a
 * count written independently in SQL over organisation_qualifications; money committed and paid per
 * target against the ledger; a capability not yet landed (双向发榜) reports "not yet available" and,
 * once its port is wired, the port's figures. Also the .xlsx import, through the service.
 */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { planFor } from '../src/catalogue/load-plan.ts';
import { wanToFen } from '../src/core/money.ts';
import {
  applicationsTestbed,
  matters,
  recommendedApplication,
  TestClock,
  uuidIds,
} from '../src/service/applications/testing.ts';
import { createMessageService } from '../src/service/messages/service.ts';
import type { PlanSources } from '../src/service/plan/ports.ts';
import { createPlanService } from '../src/service/plan/service.ts';
import type { Executor } from '../src/storage/schema.ts';
import { describeEachDatabase } from './support/databases.ts';
import { testCatalogue } from './support/fixtures.ts';

describeEachDatabase('plan: derived indicators', (ctx) => {
  const clock = new TestClock(new Date('2026-09-10T04:00:00Z'));
  let bed: Awaited<ReturnType<typeof applicationsTestbed>>;
  const catalogue = testCatalogue();
  const service = (sources?: (db: Executor) => Partial<PlanSources>) =>
    createPlanService({
      db: ctx.db,
      plan: planFor(catalogue),
      catalogue,
      clock,
      ids: uuidIds,
      audit: bed.audit,
      messages: createMessageService({ db: ctx.db, clock, ids: uuidIds }),
      ...(sources && { sources }),
    });

  beforeAll(async () => {
    bed = await applicationsTestbed(ctx.db, clock);
  });

  async function org(city: string, qualifications: [code: string, from: string, to: string | null][]) {
    const id = randomUUID();
    await ctx.db
      .insertInto('organisations')
      .values({
        id,
        uscc: `91310117${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}X`,
        name: `企业${id.slice(0, 6)}`,
        kind: 'enterprise',
        city,
      })
      .execute();
    for (const [code, from, to] of qualifications)
      await ctx.db
        .insertInto('organisation_qualifications')
        .values({ organisation_id: id, code, valid_from: from, valid_to: to })
        .execute();
    return id;
  }

  /** The count written independently: organisations in the city with a valid code on the day. */
  async function sqlCount(codes: string[], city: string, on: string): Promise<number> {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from organisations o
      where o.city = ${city} and exists (
        select 1 from organisation_qualifications q
        where q.organisation_id = o.id and q.code = any(${codes}::text[])
          and q.valid_from <= ${on}::date and (q.valid_to is null or q.valid_to >= ${on}::date))`.execute(
      ctx.db,
    );
    return r.rows[0]!.n;
  }

  it('valid high-tech and 专精特新 counts on each date agree with the qualification table', async () => {
    await org('songjiang', [['high_tech', '2023-12-01', '2026-11-30']]); // lapses on the last day of Nov 2026
    await org('songjiang', [
      ['high_tech', '2024-05-01', '2027-04-30'],
      ['specialised_sme', '2025-01-01', null],
    ]);
    await org('songjiang', [['high_tech', '2026-03-01', '2029-02-28']]); // new in 2026
    await org('songjiang', [
      ['high_tech', '2021-01-01', '2023-12-31'],
      ['high_tech', '2024-01-01', '2026-12-31'],
    ]); // renewed: once
    await org('jiaxing', [['high_tech', '2024-01-01', '2027-12-31']]); // not in Songjiang
    await org('songjiang', [['tech_sme', '2025-01-01', '2025-12-31']]); // another qualification
    const expected: [string, number][] = [
      ['2025-12-31', 3],
      ['2026-11-30', 4],
      ['2026-12-01', 3],
    ];
    for (const [on, n] of expected) {
      expect(await sqlCount(['high_tech'], 'songjiang', on), on).toBe(n);
      const detail = await service().target(bed.world.users.auditor, 'high-tech-enterprises', on);
      expect(detail.latest, on).toMatchObject({ period: on, value: n, derived: true });
      expect(detail.observations).toEqual([]);
      for (const p of detail.series.observed)
        expect(p.value, p.period).toBe(await sqlCount(['high_tech'], 'songjiang', p.period));
    }
    const sme = await service().target(bed.world.users.auditor, 'specialised-smes', '2026-11-30');
    expect(sme.latest?.value).toBe(await sqlCount(['specialised_sme'], 'songjiang', '2026-11-30'));
    expect(sme.derived).toMatchObject({ source: 'registry.qualifications', available: true });
  });

  it('money committed and paid per target is the ledger’s, under the linked measures', async () => {
    const { service: apps, ledger, world } = bed;
    const { enterprise, reviewer, approver, admin } = world.users;
    await ledger.setBudget(admin, { fund: '000', year: 2026, amount: wanToFen(100_000) });
    const app = await recommendedApplication(
      apps,
      reviewer,
      enterprise,
      '000·五',
      matters.iur(`iur-${randomUUID()}`),
      wanToFen(150),
      // Below the 200万 ceiling of 000·五: a written reason (issue 8).
      '根据项目投入核定',
    );
    await apps.approve(approver, app.id);
    await apps.publishNotice(admin, app.id, 5);
    clock.setDay('2026-09-20');
    await apps.closeNotice(admin, app.id);
    await apps.scheduleStages(admin, app.id, { weights: [1] });
    const [stage] = (await apps.get(admin, app.id)).stages;
    await apps.payStage(admin, app.id, stage!.id, `k-${randomUUID()}`);
    // A second one approved, not yet paid.
    const unpaid = await recommendedApplication(
      apps,
      reviewer,
      enterprise,
      '000·五',
      matters.iur(`iur-${randomUUID()}`),
      wanToFen(80),
      '根据项目投入核定',
    );
    await apps.approve(approver, unpaid.id);

    const ledgerSum = async (measures: string[]) => {
      const r = await sql<{ committed: number; paid: number }>`
        select
          coalesce(sum(g.amount) filter (where g.kind = 'grant' and not exists (
            select 1 from ledger_entries r where r.organisation_id = g.organisation_id and r.reverses = g.id)), 0)::bigint as committed,
          coalesce(sum(g.amount) filter (where g.kind = 'payment'), 0)::bigint as paid
        from ledger_entries g where g.measure_id = any(${measures}::text[])`.execute(ctx.db);
      return { committed: Number(r.rows[0]!.committed), paid: Number(r.rows[0]!.paid) };
    };
    const plan = planFor(catalogue);
    const funding = await service().funding(world.users.auditor);
    for (const t of plan.targets) {
      const f = funding.targets.find((x) => x.targetId === t.id)!;
      expect({ committed: f.committed, paid: f.paid }, t.id).toEqual(await ledgerSum(t.measures));
    }
    const contracts = funding.targets.find((x) => x.targetId === 'tech-contract-turnover')!;
    expect(contracts).toMatchObject({
      committed: wanToFen(230),
      paid: wanToFen(150),
      outstanding: wanToFen(80),
    });
    expect(contracts.measures.find((m) => m.id === '000·五')).toMatchObject({ grants: 2, payments: 1 });
    const card = (await service().dashboard(world.users.auditor, '2026-09-20')).cards.find(
      (c) => c.id === 'tech-contract-turnover',
    )!;
    expect(card.funding).toEqual({
      committed: wanToFen(230),
      paid: wanToFen(150),
      outstanding: wanToFen(80),
    });
  });

  it('双向发榜 contracts: "not yet available" until its port is wired, then the port’s figures', async () => {
    const before = await service(() => ({ matching: null })).figures('2027-03-01');
    expect(before.indicators.find((x) => x.id === 'dual-listing-projects')!.derived).toMatchObject({
      available: false,
      total: null,
      points: [],
    });
    const asked: string[] = [];
    const wired = service(() => ({
      matching: {
        async contractsReached({ from, to }) {
          asked.push(`${from}..${to}`);
          return from.startsWith('2026') ? 5 : 2;
        },
      },
    }));
    const after = await wired.figures('2027-03-01');
    expect(after.indicators.find((x) => x.id === 'dual-listing-projects')!.derived).toMatchObject({
      available: true,
      points: [
        { period: '2026', value: 5 },
        { period: '2027-03-01', value: 2 },
      ],
      total: 7,
    });
    expect(asked).toEqual(['2026-01-01..2026-12-31', '2027-01-01..2027-03-01']);
  });

  it('imports an .xlsx file, naming the row and column of each problem', async () => {
    const workbook = new ExcelJS.Workbook();
    const ws = workbook.addWorksheet('数据');
    ws.addRow([
      '指标编号 target',
      '目标名称 title',
      '期间 period',
      '数值 value',
      '来源 source',
      '备注 comment',
    ]);
    ws.addRow(['digital-core-growth', '数字经济核心产业收入增长率', '2025', 4.2, '区经委年报', '']);
    ws.addRow(['digital-core-growth', '数字经济核心产业收入增长率', '2026', 4.6, '区经委年报', '']); // not ended on 2026-09-20
    ws.addRow(['high-tech-enterprises', '', '2025', 1200, '区科委', '']); // derived
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    const user = bed.world.users.reviewer;
    const refused = await service()
      .import(user, { data, name: 'digital.xlsx' }, {})
      .catch((e: { issues: { row: number; column: string; rule: string }[] }) => e);
    expect(
      (refused as { issues: { row: number; column: string; rule: string }[] }).issues.map((i) => [
        i.row,
        i.column,
        i.rule,
      ]),
    ).toEqual([
      [3, 'period', 'period_not_ended'],
      [4, 'target', 'derived_target'],
    ]);
    const report = await service().import(user, { data, name: 'digital.xlsx' }, { allowPartial: true });
    expect(report).toMatchObject({ format: 'xlsx', rows: 3, created: 1, skipped: 2, committed: true });
    const obs = await ctx.db
      .selectFrom('plan_observations')
      .selectAll()
      .where('target_id', '=', 'digital-core-growth')
      .execute();
    expect(obs.map((o) => [o.period, Number(o.value), o.channel, o.import_file, o.recorded_by_name])).toEqual(
      [['2025', 4.2, 'import', 'digital.xlsx', user.username]],
    );
  });
});

describe('plan: no guessed numbers', () => {
  it('a qualitative target takes an assessment, never a number', async () => {
    const plan = planFor(testCatalogue());
    for (const t of plan.targets.filter((x) => x.kind === 'qualitative')) {
      expect(t.target).toBeNull();
      expect(t.unit).toBeNull();
    }
  });
});
