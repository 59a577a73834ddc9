/**
 * All money arithmetic lives here. Amounts are integer 分 (fen); rates are integer basis points
 * (1 bp = 0.01 %). Every division rounds down, so a grant can never exceed its rate or its cap.
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

/** ¥1,234,567.89 — exact: the integer part and the fen are formatted separately, no float division. */
export function formatYuan(fen: Fen): string {
  const yuan = String(Math.trunc(fen / FEN_PER_YUAN)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${yuan}.${String(fen % FEN_PER_YUAN).padStart(2, '0')}`;
}

/** 2000万元 / 12.5万元, for amounts printed the way the policies print them. */
export function formatWan(fen: Fen): string {
  const whole = Math.trunc(fen / FEN_PER_WAN);
  const rest = fen % FEN_PER_WAN;
  if (rest === 0) return `${whole}万元`;
  return `${whole}.${String(rest).padStart(6, '0').replace(/0+$/, '')}万元`;
}

export function formatRate(rate: BasisPoints): string {
  return `${rate / 100}%`;
}
