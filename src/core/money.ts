/**
 * All money arithmetic lives here, and the parsing and formatting of amounts for every shell (CLI, API
 * texts, browser). Amounts are integer 分 (fen); rates are integer basis points (1 bp = 0.01 %).
 * Every division rounds down, so a grant can never exceed its rate or its cap; text is turned into fen
 * and back by moving decimal digits, never by a float product.
 */
export type Fen = number;
export type BasisPoints = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000; // 1 万元 = 10,000 元 = 1,000,000 分
const BP_PER_UNIT = 10_000n;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** 万元 as printed in a policy text ("最高 2000 万元") to fen. Accepts decimals such as 0.5 万元. */
export function wanToFen(wan: number): Fen {
  const fen = Math.round(wan * FEN_PER_WAN);
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a valid amount in 万元: ${wan}`);
  return fen;
}

/** "30%" as printed to basis points; "12.5" → 1250. */
export function percentToBasisPoints(percent: number): BasisPoints {
  const bp = Math.round(percent * 100);
  if (bp < 0 || bp > 10_000 || Math.abs(bp - percent * 100) > 1e-6) {
    throw new RangeError(`not a valid percentage: ${percent}`);
  }
  return bp;
}

/** floor(base × rate). BigInt keeps the product exact for bases beyond 2^53 / 10^4. */
export function applyRate(base: Fen, rate: BasisPoints): Fen {
  // A safe-integer product is exact as a number, and so is the division of what is left once its
  // remainder is taken off (as in shiftPoint); BigInt only past 2^53.
  const product = base * rate;
  if (Number.isSafeInteger(product) && product >= 0) {
    const unit = Number(BP_PER_UNIT);
    return (product - (product % unit)) / unit;
  }
  return Number((BigInt(base) * BigInt(rate)) / BP_PER_UNIT);
}

/** An amount times a whole count (e.g. an upper bound for every eligible organisation). */
export function multiplyFen(amount: Fen, count: number): Fen {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`not a count: ${count}`);
  const product = BigInt(amount) * BigInt(count);
  if (product > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount too large for fen');
  return Number(product);
}

export function minFen(...amounts: Fen[]): Fen {
  return Math.min(...amounts);
}

/** What is left of a cap after earlier grants; never negative. */
export function remaining(cap: Fen, used: Fen): Fen {
  return Math.max(0, cap - used);
}

export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const a of amounts) total += a;
  return total;
}

/**
 * Split an approved amount into stages by whole-number weights (e.g. [4, 3, 3]). Each stage is
 * rounded down and the remainder goes to the last stage, so the stages always sum to the amount.
 */
export function splitIntoStages(amount: Fen, weights: number[]): Fen[] {
  if (weights.length === 0 || weights.some((w) => !Number.isInteger(w) || w <= 0)) {
    throw new RangeError('stage weights must be positive integers');
  }
  const total = BigInt(weights.reduce((a, b) => a + b, 0));
  const stages = weights.map((w) => Number((BigInt(amount) * BigInt(w)) / total));
  stages[stages.length - 1]! += amount - sumFen(stages);
  return stages;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * n ÷ 10^places as decimal text, exactly: the digits are split with BigInt, never divided as a float
 * ((-123450, 2) → "-1234.5"). `group` adds thousands separators; `fixed` keeps every decimal place,
 * otherwise trailing zeros (and a bare point) are dropped.
 */
function shiftPoint(n: number, places: number, { group = false, fixed = false } = {}): string {
  let negative: boolean;
  let whole: string;
  let frac: string;
  if (Number.isSafeInteger(n)) {
    // Exact without BigInt: the remainder of a safe integer is exact, and so is dividing the
    // multiple of `scale` that is left (its quotient is an integer). This runs on every amount shown.
    const abs = Math.abs(n);
    const scale = 10 ** places;
    const rem = abs % scale;
    negative = n < 0;
    whole = String((abs - rem) / scale);
    frac = String(rem).padStart(places, '0');
  } else {
    const big = BigInt(Math.trunc(n));
    const abs = big < 0n ? -big : big;
    const scale = 10n ** BigInt(places);
    negative = big < 0n;
    whole = (abs / scale).toString();
    frac = (abs % scale).toString().padStart(places, '0');
  }
  const shown = fixed ? frac : frac.replace(/0+$/, '');
  return `${negative ? '-' : ''}${group ? groupThousands(whole) : whole}${shown ? `.${shown}` : ''}`;
}

/** The units a person types amounts in: 1 万元 = 1,000,000 fen, 1 元 = 100 fen. */
export type MoneyUnit = 'wan' | 'yuan';

/** Decimal places each unit allows in whole fen. */
const UNIT_DIGITS: Record<MoneyUnit, number> = { wan: 6, yuan: 2 };

export type ParseMoneyError = 'format' | 'decimals' | 'too_large';
export type ParseMoneyResult = { ok: true; fen: Fen } | { ok: false; error: ParseMoneyError };

const FULL_WIDTH = /[０-９．，]/g;

function halfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => {
    if (c === '．') return '.';
    if (c === '，') return ',';
    return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
  });
}

/**
 * "1,234.5" typed in the given unit → fen, by shifting decimal digits (never a float product), so
 * "1234.56" 万元 is exactly 1234560000 fen. Accepts thousands separators, spaces and full-width digits;
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

/** Fen back to the decimal string a person would type in the given unit (to prefill a form). */
export function fenToInput(fen: Fen, unit: MoneyUnit): string {
  return shiftPoint(fen, UNIT_DIGITS[unit]);
}

/** ¥1,234,567.89; a negative amount (a change, a shortfall) as -¥1,234.56. */
export function formatYuan(fen: Fen): string {
  if (fen < 0) return `-${formatYuan(-fen)}`;
  return `¥${shiftPoint(fen, 2, { group: true, fixed: true })}`;
}

/** An amount range as one figure when exact, "min ~ max" otherwise, "—" when there is none. */
export function formatRange(a: { min: Fen; max: Fen } | null | undefined): string {
  if (!a) return '—';
  return a.min === a.max ? formatYuan(a.max) : `${formatYuan(a.min)} ~ ${formatYuan(a.max)}`;
}

/** 2000万元 / 12.5万元, ungrouped, for amounts printed the way the policies print them. */
export function formatWan(fen: Fen): string {
  return `${shiftPoint(fen, 6)}万元`;
}

/** 15,000万元 / "15,000 × 10k yuan": 万元 grouped by thousands, for screens; decimals exact, zeros trimmed. */
export function formatWanGrouped(fen: Fen, lang: 'zh' | 'en'): string {
  const n = shiftPoint(fen, 6, { group: true });
  return lang === 'zh' ? `${n}万元` : `${n} × 10k yuan`;
}

/**
 * Fen → 万元 as a plain number, cut to two decimals (whole hundreds of yuan), for chart axes only:
 * it is a float, so every figure shown as text goes through formatYuan or formatWan instead.
 */
export function wanForChart(fen: Fen): number {
  return Number(BigInt(Math.trunc(fen)) / 10_000n) / 100;
}

/** Basis points as a percentage without float noise: 3000 → "30%", 1250 → "12.5%", 5 → "0.05%". */
export function formatRate(rate: BasisPoints): string {
  return `${shiftPoint(rate, 2)}%`;
}

/** An amount range in 万元 for screens: "1,500万元" when exact, "0 ~ 2,000万元" otherwise, "—" for none. */
export function formatWanRange(a: { min: Fen; max: Fen } | null | undefined, lang: 'zh' | 'en'): string {
  if (!a) return '—';
  if (a.min === a.max) return formatWanGrouped(a.max, lang);
  const unit = lang === 'zh' ? '万元' : ' × 10k yuan';
  return `${shiftPoint(a.min, 6, { group: true })} ~ ${shiftPoint(a.max, 6, { group: true })}${unit}`;
}

/**
 * What an officer should confirm before an amount goes in: outside the allowed range, above what was
 * asked, or far below it (under `farBelow` of the request, 10% by default: "150" typed as 元 where
 * 150 万元 was meant is 1/10,000 of it).
 */
export type AmountWarning = 'below_range' | 'above_range' | 'above_request' | 'far_below_request';

export function amountWarnings(
  amount: Fen,
  against: { requested?: Fen | null; range?: { min: Fen; max: Fen } | null },
  farBelow: BasisPoints = 1000,
): AmountWarning[] {
  const out: AmountWarning[] = [];
  const { requested, range } = against;
  if (range && amount < range.min) out.push('below_range');
  if (range && amount > range.max) out.push('above_range');
  if (requested !== null && requested !== undefined && requested > 0) {
    if (amount > requested) out.push('above_request');
    else if (amount < applyRate(requested, farBelow)) out.push('far_below_request');
  }
  return out;
}

/**
 * A ratio of two amounts (R&D ÷ revenue, revenue growth), kept as its two terms so comparisons with a
 * threshold are exact: `num` may be negative (a fall in revenue), `den` is positive.
 */
export interface AmountRatio {
  num: number;
  den: number;
}

/** a ÷ b as a ratio; null when b is not positive (no revenue: the ratio is undefined, not zero). */
export function ratioOf(a: Fen, b: Fen): AmountRatio | null {
  return b > 0 ? { num: a, den: b } : null;
}

/** Growth from `previous` to `current`: (current − previous) ÷ previous; null when previous is not positive. */
export function growthOf(previous: Fen, current: Fen): AmountRatio | null {
  return previous > 0 ? { num: current - previous, den: previous } : null;
}

/** −1, 0 or 1 as the ratio is below, at or above `rate` basis points — exactly (BigInt cross-products). */
export function compareRatio(r: AmountRatio, rate: BasisPoints): -1 | 0 | 1 {
  const left = BigInt(Math.trunc(r.num)) * BP_PER_UNIT;
  const right = BigInt(Math.trunc(rate)) * BigInt(Math.trunc(r.den));
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The ratio in basis points rounded towards minus infinity, for display and sorting. */
export function ratioBasisPoints(r: AmountRatio): BasisPoints {
  const num = BigInt(Math.trunc(r.num)) * BP_PER_UNIT;
  const den = BigInt(Math.trunc(r.den));
  const q = num / den;
  return Number(num % den !== 0n && num < 0n ? q - 1n : q);
}
