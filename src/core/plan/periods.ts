/**
 * Reporting periods of the plan's observations: a year (`2027`), a quarter (`2027-Q2`), a month
 * (`2027-05`), or — for values derived on a date — a day (`2027-05-31`).
 *
 * Time on the charts and in the progress maths is `t`, in years, such that the end of year Y is
 * t = Y: the 十四五 baseline (end of 2025) sits at 2025, the 2030 target at 2030, the end of March
 * 2027 at 2026.25. A period is placed at its end (a level is read at the end of its period; a flow is
 * complete at the end of its period).
 */
import { addDays, type IsoDate, isIsoDate } from '../dates.ts';
import type { Frequency } from './schema.ts';

export type PeriodKind = Frequency | 'day';

export interface Period {
  text: string;
  kind: PeriodKind;
  year: number;
  /** First and last calendar month covered (1–12). */
  firstMonth: number;
  lastMonth: number;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function parsePeriod(text: string): Period | null {
  let m = YEAR.exec(text);
  if (m) return { text, kind: 'year', year: Number(m[1]), firstMonth: 1, lastMonth: 12 };
  m = QUARTER.exec(text);
  if (m) {
    const q = Number(m[2]);
    return { text, kind: 'quarter', year: Number(m[1]), firstMonth: 3 * q - 2, lastMonth: 3 * q };
  }
  m = MONTH.exec(text);
  if (m) {
    const month = Number(m[2]);
    return { text, kind: 'month', year: Number(m[1]), firstMonth: month, lastMonth: month };
  }
  if (isIsoDate(text)) {
    const month = Number(text.slice(5, 7));
    return { text, kind: 'day', year: Number(text.slice(0, 4)), firstMonth: month, lastMonth: month };
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day of the period (a day is its own end). */
export function periodEnd(p: Period): IsoDate {
  if (p.kind === 'day') return p.text;
  return `${p.year}-${String(p.lastMonth).padStart(2, '0')}-${String(daysInMonth(p.year, p.lastMonth)).padStart(2, '0')}`;
}

/** t of a calendar date: months elapsed in its year, the day as a fraction of its month. */
export function dateT(date: IsoDate): number {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  return y - 1 + (m - 1 + d / daysInMonth(y, m)) / 12;
}

/** t of a period: its end. */
export function periodT(p: Period): number {
  return p.kind === 'day' ? dateT(p.text) : p.year - 1 + p.lastMonth / 12;
}

export function monthsOf(p: Period): number[] {
  return Array.from({ length: p.lastMonth - p.firstMonth + 1 }, (_, i) => p.firstMonth + i);
}

/** Every period of a frequency in the years given, in order. */
export function periodsOf(frequency: Frequency, fromYear: number, toYear: number): Period[] {
  const out: Period[] = [];
  for (let y = fromYear; y <= toYear; y++) {
    if (frequency === 'year') out.push(parsePeriod(String(y))!);
    else if (frequency === 'quarter') for (let q = 1; q <= 4; q++) out.push(parsePeriod(`${y}-Q${q}`)!);
    else for (let m = 1; m <= 12; m++) out.push(parsePeriod(`${y}-${String(m).padStart(2, '0')}`)!);
  }
  return out;
}

/** The day a period's value is due: `dueDays` after its end. */
export function dueDate(p: Period, dueDays: number): IsoDate {
  return addDays(periodEnd(p), dueDays);
}

/** A period has ended on `date` when its last day is on or before it. */
export function hasEnded(p: Period, date: IsoDate): boolean {
  return periodEnd(p) <= date;
}
