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
    return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
  };
  return { p05: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
}

const asArray = (q: Quantiles): number[] => [q.p05, q.p25, q.p50, q.p75, q.p95];

/** Mean pinball loss of the five quantiles for outcome y. */
export function pinball(q: Quantiles, y: number): number {
  const values = asArray(q);
  let total = 0;
  LEVELS.forEach((level, i) => {
    const diff = y - values[i]!;
    total += diff >= 0 ? level * diff : (level - 1) * diff;
  });
  return total / LEVELS.length;
}

/** Share of samples below y (ties count half): the PIT value. */
export function pit(samples: ArrayLike<number>, y: number): number {
  let below = 0;
  let equal = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (v < y) below++;
    else if (v === y) equal++;
  }
  return samples.length === 0 ? Number.NaN : (below + equal / 2) / samples.length;
}

export function histogram10(values: readonly number[]): number[] {
  const bins = new Array<number>(10).fill(0);
  for (const v of values) bins[Math.min(9, Math.max(0, Math.floor(v * 10)))]!++;
  return bins;
}

function ranks(x: readonly number[]): number[] {
  const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(x.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
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
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
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
export function summarize(days: readonly ScoredDay[]) {
  const real = days.filter((d) => d.realizedLiq !== null && d.realizedLow !== null);
  const n = real.length;
  const share = (f: (d: ScoredDay) => boolean): number =>
    n === 0 ? Number.NaN : round(real.filter(f).length / n);
  const y = real.map((d) => d.realizedLiq!);
  const path = real.map((d) => d.pathLiq);
  const withOi = real.filter((d) => d.oiRange !== null);
  const withClim = real.filter((d) => d.climatology !== null);
  const lossF = (ds: readonly ScoredDay[]): number =>
    ds.reduce((a, d) => a + pinball(d.liq, d.realizedLiq!), 0) / ds.length;
  const lossC = (ds: readonly ScoredDay[]): number =>
    ds.reduce((a, d) => a + pinball(d.climatology!, d.realizedLiq!), 0) / ds.length;
  const skill = (ds: readonly ScoredDay[]): number => 1 - lossF(ds) / lossC(ds);
  const pick = <T>(xs: readonly T[], idx: readonly number[]): T[] => idx.map((i) => xs[i]!);
  const sPath = spearman(path, y);
  const sOi = spearman(
    withOi.map((d) => d.oiRange!),
    withOi.map((d) => d.realizedLiq!),
  );
  const sPathOnOi = spearman(
    withOi.map((d) => d.pathLiq),
    withOi.map((d) => d.realizedLiq!),
  );
  const sumPred = path.reduce((a, b) => a + b, 0);
  const sumReal = y.reduce((a, b) => a + b, 0);
  return {
    days: days.length,
    scoredDays: n,
    coverage: {
      liquidatedUsd: {
        band50: share((d) => covered(d.liq, d.realizedLiq!, 50)),
        band90: share((d) => covered(d.liq, d.realizedLiq!, 90)),
        below05: share((d) => d.realizedLiq! < d.liq.p05),
        above95: share((d) => d.realizedLiq! > d.liq.p95),
      },
      lowUsd: {
        band50: share((d) => covered(d.low, d.realizedLow!, 50)),
        band90: share((d) => covered(d.low, d.realizedLow!, 90)),
      },
    },
    pitHistogram: histogram10(real.filter((d) => d.pit !== null).map((d) => d.pit!)),
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
    oiTimesRange: {
      days: withOi.length,
      spearman: round(sOi),
      pathDrivenSpearmanSameDays: round(sPathOnOi),
      differenceSpearman90: bootstrap90(withOi.length, (idx) => {
        const ds = pick(withOi, idx);
        const r = ds.map((d) => d.realizedLiq!);
        return (
          spearman(
            ds.map((d) => d.pathLiq),
            r,
          ) -
          spearman(
            ds.map((d) => d.oiRange!),
            r,
          )
        );
      }).map((v) => round(v)),
    },
  };
}

export type BacktestSummary = ReturnType<typeof summarize>;
