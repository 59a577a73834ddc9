/**
 * A bulk re-run and the notices already sent (issue 15: notices written in bulk, not row by row with
 * a conflict check): a pair without a notice gets one; a notice not yet acted on (new, read) follows
 * its pair's latest money when the filed figures changed; a notice confirmed or dismissed keeps what
 * it said; a notice whose money did not change is not written at all. On PGlite and PostgreSQL.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { catalogueWith001InForce } from '../src/catalogue/testing.ts';
import { createEngine } from '../src/core/engine/calculate.ts';
import { FEN_PER_WAN } from '../src/core/money.ts';
import { generateRegistry } from '../src/screening/generate.ts';
import { insertRegistry, rowUuid } from '../src/screening/load-sql.ts';
import { createScreeningService, type ScreeningService } from '../src/screening/runs.ts';
import type { ScreeningDatabase } from '../src/screening/tables.ts';
import type { Actor } from '../src/service/applications/ports.ts';
import { insertUser, testAudit, uuidIds } from '../src/service/applications/testing.ts';
import { describeEachDatabase } from './support/databases.ts';

const DATE = '2026-09-01';
const SIZE = 400;
const CENTRES = 8;

type Row = Record<string, unknown>;

describeEachDatabase('bulk re-runs and the notices already sent', (ctx) => {
  const engine = createEngine(catalogueWith001InForce(undefined, 'bulk-notices'));
  const registry = generateRegistry(engine.catalogue.reference, { count: SIZE, seed: 1515 });
  let service: ScreeningService;
  let officer: Actor;
  const q = async (sql: string, params: unknown[] = []) =>
    (await ctx.db.executeQuery(CompiledQuery.raw(sql, params))).rows as Row[];
  const sdb = () => ctx.db as unknown as Kysely<ScreeningDatabase>;
  const spend = async (row: number, wan: number) => {
    await q('DELETE FROM organisation_base_figures WHERE organisation_id = $1::uuid', [rowUuid(row)]);
    await sdb()
      .insertInto('organisation_base_figures')
      .values({
        organisation_id: rowUuid(row),
        figure: 'operatingSpend',
        year: 2025,
        amount: wan * FEN_PER_WAN,
        source: `2025 年度审计报告 #${row}`,
        recorded_by: 'test',
        recorded_at: new Date('2026-02-01T00:00:00Z'),
      })
      .execute();
  };
  const MONEY = 'mode, amount_min, amount_max, cap, basis';
  const notices = async () =>
    new Map(
      (
        await q(
          `SELECT organisation_id, measure_id, status, run_id, updated_at, ${MONEY} FROM screening_notices`,
        )
      ).map((r) => [`${r.organisation_id} ${r.measure_id}`, r]),
    );
  const results = async (runId: string) =>
    new Map(
      (
        await q(
          `SELECT organisation_id, measure_id, ${MONEY} FROM screening_results WHERE run_id = $1::uuid`,
          [runId],
        )
      ).map((r) => [`${r.organisation_id} ${r.measure_id}`, r]),
    );
  const money = (r: Row | undefined) =>
    r && {
      mode: r.mode,
      amount_min: r.amount_min === null ? null : Number(r.amount_min),
      amount_max: r.amount_max === null ? null : Number(r.amount_max),
      cap: r.cap === null ? null : Number(r.cap),
      basis: r.basis,
    };

  beforeAll(async () => {
    await insertRegistry(
      (sql, params) => ctx.db.executeQuery(CompiledQuery.raw(sql, params)),
      registry,
      engine.catalogue.reference,
    );
    // Rows 0..7: centres and international organisations set up by corridor cities, spend filed.
    const origins = ['jiaxing', 'hangzhou', 'hefei', 'suzhou'];
    await q(
      `UPDATE organisations o SET kind = t.kind, city = 'songjiang', centre_origin_city = t.origin
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, kind, origin) WHERE o.id = t.id`,
      [
        Array.from({ length: CENTRES }, (_, r) => rowUuid(r)),
        Array.from({ length: CENTRES }, (_, r) => (r % 2 === 0 ? 'innovation_centre' : 'intl_st_org')),
        Array.from({ length: CENTRES }, (_, r) => origins[r % origins.length]!),
      ],
    );
    for (let r = 0; r < CENTRES; r++) await spend(r, 150 + 40 * r);
    officer = await insertUser(ctx.db, 'bulk-notices-officer', 'reviewer');
    const clock = { now: () => new Date('2026-09-01T04:00:00Z') };
    service = createScreeningService({
      db: ctx.db,
      engine,
      clock,
      ids: uuidIds,
      audit: testAudit(ctx.db, clock),
    });
  }, 120_000);

  it('creates what is missing, refreshes what is not acted on, leaves the rest untouched', async () => {
    const first = await service.execute(officer, (await service.start(officer, { date: DATE })).id);
    expect(first).toMatchObject({ method: 'bulk', status: 'completed' });
    const before = await notices();
    expect(first.notices).toBe(before.size);
    // Priced pairs of the centres: the money follows the filed spend.
    const priced = [...(await results(first.id)).entries()].filter(([, r]) => r.amount_max !== null);
    const ofRow = (row: number) => priced.filter(([k]) => k.startsWith(rowUuid(row)));
    for (const r of [0, 1, 2, 3]) expect(ofRow(r).length).toBeGreaterThan(0);
    const key = (row: number) => ofRow(row)[0]![0];

    // Row 0: spend changed, notice new → refreshed. Row 1: spend changed, notice read → refreshed.
    // Row 2: spend changed, notice dismissed → kept. Row 3: notice deleted → sent again.
    // Row 4: nothing changed → not written.
    for (const r of [0, 1, 2]) await spend(r, 600 + r);
    const [o1, m1] = key(1).split(' ');
    await q(
      `UPDATE screening_notices SET status = 'read' WHERE organisation_id = $1::uuid AND measure_id = $2`,
      [o1, m1],
    );
    const [o2, m2] = key(2).split(' ');
    await q(
      `UPDATE screening_notices SET status = 'dismissed' WHERE organisation_id = $1::uuid AND measure_id = $2`,
      [o2, m2],
    );
    const [o3, m3] = key(3).split(' ');
    await q('DELETE FROM screening_notices WHERE organisation_id = $1::uuid AND measure_id = $2', [o3, m3]);
    const middle = await notices();

    const second = await service.execute(officer, (await service.start(officer, { date: DATE })).id);
    expect(second).toMatchObject({ method: 'bulk', status: 'completed', notices: 1 });
    const after = await notices();
    const latest = await results(second.id);
    expect(after.size).toBe(before.size);

    // Sent again, by the second run, with its money.
    expect(after.get(key(3))).toMatchObject({ run_id: second.id, status: 'new' });
    expect(money(after.get(key(3)))).toEqual(money(latest.get(key(3))));
    // Refreshed: the latest money, status as it was, still the first run's notice.
    for (const [k, status] of [
      [key(0), 'new'],
      [key(1), 'read'],
    ] as const) {
      expect(money(after.get(k))).toEqual(money(latest.get(k)));
      expect(money(after.get(k))).not.toEqual(money(middle.get(k)));
      expect(after.get(k)).toMatchObject({ status, run_id: first.id });
    }
    // Dismissed: what it said, untouched.
    expect(after.get(key(2))).toEqual(middle.get(key(2)));
    expect(money(after.get(key(2)))).not.toEqual(money(latest.get(key(2))));
    // Everything else: not written at all (same row, same updated_at).

    // (Rows 0–2 may have a second priced measure: their figures changed too, so they are refreshed.)
    const touched = new Set([...[0, 1, 2].flatMap((r) => ofRow(r).map(([k]) => k)), key(3)]);
    for (const [k, n] of middle) if (!touched.has(k)) expect(after.get(k), k).toEqual(n);
    // And every notice not acted on shows its pair's latest money.
    for (const [k, n] of after)
      if (n.status === 'new' || n.status === 'read') expect(money(n), k).toEqual(money(latest.get(k)));
  }, 120_000);
});
