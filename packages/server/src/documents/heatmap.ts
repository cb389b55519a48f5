/** The estimated liquidation heatmap over stored candles and open interest (`cascade heatmap`). */
import type { DuckDbMarketStore } from '@cascade/adapters';
import type { VENUES } from '@cascade/core';
import { storeHeatmap, storeHeatmapJson } from '@cascade/services';
import { z } from 'zod';

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

/** `openInterest` of the heatmap documents (services `OpenInterestCoverage`). */
export const openInterestSchema = z
  .object({
    source: z
      .enum(['hourly', 'daily-carried-forward', 'mixed'])
      .describe(
        'hourly: open interest stored at each candle; daily-carried-forward: the latest daily snapshot (00:00 UTC) at or before each candle',
      ),
    ranges: z
      .array(
        z.object({
          source: z.enum(['hourly', 'daily-carried-forward']),
          fromMs: z.number(),
          toMs: z.number(),
          candles: z.number(),
        }),
      )
      .readonly()
      .describe('runs of consecutive candles (open times, UTC ms) with one source'),
    missing: z
      .array(z.object({ fromMs: z.number(), toMs: z.number() }))
      .readonly()
      .describe('candles of the window left out: no open interest covers them'),
    requestedFromMs: z.number(),
    requestedToMs: z.number(),
    extendedFromMs: z
      .number()
      .nullable()
      .describe('where the book starts when it was run over earlier daily snapshots'),
    stored: z
      .array(z.object({ intervalMs: z.number(), fromMs: z.number(), toMs: z.number() }))
      .readonly()
      .describe('every stored open-interest series of the instrument (when not all hourly)'),
    note: z
      .string()
      .nullable()
      .describe(
        'one line saying which open interest was used and what is missing; null if all hourly',
      ),
  })
  .describe('where the open interest under the estimate came from (docs/market-data.md)');

/**
 * The `cascade heatmap --json` document over stored candles and OI for the requested days, with
 * where its open interest came from (`openInterest`); InputError when none is stored.
 */
export async function estimatedHeatmap(store: DuckDbMarketStore, q: HeatmapRequest) {
  const loaded = await storeHeatmap(store, {
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
  return storeHeatmapJson(loaded, q.fromMs);
}
