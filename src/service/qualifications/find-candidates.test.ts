/**
 * A pool's page as the officer gets it (findCandidates: ranked in the database, ties ordered by name in
 * Chinese collation, distances for the page only) is exactly the reference ranking — every candidate
 * brought into memory, its closeness computed by the core, sorted, filtered and sliced (candidatesOf) —
 * on random registries with repeated names, figures written by insert, update and delete (the figure
 * windows' triggers), officer thresholds set or not, maxUnmet, the unmet filter and any page, on both
 * databases.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/databases.ts';
import type { IsoDate } from '../../core/dates.ts';
import { type OfficerParameter, parameterKey } from '../../core/qualifications/criteria.ts';
import type { PoolRule } from '../../core/qualifications/pools.ts';
import { insertPool } from '../../storage/repositories/qualifications/pools.ts';
import { randomIds } from '../applications/ports.ts';
import { insertOrganisation, TestClock, testEngine } from '../applications/testing.ts';
import type { SessionUser } from '../auth/types.ts';
import { qualificationContext } from './context.ts';
import { candidatesOf, findCandidates, firstOf } from './find-candidates.ts';

const DAY: IsoDate = '2026-06-30';
const YEAR = 2025;
const ORGS = 14;
/** Few names, some the same, Chinese and Latin: ties in closeness are common and fall to the name. */
const NAMES = ['松江精密', '嘉兴智造', '阿尔法', '中芯', '啊', 'Zeta', 'alpha', '松江精密', '泽塔'];

const officer: SessionUser = {
  id: '00000000-0000-4000-8000-000000000001',
  username: 'rev',
  displayName: 'rev',
  role: 'reviewer',
  organisationId: null,
};

// Coarse figures, so that many candidates share a key.
const amount = fc.option(fc.constantFrom(0, 100, 300, 1_000, 5_000, 20_000), { nil: null, freq: 6 });
const figure = fc.record({
  org: fc.integer({ min: 0, max: ORGS - 1 }),
  year: fc.integer({ min: YEAR - 2, max: YEAR }),
  revenue: amount,
  rd: fc.option(fc.constantFrom(0, 5, 15, 50, 200), { nil: null, freq: 6 }),
  employees: fc.option(fc.constantFrom(10, 100, 300), { nil: null }),
});
const TARGETS = ['high_tech', 'gazelle', 'specialised_sme', 'little_giant'] as const;
const rule: fc.Arbitrary<PoolRule> = fc.record(
  {
    holdsAny: fc.constant(['tech_sme']),
    metrics: fc.constant([{ metric: 'revenue' as const, op: 'gte' as const, value: 100 }]),
    maxUnmet: fc.integer({ min: 0, max: 2 }),
  },
  { requiredKeys: [] },
);

describeEachDatabase('a pool page ranked in the database against the reference ranking', (ctx) => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < ORGS; i++)
      ids.push(await insertOrganisation(ctx.db, { name: `候选${i}`, kind: 'enterprise' }));
  });

  it('has the same candidates, order, counts and distances on every page', async () => {
    let tiesByName = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...NAMES), { minLength: ORGS, maxLength: ORGS }),
        fc.array(fc.boolean(), { minLength: ORGS, maxLength: ORGS }),
        fc.array(figure, { maxLength: 30 }),
        fc.array(figure, { maxLength: 6 }),
        fc.constantFrom(...TARGETS),
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(0, 100, 1_000, 2_000, 10_000)), {
          minLength: 4,
          maxLength: 4,
        }),
        rule,
        fc.record({
          offset: fc.integer({ min: 0, max: 12 }),
          limit: fc.integer({ min: 1, max: 6 }),
          unmet: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        }),
        async (names, listed, figs, changes, target, paramChoice, r, page) => {
          for (const [i, name] of names.entries())
            await ctx.db.updateTable('organisations').set({ name }).where('id', '=', ids[i]!).execute();
          await ctx.db
            .deleteFrom('organisation_qualifications')
            .where('organisation_id', 'in', ids)
            .execute();
          const holders = ids.filter((_, i) => listed[i]);
          if (holders.length)
            await ctx.db
              .insertInto('organisation_qualifications')
              .values(
                holders.map((id) => ({
                  organisation_id: id,
                  code: 'tech_sme',
                  valid_from: '2026-01-01',
                  valid_to: '2026-12-31',
                })),
              )
              .execute();
          // Figures by insert, then some changed by update and some removed (the windows follow each).
          await ctx.db.deleteFrom('organisation_figures').where('organisation_id', 'in', ids).execute();
          const byKey = new Map(figs.map((f) => [`${f.org}|${f.year}`, f]));
          if (byKey.size)
            await ctx.db
              .insertInto('organisation_figures')
              .values(
                [...byKey.values()].map((f) => ({
                  organisation_id: ids[f.org]!,
                  year: f.year,
                  revenue: f.revenue === null ? null : f.revenue * 10_000,
                  rd_expense: f.rd === null ? null : f.rd * 10_000,
                  employees: f.employees,
                })),
              )
              .execute();
          for (const c of changes) {
            const q = ctx.db
              .updateTable('organisation_figures')
              .set({
                revenue: c.revenue === null ? null : c.revenue * 10_000,
                rd_expense: c.rd === null ? null : c.rd * 10_000,
              })
              .where('organisation_id', '=', ids[c.org]!)
              .where('year', '=', c.year);
            if (c.employees === null)
              await ctx.db
                .deleteFrom('organisation_figures')
                .where('organisation_id', '=', ids[c.org]!)
                .where('year', '=', c.year)
                .execute();
            else await q.execute();
          }
          const base = qualificationContext({
            db: ctx.db,
            engine: testEngine(),
            clock: new TestClock(new Date(`${DAY}T04:00:00Z`)),
            ids: randomIds,
            audit: { append: () => Promise.reject(new Error('read only')) },
            messages: { send: () => Promise.reject(new Error('read only')) },
          });
          const targetKind = base.policy.byCode.get(target)!;
          const params = new Map<string, OfficerParameter>();
          targetKind.criteria
            .filter((c) => c.rule.kind === 'parameter')
            .forEach((c, i) => {
              const [set, value] = paramChoice[i % paramChoice.length]!;
              if (set)
                params.set(parameterKey(target, c.id), {
                  value,
                  source: '测试',
                  setBy: 't',
                  setAt: '2026-01-01',
                });
            });
          const qctx = { ...base, parameters: async () => params };
          const poolId = crypto.randomUUID();
          const pool = {
            id: poolId,
            name: `库${poolId}`,
            description: '',
            target_kind: target,
            target_grade: null,
            rule: r,
            active: true,
            created_by: 'rev',
            created_at: new Date(),
            updated_at: new Date(),
          };
          await insertPool(ctx.db, pool);

          const ref = await candidatesOf(qctx, ctx.db, { ...pool, version: 1 }, DAY);
          const filtered =
            page.unmet === undefined ? ref.items : ref.items.filter((i) => i.unmet === page.unmet);
          const shown = await ref.details(filtered.slice(page.offset, page.offset + page.limit));
          const byUnmet: Record<string, number> = {};
          for (const i of ref.items) byUnmet[i.unmet] = (byUnmet[i.unmet] ?? 0) + 1;
          for (let i = 1; i < ref.items.length; i++)
            if (ref.items[i]!.key.join() === ref.items[i - 1]!.key.join()) tiesByName += 1;

          const got = await findCandidates(qctx, officer, poolId, { date: DAY, ...page });
          expect(got.items.map(({ member: _, ...rest }) => rest)).toEqual(shown);
          expect({ total: got.total, candidates: got.candidates, byUnmet: got.byUnmet }).toEqual({
            total: filtered.length,
            candidates: ref.items.length,
            byUnmet,
          });
          await ctx.db.deleteFrom('qualification_pools').where('id', '=', poolId).execute();
        },
      ),
      { numRuns: 50 },
    );
    // Not a test of pools without ties: the name decides the order often.
    expect(tiesByName).toBeGreaterThan(15);
  }, 600_000);
});

describe('the first m of many (a page out of tens of thousands of ties)', () => {
  it('is the sorted list cut at m, ties in their arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 5 }), at: fc.nat() }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 320 }),
        (items, m) => {
          const order = (a: { k: number }, b: { k: number }) => a.k - b.k;
          expect(firstOf(items, m, order)).toEqual([...items].sort(order).slice(0, m));
        },
      ),
      { numRuns: 500 },
    );
  });
});
