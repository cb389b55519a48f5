/** JSON views of the fitted liquidation model: map and per-bar forecast (estimates, labelled). */
import type { OpenInterestCoverage } from '../heatmap-series.js';
import type { ModelInfo } from '../liquidation-model.js';
import {
  cumulativeLiquidationMap,
  type HeatmapCandles,
  type HeatmapResult,
} from '@cascade/analytics';

export const HEATMAP_ESTIMATE_NOTE =
  'ESTIMATES from a position book fitted to open-interest changes and realized liquidations (docs/heatmap.md); not observed positions.';

export function heatmapMapLevels(result: HeatmapResult) {
  const m = result.map;
  const cum = cumulativeLiquidationMap(m);
  const n = m.leverages.length;
  const levels = [];
  for (let b = 0; b < m.buckets; b++) {
    const long = Array.from(m.long.subarray(b * n, b * n + n), (v) => Math.round(v));
    const short = Array.from(m.short.subarray(b * n, b * n + n), (v) => Math.round(v));
    if (long.every((v) => v === 0) && short.every((v) => v === 0)) continue;
    levels.push({
      price: cum.price[b] ?? 0,
      longUsd: long,
      shortUsd: short,
      cumulativeLongBelowUsd: Math.round(cum.cumulativeLongBelow[b] ?? 0),
      cumulativeShortAboveUsd: Math.round(cum.cumulativeShortAbove[b] ?? 0),
    });
  }
  return levels;
}

/**
 * The `cascade heatmap --json` document: per-candle forecasts, the final map, the optional grid,
 * and the model (version, training window) that made them.
 */
export function heatmapJson(c: HeatmapCandles, result: HeatmapResult, model?: ModelInfo) {
  const candles = Array.from(c.ts, (ts, i) => ({
    ts,
    estimatedLongLiquidatedUsd: Math.round(result.estimatedLongLiquidatedUsd[i] ?? 0),
    estimatedShortLiquidatedUsd: Math.round(result.estimatedShortLiquidatedUsd[i] ?? 0),
  }));
  const map = {
    estimate: true,
    bucketSize: result.map.bucketSize,
    leverages: result.map.leverages,
    lastPrice: c.close[c.close.length - 1] ?? null,
    levels: heatmapMapLevels(result),
  };
  const nb = result.map.buckets;
  const grid =
    result.snapshotIndex.length === 0
      ? undefined
      : {
          prices: Array.from(
            { length: nb },
            (_, b) => result.map.priceOrigin + b * result.map.bucketSize,
          ),
          rows: Array.from(result.snapshotIndex, (i, k) => ({
            ts: c.ts[i] ?? null,
            values: Array.from(result.grid.subarray(k * nb, (k + 1) * nb), (v) => Math.round(v)),
          })),
        };
  return {
    note: HEATMAP_ESTIMATE_NOTE,
    ...(model ? { model } : {}),
    candles,
    map,
    ...(grid ? { grid } : {}),
  };
}

/**
 * The document over a stored series (`storeHeatmap`): `heatmapJson` with the per-candle forecasts
 * and grid rows of the requested window only (a series extended back over daily open interest
 * for the book's history starts earlier; the map is the book at the end either way), and where
 * its open interest came from (`openInterest`, with the note callers print).
 */
export function storeHeatmapJson(
  loaded: {
    readonly series: { readonly candles: HeatmapCandles };
    readonly result: HeatmapResult;
    readonly model?: ModelInfo;
    readonly openInterest: OpenInterestCoverage;
  },
  fromMs: number,
) {
  const doc = heatmapJson(loaded.series.candles, loaded.result, loaded.model);
  const { grid, ...rest } = doc;
  return {
    ...rest,
    candles: doc.candles.filter((c) => c.ts >= fromMs),
    ...(grid ? { grid: { ...grid, rows: grid.rows.filter((r) => (r.ts ?? 0) >= fromMs) } } : {}),
    openInterest: loaded.openInterest,
  };
}
