import type {
  Candle,
  FundingRate,
  LiquidationEvent,
  OpenInterestPoint,
  OrderBookLevel,
} from '@cascade/core';

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
  /**
   * Public forced-liquidation orders with `fromMs <= tsMs < toMs`, at most `limit` (a full page
   * means the window may hold more). Throws NotOfferedError where the exchange has no such history.
   */
  liquidations?(
    symbol: string,
    fromMs: number,
    toMs: number,
    limit: number,
  ): Promise<LiquidationEvent[]>;
  /** One order-book snapshot: up to `depth` levels per side, stamped with the exchange's time. */
  orderBook?(symbol: string, depth: number): Promise<OrderBookLevel[]>;
}

/** The exchange (or the installed ccxt) does not offer this history. */
export class NotOfferedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotOfferedError';
  }
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
