/** The estimated liquidation heatmap over stored candles and open interest (`cascade heatmap`). */
import type { DuckDbMarketStore } from '@cascade/adapters';
import type { VENUES } from '@cascade/core';
import { DEFAULT_LEVERAGE_MIX, heatmapJson, storeHeatmap } from '@cascade/services';

export interface HeatmapRequest {
  readonly symbol: string;
  readonly exchange: string;
  readonly timeframe: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly venue: (typeof VENUES)[number];
  readonly leverage: string;
  readonly bucket: number;
  readonly bias: number;
  readonly halfLife?: number | undefined;
  readonly gridEvery: number;
  readonly notional: number;
}

/** The defaults of `cascade heatmap` (store mode). */
export const HEATMAP_DEFAULTS = {
  exchange: 'binance',
  timeframe: '1h',
  venue: 'binance',
  leverage: DEFAULT_LEVERAGE_MIX,
  bucket: 100,
  bias: 0.2,
  gridEvery: 0,
  notional: 10_000,
} as const;

/** The `cascade heatmap --json` document over stored candles and OI; InputError when none. */
export async function estimatedHeatmap(store: DuckDbMarketStore, q: HeatmapRequest) {
  const { series, result } = await storeHeatmap(store, {
    exchange: q.exchange,
    symbol: q.symbol,
    timeframe: q.timeframe,
    fromMs: q.fromMs,
    toMs: q.toMs,
    venue: q.venue,
    leverageMix: q.leverage,
    notionalUsd: q.notional,
    options: {
      bucketSize: q.bucket,
      directionBias: q.bias,
      decayPerCandle: q.halfLife === undefined ? 1 : 0.5 ** (1 / q.halfLife),
      snapshotEvery: q.gridEvery,
    },
  });
  return heatmapJson(series.candles, result);
}
