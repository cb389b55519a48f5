/** Position risk helpers: sizing, historical adverse excursions, leverage limits, funding cost. */

/** Notional that loses `riskFraction` of `equity` when price moves `stopDistance` against it. */
export function positionSizeForRisk(
  equity: number,
  riskFraction: number,
  stopDistance: number,
): number {
  if (!(equity > 0 && riskFraction > 0 && stopDistance > 0)) return Number.NaN;
  return (equity * riskFraction) / stopDistance;
}

/**
 * Intraday adverse excursion per bar, as a positive fraction of the open: longs 1 − low/open,
 * shorts high/open − 1. Bars with a non-positive open are NaN.
 */
export function adverseExcursions(
  open: Float64Array,
  high: Float64Array,
  low: Float64Array,
  side: 'long' | 'short',
): Float64Array {
  return open.map((o, i) => {
    if (!(o > 0)) return Number.NaN;
    return side === 'long' ? 1 - (low[i] ?? Number.NaN) / o : (high[i] ?? Number.NaN) / o - 1;
  });
}

/** Quantile with linear interpolation between order statistics (NaNs ignored). */
export function quantile(values: Float64Array, q: number): number {
  const xs = values.filter((v) => !Number.isNaN(v)).sort();
  if (xs.length === 0 || !(q >= 0 && q <= 1)) return Number.NaN;
  const pos = q * (xs.length - 1);
  const lo = Math.floor(pos);
  const a = xs[lo] ?? Number.NaN;
  const b = xs[Math.min(lo + 1, xs.length - 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * Largest integer leverage in [1, maxLeverage] whose liquidation distance (from `distanceAt`, which
 * must not increase with leverage; null = no liquidation price) is still beyond `drawdown`. Null
 * when even 1x does not survive. Bisection: O(log maxLeverage) evaluations.
 */
export function maxLeverageSurviving(
  distanceAt: (leverage: number) => number | null,
  drawdown: number,
  maxLeverage: number,
): number | null {
  const survives = (l: number): boolean => {
    const d = distanceAt(l);
    return d === null || d > drawdown;
  };
  if (!survives(1)) return null;
  let lo = 1;
  let hi = Math.floor(maxLeverage);
  if (survives(hi)) return hi;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (survives(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Funding paid to hold `notional` for `days` at an average rate per 8-hour interval (three per
 * day): positive = paid (longs pay a positive rate, shorts receive it).
 */
export function fundingCost(
  notional: number,
  side: 'long' | 'short',
  averageRatePer8h: number,
  days: number,
): number {
  return (side === 'long' ? 1 : -1) * notional * averageRatePer8h * 3 * days;
}
