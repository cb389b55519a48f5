/**
 * Fitting the liquidation model on a training window:
 *  1. the book's parameters (leverage mix over fixed leverages, direction bias, half-life) by
 *     Nelder–Mead on the summed mean squared log error of the two side regressions, each refitted
 *     by least squares at every step (a nested, profile fit);
 *  2. at the best book, the side regressions of log(liquidated / OI + 1e-7) on the features;
 *  3. the Poisson calibration of each side's score to USD.
 * Only rows inside the window are read; the book runs on the candles up to the window's end.
 */
import { liquidationHeatmap, type HeatmapCandles } from '../heatmap.js';
import {
  FEATURE_COUNT,
  FORECAST_FEATURES,
  forecastDesign,
  TRAILING_BARS,
  type BookSide,
} from './features.js';
import { fitPoissonCalibration, leastSquares, linearPredict } from './linear-model.js';
import {
  bookOptions,
  type BookParameters,
  type LeverageRatios,
  type LiquidationModel,
  type SideModel,
} from './liquidation-model.js';
import { nelderMead } from './nelder-mead.js';

export interface LiquidationSeries {
  readonly candles: HeatmapCandles;
  /** Realized long / short liquidations (USD) per bar; NaN where unknown. */
  readonly realizedLong: Float64Array;
  readonly realizedShort: Float64Array;
}

export interface FitOptions {
  /** Training window [fromMs, toMs) on bar open time. */
  readonly fromMs?: number;
  readonly toMs: number;
  readonly ratios: LeverageRatios;
  readonly bucketSize: number;
  readonly leverages?: readonly number[];
  readonly start?: BookParameters;
  readonly maxEvaluations?: number;
  readonly version: string;
  readonly source: string;
  readonly margin: LiquidationModel['margin'];
}

export const TARGET_FLOOR = 1e-7;
export const DEFAULT_BOOK: BookParameters = {
  leverages: [
    { leverage: 5, weight: 0.15 },
    { leverage: 10, weight: 0.3 },
    { leverage: 25, weight: 0.3 },
    { leverage: 50, weight: 0.15 },
    { leverage: 100, weight: 0.1 },
  ],
  directionBias: 0.2,
  halfLifeBars: null,
};
const NO_DECAY_LOG_HALF_LIFE = Math.log(1e4);

/** Leading bars of the candle arrays [0, end). */
function head(c: HeatmapCandles, end: number): HeatmapCandles {
  const cut = (a: Float64Array) => a.subarray(0, end);
  return {
    ts: cut(c.ts),
    open: cut(c.open),
    high: cut(c.high),
    low: cut(c.low),
    close: cut(c.close),
    openInterest: cut(c.openInterest),
    ...(c.takerBuyRatio ? { takerBuyRatio: cut(c.takerBuyRatio) } : {}),
  };
}

/** Rows a fit may use: inside the window, past the warm-up, with realized values and OI. */
export function trainingRows(s: LiquidationSeries, fromMs: number, toMs: number): Uint8Array {
  const c = s.candles;
  const use = new Uint8Array(c.ts.length);
  for (let i = TRAILING_BARS + 1; i < c.ts.length; i++) {
    const t = c.ts[i]!;
    const ok =
      t >= fromMs &&
      t < toMs &&
      c.openInterest[i - 1]! > 0 &&
      s.realizedLong[i]! >= 0 &&
      s.realizedShort[i]! >= 0;
    use[i] = ok ? 1 : 0;
  }
  return use;
}

/** log(realized / OI(previous close) + floor) per bar. */
export function logTarget(c: HeatmapCandles, realized: Float64Array): Float64Array {
  const y = new Float64Array(realized.length);
  for (let i = 1; i < y.length; i++)
    y[i] = Math.log(realized[i]! / c.openInterest[i - 1]! + TARGET_FLOOR);
  return y;
}

function meanSquaredResidual(
  x: Float64Array,
  y: Float64Array,
  use: Uint8Array,
): { beta: Float64Array; mse: number } {
  const beta = leastSquares(x, y, FEATURE_COUNT, use);
  const fitted = linearPredict(x, beta, FEATURE_COUNT);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < y.length; i++) {
    if (use[i] !== 1) continue;
    sum += (y[i]! - fitted[i]!) ** 2;
    n++;
  }
  return { beta, mse: sum / n };
}

function decode(theta: readonly number[], leverages: readonly number[]): BookParameters {
  const logits = [...theta.slice(0, leverages.length - 1), 0];
  const max = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  const biasRaw = theta[leverages.length - 1]!;
  const logHalfLife = theta[leverages.length]!;
  return {
    leverages: leverages.map((leverage, k) => ({ leverage, weight: e[k]! / total })),
    directionBias: 0.5 / (1 + Math.exp(-biasRaw)),
    halfLifeBars: logHalfLife >= NO_DECAY_LOG_HALF_LIFE ? null : Math.exp(Math.max(logHalfLife, 0)),
  };
}

function encode(book: BookParameters, leverages: readonly number[]): number[] {
  const weight = (l: number) =>
    Math.max(book.leverages.find((b) => b.leverage === l)?.weight ?? 0, 1e-3);
  const last = weight(leverages[leverages.length - 1]!);
  const bias = Math.min(Math.max(book.directionBias / 0.5, 1e-3), 1 - 1e-3);
  return [
    ...leverages.slice(0, -1).map((l) => Math.log(weight(l) / last)),
    Math.log(bias / (1 - bias)),
    book.halfLifeBars === null ? NO_DECAY_LOG_HALF_LIFE + 1 : Math.log(book.halfLifeBars),
  ];
}

function sideModel(
  beta: Float64Array,
  design: Float64Array,
  realized: Float64Array,
  c: HeatmapCandles,
  use: Uint8Array,
): SideModel {
  const score = linearPredict(design, beta, FEATURE_COUNT);
  const ratio = new Float64Array(realized.length);
  for (let i = 1; i < ratio.length; i++) ratio[i] = realized[i]! / c.openInterest[i - 1]!;
  const coefficients = Object.fromEntries(
    FORECAST_FEATURES.map((name, p) => [name, beta[p]!]),
  ) as SideModel['coefficients'];
  return { coefficients, calibration: fitPoissonCalibration(score, ratio, use) };
}

/** Fits book and forecast on [fromMs, toMs); see the module comment. */
export function fitLiquidationModel(s: LiquidationSeries, o: FitOptions): LiquidationModel {
  const end = s.candles.ts.findIndex((t) => t >= o.toMs);
  const cut = end < 0 ? s.candles.ts.length : end;
  const c = head(s.candles, cut);
  const series = {
    candles: c,
    realizedLong: s.realizedLong.subarray(0, cut),
    realizedShort: s.realizedShort.subarray(0, cut),
  };
  const use = trainingRows(series, o.fromMs ?? Number.NEGATIVE_INFINITY, o.toMs);
  const bars = use.reduce((a, v) => a + v, 0);
  if (bars < 10 * FEATURE_COUNT) {
    throw new RangeError(
      `fit: ${bars} usable training bars; at least ${10 * FEATURE_COUNT} needed`,
    );
  }
  const y: Record<BookSide, Float64Array> = {
    long: logTarget(c, series.realizedLong),
    short: logTarget(c, series.realizedShort),
  };
  const leverages = o.leverages ?? DEFAULT_BOOK.leverages.map((l) => l.leverage);
  const evaluate = (book: BookParameters) => {
    const run = liquidationHeatmap(c, bookOptions(book, o.ratios, o.bucketSize));
    const long = forecastDesign(c, run.estimatedLongLiquidatedUsd, 'long');
    const short = forecastDesign(c, run.estimatedShortLiquidatedUsd, 'short');
    const fitLong = meanSquaredResidual(long, y.long, use);
    const fitShort = meanSquaredResidual(short, y.short, use);
    return { long, short, fitLong, fitShort, loss: fitLong.mse + fitShort.mse };
  };
  const best = nelderMead(
    (theta) => evaluate(decode(theta, leverages)).loss,
    encode(o.start ?? DEFAULT_BOOK, leverages),
    {
      step: 0.7,
      maxEvaluations: o.maxEvaluations ?? 150,
      tolerance: 1e-5,
    },
  );
  const book = decode(best.x, leverages);
  const final = evaluate(book);
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < use.length; i++) {
    if (use[i] !== 1) continue;
    fromMs = Math.min(fromMs, c.ts[i]!);
    toMs = Math.max(toMs, c.ts[i]!);
  }
  return {
    version: o.version,
    barMs: medianStep(c.ts),
    training: { fromMs, toMs, bars, source: o.source },
    margin: o.margin,
    book,
    long: sideModel(final.fitLong.beta, final.long, series.realizedLong, c, use),
    short: sideModel(final.fitShort.beta, final.short, series.realizedShort, c, use),
  };
}

/** Median spacing of the timestamps (the bar length). */
export function medianStep(ts: Float64Array): number {
  const d = Array.from({ length: Math.max(ts.length - 1, 0) }, (_, i) => ts[i + 1]! - ts[i]!).sort(
    (a, b) => a - b,
  );
  return d.length === 0 ? 0 : d[d.length >> 1]!;
}
