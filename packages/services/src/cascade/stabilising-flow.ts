/**
 * The stabilising-flow fit for a day D on the market store: the stored 1h candles of the
 * `lookbackDays` before D (Binance BTC/USDT spot by default) go to `fitStabilisingFlow` in
 * `@cascade/core` (docs/cascade-simulator.md). Only bars that closed before D are read, so a
 * backtest can call it per day without look-ahead.
 */
import {
  fitStabilisingFlow,
  type StabilisingFitOptions,
  type StabilisingFlowFit,
} from '@cascade/core';
import type { HeatmapStore } from '../heatmap-series.js';
import { DataFormatError } from './book-files.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The store read the fit needs (the MarketStore port's `candles`). */
export type CandleStore = Pick<HeatmapStore, 'candles'>;

export interface StabilisingFlowRequest extends Omit<
  StabilisingFitOptions,
  'beforeMs' | 'lookbackDays'
> {
  /** The day the scenario is for (YYYY-MM-DD, UTC): bars before its start are used. */
  readonly date: string;
  readonly lookbackDays?: number;
  /** Store exchange and symbol of the 1h candles (default binance, BTC/USDT). */
  readonly exchange?: string;
  readonly symbol?: string;
}

export interface StoredStabilisingFlowFit extends StabilisingFlowFit {
  /** Where the bars came from. */
  readonly source: string;
}

/**
 * Fits the demand flow on the stored 1h candles before `request.date`. A day with fewer than
 * 10 large down hours stored before it fails with a DataFormatError naming the range read.
 */
export async function fitStabilisingFlowBefore(
  store: CandleStore,
  request: StabilisingFlowRequest,
): Promise<StoredStabilisingFlowFit> {
  const beforeMs = Date.parse(`${request.date}T00:00:00Z`);
  if (Number.isNaN(beforeMs))
    throw new DataFormatError(`date: expected a calendar day YYYY-MM-DD, got "${request.date}"`);
  const lookbackDays = request.lookbackDays ?? 90;
  const exchange = request.exchange ?? 'binance';
  const symbol = request.symbol ?? 'BTC/USDT';
  const fromMs = beforeMs - lookbackDays * DAY_MS;
  const bars = await store.candles({
    exchange,
    symbol,
    timeframe: '1h',
    fromMs,
    toMs: beforeMs - HOUR_MS,
  });
  const { date: _date, exchange: _exchange, symbol: _symbol, ...options } = request;
  const source = `${exchange} ${symbol} 1h candles, ${new Date(fromMs).toISOString().slice(0, 10)}..${new Date(beforeMs - DAY_MS).toISOString().slice(0, 10)}`;
  try {
    const fit = fitStabilisingFlow(bars, { ...options, beforeMs, lookbackDays });
    return { ...fit, source };
  } catch (error) {
    if (error instanceof RangeError)
      throw new DataFormatError(`${source} (${bars.length} bars stored): ${error.message}`);
    throw error;
  }
}
