/**
 * Scores of the walk-forward backtest (docs/validation.md): band coverage, PIT histogram,
 * pinball loss against a climatology, Spearman and bootstrap intervals. Pure: no I/O, seeded.
 */
import { createRng } from '@cascade/core';

export const LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export interface Quantiles {
  readonly p05: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export function quantilesOf(values: ArrayLike<number>): Quantiles {
  const s = Float64Array.from(values).sort();
  const q = (p: number): number => {
    if (s.length === 0) return Number.NaN;
    const pos = (s.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return (s[lo] ?? Number.NaN) + ((s[hi] ?? Number.NaN) - (s[lo] ?? Number.NaN)) * (pos - lo);
  };
  return { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
}

const asArray = (q: Quantiles): number[] => [q.p05, q.p25, q.p50, q.p75, q.p95];

/** Mean pinball loss of the five quantiles for outcome y. */
export function pinball(q: Quantiles, y: number): number {
  const values = asArray(q);
  let total = 0;
  LEVELS.forEach((level, i) => {
    const diff = y - (values[i] ?? Number.NaN);
    total += diff >= 0 ? level * diff : (level - 1) * diff;
  });
  return total / LEVELS.length;
}

/** Share of samples below y (ties count half): the PIT value. */
export function pit(samples: ArrayLike<number>, y: number): number {
  let below = 0;
  let equal = 0;
  for (const v of Array.from(samples)) {
    if (v < y) below++;
    else if (v === y) equal++;
  }
  return samples.length === 0 ? Number.NaN : (below + equal / 2) / samples.length;
}

export function histogram10(values: readonly number[]): number[] {
  const bins = new Array<number>(10).fill(0);
  for (const v of values) {
    const b = Math.min(9, Math.max(0, Math.floor(v * 10)));
    bins[b] = (bins[b] ?? 0) + 1;
  }
  return bins;
}

function ranks(x: readonly number[]): number[] {
  const order = x.map((v, i) => ({ v, i })).sort((p, q) => p.v - q.v);
  const r = new Array<number>(x.length).fill(0);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.v === order[i]?.v) j++;
    for (const o of order.slice(i, j + 1)) r[o.i] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length < 3) return Number.NaN;
  const rx = ranks(x);
  const ry = ranks(y);
  const n = x.length;
  const mx = rx.reduce((a, b) => a + b, 0) / n;
  const my = ry.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += ((rx[i] ?? Number.NaN) - mx) * ((ry[i] ?? Number.NaN) - my);
    sxx += ((rx[i] ?? Number.NaN) - mx) ** 2;
    syy += ((ry[i] ?? Number.NaN) - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** 90% percentile-bootstrap interval of `stat` over resampled day indices (seeded). */
export function bootstrap90(
  n: number,
  stat: (idx: readonly number[]) => number,
  resamples = 1000,
  seed = 16,
): [number, number] {
  if (n < 3) return [Number.NaN, Number.NaN];
  const rng = createRng(seed);
  const values: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const idx = Array.from({ length: n }, () => Math.floor(rng() * n));
    const v = stat(idx);
    if (Number.isFinite(v)) values.push(v);
  }
  const q = quantilesOf(values);
  return [q.p05, q.p95];
}

export interface ScoredDay {
  readonly realizedLiq: number | null;
  readonly realizedLow: number | null;
  readonly pathLiq: number;
  readonly oiRange: number | null;
  readonly liq: Quantiles;
  readonly low: Quantiles;
  readonly pit: number | null;
  readonly climatology: Quantiles | null;
}

const covered = (q: Quantiles, y: number, band: 50 | 90): boolean =>
  band === 50 ? y >= q.p25 && y <= q.p75 : y >= q.p05 && y <= q.p95;

const round = (v: number, digits = 4): number =>
  Number.isFinite(v) ? Number(v.toFixed(digits)) : Number.NaN;

/** The backtest summary over scored days (those with realized values). */
type RealDay = ScoredDay & { readonly realizedLiq: number; readonly realizedLow: number };
const isReal = (d: ScoredDay): d is RealDay => d.realizedLiq !== null && d.realizedLow !== null;

export function summarize(days: readonly ScoredDay[]) {
  const real = days.filter(isReal);
  const n = real.length;
  const share = (f: (d: RealDay) => boolean): number =>
    n === 0 ? Number.NaN : round(real.filter(f).length / n);
  const y = real.map((d) => d.realizedLiq);
  const path = real.map((d) => d.pathLiq);
  const withClim = real.filter((d) => d.climatology !== null);
  const lossF = (ds: readonly RealDay[]): number =>
    ds.reduce((a, d) => a + pinball(d.liq, d.realizedLiq), 0) / ds.length;
  const lossC = (ds: readonly RealDay[]): number =>
    ds.reduce((a, d) => a + pinball(d.climatology ?? d.liq, d.realizedLiq), 0) / ds.length;
  const skill = (ds: readonly RealDay[]): number => 1 - lossF(ds) / lossC(ds);
  const pick = pickDays;
  const sPath = spearman(path, y);
  const sumPred = path.reduce((a, b) => a + b, 0);
  const sumReal = y.reduce((a, b) => a + b, 0);
  return {
    days: days.length,
    scoredDays: n,
    coverage: {
      liquidatedUsd: {
        band50: share((d) => covered(d.liq, d.realizedLiq, 50)),
        band90: share((d) => covered(d.liq, d.realizedLiq, 90)),
        below05: share((d) => d.realizedLiq < d.liq.p05),
        above95: share((d) => d.realizedLiq > d.liq.p95),
      },
      lowUsd: {
        band50: share((d) => covered(d.low, d.realizedLow, 50)),
        band90: share((d) => covered(d.low, d.realizedLow, 90)),
      },
    },
    pitHistogram: histogram10(real.filter((d) => d.pit !== null).map((d) => d.pit ?? Number.NaN)),
    pinball: {
      days: withClim.length,
      forecast: withClim.length ? round(lossF(withClim), 0) : Number.NaN,
      climatology: withClim.length ? round(lossC(withClim), 0) : Number.NaN,
      skill: withClim.length ? round(skill(withClim)) : Number.NaN,
      skill90: bootstrap90(withClim.length, (idx) => skill(pick(withClim, idx))).map((v) =>
        round(v),
      ),
      climatologyNote:
        'empirical quantiles of the realized daily liquidations of the 30 days before',
    },
    pathDriven: {
      spearman: round(sPath),
      spearman90: bootstrap90(n, (idx) => spearman(pick(path, idx), pick(y, idx))).map((v) =>
        round(v),
      ),
      sumRatio: round(sumPred / sumReal),
      sumPredictedUsd: round(sumPred, 0),
      sumRealizedUsd: round(sumReal, 0),
    },
    oiTimesRange: oiScores(real),
  };
}

function pickDays<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.flatMap((i) => {
    const v = xs[i];
    return v === undefined ? [] : [v];
  });
}

/** Open interest × the day's range against realized, and the path-driven figure on the same days. */
function oiScores(real: readonly RealDay[]) {
  const withOi = real.filter((d) => d.oiRange !== null);
  const diff = (ds: readonly RealDay[]): number => {
    const r = ds.map((d) => d.realizedLiq);
    const a = spearman(
      ds.map((d) => d.pathLiq),
      r,
    );
    return (
      a -
      spearman(
        ds.map((d) => d.oiRange ?? Number.NaN),
        r,
      )
    );
  };
  return {
    days: withOi.length,
    spearman: round(
      spearman(
        withOi.map((d) => d.oiRange ?? Number.NaN),
        withOi.map((d) => d.realizedLiq),
      ),
    ),
    pathDrivenSpearmanSameDays: round(
      spearman(
        withOi.map((d) => d.pathLiq),
        withOi.map((d) => d.realizedLiq),
      ),
    ),
    differenceSpearman90: bootstrap90(withOi.length, (idx) => diff(pickDays(withOi, idx))).map(
      (v) => round(v),
    ),
  };
}

export type BacktestSummary = ReturnType<typeof summarize>;
