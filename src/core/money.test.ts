import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRate,
  formatWan,
  formatYuan,
  multiplyFen,
  percentToBasisPoints,
  splitIntoStages,
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

  it('multiplies an amount by a count exactly, refusing overflow', () => {
    expect(multiplyFen(5_000_000_000, 1_000_000)).toBe(5_000_000_000_000_000);
    expect(() => multiplyFen(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
    expect(() => multiplyFen(100, 1.5)).toThrow(RangeError);
  });

  it('formats yuan and 万元 without float error', () => {
    expect(formatYuan(123_456_789)).toBe('¥1,234,567.89');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatWan(2_000_000_000)).toBe('2000万元');
    expect(formatWan(1_250_000)).toBe('1.25万元');
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
