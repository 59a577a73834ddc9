import { describe, expect, it } from 'vitest';
import { isIsoDate, normaliseDate } from './format.ts';

describe('dates', () => {
  it('normalises common ways of writing a date and checks the calendar', () => {
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
