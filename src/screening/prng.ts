/**
 * Small seeded pseudo-random generators for the synthetic registry. Nothing here reads Math.random:
 * the same seed gives the same registry on every machine. Each row draws from its own stream,
 * seeded by (seed, row), so any range of rows can be generated alone (in chunks, in workers) and
 * still be identical to the same rows of a full run.
 */

/** A 32-bit integer hash (splitmix32 finaliser): mixes (seed, index) into a well-spread stream seed. */
export function mix32(a: number, b: number): number {
  let z = (a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** mulberry32: fast, 32 bits of state, good enough for synthetic data (not for anything secret). */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Re-seeds in place, so a row loop reuses one generator and allocates nothing. */
  reseed(seed: number): void {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Cumulative weights for O(log n) weighted picks; weights need not sum to 1. */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new Error('WeightedPicker needs at least one weight');
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += Math.max(0, w);
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('WeightedPicker needs a positive weight');
    this.total = sum;
  }

  /** Index drawn with probability proportional to its weight. */
  pick(rng: Mulberry32): number {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < this.cumulative[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
