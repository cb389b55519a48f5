/**
 * Walk-forward (rolling-origin) evaluation of the liquidation forecast against two baselines on
 * the same bars. For each fold the models are fitted on every bar before the fold's origin and
 * judged on the bars up to the next origin; test predictions of all folds are pooled.
 *
 * Models:
 *  - forecast: the fitted liquidation model (book + regression + calibration);
 *  - range: OI(previous close) · (open − low)/open for longs, (high − open)/open for shorts,
 *    one scale (Σrealized/Σbaseline over both sides on train), so its total is OI · (high − low)/open;
 *  - range-oi-regression: log(liquidated/OI) on log adverse excursion alone, same calibration.
 * Metrics: Spearman, log Pearson, top-decile hit rate, Σest/Σreal, and the pinball loss of
 * quantile forecasts (each model's point forecast times train quantiles of log(real/forecast)),
 * with moving-block bootstrap 95% intervals.
 */
import { createRng } from '@cascade/core';
import { compareSeries, spearman, type SeriesComparison } from '../heatmap-validation.js';
import { FEATURE_COUNT, forecastDesign, TRAILING_BARS, type BookSide } from './features.js';
import {
  fitLiquidationModel,
  logTarget,
  trainingRows,
  type FitOptions,
  type LiquidationSeries,
} from './fit-model.js';
import { fitPoissonCalibration, leastSquares, linearPredict } from './linear-model.js';
import { runLiquidationModel, type LiquidationModel } from './liquidation-model.js';

export const MODEL_NAMES = ['forecast', 'range', 'range-oi-regression'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];
export const SIDES = ['long', 'short', 'total'] as const;
export type Scored = (typeof SIDES)[number];
export const PINBALL_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;
const RATIO_FLOOR_USD = 1000;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface SideScore extends SeriesComparison {
  /** Mean pinball loss (USD) over PINBALL_LEVELS. */
  readonly pinball: number;
  readonly spearmanInterval: Interval;
}

export interface FoldInfo {
  readonly originMs: number;
  readonly endMs: number;
  readonly trainBars: number;
  readonly testBars: number;
  readonly model: LiquidationModel;
}

export interface WalkForwardReport {
  readonly folds: readonly FoldInfo[];
  readonly testBars: number;
  readonly scores: Readonly<Record<ModelName, Readonly<Record<Scored, SideScore>>>>;
  /** forecast − range, Spearman, with its bootstrap interval. */
  readonly spearmanGainOverRange: Readonly<Record<Scored, { readonly value: number } & Interval>>;
  /** forecast pinball / range pinball (below 1 = better), with its bootstrap interval. */
  readonly pinballRatioToRange: Readonly<Record<Scored, { readonly value: number } & Interval>>;
  /** Reliability: bins of forecast total (deciles of the pooled test forecasts). */
  readonly reliability: readonly {
    readonly meanForecastUsd: number;
    readonly meanRealizedUsd: number;
    readonly bars: number;
  }[];
  readonly bootstrap: {
    readonly replicates: number;
    readonly blockBars: number;
    readonly seed: number;
  };
}

export interface WalkForwardOptions extends Omit<
  FitOptions,
  'fromMs' | 'toMs' | 'version' | 'source'
> {
  /** Fold origins (bar open times, ascending); the last fold runs to the end of the series. */
  readonly origins: readonly number[];
  readonly bootstrap?: {
    readonly replicates: number;
    readonly blockBars: number;
    readonly seed: number;
  };
  /** Called after each fold is fitted and scored (progress). */
  readonly onFold?: (done: number, total: number) => void;
}

type Pair = Record<BookSide, Float64Array>;

/** Point forecasts of the two baselines, fitted on `use`. */
function baselines(
  s: LiquidationSeries,
  use: Uint8Array,
): Record<'range' | 'range-oi-regression', Pair> {
  const c = s.candles;
  const n = c.ts.length;
  const range: Pair = { long: new Float64Array(n), short: new Float64Array(n) };
  for (let i = 1; i < n; i++) {
    const o = c.open[i]!;
    range.long[i] = (c.openInterest[i - 1]! * (o - c.low[i]!)) / o;
    range.short[i] = (c.openInterest[i - 1]! * (c.high[i]! - o)) / o;
  }
  const regression: Pair = { long: new Float64Array(n), short: new Float64Array(n) };
  let se = 0;
  let sr = 0;
  for (let i = 0; i < n; i++) {
    if (use[i] !== 1) continue;
    se += range.long[i]! + range.short[i]!;
    sr += s.realizedLong[i]! + s.realizedShort[i]!;
  }
  const scale = se > 0 ? sr / se : 1;
  range.long = range.long.map((v) => v * scale);
  range.short = range.short.map((v) => v * scale);
  for (const side of ['long', 'short'] as const) {
    const realized = side === 'long' ? s.realizedLong : s.realizedShort;
    const full = forecastDesign(c, new Float64Array(n), side);
    const x = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      x[i * 2] = 1;
      x[i * 2 + 1] = full[i * FEATURE_COUNT + 1]!;
    }
    const beta = leastSquares(x, logTarget(c, realized), 2, use);
    const score = linearPredict(x, beta, 2);
    const ratio = new Float64Array(n);
    for (let i = 1; i < n; i++) ratio[i] = realized[i]! / c.openInterest[i - 1]!;
    const cal = fitPoissonCalibration(score, ratio, use);
    for (let i = 1; i < n; i++) {
      regression[side][i] =
        c.openInterest[i - 1]! * Math.exp(cal.intercept + cal.slope * score[i]!);
    }
  }
  return { range, 'range-oi-regression': regression };
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Train quantiles (PINBALL_LEVELS) of log((real + floor)/(forecast + floor)). */
function logRatioQuantiles(forecast: Float64Array, real: Float64Array, use: Uint8Array): number[] {
  const r: number[] = [];
  for (let i = 0; i < real.length; i++) {
    if (use[i] === 1)
      r.push(Math.log((real[i]! + RATIO_FLOOR_USD) / (forecast[i]! + RATIO_FLOOR_USD)));
  }
  const sorted = Float64Array.from(r).sort();
  return PINBALL_LEVELS.map((q) => quantile(sorted, q));
}

function pinballLoss(
  forecast: Float64Array,
  real: Float64Array,
  logQ: readonly number[],
): Float64Array {
  const out = new Float64Array(real.length);
  for (let i = 0; i < real.length; i++) {
    let loss = 0;
    PINBALL_LEVELS.forEach((tau, k) => {
      const q = (forecast[i]! + RATIO_FLOOR_USD) * Math.exp(logQ[k]!) - RATIO_FLOOR_USD;
      const d = real[i]! - q;
      loss += d >= 0 ? tau * d : (tau - 1) * d;
    });
    out[i] = loss / PINBALL_LEVELS.length;
  }
  return out;
}

interface Pooled {
  forecast: Record<ModelName, Record<Scored, number[]>>;
  pinball: Record<ModelName, Record<Scored, number[]>>;
  real: Record<Scored, number[]>;
}

function emptyPooled(): Pooled {
  const sides = () => ({ long: [] as number[], short: [] as number[], total: [] as number[] });
  const models = () => ({ forecast: sides(), range: sides(), 'range-oi-regression': sides() });
  return { forecast: models(), pinball: models(), real: sides() };
}

/** Moving-block bootstrap indices over n rows. */
function blockIndices(n: number, block: number, rng: () => number): Int32Array {
  const idx = new Int32Array(n);
  let k = 0;
  while (k < n) {
    const start = Math.floor(rng() * Math.max(n - block + 1, 1));
    for (let j = 0; j < block && k < n; j++) idx[k++] = Math.min(start + j, n - 1);
  }
  return idx;
}

const pick = (a: Float64Array, idx: Int32Array) => Float64Array.from(idx, (i) => a[i]!);
const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / Math.max(a.length, 1);

function percentileInterval(values: number[]): Interval {
  const sorted = Float64Array.from(values.filter(Number.isFinite)).sort();
  return { low: quantile(sorted, 0.025), high: quantile(sorted, 0.975) };
}

/** Runs the walk-forward evaluation; see the module comment. */
export function walkForward(s: LiquidationSeries, o: WalkForwardOptions): WalkForwardReport {
  const c = s.candles;
  const n = c.ts.length;
  const pooled = emptyPooled();
  const folds: FoldInfo[] = [];
  o.origins.forEach((originMs, f) => {
    const endMs = o.origins[f + 1] ?? Number.POSITIVE_INFINITY;
    const model = fitLiquidationModel(s, {
      ...o,
      toMs: originMs,
      version: `walk-forward fold ${f + 1}`,
      source: 'walk-forward',
    });
    const use = trainingRows(s, Number.NEGATIVE_INFINITY, originMs);
    const test = trainingRows(s, originMs, endMs);
    const run = runLiquidationModel(c, model, o.ratios, o.bucketSize);
    const points: Record<ModelName, Pair> = {
      forecast: { long: run.forecastLongUsd, short: run.forecastShortUsd },
      ...baselines(s, use),
    };
    const realTotal = s.realizedLong.map((v, i) => v + s.realizedShort[i]!);
    const real: Record<Scored, Float64Array> = {
      long: s.realizedLong,
      short: s.realizedShort,
      total: realTotal,
    };
    for (const name of MODEL_NAMES) {
      const p = points[name];
      const byScored: Record<Scored, Float64Array> = {
        long: p.long,
        short: p.short,
        total: p.long.map((v, i) => v + p.short[i]!),
      };
      for (const side of SIDES) {
        const loss = pinballLoss(
          byScored[side],
          real[side],
          logRatioQuantiles(byScored[side], real[side], use),
        );
        for (let i = 0; i < n; i++) {
          if (test[i] !== 1) continue;
          pooled.forecast[name][side].push(byScored[side][i]!);
          pooled.pinball[name][side].push(loss[i]!);
          if (name === 'forecast') pooled.real[side].push(real[side][i]!);
        }
      }
    }
    const count = (u: Uint8Array) => u.reduce((a, v) => a + v, 0);
    folds.push({
      originMs,
      endMs: Math.min(endMs, c.ts[n - 1]! + 1),
      trainBars: count(use),
      testBars: count(test),
      model,
    });
    o.onFold?.(f + 1, o.origins.length);
  });
  return summarise(
    pooled,
    folds,
    o.bootstrap ?? { replicates: 1000, blockBars: TRAILING_BARS, seed: 1 },
  );
}

function summarise(
  p: Pooled,
  folds: FoldInfo[],
  boot: WalkForwardReport['bootstrap'],
): WalkForwardReport {
  const real = Object.fromEntries(SIDES.map((s) => [s, Float64Array.from(p.real[s])])) as Record<
    Scored,
    Float64Array
  >;
  const est = (m: ModelName, s: Scored) => Float64Array.from(p.forecast[m][s]);
  const loss = (m: ModelName, s: Scored) => Float64Array.from(p.pinball[m][s]);
  const nTest = real.long.length;
  const rng = createRng(boot.seed);
  const draws = Array.from({ length: boot.replicates }, () =>
    blockIndices(nTest, boot.blockBars, rng),
  );
  const rhoDraws = (m: ModelName, s: Scored) =>
    draws.map((idx) => spearman(pick(est(m, s), idx), pick(real[s], idx)));
  const scores = Object.fromEntries(
    MODEL_NAMES.map((m) => [
      m,
      Object.fromEntries(
        SIDES.map((s) => [
          s,
          {
            ...compareSeries(est(m, s), real[s]),
            pinball: mean(loss(m, s)),
            spearmanInterval: percentileInterval(rhoDraws(m, s)),
          },
        ]),
      ),
    ]),
  ) as unknown as WalkForwardReport['scores'];
  const gain = (s: Scored) => {
    const values = draws.map(
      (idx) =>
        spearman(pick(est('forecast', s), idx), pick(real[s], idx)) -
        spearman(pick(est('range', s), idx), pick(real[s], idx)),
    );
    return {
      value: scores.forecast[s].spearman - scores.range[s].spearman,
      ...percentileInterval(values),
    };
  };
  const ratio = (s: Scored) => {
    const a = loss('forecast', s);
    const b = loss('range', s);
    const values = draws.map((idx) => mean(pick(a, idx)) / mean(pick(b, idx)));
    return { value: mean(a) / mean(b), ...percentileInterval(values) };
  };
  return {
    folds,
    testBars: nTest,
    scores,
    spearmanGainOverRange: { long: gain('long'), short: gain('short'), total: gain('total') },
    pinballRatioToRange: { long: ratio('long'), short: ratio('short'), total: ratio('total') },
    reliability: reliabilityBins(est('forecast', 'total'), real.total, 10),
    bootstrap: boot,
  };
}

/** Mean forecast and mean realized per quantile bin of the forecast. */
export function reliabilityBins(
  forecast: Float64Array,
  real: Float64Array,
  bins: number,
): WalkForwardReport['reliability'] {
  const order = Array.from(forecast.keys()).sort((a, b) => forecast[a]! - forecast[b]!);
  return Array.from({ length: bins }, (_, b) => {
    const part = order.slice(
      Math.floor((b * order.length) / bins),
      Math.floor(((b + 1) * order.length) / bins),
    );
    const avg = (a: Float64Array) => part.reduce((s, i) => s + a[i]!, 0) / Math.max(part.length, 1);
    return { meanForecastUsd: avg(forecast), meanRealizedUsd: avg(real), bars: part.length };
  });
}
