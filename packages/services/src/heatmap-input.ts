/**
 * Inputs of `cascade heatmap`: Coinglass-style hourly CSV files (gzip where the name ends in .gz)
 * and the leverage mix with liquidation ratios from the venue margin model (tiers included).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import type { HeatmapCandles, HeatmapOptions, LeverageBucket } from '@cascade/analytics';
import { evaluateMargin, type VenueId } from '@cascade/core';
import { z } from 'zod';
import { loadStoreSeries, type HeatmapStore } from './heatmap-series.js';
import { modelHeatmap } from './liquidation-model.js';

// The stored series (candles joined with hourly or carried-forward daily open interest) lives in
// heatmap-series.ts; re-exported so `@cascade/services` imports keep working.
export * from './heatmap-series.js';

export class InputError extends Error {
  override readonly name = 'InputError';
}

export interface CoinglassSeries {
  readonly candles: HeatmapCandles;
  /** Realized long / short liquidations (USD) from the file; NaN where the columns are absent. */
  readonly realizedLong: Float64Array;
  readonly realizedShort: Float64Array;
}

const finite = z.coerce.number().refine(Number.isFinite, 'not a finite number');
const positive = finite.refine((v) => v > 0, 'must be > 0');
const REQUIRED = ['timestamp', 'price_open', 'price_high', 'price_low', 'price_close', 'oi_close'];

/** Parses a CSV with the columns of the Coinglass liqAgg/binanceOI file (any bar interval). */
export function parseCoinglassCsv(text: string, file: string): CoinglassSeries {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0);
  const header = (lines[0] ?? '').split(',');
  const col = new Map(header.map((name, i) => [name.trim(), i]));
  for (const name of REQUIRED) {
    if (!col.has(name)) throw new InputError(`${file}: missing column ${name}`);
  }
  const n = lines.length - 1;
  const a = () => new Float64Array(n);
  const [ts, open, high, low, close, oi, rl, rs] = [a(), a(), a(), a(), a(), a(), a(), a()];
  const taker = col.has('taker_buy_ratio') ? a() : undefined;
  const read = (cells: string[], name: string, row: number, schema = positive): number => {
    const idx = col.get(name);
    const r = schema.safeParse(idx === undefined ? undefined : cells[idx]);
    if (!r.success) {
      throw new InputError(
        `${file}: line ${row + 2}, ${name}: ${r.error.issues[0]?.message ?? ''}`,
      );
    }
    return r.data;
  };
  for (let i = 0; i < n; i++) {
    const cells = (lines[i + 1] ?? '').split(',');
    const t = read(cells, 'timestamp', i, finite);
    ts[i] = t;
    if (i > 0 && t <= (ts[i - 1] ?? 0)) {
      throw new InputError(`${file}: line ${i + 2}, timestamp: not increasing`);
    }
    const [o, h, l, c] = ['price_open', 'price_high', 'price_low', 'price_close'].map((name) =>
      read(cells, name, i),
    ) as [number, number, number, number];
    open[i] = o;
    high[i] = h;
    low[i] = l;
    close[i] = c;
    if (l > Math.min(o, c) || h < Math.max(o, c)) {
      throw new InputError(`${file}: line ${i + 2}, price_low/price_high: outside open/close`);
    }
    oi[i] = read(cells, 'oi_close', i);
    rl[i] = col.has('liquidation_long_usd') ? read(cells, 'liquidation_long_usd', i, finite) : NaN;
    rs[i] = col.has('liquidation_short_usd')
      ? read(cells, 'liquidation_short_usd', i, finite)
      : NaN;
    if (taker) taker[i] = read(cells, 'taker_buy_ratio', i, finite);
  }
  const candles: HeatmapCandles = taker
    ? { ts, open, high, low, close, openInterest: oi, takerBuyRatio: taker }
    : { ts, open, high, low, close, openInterest: oi };
  return { candles, realizedLong: rl, realizedShort: rs };
}

/** Reads a file as text, gunzipping names that end in .gz. */
export async function readMaybeGzip(path: string): Promise<string> {
  const raw = await readFile(path);
  return (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
}

/** The research default leverage mix (the starting point of the fit; docs/heatmap.md). */
export const DEFAULT_LEVERAGE_MIX = '5:0.15,10:0.3,25:0.3,50:0.15,100:0.1';

/** Parses "L:w,L:w" into leverage/weight pairs. */
export function parseLeverageMix(spec: string): { leverage: number; weight: number }[] {
  const out: { leverage: number; weight: number }[] = [];
  for (const part of spec.split(',')) {
    const [l, w] = part.split(':').map(Number);
    if (l === undefined || w === undefined || !(l > 1 && l <= 200) || !(w >= 0)) {
      throw new InputError(`--leverage: "${part}" is not LEVERAGE:WEIGHT (1 < L ≤ 200, W ≥ 0)`);
    }
    out.push({ leverage: l, weight: w });
  }
  if (!out.some((x) => x.weight > 0)) throw new InputError('--leverage: all weights are zero');
  return out;
}

/**
 * Liquidation price / entry for isolated linear positions of `notionalUsd` at each leverage, from
 * the venue's margin model with its tier tables. The ratio does not depend on the entry price at a
 * fixed notional, so it is computed once at a reference price.
 */
export function leverageBuckets(
  mix: readonly { leverage: number; weight: number }[],
  venue: VenueId,
  symbol: string,
  referencePrice: number,
  notionalUsd: number,
): LeverageBucket[] {
  return mix.map(({ leverage, weight }) => {
    const ratio = (side: 'long' | 'short'): number => {
      const r = evaluateMargin({
        venue,
        contract: 'linear',
        marginMode: 'isolated',
        side,
        symbol,
        entryPrice: referencePrice,
        quantity: notionalUsd / referencePrice,
        leverage,
      });
      const liq = r.ok ? r.report.liquidationPrice : null;
      if (liq === null) {
        throw new InputError(
          `--leverage: no ${side} liquidation price at ${leverage}x on ${venue}`,
        );
      }
      return liq / referencePrice;
    };
    return { leverage, weight, longRatio: ratio('long'), shortRatio: ratio('short') };
  });
}

export interface StoreHeatmapRequest {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Venue whose margin model sets the leverage buckets' liquidation ratios. */
  readonly venue: VenueId;
  /** Instrument the ratios are computed for (default `symbol`). */
  readonly marginSymbol?: string;
  /** Leverage mix, `lev:weight,...`, replacing the fitted one (default: the fitted model's). */
  readonly leverageMix?: string;
  readonly notionalUsd: number;
  /** Price the ratios are computed at (default: the last candle close). */
  readonly referencePriceUsd?: number;
  /** Book options; directionBias / decayPerCandle replace the fitted values when given. */
  readonly options: Omit<HeatmapOptions, 'leverages'>;
}

/**
 * The fitted liquidation model (docs/heatmap.md) over stored candles and open interest: series
 * loading, the book with leverage ratios from the venue's margin model, and the per-bar forecast
 * (in the result's estimated* arrays). Throws InputError when the store holds no usable series.
 */
export async function storeHeatmap(store: HeatmapStore, q: StoreHeatmapRequest) {
  const loaded = await loadStoreSeries(store, q.exchange, q.symbol, q.timeframe, q.fromMs, q.toMs);
  const close = loaded.series.candles.close;
  const { bucketSize, directionBias, decayPerCandle, ...options } = q.options;
  const { result, model } = modelHeatmap(loaded.series.candles, {
    venue: q.venue,
    symbol: q.marginSymbol ?? q.symbol,
    referencePriceUsd: q.referencePriceUsd ?? close[close.length - 1] ?? 1,
    notionalUsd: q.notionalUsd,
    bucketSize,
    overrides: {
      ...(q.leverageMix === undefined ? {} : { leverages: parseLeverageMix(q.leverageMix) }),
      ...(directionBias === undefined ? {} : { directionBias }),
      ...(decayPerCandle === undefined ? {} : { halfLifeBars: halfLifeOf(decayPerCandle) }),
    },
    options,
  });
  return { ...loaded, result, model };
}

/** Half-life in bars of a per-bar decay factor (null: no decay). */
export function halfLifeOf(decayPerCandle: number): number | null {
  return decayPerCandle >= 1 ? null : Math.log(0.5) / Math.log(decayPerCandle);
}
