import { describe, expect, it } from 'vitest';
import { addDays, addYears, isIsoDate, shanghaiDate } from './dates.ts';

describe('dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-6-1')).toBe(false);
  });

  it('adds years and days on the calendar', () => {
    expect(addYears('2026-07-01', 5)).toBe('2031-07-01');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addDays('2031-07-01', -1)).toBe('2031-06-30');
  });

  it("gives Shanghai's date for an instant (UTC+8)", () => {
    expect(shanghaiDate(new Date('2026-05-31T16:00:00Z'))).toBe('2026-06-01');
    expect(shanghaiDate(new Date('2026-05-31T15:59:59Z'))).toBe('2026-05-31');
  });
});
