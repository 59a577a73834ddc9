import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountWarnings,
  applyRate,
  fenToInput,
  formatRange,
  formatRate,
  formatWan,
  formatWanGrouped,
  formatWanRange,
  formatYuan,
  type MoneyUnit,
  multiplyFen,
  parseMoney,
  percentToBasisPoints,
  splitIntoStages,
  wanForChart,
  wanToFen,
} from './money.ts';

describe('money', () => {
  it('converts 万元 as printed to fen', () => {
    expect(wanToFen(2000)).toBe(2_000_000_000);
    expect(wanToFen(0.5)).toBe(500_000);
  });

  it('converts percentages to basis points exactly', () => {
    expect(percentToBasisPoints(30)).toBe(3000);
    expect(percentToBasisPoints(12.5)).toBe(1250);
    expect(() => percentToBasisPoints(101)).toThrow();
  });

  it('rounds a rate down to the fen, never up', () => {
    expect(applyRate(6_666_666_666, 3000)).toBe(1_999_999_999);
    expect(applyRate(1, 5000)).toBe(0);
  });

  it('stays exact beyond 2^53 / 10^4 (BigInt product)', () => {
    expect(applyRate(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('property: formatting is exact for every safe integer (checked against BigInt arithmetic)', () => {
    const byBigInt = (fen: number) => {
      const abs = BigInt(Math.abs(fen));
      const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      return `${fen < 0 ? '-' : ''}¥${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(formatYuan(fen)).toBe(byBigInt(fen));
      }),
      { numRuns: 2000 },
    );
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
  });

  it('shows a range as one figure when exact, min ~ max otherwise, a dash when there is none', () => {
    expect(formatRange({ min: 0, max: 200_000_000 })).toBe('¥0.00 ~ ¥2,000,000.00');
    expect(formatRange({ min: 7, max: 7 })).toBe('¥0.07');
    expect(formatRange(null)).toBe('—');
  });

  it('multiplies an amount by a count exactly, refusing overflow', () => {
    expect(multiplyFen(5_000_000_000, 1_000_000)).toBe(5_000_000_000_000_000);
    expect(() => multiplyFen(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => multiplyFen(100, 1.5)).toThrow(RangeError);
  });

  it('property: floor(base × rate) is never above the exact product and within one fen of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 0, max: 10_000 }), (base, bp) => {
        const got = BigInt(applyRate(base, bp));
        const exact10k = BigInt(base) * BigInt(bp);
        expect(got * 10_000n <= exact10k).toBe(true);
        expect((got + 1n) * 10_000n > exact10k).toBe(true);
      }),
    );
  });

  it('property: stages always sum to the approved amount and none is negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5e9 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (amount, weights) => {
          const stages = splitIntoStages(amount, weights);
          expect(stages.reduce((a, b) => a + b, 0)).toBe(amount);
          expect(stages.every((s) => s >= 0 && Number.isInteger(s))).toBe(true);
        },
      ),
    );
  });
});

describe('parseMoney', () => {
  it('shifts decimal digits exactly, without float maths', () => {
    expect(parseMoney('5000', 'wan')).toEqual({ ok: true, fen: 5_000_000_000 });
    expect(parseMoney('0.1', 'wan')).toEqual({ ok: true, fen: 100_000 });
    expect(parseMoney('1234.56', 'wan')).toEqual({ ok: true, fen: 1_234_560_000 });
    expect(parseMoney('0.29', 'yuan')).toEqual({ ok: true, fen: 29 });
    expect(parseMoney('1.005', 'wan')).toEqual({ ok: true, fen: 1_005_000 });
    expect(parseMoney('19.99', 'yuan')).toEqual({ ok: true, fen: 1999 });
    expect(parseMoney('.5', 'yuan')).toEqual({ ok: true, fen: 50 });
    expect(parseMoney('12.', 'yuan')).toEqual({ ok: true, fen: 1200 });
  });

  it('accepts separators, spaces and full-width digits', () => {
    expect(parseMoney(' 1,234,567.89 ', 'yuan')).toEqual({ ok: true, fen: 123_456_789 });
    expect(parseMoney('１２３．４', 'yuan')).toEqual({ ok: true, fen: 12_340 });
  });

  it('refuses what is not a plain non-negative decimal', () => {
    expect(parseMoney('', 'wan')).toEqual({ ok: false, error: 'format' });
    expect(parseMoney('-1', 'wan')).toEqual({ ok: false, error: 'format' });
    expect(parseMoney('1e3', 'wan')).toEqual({ ok: false, error: 'format' });
    expect(parseMoney('abc', 'yuan')).toEqual({ ok: false, error: 'format' });
    expect(parseMoney('1.2.3', 'yuan')).toEqual({ ok: false, error: 'format' });
    expect(parseMoney('0.001', 'yuan')).toEqual({ ok: false, error: 'decimals' });
    expect(parseMoney('0.0000001', 'wan')).toEqual({ ok: false, error: 'decimals' });
    expect(parseMoney('0.0010', 'yuan')).toEqual({ ok: false, error: 'decimals' });
    expect(parseMoney('0.010', 'yuan')).toEqual({ ok: true, fen: 1 });
    expect(parseMoney('99999999999999999', 'yuan')).toEqual({ ok: false, error: 'too_large' });
  });

  it('property: parsing what fenToInput and the formatters print gives back the fen, in both units', () => {
    const unit = fc.constantFrom<MoneyUnit>('wan', 'yuan');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), unit, (fen, u) => {
        expect(parseMoney(fenToInput(fen, u), u)).toEqual({ ok: true, fen });
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseMoney(formatYuan(fen).replace('¥', ''), 'yuan')).toEqual({ ok: true, fen });
        expect(parseMoney(formatWan(fen).replace('万元', ''), 'wan')).toEqual({ ok: true, fen });
        expect(parseMoney(formatWanGrouped(fen, 'zh').replace('万元', ''), 'wan')).toEqual({ ok: true, fen });
      }),
    );
  });
});

describe('formatting', () => {
  it('formats fen as yuan with thousands separators, negatives included', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(1_500_000_000)).toBe('¥15,000,000.00');
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(formatYuan(-123_456)).toBe('-¥1,234.56');
    expect(formatYuan(-5)).toBe('-¥0.05');
  });

  it('formats 万元 exactly: as the policies print them, and grouped for screens', () => {
    expect(formatWan(2_000_000_000)).toBe('2000万元');
    expect(formatWan(1_250_000)).toBe('1.25万元');
    expect(formatWan(1)).toBe('0.000001万元');
    expect(formatWanGrouped(2_000_000_000, 'zh')).toBe('2,000万元');
    expect(formatWanGrouped(15_000_000_000, 'en')).toBe('15,000 × 10k yuan');
    expect(formatWanGrouped(1_250_000, 'zh')).toBe('1.25万元');
    expect(formatWanGrouped(1, 'zh')).toBe('0.000001万元');
    expect(formatWanGrouped(-1_250_000, 'zh')).toBe('-1.25万元');
  });

  it('formats rates exactly, as the float division printed them', () => {
    expect(formatRate(3000)).toBe('30%');
    expect(formatRate(1250)).toBe('12.5%');
    expect(formatRate(5)).toBe('0.05%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(10_000)).toBe('100%');
    // Every rate a policy can state prints as before the change to digit shifting.
    for (let bp = 0; bp <= 10_000; bp++) expect(formatRate(bp)).toBe(`${bp / 100}%`);
  });

  it('gives back what a person would type, and chart figures in 万元', () => {
    expect(fenToInput(5_000_000_000, 'wan')).toBe('5000');
    expect(fenToInput(1_234_567, 'wan')).toBe('1.234567');
    expect(fenToInput(1999, 'yuan')).toBe('19.99');
    expect(fenToInput(5, 'yuan')).toBe('0.05');
    expect(fenToInput(0, 'wan')).toBe('0');
    expect(wanForChart(1_234_567_890)).toBe(1234.56);
    expect(wanForChart(9_999)).toBe(0);
  });
});

describe('amounts for officers', () => {
  it('shows a range in 万元, one figure when exact', () => {
    expect(formatWanRange({ min: 1_500_000_000, max: 1_500_000_000 }, 'zh')).toBe('1,500万元');
    expect(formatWanRange({ min: 0, max: 2_000_000_000 }, 'zh')).toBe('0 ~ 2,000万元');
    expect(formatWanRange({ min: 0, max: 2_000_000_000 }, 'en')).toBe('0 ~ 2,000 × 10k yuan');
    expect(formatWanRange(null, 'zh')).toBe('—');
  });

  it('flags 150 元 typed where 150 万元 was asked, and amounts outside the range', () => {
    const requested = 150 * 1_000_000;
    expect(amountWarnings(15_000, { requested })).toEqual(['far_below_request']);
    // Exactly 10% of the request is not "far below"; one fen less is.
    expect(amountWarnings(15_000_000, { requested })).toEqual([]);
    expect(amountWarnings(14_999_999, { requested })).toEqual(['far_below_request']);
    expect(amountWarnings(requested + 1, { requested })).toEqual(['above_request']);
    const range = { min: 0, max: 100 * 1_000_000 };
    expect(amountWarnings(requested, { requested, range })).toEqual(['above_range']);
    expect(amountWarnings(5, { range: { min: 10, max: 20 } })).toEqual(['below_range']);
    expect(amountWarnings(15, { requested: null, range: { min: 10, max: 20 } })).toEqual([]);
  });
});
