/**
 * Per-bar regressors of the liquidation forecast, for one side. "Adverse" is the excursion that
 * liquidates that side (open → low for longs, open → high for shorts), "favourable" the other.
 * Everything but the bar's own price path (the move being forecast) comes from earlier bars: open
 * interest at the previous close, the position book swept by the move as it stood before the
 * bar, trailing volatility and extremes. Nothing reads realized liquidations.
 */
import type { HeatmapCandles } from '../heatmap.js';

export const FORECAST_FEATURES = [
  'intercept',
  'logAdverse',
  'logFavourable',
  'logRange',
  'logBeyondTrailingExtreme',
  'logTrailingVolatility',
  'weekend',
  'usHours',
  'logPreviousRange',
  'logRangeSquared',
  'logAdverseSquared',
  'logBookSwept',
] as const;

export type ForecastFeature = (typeof FORECAST_FEATURES)[number];
export const FEATURE_COUNT = FORECAST_FEATURES.length;

export type BookSide = 'long' | 'short';

/** Trailing window (bars) for volatility and extremes: one day of 1-hour bars. */
export const TRAILING_BARS = 24;
const EXCURSION_FLOOR = 1e-5;
const SWEPT_FLOOR = 1e-6;
const DAY_MS = 86_400_000;

/** Log excursions of one bar: [adverse, favourable, range] for `side`. */
function excursions(c: HeatmapCandles, i: number, side: BookSide): [number, number, number] {
  const o = c.open[i]!;
  const down = Math.log(o / c.low[i]!);
  const up = Math.log(c.high[i]! / o);
  const range = Math.log(c.high[i]! / c.low[i]!);
  return side === 'long' ? [down, up, range] : [up, down, range];
}

/** How far (log) the bar goes beyond the trailing window's extreme on the adverse side. */
function beyondExtreme(c: HeatmapCandles, i: number, side: BookSide): number {
  const from = Math.max(0, i - TRAILING_BARS);
  if (from === i) return 0;
  if (side === 'long') {
    let min = Number.POSITIVE_INFINITY;
    for (let j = from; j < i; j++) min = Math.min(min, c.low[j]!);
    return Math.max(0, Math.log(min / c.low[i]!));
  }
  let max = 0;
  for (let j = from; j < i; j++) max = Math.max(max, c.high[j]!);
  return Math.max(0, Math.log(c.high[i]! / max));
}

/** Standard deviation of the close-to-close log returns of the bars before `i` (trailing). */
function trailingVolatility(c: HeatmapCandles, i: number): number {
  const from = Math.max(1, i - TRAILING_BARS);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let j = from; j < i; j++) {
    const r = Math.log(c.close[j]! / c.close[j - 1]!);
    n++;
    sum += r;
    sumSq += r * r;
  }
  if (n < 2) return EXCURSION_FLOOR;
  const mean = sum / n;
  return Math.sqrt(Math.max(sumSq / n - mean * mean, 0)) + EXCURSION_FLOOR;
}

/**
 * The design matrix (row-major, n × FEATURE_COUNT) of `side`. Row 0 has no previous open
 * interest and is left at zero; callers skip it (and the warm-up) when fitting.
 */
export function forecastDesign(
  c: HeatmapCandles,
  sweptUsd: Float64Array,
  side: BookSide,
): Float64Array {
  const n = c.ts.length;
  const k = FEATURE_COUNT;
  const x = new Float64Array(n * k);
  for (let i = 1; i < n; i++) {
    const [adverse, favourable, range] = excursions(c, i, side);
    const logAdverse = Math.log(adverse + EXCURSION_FLOOR);
    const logRange = Math.log(range + EXCURSION_FLOOR);
    const previousRange = Math.log(c.high[i - 1]! / c.low[i - 1]!);
    const t = c.ts[i]!;
    const weekday = (Math.floor(t / DAY_MS) + 3) % 7; // 0 = Monday (1970-01-01 was a Thursday)
    const hour = Math.floor((t % DAY_MS) / 3_600_000);
    const row = i * k;
    x[row] = 1;
    x[row + 1] = logAdverse;
    x[row + 2] = Math.log(favourable + EXCURSION_FLOOR);
    x[row + 3] = logRange;
    x[row + 4] = Math.log(beyondExtreme(c, i, side) + EXCURSION_FLOOR);
    x[row + 5] = Math.log(trailingVolatility(c, i));
    x[row + 6] = weekday >= 5 ? 1 : 0;
    x[row + 7] = hour >= 13 && hour <= 21 ? 1 : 0;
    x[row + 8] = Math.log(previousRange + EXCURSION_FLOOR);
    x[row + 9] = logRange * logRange;
    x[row + 10] = logAdverse * logAdverse;
    x[row + 11] = Math.log(sweptUsd[i]! / c.openInterest[i - 1]! + SWEPT_FLOOR);
  }
  return x;
}
