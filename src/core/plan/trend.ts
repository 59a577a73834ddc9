/**
 * The observed trend, for the forecast to the target year: ordinary least squares over the points
 * (t, value), or through a fixed origin where the series starts from a known zero (a five-year sum
 * starts at 0 at the end of 2025). Plain arithmetic over a handful of points.
 */

export interface TrendPoint {
  t: number;
  value: number;
}

/** The least-squares line through the points; null with fewer than two distinct times. */
export function fitLine(points: readonly TrendPoint[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanV = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.t - meanT) ** 2;
    sxy += (p.t - meanT) * (p.value - meanV);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: meanV - slope * meanT };
}

/** The least-squares slope of a line through (t0, 0); null without a point after t0. */
export function fitThroughOrigin(points: readonly TrendPoint[], t0: number): number | null {
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    const x = p.t - t0;
    sxx += x * x;
    sxy += x * p.value;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** Rounds away binary noise (0.1 + 0.2), so that a value exactly on a threshold is judged on it. */
export function clean(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
