/**
 * The compiled JavaScript must agree with the reference evaluator (`holds`): random applicants ×
 * random condition trees × random dates, then the real catalogue over a synthetic registry. The SQL
 * path is held to the same answers in differential-sql.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../core/catalogue/types.ts';
import { factRegistry } from '../core/facts.ts';
import { arbitraries } from './arbitraries.ts';
import { dictionariesOf, fromApplicants, toApplicant } from './columnar.ts';
import { compilePredicate, compileScreen } from './compile-js.ts';
import { generateRegistry } from './generate.ts';
import { screenTarget } from './screen.ts';
import { referenceHolds as referenceHoldsOver, testCatalogue } from './testing.ts';

const catalogue = testCatalogue();
const ref = catalogue.reference;
const facts = factRegistry(ref);
const dict = dictionariesOf(ref);

const { day, applicantArb, leafArb, conditionArb, windowFromArb } = arbitraries(dict);

const referenceHolds = referenceHoldsOver(facts);

/** Draft 001 simulated, so its measures (001·十's "first reached") are screened with a window. */
const ADOPT = { '001': '2026-07-01' };

// ---------------------------------------------------------------------------------------------

describe('compiled JavaScript agrees with the reference evaluator', () => {
  it('on random applicants, condition trees and dates', () => {
    fc.assert(
      fc.property(
        fc.array(applicantArb, { minLength: 1, maxLength: 40 }),
        fc.array(conditionArb, { minLength: 0, maxLength: 3 }),
        day,
        windowFromArb,
        (applicants, conditions, date, windowFrom) => {
          const reg = fromApplicants(dict, applicants);
          const predicate = compilePredicate(conditions, reg, { date, facts, windowFrom });
          const { kernel } = compileScreen([{ id: 'x', conditions, windowFrom }], reg, { date, facts });
          const out = [new Uint32Array(Math.ceil(reg.size / 32))];
          kernel(0, reg.size, out);
          applicants.forEach((a, r) => {
            const expected = referenceHolds(conditions, a, date, windowFrom);
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
        windowFromArb,
        (applicants, leaf, negate, date, windowFrom) => {
          const conditions: Condition[] = [negate ? { not: leaf } : leaf];
          const reg = fromApplicants(dict, applicants);
          const predicate = compilePredicate(conditions, reg, { date, facts, windowFrom });
          applicants.forEach((a, r) => {
            expect(predicate(r)).toBe(referenceHolds(conditions, a, date, windowFrom));
          });
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on the catalogue over a synthetic registry, one kernel for every measure', () => {
    const reg = generateRegistry(ref, { count: 20_000, seed: 2026 });
    for (const date of ['2026-06-01', '2027-03-15']) {
      const targets = catalogue.measures.map((m) => screenTarget(m, date, ADOPT));
      const { kernel } = compileScreen(targets, reg, { date, facts });
      const out = targets.map(() => new Uint32Array(Math.ceil(reg.size / 32)));
      kernel(0, reg.size, out);
      const predicates = targets.map((t) =>
        compilePredicate(t.conditions, reg, { date, facts, windowFrom: t.windowFrom ?? null }),
      );
      let eligible = 0;
      for (let r = 0; r < reg.size; r++) {
        const a = toApplicant(reg, r);
        targets.forEach((t, m) => {
          const expected = referenceHolds(t.conditions, a, date, t.windowFrom ?? null);
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
