/**
 * Invariants of the calculator over random applicants, matters, dates and histories: amount ≤ ceiling
 * ≤ cap, never above rate × base less what the same project already received, never negative, a
 * ceiling headline for every range, monotone in the base, one grant per overlap group and matter (and
 * per auto-resolved link), and a draft is never granted unless simulated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/catalogue/load.ts';
import { calculate, createEngine, parseCalcInput } from '../src/core/engine/calculate.ts';
import { pairRule } from '../src/core/engine/overlap.ts';
import { applyRate } from '../src/core/money.ts';

const catalogue = loadCatalogue();
const engine = createEngine(catalogue);
const ref = catalogue.reference;
const codes = (list: { code: string }[]) => list.map((x) => x.code);

const date = fc
  .date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const fen = fc.oneof(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1e13 }));

const applicant = fc.record({
  kind: fc.constantFrom(...codes(ref.orgKinds)),
  city: fc.constantFrom(...codes(ref.cities)),
  centreOriginCity: fc.option(fc.constantFrom(...codes(ref.cities)), { nil: null }),
  sectors: fc.uniqueArray(fc.constantFrom(...codes(ref.sectors)), { maxLength: 3 }),
  qualifications: fc.array(
    fc.record({
      code: fc.constantFrom(...codes(ref.qualifications)),
      from: fc.constant('2024-01-01'),
      to: fc.constant(null),
    }),
    { maxLength: 3 },
  ),
  licences: fc.uniqueArray(fc.constantFrom(...codes(ref.licences)), { maxLength: 1 }),
});

const matter = fc.record({
  type: fc.constantFrom(...codes(ref.matterTypes)),
  date,
  sector: fc.constantFrom(...codes(ref.sectors)),
  cities: fc.uniqueArray(fc.constantFrom(...codes(ref.cities)), { maxLength: 2 }),
  partners: fc.array(
    fc.record({ kind: fc.constantFrom(...codes(ref.orgKinds)), city: fc.constantFrom(...codes(ref.cities)) }),
    {
      maxLength: 2,
    },
  ),
  challengeLists: fc.subarray(codes(ref.challengeLists)),
  inInnovationProductCatalogue: fc.boolean(),
  claims: fc.uniqueArray(fc.constantFrom(...codes(ref.claims)), { maxLength: ref.claims.length }),
  leaseYears: fc.integer({ min: 1, max: 70 }),
  figures: fc.record(Object.fromEntries(ref.figures.map((f) => [f.code, fen]))),
});

const moneyMeasures = catalogue.measures.filter((m) => 'period' in m.benefit).map((m) => m.id);
const history = fc.array(
  fc.record(
    {
      measureId: fc.constantFrom(...moneyMeasures),
      amount: fc.integer({ min: 0, max: 5e9 }),
      date,
      matterId: fc.constantFrom('m0', 'm1', 'm2'),
    },
    { requiredKeys: ['measureId', 'amount', 'date'] },
  ),
  { maxLength: 4 },
);

const scenario = fc.record({
  applicant,
  matters: fc
    .array(matter, { minLength: 1, maxLength: 3 })
    // The second matter is often the first's project under another kind of matter (the same id).
    .map((ms) => ms.map((m, i) => ({ ...m, id: i === 1 && m.type !== ms[0]!.type ? 'm0' : `m${i}` }))),
  asOf: date,
  history,
  simulate: fc.option(fc.record({ adopt: fc.record({ '001': date }) }), { nil: undefined }),
});

/** The matter an evaluation is for: its id and its measure's matter type. */
function matterOf<M extends { id: string; type: string }>(
  s: { matters: M[] },
  e: { measureId: string; matterId: string | null },
) {
  const type = catalogue.byId.get(e.measureId)!.matterType;
  return s.matters.find((x) => x.id === e.matterId && x.type === type);
}

function run(raw: unknown) {
  return calculate(engine, parseCalcInput(engine, raw, '2026-11-21'));
}

describe('calculator invariants', () => {
  it('never negative, never above the cap, never above rate × base', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        for (const e of result.evaluations) {
          if (!e.amount) continue;
          const b = catalogue.byId.get(e.measureId)!.benefit;
          expect(e.amount.min).toBeGreaterThanOrEqual(0);
          expect(e.amount.min).toBeLessThanOrEqual(e.amount.max);
          if ('cap' in b) expect(e.amount.max).toBeLessThanOrEqual(b.cap);
          if ('amount' in b) expect(e.amount.max).toBeLessThanOrEqual(b.amount);
          if (b.kind === 'rate_cap') {
            const m = matterOf(s, e)!;
            expect(e.amount.max).toBeLessThanOrEqual(applyRate(m.figures[b.base] ?? 0, b.rate));
          }
          // A range is a ceiling the reviewer decides within; only a fixed sum is exact.
          expect(e.exact).toBe(b.kind === 'fixed');
          if (!e.exact) expect(e.amount.min).toBe(0);
          expect(e.headline?.zh).toMatch(e.exact ? /^可获/ : /^最高可获/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('what a project already received counts against its own ceiling (rate and cap alike)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        for (const e of result.evaluations) {
          const b = catalogue.byId.get(e.measureId)!.benefit;
          if (!e.amount || b.kind !== 'rate_cap' || b.period !== 'per_matter') continue;
          const m = matterOf(s, e)!;
          const peers = engine.overlaps.peers.get(e.measureId)!;
          const used = s.history
            .filter((g) => peers.has(g.measureId) && g.matterId === e.matterId && g.date <= m.date)
            .reduce((a, g) => a + g.amount, 0);
          const ceiling = Math.min(applyRate(m.figures[b.base] ?? 0, b.rate), b.cap);
          expect(e.amount.max).toBe(Math.max(0, ceiling - used));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('resolves auto overlaps to one grant per matter and flags the pairs left to the reviewer', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        for (const a of result.granted) {
          for (const b of result.granted) {
            if (a === b || a.matterId !== b.matterId) continue;
            const rule = pairRule(engine.overlaps, a.measureId, b.measureId);
            expect(rule?.mode).not.toBe('auto');
            if (rule?.mode === 'review') {
              expect(result.overlapChecks.map((c) => c.measureIds.join('+'))).toContainEqual(
                expect.stringMatching(
                  new RegExp(`^(${a.measureId}\\+${b.measureId}|${b.measureId}\\+${a.measureId})$`),
                ),
              );
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('grants at most one measure per overlap group and matter', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const keys = run(s)
          .granted.filter((g) => g.overlapGroup)
          .map((g) => `${g.overlapGroup}/${g.matterId}`);
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 300 },
    );
  });

  it('never grants a draft measure unless its adoption is simulated', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run({ ...s, simulate: undefined });
        const drafts = new Set(
          catalogue.measures.filter((m) => m.document.status === 'draft').map((m) => m.id),
        );
        expect(result.granted.filter((g) => drafts.has(g.measureId))).toEqual([]);
        expect(result.evaluations.filter((e) => drafts.has(e.measureId) && e.eligible)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('is monotone in the base: more input never gives less', () => {
    const rated = catalogue.measures.filter((m) => m.benefit.kind === 'rate_cap' && m.example);
    fc.assert(
      fc.property(fc.constantFrom(...rated), fen, fen, (m, a, b) => {
        const base = (m.benefit as { base: string }).base;
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const amountAt = (value: number) => {
          const x = m.example!;
          const mt = {
            ...(x.matter as object),
            figures: { ...((x.matter?.figures as object) ?? {}), [base]: value },
          };
          const r = run({
            applicant: x.applicant,
            matters: [mt],
            asOf: x.asOf ?? (x.matter?.date as string),
            simulate: { adopt: x.simulate ?? {} },
          });
          return r.evaluations.find((e) => e.measureId === m.id)!.amount?.max ?? 0;
        };
        expect(amountAt(lo)).toBeLessThanOrEqual(amountAt(hi));
      }),
      { numRuns: 200 },
    );
  });
});
