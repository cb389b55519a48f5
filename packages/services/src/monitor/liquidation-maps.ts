import type { ClusterInput, DuckDbMarketStore } from '@cascade/adapters';
import type { LiquidationMapObservation } from '@cascade/analytics';
import type { VenueId } from '@cascade/core';
import { InputError, storeHeatmap } from '../heatmap-input.js';

const HOUR_MS = 3_600_000;
/** Open interest before the replay start that seeds the estimated map. */
export const HEATMAP_SEED_MS = 30 * 86_400_000;
const NOTIONAL_USD = 10_000;

/**
 * ESTIMATED liquidation maps (the fitted position book, docs/heatmap.md) after every hourly candle in
 * [fromMs, toMs], seeded from the 30 days before: the observations of a liquidation-cluster rule.
 * Buckets below the candle close hold longs, above it shorts (the estimator's invariant).
 */
export async function liquidationMapObservations(
  store: DuckDbMarketStore,
  cluster: ClusterInput,
  fromMs: number,
  toMs: number,
): Promise<{ observations: LiquidationMapObservation[]; notice?: string }> {
  let loaded;
  try {
    loaded = await storeHeatmap(store, {
      exchange: cluster.venue,
      symbol: cluster.instrument,
      timeframe: '1h',
      fromMs: fromMs - HEATMAP_SEED_MS,
      toMs,
      venue: cluster.venue as VenueId,
      notionalUsd: NOTIONAL_USD,
      options: { bucketSize: cluster.bucketUsd, snapshotEvery: 1 },
    });
  } catch (error) {
    if (error instanceof InputError)
      return {
        observations: [],
        notice: `rule ${cluster.rule}: ${error.message.replace('--symbol: ', '')}`,
      };
    throw error;
  }
  const c = loaded.series.candles;
  const { result } = loaded;
  const buckets = result.map.buckets;
  const observations: LiquidationMapObservation[] = [];
  for (let i = 0; i < c.ts.length; i++) {
    const tsMs = (c.ts[i] ?? 0) + HOUR_MS;
    if (tsMs < fromMs || tsMs > toMs) continue;
    const priceUsd = c.close[i] ?? 0;
    const longUsd = new Float64Array(buckets);
    const shortUsd = new Float64Array(buckets);
    for (let b = 0; b < buckets; b++) {
      const value = result.grid[i * buckets + b] ?? 0;
      const lower = result.map.priceOrigin + b * result.map.bucketSize;
      if (lower + result.map.bucketSize <= priceUsd) longUsd[b] = value;
      else shortUsd[b] = value;
    }
    observations.push({
      kind: 'liquidation-map',
      tsMs,
      symbol: cluster.symbol,
      priceUsd,
      priceOrigin: result.map.priceOrigin,
      bucketSize: result.map.bucketSize,
      longUsd,
      shortUsd,
    });
  }
  return {
    observations,
    notice: `rule ${cluster.rule}: estimated maps from the ${loaded.model.label}${
      loaded.openInterest.note === null ? '' : `; ${loaded.openInterest.note}`
    }`,
  };
}
