/**
 * One applicant against the whole catalogue with the core engine (the in-process calculator): µs per
 * calculation over many iterations, for a bare profile and for a profile with three matters and the
 * draft 001 simulated (every measure of every document evaluated, with explanations).
 */
import type { Catalogue } from '../src/core/catalogue/types.ts';
import { calculate, calculateRaw, createEngine, parseCalcInput } from '../src/core/engine/calculate.ts';

export interface CalcBench {
  label: string;
  measures: number;
  evaluations: number;
  usPerCalc: number;
  iterations: number;
}

const PROFILE = {
  name: '嘉兴中心内示例企业',
  kind: 'enterprise',
  city: 'songjiang',
  centreOriginCity: 'jiaxing',
  sectors: ['next_gen_it', 'satellite_internet'],
  qualifications: [
    { code: 'high_tech', from: '2025-01-01', to: '2027-12-31' },
    { code: 'gazelle', from: '2026-01-01', to: null },
  ],
  licences: [],
};

const MATTERS = [
  {
    type: 'challenge',
    date: '2026-09-01',
    challengeLists: ['songjiang_demand'],
    figures: { bidAmount: 5_000_000_000 },
  },
  {
    type: 'consortium',
    date: '2026-10-01',
    partners: [
      { kind: 'university', city: 'hangzhou' },
      { kind: 'enterprise', city: 'suzhou' },
    ],
    figures: { rdInput: 12_000_000_000 },
  },
  {
    type: 'iur_project',
    date: '2026-07-15',
    partners: [{ kind: 'university', city: 'songjiang' }],
    figures: { projectInput: 800_000_000 },
  },
];

function time(fn: () => unknown, budgetMs: number): { us: number; iterations: number } {
  // Warm up by time, so the JIT has settled whatever one calc costs.
  const w0 = performance.now();
  while (performance.now() - w0 < Math.min(500, budgetMs / 2)) for (let i = 0; i < 20; i++) fn();
  let iterations = 0;
  const t0 = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < 100; i++) fn();
    iterations += 100;
    elapsed = performance.now() - t0;
  }
  return { us: (elapsed * 1000) / iterations, iterations };
}

export function benchCalc(catalogue: Catalogue, budgetMs = 1500): CalcBench[] {
  const engine = createEngine(catalogue);
  const today = '2026-09-01';
  const cases = [
    { label: 'profile only, measures in force', raw: { applicant: PROFILE, asOf: today } },
    {
      label: '3 matters, draft 001 simulated',
      raw: {
        applicant: PROFILE,
        asOf: today,
        matters: MATTERS,
        simulate: { adopt: { '001': '2026-07-01' } },
      },
    },
  ];
  const out: CalcBench[] = [];
  for (const c of cases) {
    const input = parseCalcInput(engine, c.raw, today);
    const result = calculate(engine, input);
    const parsed = time(() => calculate(engine, input), budgetMs);
    out.push({
      label: `calculate(): ${c.label}`,
      measures: catalogue.measures.length,
      evaluations: result.evaluations.length,
      usPerCalc: parsed.us,
      iterations: parsed.iterations,
    });
    const raw = time(() => calculateRaw(engine, c.raw, today), budgetMs);
    out.push({
      label: `calculateRaw() incl. validation: ${c.label}`,
      measures: catalogue.measures.length,
      evaluations: result.evaluations.length,
      usPerCalc: raw.us,
      iterations: raw.iterations,
    });
  }
  return out;
}
