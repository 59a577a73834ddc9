/**
 * Dates and small display helpers for the browser. Money is parsed and formatted by the core
 * (`src/core/money.ts`, exact integer fen); the pages import it from there.
 */
/** Calendar-date checks come from the core too. */
export { isIsoDate } from '../core/dates.ts';

/** An ISO timestamp or date as YYYY-MM-DD in Shanghai time (the platform's calendar). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

/** YYYY-MM-DD HH:mm in Shanghai time, for audit entries and timelines. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/**
 * Today in Shanghai as YYYY-MM-DD by the browser's clock. Forms default their dates to the server's
 * today instead (`useServerToday()`, src/web/today.ts); this is its fallback while the server has not answered.
 */
export function todayShanghai(): string {
  return formatDate(new Date().toISOString());
}

/** "2026/9/1", "2026.09.01", "2026年9月1日" → "2026-09-01"; anything else is returned unchanged. */
export function normaliseDate(input: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(input);
  if (!m) return input.trim();
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}
