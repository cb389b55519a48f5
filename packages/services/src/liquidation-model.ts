/**
 * The fitted liquidation model as versioned data (data/models/*.json): loading with validation,
 * the venue margin ratios its book needs, and the one entry point every consumer uses to run it
 * (heatmap, map views, brief clusters, the monitor's cluster rule).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FORECAST_FEATURES,
  medianStep,
  runLiquidationModel,
  type BookParameters,
  type HeatmapCandles,
  type HeatmapOptions,
  type HeatmapResult,
  type LeverageRatios,
  type LiquidationModel,
} from '@cascade/analytics';
import type { VenueId } from '@cascade/core';
import { z } from 'zod';
import { InputError, leverageBuckets } from './heatmap-input.js';
import { repoRoot } from './repo-paths.js';

/** The model fitted on the embedded data, relative to the repository root. */
export const LIQUIDATION_MODEL_FILE = 'data/models/liquidation-model-btc-usdt-1h.json';

const finite = z.number().refine(Number.isFinite, 'not a finite number');
const sideSchema = z.object({
  coefficients: z.object(
    Object.fromEntries(FORECAST_FEATURES.map((name) => [name, finite])) as Record<
      (typeof FORECAST_FEATURES)[number],
      typeof finite
    >,
  ),
  calibration: z.object({ intercept: finite, slope: finite }),
});
export const liquidationModelSchema = z.object({
  version: z.string().min(1),
  barMs: z.number().int().positive(),
  training: z.object({
    fromMs: finite,
    toMs: finite,
    bars: z.number().int().positive(),
    source: z.string(),
  }),
  margin: z.object({ venue: z.string(), symbol: z.string(), notionalUsd: z.number().positive() }),
  book: z.object({
    leverages: z
      .array(z.object({ leverage: z.number().gt(1).lte(200), weight: z.number().min(0) }))
      .min(1),
    directionBias: z.number().min(0).max(0.5),
    halfLifeBars: z.number().positive().nullable(),
  }),
  long: sideSchema,
  short: sideSchema,
});

const cache = new Map<string, LiquidationModel>();

/** Reads and validates a model file (cached per path); InputError names the file and field. */
export function loadLiquidationModel(
  path = join(repoRoot(), LIQUIDATION_MODEL_FILE),
): LiquidationModel {
  const hit = cache.get(path);
  if (hit) return hit;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`${path}: ${(error as Error).message}`);
  }
  const parsed = liquidationModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      `${path}: field "${issue?.path.join('.') ?? ''}": ${issue?.message ?? ''}`,
    );
  }
  cache.set(path, parsed.data);
  return parsed.data;
}

/** The model as the JSON written to data/models (stable key order, readable). */
export function liquidationModelJson(model: LiquidationModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** One line naming the model and its training window, printed with every output that uses it. */
export function modelLabel(model: LiquidationModel): string {
  const t = model.training;
  return `liquidation model ${model.version}: fitted on ${t.bars} bars ${isoDay(t.fromMs)}..${isoDay(t.toMs)} UTC (${t.source})`;
}

/** Liquidation/entry ratios of isolated linear positions of `notionalUsd` on a venue (tiers). */
export function marginRatios(
  venue: VenueId,
  symbol: string,
  referencePrice: number,
  notionalUsd: number,
): LeverageRatios {
  const memo = new Map<number, { longRatio: number; shortRatio: number }>();
  return (leverage) => {
    let r = memo.get(leverage);
    if (r === undefined) {
      const [b] = leverageBuckets(
        [{ leverage, weight: 1 }],
        venue,
        symbol,
        referencePrice,
        notionalUsd,
      );
      if (b === undefined) throw new InputError(`no liquidation ratio at ${leverage}x`);
      r = { longRatio: b.longRatio, shortRatio: b.shortRatio };
      memo.set(leverage, r);
    }
    return r;
  };
}

/** Overrides of the fitted book (CLI/API options); anything absent keeps the fitted value. */
export interface BookOverrides {
  readonly leverages?: readonly { leverage: number; weight: number }[];
  readonly directionBias?: number;
  readonly halfLifeBars?: number | null;
}

export interface ModelHeatmapRequest {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly referencePriceUsd: number;
  readonly notionalUsd: number;
  readonly bucketSize: number;
  readonly overrides?: BookOverrides;
  readonly model?: LiquidationModel;
  readonly options?: Omit<
    HeatmapOptions,
    'leverages' | 'bucketSize' | 'directionBias' | 'decayPerCandle'
  >;
}

export interface ModelInfo {
  readonly version: string;
  readonly label: string;
  readonly training: LiquidationModel['training'];
  readonly book: BookParameters;
  /** True when an option replaced a fitted book parameter (the forecast is then off its fit). */
  readonly bookOverridden: boolean;
  /** Bar length the model was fitted on and the bar length it was run on (ms). */
  readonly fittedBarMs: number;
  readonly barMs: number;
}

/** A warning when the model runs on bars of another length than it was fitted on, else null. */
export function barLengthWarning(model: ModelInfo): string | null {
  if (model.barMs === model.fittedBarMs || model.barMs === 0) return null;
  const min = (ms: number) => `${ms / 60_000}-minute`;
  return `the liquidation model was fitted on ${min(model.fittedBarMs)} bars and runs here on ${min(model.barMs)} bars: its forecast's calibration does not carry over (docs/heatmap.md, limits)`;
}

/**
 * Runs the fitted model over candles with open interest: the book (map, grid) and, in
 * `estimated{Long,Short}LiquidatedUsd`, the per-bar forecast (not the raw swept notional).
 */
export function modelHeatmap(
  c: HeatmapCandles,
  q: ModelHeatmapRequest,
): { result: HeatmapResult; model: ModelInfo } {
  const fitted = q.model ?? loadLiquidationModel();
  const o = q.overrides ?? {};
  const book: BookParameters = {
    leverages: o.leverages ?? fitted.book.leverages,
    directionBias: o.directionBias ?? fitted.book.directionBias,
    halfLifeBars: o.halfLifeBars === undefined ? fitted.book.halfLifeBars : o.halfLifeBars,
  };
  const ratios = marginRatios(q.venue, q.symbol, q.referencePriceUsd, q.notionalUsd);
  const run = runLiquidationModel(c, { ...fitted, book }, ratios, q.bucketSize, q.options);
  return {
    result: {
      ...run.book,
      estimatedLongLiquidatedUsd: run.forecastLongUsd,
      estimatedShortLiquidatedUsd: run.forecastShortUsd,
    },
    model: {
      version: fitted.version,
      label: modelLabel(fitted),
      training: fitted.training,
      book,
      bookOverridden: Object.values(o).some((v) => v !== undefined),
      fittedBarMs: fitted.barMs,
      barMs: medianStep(c.ts),
    },
  };
}
