/**
 * A pool's rule in SQL (poolCandidates: driven from the spans, figures in one range per organisation)
 * admits exactly the organisations the reference evaluator (core/qualifications/pools.ts) admits, on
 * random registries, ledgers, figures and rules, on both databases; and says the same about whether
 * and until when each holds the target.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { addDays, type IsoDate } from '../../../core/dates.ts';
import { metricsOf } from '../../../core/qualifications/metrics.ts';
import { matchesPoolRule, type PoolRule } from '../../../core/qualifications/pools.ts';
import { insertOrganisation } from '../../../service/applications/testing.ts';
import { poolCandidates, targetOn } from './pools.ts';

const DAY: IsoDate = '2026-06-30';
const YEAR = 2025;
const ORGS = 8;
const CODES = ['tech_sme', 'high_tech'] as const;

const holding = fc.record({
  org: fc.integer({ min: 0, max: ORGS - 1 }),
  code: fc.constantFrom(...CODES),
  from: fc.integer({ min: -400, max: 30 }),
  length: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});
const amount = fc.option(fc.integer({ min: 0, max: 50_000_000 }), { nil: null, freq: 5 });
const figures = fc.record({
  org: fc.integer({ min: 0, max: ORGS - 1 }),
  year: fc.integer({ min: YEAR - 2, max: YEAR }),
  revenue: amount,
  rd: amount,
  employees: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});
const org = fc.record({
  city: fc.constantFrom('songjiang', 'jiaxing'),
  kind: fc.constantFrom('enterprise', 'university'),
  sectors: fc.subarray(['ic', 'biomedicine']),
});
const anyRule: fc.Arbitrary<PoolRule> = fc.record(
  {
    holdsAny: fc.subarray([...CODES], { minLength: 1 }),
    holdsNone: fc.subarray([...CODES], { minLength: 1 }),
    cities: fc.subarray(['songjiang', 'jiaxing'], { minLength: 1 }),
    orgKinds: fc.subarray(['enterprise', 'university'], { minLength: 1 }),
    sectors: fc.subarray(['ic', 'biomedicine'], { minLength: 1 }),
    metrics: fc.array(
      fc.record({
        metric: fc.constantFrom(
          'revenue' as const,
          'rdExpense' as const,
          'rdRatio' as const,
          'rdRatio3y' as const,
          'employees' as const,
          'revenueGrowth' as const,
        ),
        op: fc.constantFrom('gte' as const, 'gt' as const, 'lte' as const, 'lt' as const),
        value: fc.integer({ min: 0, max: 20_000_000 }),
      }),
      { maxLength: 2 },
    ),
    expiringWithinDays: fc.integer({ min: 1, max: 400 }),
  },
  {
    requiredKeys: ['holdsAny', 'holdsNone', 'cities', 'orgKinds', 'sectors', 'metrics', 'expiringWithinDays'],
  },
);

/** At most three of the conditions at once, so that a good share of the rules admit someone. */
const rule: fc.Arbitrary<PoolRule> = fc
  .tuple(
    anyRule,
    fc.subarray(
      ['holdsAny', 'holdsNone', 'cities', 'orgKinds', 'sectors', 'metrics', 'expiringWithinDays'] as const,
      { maxLength: 3 },
    ),
  )
  .map(
    ([r, keys]) =>
      Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, r[k]])) as PoolRule,
  );

describeEachDatabase('a pool rule in SQL against the reference evaluator', (ctx) => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < ORGS; i++)
      ids.push(await insertOrganisation(ctx.db, { name: `库企业${i}`, kind: 'enterprise' }));
  });

  it('admits the same organisations, with the same target held and last day', async () => {
    let admitted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(org, { minLength: ORGS, maxLength: ORGS }),
        fc.array(holding, { maxLength: 14 }),
        fc.array(figures, { maxLength: 20 }),
        rule,
        async (orgs, holdings, figs, r) => {
          await ctx.db
            .deleteFrom('organisation_qualifications')
            .where('organisation_id', 'in', ids)
            .execute();
          await ctx.db.deleteFrom('organisation_figures').where('organisation_id', 'in', ids).execute();
          for (const [i, o] of orgs.entries())
            await ctx.db
              .updateTable('organisations')
              .set({ city: o.city, kind: o.kind, sectors: o.sectors })
              .where('id', '=', ids[i]!)
              .execute();
          const hs = holdings.map((h) => ({
            organisation_id: ids[h.org]!,
            code: h.code,
            valid_from: addDays(DAY, h.from),
            valid_to: h.length === null ? null : addDays(DAY, h.from + h.length),
          }));
          if (hs.length)
            await ctx.db
              .insertInto('organisation_qualifications')
              .values(hs)
              .onConflict((oc) => oc.doNothing())
              .execute();
          const fs = new Map(figs.map((f) => [`${f.org}|${f.year}`, f]));
          if (fs.size)
            await ctx.db
              .insertInto('organisation_figures')
              .values(
                [...fs.values()].map((f) => ({
                  organisation_id: ids[f.org]!,
                  year: f.year,
                  revenue: f.revenue,
                  rd_expense: f.rd,
                  employees: f.employees,
                })),
              )
              .execute();
          const stored = await ctx.db
            .selectFrom('organisation_qualifications')
            .select(['organisation_id', 'code', 'valid_from', 'valid_to'])
            .where('organisation_id', 'in', ids)
            .execute();
          const expected = new Map<string, { held: boolean; last: string | null }>();
          for (const [i, o] of orgs.entries()) {
            const id = ids[i]!;
            const held = new Map<string, IsoDate | null>();
            for (const h of stored) {
              if (h.organisation_id !== id || h.valid_from > DAY || (h.valid_to !== null && h.valid_to < DAY))
                continue;
              const before = held.get(h.code);
              held.set(
                h.code,
                !held.has(h.code)
                  ? h.valid_to
                  : before === null || h.valid_to === null
                    ? null
                    : max(before!, h.valid_to),
              );
            }
            const years = [YEAR, YEAR - 1, YEAR - 2].flatMap((year) => {
              const f = fs.get(`${i}|${year}`);
              return f ? [{ year, revenue: f.revenue, rdExpense: f.rd, employees: f.employees }] : [];
            });
            const facts = {
              kind: o.kind,
              city: o.city,
              sectors: o.sectors,
              held,
              metrics: metricsOf(years, YEAR),
              distance: [],
            };
            if (!matchesPoolRule(r, 'high_tech', facts, DAY)) continue;
            // target_last: the latest last day of the target's holdings valid on the day (open-ended ignored).
            const lasts = stored
              .filter(
                (h) =>
                  h.organisation_id === id &&
                  h.code === 'high_tech' &&
                  h.valid_from <= DAY &&
                  (h.valid_to === null || h.valid_to >= DAY) &&
                  h.valid_to !== null,
              )
              .map((h) => h.valid_to!);
            expected.set(id, { held: held.has('high_tech'), last: lasts.length ? lasts.reduce(max) : null });
          }
          const got = await poolCandidates(ctx.db, { rule: r, target: 'high_tech', day: DAY, year: YEAR });
          if (expected.size > 0) admitted += 1;
          const target = await targetOn(ctx.db, { ids: got.map((g) => g.id), target: 'high_tech', day: DAY });
          expect(new Map(got.map((g) => [g.id, target.get(g.id)]))).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
    // Not a test of empty answers only: a good share of the random rules admit someone.
    expect(admitted).toBeGreaterThan(8);
  }, 600_000);
});

function max(a: string, b: string): string {
  return a > b ? a : b;
}
