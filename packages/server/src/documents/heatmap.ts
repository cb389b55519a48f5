/** The estimated liquidation heatmap over stored candles and open interest (`cascade heatmap`). */
import { liquidationHeatmap } from '@cascade/analytics';
import type { DuckDbMarketStore } from '@cascade/adapters';
import type { VENUES } from '@cascade/core';
import {
  DEFAULT_LEVERAGE_MIX,
  heatmapJson,
  leverageBuckets,
  loadStoreSeries,
  parseLeverageMix,
} from '@cascade/services';

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
  const { series } = await loadStoreSeries(
    store,
    q.exchange,
    q.symbol,
    q.timeframe,
    q.fromMs,
    q.toMs,
  );
  const ref = series.candles.close[series.candles.close.length - 1] ?? 1;
  const leverages = leverageBuckets(
    parseLeverageMix(q.leverage),
    q.venue,
    q.symbol,
    ref,
    q.notional,
  );
  const result = liquidationHeatmap(series.candles, {
    leverages,
    bucketSize: q.bucket,
    directionBias: q.bias,
    decayPerCandle: q.halfLife === undefined ? 1 : 0.5 ** (1 / q.halfLife),
    snapshotEvery: q.gridEvery,
  });
  return heatmapJson(series.candles, result);
}
