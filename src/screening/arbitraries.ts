/**
 * fast-check arbitraries for the screening differential tests: applicant profiles over the reference
 * data and condition trees over every operator, with values in and out of the domains (unknown codes,
 * numbers, booleans, null, lists) so the compilers meet every corner the reference evaluator has.
 * Imported by tests only.
 */
import fc from 'fast-check';
import type { Condition, Leaf, Operator, Scalar } from '../core/catalogue/types.ts';
import { addDays } from '../core/dates.ts';
import type { Applicant } from '../core/input.ts';
import type { Dictionaries } from './columnar.ts';

export function arbitraries(dict: Dictionaries) {
  const day = fc.integer({ min: 0, max: 4000 }).map((n) => addDays('2018-01-01', n));

  const applicantArb: fc.Arbitrary<Applicant> = fc
    .record({
      kind: fc.constantFrom(...dict.kinds),
      city: fc.constantFrom(...dict.cities),
      centreOriginCity: fc.option(fc.constantFrom(...dict.cities), { nil: undefined }),
      nullOrigin: fc.boolean(),
      sectors: fc.subarray([...dict.sectors]),
      licences: fc.subarray([...dict.licences]),
      qualifications: fc.array(
        fc.record({
          code: fc.constantFrom(...dict.qualifications),
          from: day,
          length: fc.option(fc.integer({ min: 0, max: 1500 }), { nil: null }),
        }),
        { maxLength: 6 },
      ),
    })
    .map((r) => {
      const a: Applicant = {
        kind: r.kind,
        city: r.city,
        sectors: r.sectors,
        licences: r.licences,
        qualifications: r.qualifications.map((q) => ({
          code: q.code,
          from: q.from,
          to: q.length === null ? null : addDays(q.from, q.length),
        })),
      };
      if (r.centreOriginCity) a.centreOriginCity = r.centreOriginCity;
      else if (r.nullOrigin) a.centreOriginCity = null;
      return a;
    });

  const allCodes = [...dict.kinds, ...dict.cities, ...dict.sectors, ...dict.licences, ...dict.qualifications];
  const scalar: fc.Arbitrary<Scalar> = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...allCodes) },
    { weight: 1, arbitrary: fc.constantFrom('unknown-code', '', 'Songjiang') },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 3 }) },
    { weight: 1, arbitrary: fc.boolean() },
  );
  const value: fc.Arbitrary<Leaf['value']> = fc.oneof(
    { weight: 4, arbitrary: scalar },
    { weight: 4, arbitrary: fc.array(scalar, { maxLength: 5 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  const OPS: Operator[] = [
    'eq',
    'ne',
    'in',
    'notIn',
    'gte',
    'gt',
    'lte',
    'lt',
    'has',
    'hasAny',
    'allIn',
    'present',
  ];
  const FACTS = [
    'applicant.kind',
    'applicant.city',
    'applicant.centreOriginCity',
    'applicant.sectors',
    'applicant.licences',
    'applicant.qualifications',
    'applicant.firstReached',
  ];
  const leafArb: fc.Arbitrary<Leaf> = fc.record({
    fact: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...FACTS) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'matter.claims',
          'matter.cityCount',
          'matter.challengeLists',
          'no.such.fact',
        ),
      },
    ),
    op: fc.constantFrom(...OPS),
    value,
    label: fc.constant({ zh: '', en: '' }),
    // Members of a named set that count only from a date (a partner city added to the open list).
    since: fc.option(fc.dictionary(fc.constantFrom(...allCodes), day, { maxKeys: 3 }), { nil: undefined }),
  });

  const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ cond: Condition }>((tie) => ({
    cond: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 5, arbitrary: leafArb },
      { weight: 1, arbitrary: fc.array(tie('cond'), { maxLength: 4 }).map((all) => ({ all })) },
      { weight: 1, arbitrary: fc.array(tie('cond'), { maxLength: 4 }).map((any) => ({ any })) },
      { weight: 1, arbitrary: tie('cond').map((c) => ({ not: c })) },
    ),
  })).cond;

  /** A document window's first day for applicant.firstReached, or none (no lower bound). */
  const windowFromArb = fc.option(day, { nil: null });

  return { day, applicantArb, leafArb, conditionArb, windowFromArb };
}
