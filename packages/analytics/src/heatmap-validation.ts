import { pearson } from './stats.js';

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
