import type { Candle } from '@cascade/core';
import type { CandleQuery, MarketStore } from './market-store.js';

/** Candles as typed columns (struct of arrays) for vectorised analytics; same order as rows. */
export interface CandleColumns {
  readonly length: number;
  readonly tsMs: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volumeBase: Float64Array;
}

export function toCandleColumns(rows: readonly Candle[]): CandleColumns {
  const n = rows.length;
  const columns = {
    length: n,
    tsMs: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volumeBase: new Float64Array(n),
  };
  rows.forEach((c, i) => {
    columns.tsMs[i] = c.tsMs;
    columns.open[i] = c.open;
    columns.high[i] = c.high;
    columns.low[i] = c.low;
    columns.close[i] = c.close;
    columns.volumeBase[i] = c.volumeBase;
  });
  return columns;
}

/** `store.candles(query)` as typed columns. */
export async function candleColumns(
  store: MarketStore,
  query: CandleQuery,
): Promise<CandleColumns> {
  return toCandleColumns(await store.candles(query));
}
