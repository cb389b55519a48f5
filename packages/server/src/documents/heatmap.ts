/** The estimated liquidation heatmap over stored candles and open interest (`cascade heatmap`). */
import type { DuckDbMarketStore } from '@cascade/adapters';
import type { VENUES } from '@cascade/core';
import { heatmapJson, storeHeatmap } from '@cascade/services';

export interface HeatmapRequest {
  readonly symbol: string;
  readonly exchange: string;
  readonly timeframe: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly venue: (typeof VENUES)[number];
  readonly leverage?: string | undefined;
  readonly bucket: number;
  readonly bias?: number | undefined;
  readonly halfLife?: number | undefined;
  readonly gridEvery: number;
  readonly notional: number;
}

/** The defaults of `cascade heatmap` (store mode). */
export const HEATMAP_DEFAULTS = {
  exchange: 'binance',
  timeframe: '1h',
  venue: 'binance',
  bucket: 100,
  gridEvery: 0,
  notional: 10_000,
} as const;

/** The `cascade heatmap --json` document over stored candles and OI; InputError when none. */
export async function estimatedHeatmap(store: DuckDbMarketStore, q: HeatmapRequest) {
  const { series, result, model } = await storeHeatmap(store, {
    exchange: q.exchange,
    symbol: q.symbol,
    timeframe: q.timeframe,
    fromMs: q.fromMs,
    toMs: q.toMs,
    venue: q.venue,
    ...(q.leverage === undefined ? {} : { leverageMix: q.leverage }),
    notionalUsd: q.notional,
    options: {
      bucketSize: q.bucket,
      ...(q.bias === undefined ? {} : { directionBias: q.bias }),
      ...(q.halfLife === undefined ? {} : { decayPerCandle: 0.5 ** (1 / q.halfLife) }),
      snapshotEvery: q.gridEvery,
    },
  });
  return heatmapJson(series.candles, result, model);
}
