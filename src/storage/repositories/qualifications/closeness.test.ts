/**
 * The pool's ranking in SQL (closenessSql inside rankedCandidates) gives every candidate exactly the
 * key the core's closenessTo gives it — the number of unmet criteria and the sum of relative
 * shortfalls, equal as doubles, not merely close — on random figures and on random criteria of every
 * shape (fixed thresholds, bands chosen by another metric, officer parameters set or not, metrics
 * without a data source, judgement), on both databases.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../../test/support/databases.ts';
import { loadCatalogue } from '../../../catalogue/load.ts';
import { loadQualificationPolicy } from '../../../catalogue/load-qualifications.ts';
import type { IsoDate } from '../../../core/dates.ts';
import {
  closenessTerms,
  closenessTo,
  type OfficerParameter,
  parameterKey,
} from '../../../core/qualifications/criteria.ts';
import { METRIC_CODES, METRICS, type MetricCode, metricsOf } from '../../../core/qualifications/metrics.ts';
import type { Criterion, Kind, Op } from '../../../core/qualifications/types.ts';
import { insertOrganisation } from '../../../service/applications/testing.ts';
import { rankedCandidates } from './pools.ts';

const DAY: IsoDate = '2026-06-30';
const YEAR = 2025;
const ORGS = 10;
const policy = loadQualificationPolicy(loadCatalogue());
const base = policy.byCode.get('high_tech')!;

/** A threshold in the metric's unit, around where the figures below fall (growth may be negative). */
const valueFor = (metric: MetricCode) =>
  METRICS[metric].unit === 'bp'
    ? fc.integer({ min: metric === 'revenueGrowth' ? -20_000 : 0, max: 20_000 })
    : METRICS[metric].unit === 'count'
      ? fc.integer({ min: 0, max: 600 })
      : fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60_000_000 }));

const op = fc.constantFrom<Op>('gte', 'gt', 'lte', 'lt');
/** Mostly the metrics the registry measures (the others are never unmet), every one now and then. */
const metric = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...METRIC_CODES.filter((m) => METRICS[m].available)) },
  { weight: 1, arbitrary: fc.constantFrom(...METRIC_CODES) },
);

const criterion: fc.Arbitrary<Criterion> = fc
  .tuple(
    fc.constantFrom('threshold', 'banded', 'parameter', 'judgement'),
    metric,
    op,
    metric,
    fc.integer({ min: 0, max: 1_000_000 }),
  )
  .chain(([kind, m, o, by, seed]) => {
    const id = `c${seed}`;
    const label = { zh: id, en: id };
    const citation = { source: 'gkfh-2016-32', quote: '' };
    if (kind === 'threshold')
      return valueFor(m).map(
        (value): Criterion => ({
          id,
          label,
          rule: { kind, metric: m, op: o, threshold: { value, printed: '' }, citation },
        }),
      );
    if (kind === 'banded')
      // Increasing upper bounds in the band metric's unit, the last band open (as the policy's are).
      return fc
        .tuple(
          fc.uniqueArray(valueFor(by), { maxLength: 3 }),
          fc.array(valueFor(m), { minLength: 4, maxLength: 4 }),
        )
        .map(([ups, values]): Criterion => {
          const sorted = [...ups].sort((a, b) => a - b);
          const bands = [...sorted, null].map((upTo, i) => ({
            upTo,
            boundPrinted: null,
            value: values[i]!,
            printed: '',
            quote: '',
          }));
          return { id, label, rule: { kind, metric: m, op: o, by, bands, citation } };
        });
    if (kind === 'parameter')
      return fc.constant<Criterion>({
        id,
        label,
        rule: { kind, metric: m, op: o, parameter: { setBy: label } },
      });
    return fc.constant<Criterion>({ id, label, rule: { kind: 'judgement', citation: null, local: null } });
  });

const amount = fc.option(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000_000 })), {
  nil: null,
  freq: 5,
});
const year = fc.record({
  revenue: amount,
  rd: amount,
  employees: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});

describeEachDatabase('closeness in SQL against the core', (ctx) => {
  const ids: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < ORGS; i++)
      ids.push(await insertOrganisation(ctx.db, { name: `近度${i}`, kind: 'enterprise' }));
  });

  it('every candidate has the key closenessTo gives it', async () => {
    let unmet = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.option(year, { nil: null, freq: 6 }), { minLength: 3, maxLength: 3 }), {
          minLength: ORGS,
          maxLength: ORGS,
        }),
        fc.array(criterion, { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: -20_000, max: 60_000_000 }), { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        async (figures, criteria, paramValues, paramSet) => {
          const kind: Kind = {
            ...base,
            code: 'test_kind',
            criteria: criteria.map((c, i) => ({ ...c, id: `c${i}` })),
          };
          const params = new Map<string, OfficerParameter>();
          kind.criteria.forEach((c, i) => {
            if (c.rule.kind === 'parameter' && paramSet[i])
              params.set(parameterKey(kind.code, c.id), {
                value: paramValues[i]!,
                source: '测试',
                setBy: 't',
                setAt: '2026-01-01',
              });
          });
          await ctx.db.deleteFrom('organisation_figures').where('organisation_id', 'in', ids).execute();
          const rows = figures.flatMap((years, i) =>
            years.flatMap((f, k) =>
              f
                ? [
                    {
                      organisation_id: ids[i]!,
                      year: YEAR - k,
                      revenue: f.revenue,
                      rd_expense: f.rd,
                      employees: f.employees,
                    },
                  ]
                : [],
            ),
          );
          if (rows.length) await ctx.db.insertInto('organisation_figures').values(rows).execute();
          const got = await rankedCandidates(ctx.db, {
            rule: {},
            target: 'high_tech',
            day: DAY,
            year: YEAR,
            terms: closenessTerms(kind, params),
            offset: 0,
            limit: 1000,
          });
          const byId = new Map(got.rows.map((r) => [r.id, [r.unmet, r.relative]]));
          const expected = new Map(
            figures.map((years, i) => {
              const m = metricsOf(
                years.flatMap((f, k) =>
                  f ? [{ year: YEAR - k, revenue: f.revenue, rdExpense: f.rd, employees: f.employees }] : [],
                ),
                YEAR,
              );
              return [ids[i]!, closenessTo(kind, m, params)];
            }),
          );
          for (const [, key] of expected) if (key[0] > 0) unmet += 1;
          expect(new Map(ids.map((id) => [id, byId.get(id)]))).toEqual(expected);
          expect(got.candidates).toBe(got.rows.length);
        },
      ),
      { numRuns: 120 },
    );
    // Not a test of keys that are all zero: plenty of candidates miss some criterion.
    expect(unmet).toBeGreaterThan(120);
  }, 600_000);
});
