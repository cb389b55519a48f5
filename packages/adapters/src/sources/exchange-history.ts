import type { Candle, FundingRate, OpenInterestPoint } from '@cascade/core';

/** Paged history of one exchange (the port `ingest` uses; ccxt is the default implementation). */
export interface ExchangeHistorySource {
  readonly exchange: string;
  ohlcv(symbol: string, timeframe: string, sinceMs: number, limit: number): Promise<Candle[]>;
  openInterest(
    symbol: string,
    timeframe: string,
    sinceMs: number,
    limit: number,
  ): Promise<OpenInterestPoint[]>;
  funding(symbol: string, sinceMs: number, limit: number): Promise<FundingRate[]>;
}

/** Thrown by a source when the exchange asks us to slow down (HTTP 429/418). */
export class RateLimitedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** A transient failure (timeout, connection reset, 5xx): worth retrying. */
export class TransientSourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransientSourceError';
  }
}
