/**
 * Expiry and renewal: which holdings run out within a window, and which reminder is due. Reminders go
 * out at fixed windows before the last valid day (policies/qualifications.yaml `reminders.days`, e.g.
 * 180 and 90): on a given day the due one is the narrowest window the days left fall into, each
 * (holding, window) once — a scan that first runs 60 days before expiry sends the 90-day reminder,
 * not both. A holding that a recorded renewal continues needs no reminder.
 */
import { addDays, type IsoDate } from '../dates.ts';
import { continuedAfter, type LedgerRecord, validTo } from './ledger.ts';

/** Whole days from `date` to `to` (0: it is the last valid day). */
export function daysBetween(date: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

export interface Expiring {
  record: LedgerRecord;
  lastDay: IsoDate;
  daysLeft: number;
  /** A later holding already continues it (renewal recorded). */
  renewed: boolean;
}

/** Holdings valid on `date` whose last day falls within `days` days (inclusive). */
export function expiringWithin(records: readonly LedgerRecord[], date: IsoDate, days: number): Expiring[] {
  const until = addDays(date, days);
  const out: Expiring[] = [];
  for (const r of records) {
    const last = validTo(r);
    if (last === null || last < date || last > until || r.grantedOn > date) continue;
    out.push({
      record: r,
      lastDay: last,
      daysLeft: daysBetween(date, last),
      renewed: continuedAfter(records, r),
    });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft);
}

/** The reminder window due for a holding with `daysLeft` days left (windows in days), or null. */
export function reminderWindow(daysLeft: number, windows: readonly number[]): number | null {
  let due: number | null = null;
  for (const w of windows) if (daysLeft >= 0 && daysLeft <= w && (due === null || w < due)) due = w;
  return due;
}
