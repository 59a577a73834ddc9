/**
 * Money and dates for the browser. Amounts arrive and leave as integer fen; what a person types is
 * parsed as a decimal string and shifted by whole digits (never multiplied as a float), so
 * "1234.56" 万元 becomes exactly 12345600000 fen.
 */

export type MoneyUnit = 'wan' | 'yuan';

/** Decimal places each unit allows: 1 万元 = 1,000,000 fen, 1 元 = 100 fen. */
const UNIT_DIGITS: Record<MoneyUnit, number> = { wan: 6, yuan: 2 };

export type ParseMoneyError = 'format' | 'decimals' | 'too_large';

export type ParseMoneyResult = { ok: true; fen: number } | { ok: false; error: ParseMoneyError };

const FULL_WIDTH = /[０-９．，]/g;

function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => {
    if (c === '．') return '.';
    if (c === '，') return ',';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/**
 * "1,234.5" in the given unit → fen. Accepts thousands separators, spaces and full-width digits;
 * refuses signs, exponents and more decimals than the unit can hold in whole fen.
 */
export function parseMoney(input: string, unit: MoneyUnit): ParseMoneyResult {
  const s = halfWidth(input).replace(/[\s,]/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s) ?? /^()\.(\d+)$/.exec(s);
  if (!m) return { ok: false, error: 'format' };
  const whole = m[1] || '0';
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const digits = UNIT_DIGITS[unit];
  if (frac.length > digits) return { ok: false, error: 'decimals' };
  const fen = BigInt(whole + frac.padEnd(digits, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'too_large' };
  return { ok: true, fen: Number(fen) };
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function fenDigits(fen: number): { neg: boolean; whole: string; cents: string } {
  const big = BigInt(Math.trunc(fen));
  const neg = big < 0n;
  const abs = neg ? -big : big;
  return { neg, whole: (abs / 100n).toString(), cents: (abs % 100n).toString().padStart(2, '0') };
}

/** 1234567 fen → "¥12,345.67". */
export function formatYuan(fen: number): string {
  const { neg, whole, cents } = fenDigits(fen);
  return `${neg ? '-' : ''}¥${groupThousands(whole)}.${cents}`;
}

/** 15000000000 fen → "15,000万元" / "15,000 (10k yuan)"; decimals kept exactly, zeros trimmed. */
export function formatWan(fen: number, lang: 'zh' | 'en'): string {
  const big = BigInt(Math.trunc(fen));
  const neg = big < 0n;
  const abs = neg ? -big : big;
  const whole = groupThousands((abs / 1_000_000n).toString());
  const rest = (abs % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  const n = `${neg ? '-' : ''}${whole}${rest ? `.${rest}` : ''}`;
  return lang === 'zh' ? `${n}万元` : `${n} × 10k yuan`;
}

/** Fen back to the decimal string a person would type in the given unit (for prefilling forms). */
export function fenToInput(fen: number, unit: MoneyUnit): string {
  const digits = UNIT_DIGITS[unit];
  const s = BigInt(Math.trunc(fen))
    .toString()
    .padStart(digits + 1, '0');
  const whole = s.slice(0, s.length - digits);
  const frac = s.slice(s.length - digits).replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole;
}

export interface AmountRange {
  min: number;
  max: number;
}

/** A range as one figure when exact, "min ~ max" otherwise. */
export function formatRange(a: AmountRange | null | undefined): string {
  if (!a) return '—';
  return a.min === a.max ? formatYuan(a.max) : `${formatYuan(a.min)} ~ ${formatYuan(a.max)}`;
}

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

/** Today in Shanghai as YYYY-MM-DD. */
export function todayShanghai(): string {
  return formatDate(new Date().toISOString());
}

/** Basis points to a percentage string without float noise: 3000 → "30%", 1250 → "12.5%". */
export function formatBasisPoints(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** "2026/9/1", "2026.09.01", "2026年9月1日" → "2026-09-01"; anything else is returned unchanged. */
export function normaliseDate(input: string): string {
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(input);
  if (!m) return input.trim();
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** A real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [
    31,
    y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[mo - 1]!;
}
