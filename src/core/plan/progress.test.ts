/**
 * Progress maths per kind of target, as case tables a planning officer can read: exactly on the path,
 * behind, ahead, on each Open SDG threshold, band edges, flow years without data, five-year sums,
 * qualitative assessments, forecasts and overdue periods.
 */
import { describe, expect, it } from 'vitest';
import { parsePeriod, periodEnd, periodT } from './periods.ts';
import { assessTarget, type ObservationInput, overduePeriods } from './progress.ts';
import { worsened } from './status.ts';
import type { PlanTarget } from './types.ts';

const PLAN = { planFrom: 2026, targetYear: 2030 };

function target(over: Partial<PlanTarget>): PlanTarget {
  return {
    id: 'x',
    section: 's',
    title: { zh: '指标', en: 'indicator' },
    quote: 'q',
    kind: 'level',
    direction: 'increase',
    unit: { zh: '家', en: 'units', decimals: 2 },
    target: { value: 200, comparison: 'at_least' },
    band: null,
    baseline: { status: 'given', value: 100, period: '2025', quote: 'q' },
    department: '区科委',
    reporting: { frequency: 'year', dueDays: 90 },
    measures: [],
    derived: null,
    ...over,
  };
}

const obs = (pairs: [string, number][]): ObservationInput[] =>
  pairs.map(([period, value]) => ({ period, value }));

describe('periods', () => {
  it.each([
    ['2026', 2026, '2026-12-31'],
    ['2027-Q1', 2026.25, '2027-03-31'],
    ['2027-Q4', 2027, '2027-12-31'],
    ['2027-06', 2026.5, '2027-06-30'],
    ['2028-02', 2027 + 2 / 12, '2028-02-29'],
    ['2027-06-30', 2026.5, '2027-06-30'],
  ])('%s ends at t = %d (%s)', (text, t, end) => {
    const p = parsePeriod(text)!;
    expect(periodT(p)).toBeCloseTo(t, 9);
    expect(periodEnd(p)).toBe(end);
  });

  it.each(['2026-Q5', '2026-13', '26', '2026-1', '2026-02-30', 'Q1-2026'])('refuses %s', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

describe('level: 2025 baseline 100 → 200 in 2030 (the path asks +20 a year)', () => {
  const t = target({});
  it.each([
    // latest period, value, status, R
    ['2026', 120, 'on_track', 1], // exactly on the path
    ['2026', 119, 'on_track', 0.95], // on the 0.95 threshold
    ['2026', 118.9, 'acceleration_needed', 0.945],
    ['2026', 112, 'acceleration_needed', 0.6], // on the 0.6 threshold
    ['2026', 111.9, 'limited_progress', 0.595],
    ['2026', 100, 'limited_progress', 0], // no progress at all
    ['2026', 99, 'deterioration', -0.05], // went backwards
    ['2026', 130, 'on_track', 1.5], // ahead of the path
    ['2027-Q2', 130, 'on_track', 1], // on the path mid-year: 100 + 20 × 1.5
    ['2027-Q2', 120, 'acceleration_needed', 2 / 3],
  ] as const)('%s = %d → %s (R = %d)', (period, value, status, ratio) => {
    const p = assessTarget(t, obs([[period, value]]), { ...PLAN, asOf: '2028-01-01' });
    expect(p.status).toBe(status);
    expect(p.ratio).toBeCloseTo(ratio, 9);
    expect(p.start).toMatchObject({ from: 'baseline', value: 100, t: 2025 });
  });

  it('reaching the target is "target achieved", before 2030 too', () => {
    const p = assessTarget(t, obs([['2028', 200]]), { ...PLAN, asOf: '2029-01-01' });
    expect(p).toMatchObject({ status: 'target_achieved', achieved: true, signal: 'green' });
  });

  it('judges the latest value whose period has ended on the date', () => {
    const series = obs([
      ['2026', 120],
      ['2027', 101],
    ]);
    expect(assessTarget(t, series, { ...PLAN, asOf: '2027-12-30' }).status).toBe('on_track');
    expect(assessTarget(t, series, { ...PLAN, asOf: '2027-12-31' }).status).toBe('limited_progress');
  });

  it('without a value: not available, grey, no severity', () => {
    const p = assessTarget(t, [], { ...PLAN, asOf: '2027-01-01' });
    expect(p).toMatchObject({ status: 'not_available', signal: 'grey', severity: null, latest: null });
    expect(p.path[0]).toEqual({ year: 2025, t: 2025, value: 100 });
    expect(p.path.at(-1)).toEqual({ year: 2030, t: 2030, value: 200 });
  });

  it('draws the required path at each year end', () => {
    const p = assessTarget(t, [], { ...PLAN, asOf: '2027-01-01' });
    expect(p.path.map((x) => x.value)).toEqual([100, 120, 140, 160, 180, 200]);
  });

  it('forecasts 2030 from the trend of baseline and observations', () => {
    const p = assessTarget(
      t,
      obs([
        ['2026', 115],
        ['2027', 130],
      ]),
      { ...PLAN, asOf: '2028-01-01' },
    );
    // 100, 115, 130: +15 a year → 175 in 2030, short of 200.
    expect(p.forecast).toMatchObject({ value: 175, meetsTarget: false, points: 3, method: 'least_squares' });
  });
});

describe('level with its baseline 待补录: the path starts at the first observation', () => {
  const t = target({ baseline: { status: 'missing' }, target: { value: 6.4, comparison: 'at_least' } });
  it.each([
    // observations, status, R
    [[['2025', 2.0]], 'not_available', null], // one point in time cannot show progress
    [
      [
        ['2025', 2.0],
        ['2026', 2.88],
      ],
      'on_track',
      1,
    ], // 2.0 + (6.4 − 2.0)/5
    [
      [
        ['2025', 2.0],
        ['2026', 2.5],
      ],
      'limited_progress',
      0.568182,
    ],
    [
      [
        ['2025', 2.0],
        ['2026', 1.9],
      ],
      'deterioration',
      -0.113636,
    ],
  ] as const)('%j → %s', (series, status, ratio) => {
    const p = assessTarget(t, obs(series as unknown as [string, number][]), { ...PLAN, asOf: '2027-06-30' });
    expect(p.status).toBe(status);
    if (ratio === null) expect(p.ratio).toBeNull();
    else expect(p.ratio).toBeCloseTo(ratio, 5);
    expect(p.start).toMatchObject({ from: 'first_observation', period: '2025' });
  });
});

describe('minimum and falling targets', () => {
  it.each([
    // from 4 in 2025; 超 5 万套: strictly more than
    ['more_than', 4.1, 'limited_progress'], // +0.1 of the +0.2 the path asks in 2026
    ['more_than', 5, 'on_track'], // ahead of the path, but 5 is not more than 5
    ['more_than', 5.01, 'target_achieved'],
    // 至少 5: at least
    ['at_least', 5, 'target_achieved'],
  ] as const)('%s 5 with %d → %s', (comparison, value, status) => {
    const t = target({
      kind: 'minimum',
      target: { value: 5, comparison },
      baseline: { status: 'given', value: 4, period: '2025', quote: 'q' },
    });
    expect(assessTarget(t, obs([['2026', value]]), { ...PLAN, asOf: '2027-01-01' }).status).toBe(status);
  });

  it('a falling target (at most) reads progress downwards', () => {
    const t = target({ direction: 'decrease', target: { value: 50, comparison: 'at_most' } });
    // 100 → 50: the path asks −10 a year.
    expect(assessTarget(t, obs([['2026', 90]]), { ...PLAN, asOf: '2027-01-01' })).toMatchObject({
      status: 'on_track',
      ratio: 1,
    });
    expect(assessTarget(t, obs([['2026', 105]]), { ...PLAN, asOf: '2027-01-01' }).status).toBe(
      'deterioration',
    );
    expect(assessTarget(t, obs([['2026', 50]]), { ...PLAN, asOf: '2027-01-01' }).status).toBe(
      'target_achieved',
    );
  });
});

describe('band: 保持 50% 左右 with a tolerance of 2 points', () => {
  const t = target({
    kind: 'band',
    direction: 'maintain',
    target: { value: 50, comparison: 'about' },
    band: { tolerance: 2 },
    baseline: { status: 'missing' },
  });
  it.each([
    [50, 'in_band', 0],
    [52, 'in_band', 2], // upper edge, included
    [48, 'in_band', -2], // lower edge, included
    [52.1, 'out_of_band', 2.1],
    [47.9, 'out_of_band', -2.1],
    [50.3, 'in_band', 0.3],
  ] as const)('%d → %s (deviation %d)', (value, status, deviation) => {
    const p = assessTarget(t, obs([['2026-Q3', value]]), { ...PLAN, asOf: '2026-12-01' });
    expect(p.status).toBe(status);
    expect(p.deviation).toBeCloseTo(deviation, 9);
  });

  it('the text gives no width: not available until one is set, with the deviation shown', () => {
    const p = assessTarget(t, obs([['2026-Q3', 55]]), { ...PLAN, asOf: '2026-12-01', tolerance: null });
    expect(p).toMatchObject({ status: 'not_available', deviation: 5 });
    expect(p.reason.zh).toContain('区间宽度');
    expect(p.path[0]).toEqual({ year: 2025, t: 2025, value: 50 });
  });

  it('an officer’s tolerance overrides the file', () => {
    const p = assessTarget(t, obs([['2026-Q3', 53]]), { ...PLAN, asOf: '2026-12-01', tolerance: 5 });
    expect(p.status).toBe('in_band');
    expect(p.path[1]).toMatchObject({ lower: 45, upper: 55 });
  });
});

describe('annual flow: 每年 1000', () => {
  const t = target({
    kind: 'annual_flow',
    target: { value: 1000, comparison: 'at_least' },
    baseline: { status: 'not_applicable' },
    reporting: { frequency: 'quarter', dueDays: 30 },
  });
  it.each([
    // observations, as of, status, R, years without data
    [[['2026', 1000]], '2027-01-15', 'on_track', 1, []],
    [[['2026', 940]], '2027-01-15', 'acceleration_needed', 0.94, []],
    [
      [
        ['2026-Q1', 200],
        ['2026-Q2', 200],
        ['2026-Q3', 200],
      ],
      '2026-11-30',
      'acceleration_needed',
      0.8,
      [],
    ],
    [
      [
        ['2026-Q1', 250],
        ['2026-Q2', 250],
        ['2026-Q3', 250],
      ],
      '2026-11-30',
      'on_track',
      1,
      [],
    ],
    [
      [
        ['2026-01', 50],
        ['2026-02', 50],
      ],
      '2026-03-10',
      'acceleration_needed',
      0.6,
      [],
    ], // 100 of 166.67: on 0.6
    // 2026 has no data: the status is 2027's, and 2026 is listed
    [[['2027-Q1', 250]], '2027-06-30', 'on_track', 1, [2026]],
    [[], '2027-02-01', 'not_available', null, [2026]],
  ] as const)('%j on %s → %s', (series, asOf, status, ratio, missing) => {
    const p = assessTarget(t, obs(series as unknown as [string, number][]), {
      ...PLAN,
      asOf: asOf as string,
    });
    expect(p.status).toBe(status);
    if (ratio === null) expect(p.ratio).toBeNull();
    else expect(p.ratio).toBeCloseTo(ratio as number, 9);
    expect(p.missingYears).toEqual(missing);
  });

  it('a quarter and a month inside it are not counted twice', () => {
    const p = assessTarget(
      t,
      obs([
        ['2026-Q1', 300],
        ['2026-01', 100],
        ['2026-04', 80],
      ]),
      {
        ...PLAN,
        asOf: '2026-05-15',
      },
    );
    expect(p.years[0]).toMatchObject({ year: 2026, total: 380, months: 4 });
  });

  it('a whole-year value wins over its quarters', () => {
    const p = assessTarget(
      t,
      obs([
        ['2026', 1100],
        ['2026-Q1', 100],
      ]),
      { ...PLAN, asOf: '2027-01-15' },
    );
    expect(p.years[0]).toMatchObject({ total: 1100, months: 12, met: true });
  });

  it('every year of the plan met is "target achieved"', () => {
    const all = obs([2026, 2027, 2028, 2029, 2030].map((y) => [String(y), 1000 + y - 2026]));
    expect(assessTarget(t, all, { ...PLAN, asOf: '2031-03-01' }).status).toBe('target_achieved');
    const oneShort = obs([2026, 2027, 2028, 2029, 2030].map((y) => [String(y), y === 2028 ? 999 : 1000]));
    expect(assessTarget(t, oneShort, { ...PLAN, asOf: '2031-03-01' }).years[2]).toMatchObject({ met: false });
    expect(assessTarget(t, oneShort, { ...PLAN, asOf: '2031-03-01' }).status).toBe('on_track');
  });

  it('forecasts the 2030 flow from whole years, history included', () => {
    const p = assessTarget(
      t,
      obs([
        ['2025', 850],
        ['2026', 900],
        ['2027', 950],
      ]),
      { ...PLAN, asOf: '2028-02-01' },
    );
    expect(p.forecast).toMatchObject({ value: 1100, meetsTarget: true, points: 3 });
    expect(p.series.map((x) => x.period)).toEqual(['2025', '2026', '2027']);
  });
});

describe('five-year cumulative: 五年累计 … 不少于 18', () => {
  const t = target({
    kind: 'cumulative',
    target: { value: 18, comparison: 'at_least' },
    baseline: { status: 'not_applicable' },
    reporting: { frequency: 'quarter', dueDays: 30 },
  });
  it.each([
    // observations, as of, status, R, required by then
    [[['2026', 3.6]], '2027-01-15', 'on_track', 1, 3.6], // exactly on the path 18 × 1/5
    [[['2026', 3]], '2027-01-15', 'acceleration_needed', 0.833333333, 3.6],
    [[['2026', 5]], '2027-01-15', 'on_track', 1.388888889, 3.6],
    [
      [
        ['2026-Q1', 1],
        ['2026-Q2', 0],
        ['2026-Q3', 1],
      ],
      '2026-11-30',
      'acceleration_needed',
      0.740740741,
      2.7,
    ],
    [[['2026', 0]], '2027-01-15', 'limited_progress', 0, 3.6],
    [
      [
        ['2026', 6],
        ['2027', 7],
        ['2028', 5],
      ],
      '2029-01-15',
      'target_achieved',
      null,
      10.8,
    ],
  ] as const)('%j on %s → %s', (series, asOf, status, ratio, required) => {
    const p = assessTarget(t, obs(series as unknown as [string, number][]), {
      ...PLAN,
      asOf: asOf as string,
    });
    expect(p.status).toBe(status);
    if (ratio === null) expect(p.ratio).toBeNull();
    else expect(p.ratio).toBeCloseTo(ratio, 6);
    expect(p.required).toBeCloseTo(required, 9);
  });

  it('a year without data is flagged: the sum may be low', () => {
    const p = assessTarget(t, obs([['2027', 8]]), { ...PLAN, asOf: '2028-02-01' });
    expect(p).toMatchObject({ status: 'on_track', missingYears: [2026] });
    expect(p.reason.zh).toContain('2026 年无数据');
  });

  it('starts from zero by definition and forecasts along a line from it', () => {
    const p = assessTarget(t, obs([['2026', 3]]), { ...PLAN, asOf: '2027-01-15' });
    expect(p.start).toMatchObject({ t: 2025, value: 0, from: 'definition' });
    expect(p.path.map((x) => x.value)).toEqual([0, 3.6, 7.2, 10.8, 14.4, 18]);
    expect(p.forecast).toMatchObject({ value: 15, meetsTarget: false, method: 'least_squares_from_zero' });
  });
});

describe('qualitative targets', () => {
  const t = target({
    kind: 'qualitative',
    target: null,
    unit: null,
    direction: null,
    baseline: { status: 'not_applicable' },
  });
  it('without an assessment: not assessed', () => {
    expect(assessTarget(t, [], { ...PLAN, asOf: '2027-01-01' }).status).toBe('not_assessed');
  });
  it('the latest assessment is the status', () => {
    const p = assessTarget(
      t,
      [
        { period: '2026', value: null, assessment: 'on_track' },
        { period: '2027', value: null, assessment: 'limited_progress' },
      ],
      { ...PLAN, asOf: '2028-01-01' },
    );
    expect(p).toMatchObject({ status: 'limited_progress', signal: 'red' });
  });
});

describe('worsening', () => {
  it.each([
    ['on_track', 'acceleration_needed', true],
    ['acceleration_needed', 'limited_progress', true],
    ['in_band', 'out_of_band', true],
    ['limited_progress', 'on_track', false],
    ['on_track', 'target_achieved', false],
    ['not_available', 'deterioration', false], // nothing was known before
    ['on_track', 'not_available', false],
  ] as const)('%s → %s: %s', (a, b, expected) => {
    expect(worsened(a, b)).toBe(expected);
  });
});

describe('overdue periods', () => {
  const quarterly = target({
    kind: 'annual_flow',
    target: { value: 1000, comparison: 'at_least' },
    baseline: { status: 'not_applicable' },
    reporting: { frequency: 'quarter', dueDays: 30 },
  });
  const yearly = target({ reporting: { frequency: 'year', dueDays: 90 } });
  it.each([
    // target, observed periods, as of, overdue periods
    [quarterly, ['2026-Q1'], '2026-11-30', ['2026-Q2', '2026-Q3']],
    [quarterly, ['2026'], '2027-06-01', ['2027-Q1']], // a whole year covers its quarters
    [quarterly, ['2026-04', '2026-05', '2026-06', '2026-Q1'], '2026-10-30', []], // Q3 due 10-30: not yet overdue
    [quarterly, ['2026-Q1', '2026-04', '2026-05'], '2026-10-31', ['2026-Q2', '2026-Q3']], // June missing
    [yearly, [], '2027-03-31', []], // 2026 due on 2027-03-31 exactly
    [yearly, [], '2027-04-01', ['2026']],
    [yearly, ['2026-Q4'], '2027-04-01', []], // read at the same end date
    [yearly, ['2026-Q3'], '2027-04-01', ['2026']],
  ] as const)('%#: %j on %s', (t, periods, asOf, overdue) => {
    expect(
      overduePeriods(
        t,
        periods.map((period) => ({ period })),
        asOf,
        PLAN,
      ).map((x) => x.period),
    ).toEqual(overdue);
  });

  it('a derived target is computed, never overdue', () => {
    const derived = target({
      derived: {
        source: 'registry.qualifications',
        codes: ['high_tech'],
        city: null,
        label: { zh: 'x', en: 'x' },
      },
    });
    expect(overduePeriods(derived, [], '2029-01-01', PLAN)).toEqual([]);
  });
});
