/**
 * The three paths of one rule must agree: the reference evaluator (`holds`), the compiled JavaScript
 * over the columnar registry and the compiled SQL over the registry tables (PGlite in memory, with the
 * storage layer's own migrations). Random applicants × random condition trees × random dates, then the
 * real catalogue over a synthetic registry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, Leaf, Operator, Scalar } from '../core/catalogue/types.ts';
import { holds } from '../core/conditions.ts';
import { addDays } from '../core/dates.ts';
import { factRegistry } from '../core/facts.ts';
import type { Applicant } from '../core/input.ts';
import { dictionariesOf, fromApplicants, toApplicant } from './columnar.ts';
import { compilePredicate, compileScreen } from './compile-js.ts';
import { generateRegistry } from './generate.ts';
import { testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const ref = catalogue.reference;
const facts = factRegistry(ref);
const dict = dictionariesOf(ref);

const referenceHolds = (conditions: readonly Condition[], applicant: Applicant, date: string) =>
  conditions.every((c) => holds(c, { applicant, matter: null, date }, facts));

// ---------------------------------------------------------------------------------------------
// Arbitraries

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
const OPS: Operator[] = ['eq', 'ne', 'in', 'notIn', 'gte', 'gt', 'lte', 'lt', 'has', 'hasAny', 'present'];
const FACTS = [
  'applicant.kind',
  'applicant.city',
  'applicant.centreOriginCity',
  'applicant.sectors',
  'applicant.licences',
  'applicant.qualifications',
];
const leafArb: fc.Arbitrary<Leaf> = fc.record({
  fact: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...FACTS) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'matter.claims',
        'matter.cityCount',
        'matter.challengeListed',
        'no.such.fact',
      ),
    },
  ),
  op: fc.constantFrom(...OPS),
  value,
  label: fc.constant({ zh: '', en: '' }),
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

// ---------------------------------------------------------------------------------------------

describe('compiled JavaScript agrees with the reference evaluator', () => {
  it('on random applicants, condition trees and dates', () => {
    fc.assert(
      fc.property(
        fc.array(applicantArb, { minLength: 1, maxLength: 40 }),
        fc.array(conditionArb, { minLength: 0, maxLength: 3 }),
        day,
        (applicants, conditions, date) => {
          const reg = fromApplicants(dict, applicants);
          const predicate = compilePredicate(conditions, reg, { date, facts });
          const { kernel } = compileScreen([{ id: 'x', conditions }], reg, { date, facts });
          const out = [new Uint32Array(Math.ceil(reg.size / 32))];
          kernel(0, reg.size, out);
          applicants.forEach((a, r) => {
            const expected = referenceHolds(conditions, a, date);
            expect(predicate(r)).toBe(expected);
            expect(((out[0]![r >>> 5]! >>> (r & 31)) & 1) === 1).toBe(expected);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on every operator, alone and negated', () => {
    fc.assert(
      fc.property(
        fc.array(applicantArb, { minLength: 1, maxLength: 20 }),
        leafArb,
        fc.boolean(),
        day,
        (applicants, leaf, negate, date) => {
          const conditions: Condition[] = [negate ? { not: leaf } : leaf];
          const reg = fromApplicants(dict, applicants);
          const predicate = compilePredicate(conditions, reg, { date, facts });
          applicants.forEach((a, r) => {
            expect(predicate(r)).toBe(referenceHolds(conditions, a, date));
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on the catalogue over a synthetic registry, one kernel for every measure', () => {
    const reg = generateRegistry(ref, { count: 20_000, seed: 2026 });
    const targets = catalogue.measures.map((m) => ({ id: m.id, conditions: m.applicant }));
    for (const date of ['2026-06-01', '2027-03-15']) {
      const { kernel } = compileScreen(targets, reg, { date, facts });
      const out = targets.map(() => new Uint32Array(Math.ceil(reg.size / 32)));
      kernel(0, reg.size, out);
      const predicates = targets.map((t) => compilePredicate(t.conditions, reg, { date, facts }));
      let eligible = 0;
      for (let r = 0; r < reg.size; r++) {
        const a = toApplicant(reg, r);
        targets.forEach((t, m) => {
          const expected = referenceHolds(t.conditions, a, date);
          const bit = ((out[m]![r >>> 5]! >>> (r & 31)) & 1) === 1;
          if (bit !== expected || predicates[m]!(r) !== expected) {
            throw new Error(`${t.id} row ${r} on ${date}: reference ${expected}, kernel ${bit}`);
          }
          if (expected) eligible++;
        });
      }
      expect(eligible).toBeGreaterThan(0);
    }
  });

  it('kernel ranges compose: screening in 32-aligned chunks equals one pass', () => {
    const reg = generateRegistry(ref, { count: 1000, seed: 8 });
    const targets = catalogue.measures.map((m) => ({ id: m.id, conditions: m.applicant }));
    const { kernel } = compileScreen(targets, reg, { date: '2026-09-01', facts });
    const whole = targets.map(() => new Uint32Array(32));
    const parts = targets.map(() => new Uint32Array(32));
    kernel(0, reg.size, whole);
    for (const [s, e] of [
      [512, 1000],
      [0, 96],
      [96, 512],
    ] as const)
      kernel(s, e, parts);
    expect(parts).toEqual(whole);
  });
});
