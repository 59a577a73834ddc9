/**
 * 免申即享 at scale, differentially, on PGlite and on PostgreSQL:
 * - a bulk run (COPY out, compiled kernel, COPY in) stores exactly the rows of the SQL-only method —
 *   the pairs, their modes, amounts, caps and the data behind them — and the same notices;
 * - the pairs are those of the compiled JS screen over the same registry;
 * - every amount in a stored notice equals what calculate() gives that organisation for that measure
 *   with the matter the registry files (its figures, its grant history);
 * - the run summary adds up the stored rows, by measure and by fund, against the budget;
 * - a run's results are dropped in one statement.
 *
 * The registry is generated (seed 1501), with centres and international organisations forced in,
 * operating spend filed for most (not all) of them, and grants that reduce or use up the annual cap.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { loadScreeningRules } from '../src/catalogue/screening.ts';
import { catalogueWith001InForce } from '../src/catalogue/testing.ts';
import { calculate, createEngine, type Engine } from '../src/core/engine/calculate.ts';
import { FEN_PER_WAN } from '../src/core/money.ts';
import { planMeasure, registryMatter } from '../src/screening/assess.ts';
import { toApplicant } from '../src/screening/columnar.ts';
import { compileScreen } from '../src/screening/compile-js.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { insertRegistry, rowUuid } from '../src/screening/load-sql.ts';
import { createScreeningService, type ScreeningService } from '../src/screening/runs.ts';
import { allocateBitsets, screenTarget } from '../src/screening/screen.ts';
import type { ScreeningDatabase } from '../src/screening/tables.ts';
import { moneyOf } from '../src/screening/views.ts';
import type { Actor } from '../src/service/applications/ports.ts';
import { insertUser, testAudit, uuidIds } from '../src/service/applications/testing.ts';
import { describeEachDatabase } from './support/databases.ts';
import { testCatalogue } from './support/fixtures.ts';

const DATE = '2026-09-01';
const SIZE = 1500;
const CENTRES = 24;

/** The catalogue with draft 001 in force from 2026-07-01: more measures the engine evaluates. */
function engineWith001(): Engine {
  return createEngine(catalogueWith001InForce(undefined, 'scale'));
}

type Row = Record<string, unknown>;

describeEachDatabase('screening at scale: bulk = SQL = engine', (ctx) => {
  const engine = engineWith001();
  const registry = generateRegistry(engine.catalogue.reference, { count: SIZE, seed: 1501 });
  let service: ScreeningService;
  let officer: Actor;
  let admin: Actor;
  let bulkId: string;
  let sqlId: string;
  const q = async (sql: string, params: unknown[] = []) =>
    (await ctx.db.executeQuery(CompiledQuery.raw(sql, params))).rows as Row[];

  beforeAll(async () => {
    await insertRegistry(
      (sql, params) => ctx.db.executeQuery(CompiledQuery.raw(sql, params)),
      registry,
      engine.catalogue.reference,
    );
    // Rows 0..23: centres and international organisations set up by corridor cities (000 applies).
    const origins = ['jiaxing', 'hangzhou', 'hefei', 'suzhou', 'kunming', 'wuhu'];
    const forced = Array.from({ length: CENTRES }, (_, r) => ({
      row: r,
      kind: r % 2 === 0 ? 'innovation_centre' : 'intl_st_org',
      origin: origins[r % origins.length]!,
    }));
    await ctx.db.executeQuery(
      CompiledQuery.raw(
        `UPDATE organisations o SET kind = t.kind, city = 'songjiang', centre_origin_city = t.origin
         FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, kind, origin) WHERE o.id = t.id`,
        [forced.map((f) => rowUuid(f.row)), forced.map((f) => f.kind), forced.map((f) => f.origin)],
      ),
    );
    for (const f of forced) {
      registry.kind[f.row] = engine.catalogue.reference.orgKinds.findIndex((k) => k.code === f.kind) + 1;
      registry.city[f.row] = engine.catalogue.reference.cities.findIndex((c) => c.code === 'songjiang') + 1;
      registry.centreOriginCity[f.row] =
        engine.catalogue.reference.cities.findIndex((c) => c.code === f.origin) + 1;
    }
    officer = await insertUser(ctx.db, 'scale-officer', 'reviewer');
    admin = await insertUser(ctx.db, 'scale-admin', 'admin');
    // Operating spend for 2025 filed for every centre but rows 4 and 5 (one centre, one organisation).
    const sdb = ctx.db as unknown as Kysely<ScreeningDatabase>;
    for (let r = 0; r < CENTRES; r++) {
      if (r === 4 || r === 5) continue;
      await sdb
        .insertInto('organisation_base_figures')
        .values({
          organisation_id: rowUuid(r),
          figure: 'operatingSpend',
          year: 2025,
          amount: (150 + 61 * r) * FEN_PER_WAN + 37,
          source: `2025 年度审计报告 #${r}`,
          recorded_by: 'test',
          recorded_at: new Date('2026-02-01T00:00:00Z'),
        })
        .execute();
    }
    // A figure of another year never counts for this one.
    await sdb
      .insertInto('organisation_base_figures')
      .values({
        organisation_id: rowUuid(5),
        figure: 'operatingSpend',
        year: 2024,
        amount: 300 * FEN_PER_WAN,
        source: '2024',
        recorded_by: 'test',
        recorded_at: new Date('2025-02-01T00:00:00Z'),
      })
      .execute();
    // Grants this year: row 1 (an international organisation) got 50万 of 000·九·运营's 200万 cap;
    // row 3 got all of it (no notice); row 7 got 80万 under 001·十七·国际组织运营 (the same group? see overlap).
    const grant = async (row: number, measureId: string, wan: number) => {
      const appId = uuidIds.next();
      const m = engine.catalogue.byId.get(measureId)!;
      await ctx.db
        .insertInto('applications')
        .values({
          organisation_id: rowUuid(row),
          id: appId,
          measure_id: measureId,
          document_code: m.document.code,
          overlap_group: m.overlapGroup,
          matter_id: `intl_org_operation-2025`,
          matter: null,
          title: 'grant',
          requested_amount: null,
          recommended_amount: null,
          approved_amount: wan * FEN_PER_WAN,
          attachments: '[]' as never,
          state: 'approved',
          version: 1,
          created_by: admin.id,
          recommended_by: null,
          approved_by: admin.id,
          submitted_on: null,
          notice_starts_on: null,
          notice_ends_on: null,
          created_at: new Date('2026-03-01T00:00:00Z'),
          updated_at: new Date('2026-03-01T00:00:00Z'),
        })
        .execute();
      await ctx.db
        .insertInto('ledger_entries')
        .values({
          organisation_id: rowUuid(row),
          id: uuidIds.next(),
          kind: 'grant',
          application_id: appId,
          measure_id: measureId,
          fund: m.document.code,
          overlap_group: m.overlapGroup,
          matter_id: 'intl_org_operation-2025',
          amount: wan * FEN_PER_WAN,
          date: '2026-03-01',
          year: 2026,
          reverses: null,
          payment_id: null,
          decision_id: null,
          recorded_at: new Date('2026-03-01T00:00:00Z'),
        })
        .execute();
    };
    await grant(1, '000·九·运营', 50);
    await grant(3, '000·九·运营', 200);
    await ctx.db
      .insertInto('budgets')
      .values({
        fund: '000',
        year: 2026,
        amount: 1000 * FEN_PER_WAN,
        updated_by: admin.id,
        updated_at: new Date(),
      })
      .execute();
    const audit = testAudit(ctx.db, { now: () => new Date('2026-09-01T04:00:00Z') });
    service = createScreeningService({
      db: ctx.db,
      engine,
      clock: { now: () => new Date('2026-09-01T04:00:00Z') },
      ids: uuidIds,
      audit,
    });
  }, 120_000);

  type Stored = Row & { amount_min: number | null; amount_max: number | null; cap: number | null };
  const rows = async (runId: string): Promise<Stored[]> =>
    (
      await q(
        `SELECT organisation_id, measure_id, mode, amount_min, amount_max, cap, basis FROM screening_results
         WHERE run_id = $1::uuid ORDER BY organisation_id, measure_id`,
        [runId],
      )
    ).map((r) => ({
      ...r,
      amount_min: r.amount_min === null ? null : Number(r.amount_min),
      amount_max: r.amount_max === null ? null : Number(r.amount_max),
      cap: r.cap === null ? null : Number(r.cap),
    }));

  it('a bulk run stores exactly the rows of the SQL-only method, and the notices they make', async () => {
    const bulk = await service.execute(officer, (await service.start(officer, { date: DATE })).id);
    expect(bulk).toMatchObject({ method: 'bulk', status: 'completed', processed: SIZE });
    expect(Object.keys(bulk.timings)).toEqual(
      expect.arrayContaining(['load', 'screen', 'amounts', 'encode', 'store', 'notices']),
    );
    const noticesAfterBulk = await q(
      'SELECT organisation_id, measure_id, mode, amount_min, amount_max, cap, basis FROM screening_notices ORDER BY 1, 2',
    );
    expect(bulk.notices).toBe(noticesAfterBulk.length);

    const sql = await service.execute(
      officer,
      (await service.start(officer, { date: DATE, method: 'sql', chunkSize: 1000 })).id,
    );
    expect(sql).toMatchObject({ method: 'sql', status: 'completed', processed: SIZE, notices: 0 });
    bulkId = bulk.id;
    sqlId = sql.id;
    const b = await rows(bulk.id);
    const s = await rows(sql.id);
    expect(b.length).toBeGreaterThan(100);
    expect(s).toEqual(b);
    expect(bulk.evaluated).toBe(b.length);
    // Nothing changed between the runs: the notices are the same, none refreshed.
    expect(
      await q(
        'SELECT organisation_id, measure_id, mode, amount_min, amount_max, cap, basis FROM screening_notices ORDER BY 1, 2',
      ),
    ).toEqual(noticesAfterBulk);
    // Used up by earlier grants: stored as such, never notified.
    const exhausted = b.filter((r) => r.mode === 'exhausted');
    expect(exhausted.map((r) => `${r.organisation_id} ${r.measure_id}`)).toContain(
      `${rowUuid(3)} 000·九·运营`,
    );
    expect(noticesAfterBulk.length).toBe(b.length - exhausted.length);
  });

  it('finds the pairs the compiled JS screen finds', async () => {
    const measures = (await service.get(officer, bulkId)).measures.map(
      (m) => engine.catalogue.byId.get(m.id)!,
    );
    // Each measure from its document's window (001·十 counts tiers first reached since 2026-07-01).
    const { kernel } = compileScreen(
      measures.map((m) => screenTarget(m, DATE)),
      registry,
      { date: DATE, facts: engine.facts },
    );
    const bits = allocateBitsets(measures.length, registry.size);
    kernel(0, registry.size, bits);
    const expected = new Set<string>();
    bits.forEach((b, m) => {
      for (let r = 0; r < registry.size; r++)
        if ((b[r >>> 5]! >>> (r & 31)) & 1) expected.add(`${rowUuid(r)} ${measures[m]!.id}`);
    });
    const got = new Set((await rows(bulkId)).map((r) => `${r.organisation_id} ${r.measure_id}`));
    expect(got).toEqual(expected);
  });

  it('every amount equals calculate() for that organisation with the matter the registry files', async () => {
    const rules = loadScreeningRules(engine.catalogue);
    const priced = (await rows(bulkId)).filter((r) => r.basis !== null);
    expect(priced.length).toBeGreaterThan(CENTRES);
    const grants = await q(
      `SELECT organisation_id, measure_id, amount, date, matter_id FROM ledger_entries WHERE kind = 'grant'`,
    );
    const figures = await q(
      'SELECT organisation_id, figure, year, amount, source FROM organisation_base_figures',
    );
    let automatic = 0;
    let withJudgement = 0;
    for (const r of priced) {
      const row = Number.parseInt(String(r.organisation_id).slice(24), 16);
      const measure = engine.catalogue.byId.get(String(r.measure_id))!;
      const plan = planMeasure(measure, rules);
      if (plan.kind !== 'evaluate') throw new Error('a priced row is evaluated');
      const mine = figures
        .filter((f) => f.organisation_id === r.organisation_id)
        .map((f) => ({
          figure: String(f.figure),
          year: Number(f.year),
          amount: Number(f.amount),
          source: String(f.source),
        }));
      const built = plan.rule ? registryMatter(plan.rule, plan.claims, mine, DATE) : null;
      const result = calculate(engine, {
        applicant: toApplicant(registry, row),
        matters: built ? [built.matter] : [],
        asOf: DATE,
        history: grants
          .filter((g) => g.organisation_id === r.organisation_id)
          .map((g) => ({
            measureId: String(g.measure_id),
            amount: Number(g.amount),
            date: String(g.date),
            matterId: String(g.matter_id),
          })),
        simulate: { adopt: {} },
      });
      const ev = result.evaluations.find(
        (e) => e.measureId === measure.id && e.matterId === (built?.matter.id ?? null),
      )!;
      expect(ev, `${r.organisation_id} ${measure.id}`).toBeDefined();
      if (r.mode === 'exhausted') {
        expect(ev.outcome).toBe('exhausted');
        continue;
      }
      expect(
        r.amount_min === null ? null : { min: r.amount_min, max: r.amount_max },
        `${row} ${measure.id}`,
      ).toEqual(ev.amount);
      // What the notice reads first is the engine's headline: a ceiling (最高可获) unless the text fixes the sum.
      const money = moneyOf(engine, r, measure.id);
      if (money.amount) {
        expect(money.exact).toBe(ev.exact);
        expect(money.headline).toEqual(ev.headline);
      }
      const basis = r.basis as { figures: { source: string }[]; missing: string[]; judgement: string[] };
      if (r.mode === 'automatic') {
        automatic++;
        expect(basis.missing).toEqual([]);
        expect(basis.judgement).toEqual([]);
        expect(ev.eligible).toBe(true);
      } else if (basis.judgement.length > 0) withJudgement++;
      // The figure used is the 2025 one, with its source; row 5 filed only 2024's: missing.
      if (plan.rule && row === 5) expect(basis.missing).toEqual(['operatingSpend']);
      if (plan.rule && row !== 4 && row !== 5 && row < CENTRES)
        expect(basis.figures[0]!.source).toBe(`2025 年度审计报告 #${row}`);
    }
    expect(automatic).toBeGreaterThan(0);
    expect(withJudgement).toBeGreaterThan(0);
    // Row 1 received 50万 this year: its ceiling is what is left of 200万.
    const row1 = priced.find((r) => r.organisation_id === rowUuid(1) && r.measure_id === '000·九·运营')!;
    expect(row1.amount_max).toBeLessThanOrEqual(150 * FEN_PER_WAN);
    // "不超过 30%、最高 200 万元" is a ceiling the officer decides within, even for 免申即享: [0, ceiling].
    const spend = priced.find((r) => r.mode === 'automatic' && r.measure_id === '000·九·运营')!;
    expect(spend.amount_min).toBe(0);
    expect(spend.amount_max).toBeGreaterThan(0);
    const shown = moneyOf(engine, spend, '000·九·运营');
    expect(shown.exact).toBe(false);
    expect(shown.headline?.zh).toMatch(/^最高可获/);
  });

  it('the summary adds up the stored rows by measure and by fund, against the budget', async () => {
    const summary = await service.summary(officer, bulkId);
    const b = (await rows(bulkId)).filter((r) => r.mode !== 'exhausted');
    for (const m of summary.measures) {
      const mine = b.filter((r) => r.measure_id === m.measureId);
      expect(m.organisations).toBe(mine.length);
      expect(m.amountMax).toBe(mine.reduce((a, r) => a + (r.amount_max ?? 0), 0));
      expect(m.automaticMax).toBe(
        mine.filter((r) => r.mode === 'automatic').reduce((a, r) => a + (r.amount_max ?? 0), 0),
      );
      expect(m.capTotal).toBe(
        mine.filter((r) => r.amount_max === null).reduce((a, r) => a + (r.cap ?? 0), 0),
      );
    }
    const f000 = summary.funds.find((f) => f.fund === '000')!;
    expect(f000).toMatchObject({
      year: 2026,
      budget: 1000 * FEN_PER_WAN,
      committed: 250 * FEN_PER_WAN,
      available: 750 * FEN_PER_WAN,
    });
    expect(f000.automaticMax).toBe(
      summary.measures.filter((m) => m.fund === '000').reduce((a, m) => a + m.automaticMax, 0),
    );
    expect(f000.automaticOverBudget).toBe(f000.automaticMax > 750 * FEN_PER_WAN);
  });

  it('drops a run’s results in one statement; the run stays listed as purged (admin only)', async () => {
    await expect(service.purge(officer, sqlId)).rejects.toThrow();
    const purged = await service.purge(admin, sqlId);
    expect(purged.status).toBe('purged');
    expect(await rows(sqlId)).toEqual([]);
    expect((await rows(bulkId)).length).toBeGreaterThan(0);
    const tables = await q(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE $1`, [
      `screening_results_${sqlId.replaceAll('-', '')}%`,
    ]);
    expect(Number(tables[0]!.n)).toBe(0);
  });

  it('with only 000 in force, a bulk run reads just the organisations its conditions let through, and still equals the SQL method', async () => {
    const onDisk = createEngine(testCatalogue());
    const only000 = createScreeningService({
      db: ctx.db,
      engine: onDisk,
      clock: { now: () => new Date('2026-09-01T04:00:00Z') },
      ids: uuidIds,
      audit: testAudit(ctx.db, { now: () => new Date('2026-09-01T04:00:00Z') }),
    });
    const bulk = await only000.execute(officer, (await only000.start(officer, { date: DATE })).id);
    const sql = await only000.execute(
      officer,
      (await only000.start(officer, { date: DATE, method: 'sql', chunkSize: 1000 })).id,
    );
    expect(bulk.measures.every((m) => m.id.startsWith('000'))).toBe(true);
    expect(bulk.processed).toBe(SIZE);
    expect(await rows(sql.id)).toEqual(await rows(bulk.id));
    const done = await ctx.db
      .selectFrom('audit_log')
      .select('detail')
      .where('subject', '=', `screening_run:${bulk.id}`)
      .where('action', '=', 'screening.complete')
      .executeTakeFirstOrThrow();
    const read = (done.detail as { read: number }).read;
    expect(read).toBeLessThan(SIZE / 2);
    expect(read).toBeGreaterThan(0);
  });
});
