import { pearson } from './stats.js';
import type { HeatmapCandles } from './heatmap.js';

/** Average ranks (1-based, ties share their mean rank). */
export function averageRanks(x: Float64Array): Float64Array {
  const idx = Array.from(x.keys()).sort((a, b) => (x[a] ?? 0) - (x[b] ?? 0));
  const r = new Float64Array(x.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && x[idx[j + 1] ?? 0] === x[idx[i] ?? 0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k] ?? 0] = rank;
    i = j + 1;
  }
  return r;
}

/** Spearman rank correlation of two equal-length arrays. */
export function spearman(x: Float64Array, y: Float64Array): number {
  return pearson(averageRanks(x), averageRanks(y));
}

/** Pearson correlation of log(1 + x) and log(1 + y). */
export function logPearson(x: Float64Array, y: Float64Array): number {
  return pearson(
    x.map((v) => Math.log1p(v)),
    y.map((v) => Math.log1p(v)),
  );
}

/** Share of the top-decile observations of `actual` that are also top-decile in `estimate`. */
export function topDecileHitRate(estimate: Float64Array, actual: Float64Array): number {
  const n = actual.length;
  const k = Math.max(1, Math.floor(n / 10));
  const top = (v: Float64Array): Set<number> =>
    new Set(
      Array.from(v.keys())
        .sort((a, b) => (v[b] ?? 0) - (v[a] ?? 0))
        .slice(0, k),
    );
  const a = top(actual);
  let hits = 0;
  for (const i of top(estimate)) if (a.has(i)) hits++;
  return hits / k;
}

export interface SeriesComparison {
  readonly n: number;
  readonly spearman: number;
  readonly logPearson: number;
  readonly topDecileHitRate: number;
  /** Σ estimate / Σ actual. */
  readonly totalRatio: number;
}

export function compareSeries(estimate: Float64Array, actual: Float64Array): SeriesComparison {
  let se = 0;
  let sa = 0;
  for (let i = 0; i < actual.length; i++) {
    se += estimate[i] ?? 0;
    sa += actual[i] ?? 0;
  }
  return {
    n: actual.length,
    spearman: spearman(estimate, actual),
    logPearson: logPearson(estimate, actual),
    topDecileHitRate: topDecileHitRate(estimate, actual),
    totalRatio: sa > 0 ? se / sa : Number.NaN,
  };
}

/**
 * Naive baseline that uses only the candle's price range: long liquidations ∝ OI · (open − low)
 * / open, short ∝ OI · (high − open) / open (previous candle's OI).
 */
export function rangeBaseline(c: HeatmapCandles): { long: Float64Array; short: Float64Array } {
  const n = c.ts.length;
  const long = new Float64Array(n);
  const short = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const o = c.open[i] ?? Number.NaN;
    const oi = c.openInterest[i - 1] ?? 0;
    long[i] = oi * ((o - (c.low[i] ?? o)) / o);
    short[i] = oi * (((c.high[i] ?? o) - o) / o);
  }
  return { long, short };
}

function sumRange(a: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i] ?? 0;
  return s;
}

/**
 * Blend of the range baseline and the OI-delta estimate, each normalised by its sum over the
 * training rows [from, to): baseline/Σbaseline + λ · estimate/Σestimate.
 */
export function blendSeries(
  baseline: Float64Array,
  estimate: Float64Array,
  lambda: number,
  from: number,
  to: number,
): Float64Array {
  const sb = sumRange(baseline, from, to) || 1;
  const se = sumRange(estimate, from, to) || 1;
  return baseline.map((v, i) => v / sb + (lambda * (estimate[i] ?? 0)) / se);
}

/** λ from `grid` with the best Spearman against `actual` on the training rows [from, to). */
export function fitBlendWeight(
  baseline: Float64Array,
  estimate: Float64Array,
  actual: Float64Array,
  from: number,
  to: number,
  grid: readonly number[] = [0, 0.1, 0.25, 0.5, 1, 2, 4],
): number {
  let best = 0;
  let bestRho = Number.NEGATIVE_INFINITY;
  for (const lambda of grid) {
    const rho = spearman(
      blendSeries(baseline, estimate, lambda, from, to).subarray(from, to),
      actual.subarray(from, to),
    );
    if (rho > bestRho) {
      bestRho = rho;
      best = lambda;
    }
  }
  return best;
}
