/**
 * Distance to the next qualification, criterion by criterion, read as the rules print them; pool
 * rules for one firm; the cohort forecast's arithmetic; the ladder's movements.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../catalogue/load.ts';
import { loadQualificationPolicy } from '../../catalogue/load-qualifications.ts';
import { FEN_PER_WAN } from '../money.ts';
import { closeness, closenessTo, distanceTo, parameterFromInput, parameterKey } from './criteria.ts';
import { cohortForecast } from './forecast.ts';
import { movement, transitions } from './ladder.ts';
import { metricsOf, type YearFigures } from './metrics.ts';
import { describePoolRule, matchesPoolRule, type PoolFacts } from './pools.ts';
import { rewardMeasures } from './rewards.ts';

const catalogue = loadCatalogue();
const policy = loadQualificationPolicy(catalogue);
const highTech = policy.byCode.get('high_tech')!;
const gazelle = policy.byCode.get('gazelle')!;
const WAN = FEN_PER_WAN;

/** Three years of figures in 万元: [revenue, R&D]. */
function figures(rows: [number, number, number | null][], employees = 80): YearFigures[] {
  return rows.map(([year, revenue, rd]) => ({
    year,
    revenue: revenue * WAN,
    rdExpense: rd === null ? null : rd * WAN,
    employees,
  }));
}

describe('high-tech: R&D ratio against the band of the latest revenue (第十一条（五）)', () => {
  it.each([
    // revenue 2025 (万元), R&D in each of 2023–2025, status, the sentence
    [
      'small firm, 5.0% over three years',
      4000,
      [200, 200, 200],
      'met',
      '近三个会计年度研究开发费用总额占同期销售收入总额的比例 5%，不低于 5%',
    ],
    [
      'small firm, 3.1%',
      4000,
      [124, 124, 124],
      'unmet',
      '近三个会计年度研究开发费用总额占同期销售收入总额的比例 3.1%，需 ≥ 5%',
    ],
    ['exactly 5,000万 is still the first band (含)', 5000, [249, 249, 249], 'unmet', '需 ≥ 5%'],
    ['5,000万 to 2亿: 4% suffices', 15000, [600, 600, 600], 'met', '不低于 4%'],
    ['above 2亿: 3% suffices', 30000, [900, 900, 900], 'met', '不低于 3%'],
  ] as const)('%s', (_what, revenue, rd, status, text) => {
    const m = metricsOf(
      figures([
        [2023, revenue, rd[0]],
        [2024, revenue, rd[1]],
        [2025, revenue, rd[2]],
      ]),
      2025,
    );
    const d = distanceTo(policy, highTech, m, new Map()).find((x) => x.criterion === 'rd_ratio')!;
    expect(d.status).toBe(status);
    expect(d.text.zh).toContain(text);
    expect(d.basis.text).toContain('国科发火〔2016〕32号');
  });

  it('a young firm: the ratio over the years it reported (实际经营期不满三年的按实际经营时间计算)', () => {
    const m = metricsOf(figures([[2025, 1000, 60]]), 2025);
    expect(distanceTo(policy, highTech, m, new Map()).find((x) => x.criterion === 'rd_ratio')!.status).toBe(
      'met',
    );
  });

  it('criteria with no data source are “数据待补充”, judgements are left to a reviewer — never guessed', () => {
    const m = metricsOf(figures([[2025, 1000, 60]]), 2025);
    const byId = new Map(distanceTo(policy, highTech, m, new Map()).map((d) => [d.criterion, d]));
    expect(byId.get('tech_staff_ratio')).toMatchObject({ status: 'no_data', required: 1000 });
    expect(byId.get('tech_staff_ratio')!.text.zh).toBe('科技人员占当年职工总数比例：数据待补充（需 ≥ 10%）');
    expect(byId.get('core_ip')!.status).toBe('judgement');
  });

  it('no figures at all: the band cannot be chosen', () => {
    const d = distanceTo(policy, highTech, {}, new Map()).find((x) => x.criterion === 'rd_ratio')!;
    expect(d.status).toBe('no_data');
  });
});

describe('local thresholds are officer parameters (待区科委设定)', () => {
  const m = metricsOf(
    figures([
      [2024, 8000, 400],
      [2025, 10000, 500],
    ]),
    2025,
  );
  it('until set: pending, with who sets it', () => {
    const d = distanceTo(policy, gazelle, m, new Map()).find((x) => x.criterion === 'revenue_growth')!;
    expect(d.status).toBe('pending');
    expect(d.text.zh).toBe('营业收入增长率 25%；标准待区科委设定');
  });
  it('once set, judged against the officer’s value with its document', () => {
    const params = new Map([
      [
        parameterKey('gazelle', 'revenue_growth'),
        { value: 3000, source: '区科委会议纪要〔2026〕3号', setBy: 'shenpi', setAt: '2026-05-01' },
      ],
    ]);
    const d = distanceTo(policy, gazelle, m, params).find((x) => x.criterion === 'revenue_growth')!;
    expect(d).toMatchObject({ status: 'unmet', actual: 2500, required: 3000, shortBy: 500 });
    expect(d.text.zh).toBe('营业收入增长率 25%，需 ≥ 30%');
    expect(d.basis).toEqual({ kind: 'officer', text: '区科委会议纪要〔2026〕3号' });
    expect(closeness(distanceTo(policy, gazelle, m, params))[0]).toBe(1);
  });
  it.each([
    ['revenueGrowth', '30', 3000],
    ['revenueGrowth', '12.5', 1250],
    ['revenue', '5000', 5000 * WAN],
    ['revenue', '0.5', 500_000],
    ['employees', '300', 300],
    ['employees', '2.5', null],
    ['revenueGrowth', 'abc', null],
  ] as const)('officer input %s = %s → %s', (metric, input, expected) => {
    expect(parameterFromInput(metric, input)).toBe(expected);
  });
});

describe('tech SME ceilings (第六条（二）) read as “不超过”', () => {
  const tsme = policy.byCode.get('tech_sme')!;
  it.each([
    [500, 'met'],
    [501, 'unmet'],
  ] as const)('%i staff: %s', (employees, status) => {
    const m = metricsOf(figures([[2025, 1000, 10]], employees), 2025);
    expect(distanceTo(policy, tsme, m, new Map()).find((x) => x.criterion === 'staff')!.status).toBe(status);
  });
});

describe('pool rule for one firm (the reference the SQL is tested against)', () => {
  const m = metricsOf(
    figures([
      [2023, 3000, 95],
      [2024, 3000, 95],
      [2025, 3000, 95],
    ]),
    2025,
  );
  const facts = (held: Record<string, string | null>): PoolFacts => ({
    kind: 'enterprise',
    city: 'songjiang',
    sectors: ['ai'],
    held: new Map(Object.entries(held)),
    metrics: m,
    distance: distanceTo(policy, highTech, m, new Map()),
  });
  const rule = {
    holdsAny: ['tech_sme'],
    holdsNone: ['high_tech'],
    metrics: [{ metric: 'rdRatio3y' as const, op: 'gte' as const, value: 300 }],
  };
  it.each([
    ['a tech SME with 3.17% R&D, not yet high-tech', { tech_sme: '2026-03-31' }, true],
    ['already high-tech', { tech_sme: '2026-03-31', high_tech: '2027-11-30' }, false],
    ['not a tech SME', {}, false],
  ])('高企培育库: %s → %s', (_what, held, expected) => {
    expect(matchesPoolRule(rule, 'high_tech', facts(held), '2026-01-01')).toBe(expected);
  });
  it('a renewal pool: the target held and expiring within the window', () => {
    const renewal = { expiringWithinDays: 180 };
    expect(matchesPoolRule(renewal, 'high_tech', facts({ high_tech: '2026-05-31' }), '2026-01-01')).toBe(
      true,
    );
    expect(matchesPoolRule(renewal, 'high_tech', facts({ high_tech: '2027-05-31' }), '2026-01-01')).toBe(
      false,
    );
  });
  it('the rule in words', () => {
    const label = (_d: string, code: string) => {
      const q = catalogue.reference.qualifications.find((x) => x.code === code);
      return q ? { zh: q.zh, en: q.en } : { zh: code, en: code };
    };
    expect(describePoolRule(rule, label).zh).toBe(
      '持有科技型中小企业；尚非高新技术企业；近三年研发费用占营业收入比例 ≥ 3%',
    );
  });
});

describe('cohort forecast: valid now + expected new − expiring + expected renewals', () => {
  it('whole years, with cohorts expiring again after their validity', () => {
    const f = cohortForecast(
      {
        date: '2026-12-31',
        validNow: 1000,
        expiringByYear: new Map([
          [2027, 300],
          [2028, 400],
          [2029, 300],
        ]),
        newByYear: new Map([
          [2023, 90],
          [2024, 100],
          [2025, 110],
        ]),
        ranOut: 200,
        renewed: 150,
        validityYears: 3,
        validitySource: 'rule',
      },
      { toYear: 2030 },
    );
    if (!f.available) throw new Error('expected a forecast');
    expect(f.assumptions).toMatchObject({ newPerYear: 100, renewalRate: 0.75, validityYears: 3 });
    // 2026: nothing left of the year. 2027: 1000 + 100 − 300 + 225 = 1025. 2028: + 100 − 400 + 300 = 1025.
    // 2029: + 100 − 300 + 225 = 1050. 2030: expiring = the 2027 cohort (100 new + 225 renewed) → 1050 + 100 − 325 + 243.75.
    expect(f.years.map((y) => y.end)).toEqual([1000, 1025, 1025, 1050, 1069]);
    expect(f.years.at(-1)).toMatchObject({ year: 2030, expiring: 325, renewals: 244 });
  });
  it('no validity in the rule nor in the ledger: no forecast, and why', () => {
    const f = cohortForecast(
      {
        date: '2026-06-30',
        validNow: 5,
        expiringByYear: new Map(),
        newByYear: new Map(),
        ranOut: 0,
        renewed: 0,
        validityYears: null,
        validitySource: null,
      },
      { toYear: 2030 },
    );
    expect(f.available).toBe(false);
  });
});

describe('ladder movements and rewards found in the catalogue', () => {
  it.each([
    [-1, 1, 'entered'],
    [0, 1, 'up'],
    [1, 1, 'same'],
    [2, 0, 'down'],
    [3, -1, 'left'],
  ] as const)('%i → %i: %s', (from, to, m) => expect(movement(from, to)).toBe(m));

  it('a Sankey leaves out firms off the ladder on both dates', () => {
    const growth = policy.ladders.find((l) => l.id === 'growth')!;
    const t = transitions(growth, '2025-12-31', '2026-12-31', [
      { from: -1, to: -1, count: 900 },
      { from: -1, to: 0, count: 20 },
      { from: 0, to: 1, count: 5 },
      { from: 1, to: -1, count: 2 },
    ]);
    expect(t.totals).toEqual({ entered: 20, up: 5, same: 0, down: 0, left: 2 });
    expect(t.links).toHaveLength(3);
    expect(t.nodes.map((n) => `${n.date.slice(0, 4)} ${n.label.zh}`)).toEqual([
      '2025 不在梯度内',
      '2025 潜力瞪羚企业',
      '2025 瞪羚企业',
      '2026 不在梯度内',
      '2026 潜力瞪羚企业',
      '2026 瞪羚企业',
    ]);
  });

  it('001·十 pays reaching 独角兽 and 瞪羚 for the first time', () => {
    expect(rewardMeasures(catalogue).map((r) => [r.measureId, r.kind])).toEqual([
      ['001·十·独角兽', 'unicorn'],
      ['001·十·瞪羚', 'gazelle'],
    ]);
  });
});

describe('ranking without building the distance (closenessTo)', () => {
  it('equals closeness(distanceTo(…)) for every kind, on random figures and officer parameters', () => {
    const amount = fc.option(fc.integer({ min: 0, max: 5_000_000 * WAN }), { nil: null, freq: 6 });
    const year = fc.record({
      revenue: amount,
      rdExpense: amount,
      employees: fc.option(fc.nat(2000), { nil: null }),
    });
    const paramCases = policy.kinds.flatMap((k) =>
      k.criteria.filter((c) => c.rule.kind === 'parameter').map((c) => parameterKey(k.code, c.id)),
    );
    fc.assert(
      fc.property(
        fc.array(year, { minLength: 3, maxLength: 3 }),
        fc.subarray(paramCases),
        fc.integer({ min: 0, max: 3_000_000 * WAN }),
        (years, set, value) => {
          const m = metricsOf(
            years.map((y, i) => ({ year: 2025 - i, ...y })),
            2025,
          );
          const params = new Map(
            set.map((k) => [k, { value, source: '测试', setBy: 't', setAt: '2026-01-01' }]),
          );
          for (const kind of policy.kinds)
            expect(closenessTo(kind, m, params)).toEqual(closeness(distanceTo(policy, kind, m, params)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
