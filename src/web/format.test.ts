import { describe, expect, it } from 'vitest';
import { fenToInput, formatBasisPoints, formatRange, formatWan, formatYuan, parseMoney } from './format.ts';

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
});

describe('formatting', () => {
  it('formats fen as yuan with thousands separators', () => {
    expect(formatYuan(0)).toBe('¥0.00');
    expect(formatYuan(5)).toBe('¥0.05');
    expect(formatYuan(1_500_000_000)).toBe('¥15,000,000.00');
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91');
    expect(formatYuan(-123_456)).toBe('-¥1,234.56');
  });

  it('formats 万元 exactly', () => {
    expect(formatWan(2_000_000_000, 'zh')).toBe('2,000万元');
    expect(formatWan(1_250_000, 'zh')).toBe('1.25万元');
    expect(formatWan(1, 'zh')).toBe('0.000001万元');
  });

  it('formats ranges, rates and inputs', () => {
    expect(formatRange({ min: 0, max: 200_000_000 })).toBe('¥0.00 ~ ¥2,000,000.00');
    expect(formatRange({ min: 7, max: 7 })).toBe('¥0.07');
    expect(formatRange(null)).toBe('—');
    expect(formatBasisPoints(3000)).toBe('30%');
    expect(formatBasisPoints(1250)).toBe('12.5%');
    expect(formatBasisPoints(5)).toBe('0.05%');
    expect(fenToInput(5_000_000_000, 'wan')).toBe('5000');
    expect(fenToInput(1_234_567, 'wan')).toBe('1.234567');
    expect(fenToInput(1999, 'yuan')).toBe('19.99');
    expect(fenToInput(5, 'yuan')).toBe('0.05');
  });
});

describe('dates', () => {
  it('normalises common ways of writing a date and checks the calendar', async () => {
    const { normaliseDate, isIsoDate } = await import('./format.ts');
    expect(normaliseDate('2026/9/1')).toBe('2026-09-01');
    expect(normaliseDate('2026年9月1日')).toBe('2026-09-01');
    expect(normaliseDate(' 2026-09-01 ')).toBe('2026-09-01');
    expect(normaliseDate('next week')).toBe('next week');
    expect(isIsoDate('2026-09-01')).toBe(true);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-9-1')).toBe(false);
  });
});
