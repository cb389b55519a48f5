/**
 * The fitted liquidation model: one position-book estimator (the OI-delta book of heatmap.ts with
 * fitted leverage mix, side split and decay) and a per-bar forecast of long and short
 * liquidations, a log-linear regression on the bar's move, earlier open interest and the book the
 * move sweeps, calibrated to USD by a Poisson fit. Parameters are data (versioned, with their
 * training window); see docs/heatmap.md for how they are fitted and how they score out of sample.
 */
import {
  liquidationHeatmap,
  type HeatmapCandles,
  type HeatmapOptions,
  type HeatmapResult,
  type LeverageBucket,
} from '../heatmap.js';
import {
  FEATURE_COUNT,
  FORECAST_FEATURES,
  forecastDesign,
  type ForecastFeature,
  type BookSide,
} from './features.js';
import { linearPredict, type PoissonCalibration } from './linear-model.js';

export interface BookParameters {
  readonly leverages: readonly { readonly leverage: number; readonly weight: number }[];
  /** Long share of new open interest from candle direction: 0.5 ± bias. */
  readonly directionBias: number;
  /** Half-life of live levels in bars; null = no decay. */
  readonly halfLifeBars: number | null;
}

export interface SideModel {
  readonly coefficients: Readonly<Record<ForecastFeature, number>>;
  /** E[liquidated / open interest] = exp(intercept + slope · x·β). */
  readonly calibration: PoissonCalibration;
}

export interface LiquidationModel {
  readonly version: string;
  /** Bar length the model was fitted on (ms). */
  readonly barMs: number;
  readonly training: {
    readonly fromMs: number;
    readonly toMs: number;
    readonly bars: number;
    readonly source: string;
  };
  /** Margin model the book's liquidation ratios come from. */
  readonly margin: {
    readonly venue: string;
    readonly symbol: string;
    readonly notionalUsd: number;
  };
  readonly book: BookParameters;
  readonly long: SideModel;
  readonly short: SideModel;
}

/** Liquidation price / entry of a long and a short at one leverage (from a venue margin model). */
export type LeverageRatios = (leverage: number) => { longRatio: number; shortRatio: number };

/** The heatmap options of a book (ratios from the venue margin model). */
export function bookOptions(
  book: BookParameters,
  ratios: LeverageRatios,
  bucketSize: number,
  extra: Omit<HeatmapOptions, 'leverages' | 'bucketSize' | 'directionBias' | 'decayPerCandle'> = {},
): HeatmapOptions {
  const leverages: LeverageBucket[] = book.leverages.map(({ leverage, weight }) => ({
    leverage,
    weight,
    ...ratios(leverage),
  }));
  return {
    ...extra,
    leverages,
    bucketSize,
    directionBias: book.directionBias,
    decayPerCandle: book.halfLifeBars === null ? 1 : 0.5 ** (1 / book.halfLifeBars),
  };
}

/** Coefficients as a typed array in FORECAST_FEATURES order. */
export function coefficientVector(side: SideModel): Float64Array {
  return Float64Array.from(FORECAST_FEATURES, (name) => side.coefficients[name]);
}

/** Expected USD liquidated per bar from scores: OI(previous close) · exp(a + b · score). */
export function expectedUsd(
  c: HeatmapCandles,
  score: Float64Array,
  calibration: PoissonCalibration,
): Float64Array {
  const out = new Float64Array(score.length);
  for (let i = 1; i < score.length; i++) {
    out[i] =
      c.openInterest[i - 1]! * Math.exp(calibration.intercept + calibration.slope * score[i]!);
  }
  return out;
}

export interface ModelRun {
  /** The book (map, grid) and, in its estimated* arrays, the notional each bar swept. */
  readonly book: HeatmapResult;
  readonly forecastLongUsd: Float64Array;
  readonly forecastShortUsd: Float64Array;
}

/**
 * Runs the fitted book over the candles and forecasts each bar's long and short liquidations
 * from information before the bar plus the bar's own move (no look-ahead).
 */
export function runLiquidationModel(
  c: HeatmapCandles,
  model: LiquidationModel,
  ratios: LeverageRatios,
  bucketSize: number,
  extra: Omit<HeatmapOptions, 'leverages' | 'bucketSize' | 'directionBias' | 'decayPerCandle'> = {},
): ModelRun {
  const book = liquidationHeatmap(c, bookOptions(model.book, ratios, bucketSize, extra));
  const forecast = (side: BookSide, swept: Float64Array): Float64Array => {
    const m = model[side];
    return expectedUsd(
      c,
      linearPredict(forecastDesign(c, swept, side), coefficientVector(m), FEATURE_COUNT),
      m.calibration,
    );
  };
  return {
    book,
    forecastLongUsd: forecast('long', book.estimatedLongLiquidatedUsd),
    forecastShortUsd: forecast('short', book.estimatedShortLiquidatedUsd),
  };
}
