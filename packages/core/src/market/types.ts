/**
 * Market-data domain types shared by the store (packages/adapters) and analytics.
 * Plain readonly records; units are in the names. Times are milliseconds since the Unix epoch, UTC.
 * Symbols are unified ccxt symbols: `BTC/USDT` (spot), `BTC/USDT:USDT` (linear perpetual),
 * `BTC/USD:BTC` (inverse perpetual). Indices and futures keep their source tickers (`^GSPC`, `ZQZ24`).
 */

/** One OHLCV bar. Prices are in the quote currency; `tsMs` is the bar's open time. */
export interface Candle {
  readonly exchange: string;
  readonly symbol: string;
  /** ccxt timeframe: `1m`, `5m`, `1h`, `2h`, `4h`, `1d`. */
  readonly timeframe: string;
  readonly tsMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volumeBase: number;
  readonly volumeQuote: number | null;
  readonly trades: number | null;
}

/**
 * Open interest at `tsMs`, in contracts' base units and/or USD notional (either may be unknown),
 * from a series sampled every `intervalMs` (3_600_000 hourly, 86_400_000 daily): an instrument may
 * have several series (docs/market-data.md).
 */
export interface OpenInterestPoint {
  readonly exchange: string;
  readonly symbol: string;
  readonly intervalMs: number;
  readonly tsMs: number;
  readonly openInterestBase: number | null;
  readonly openInterestUsd: number | null;
}

/** A funding rate as a fraction per funding interval (0.0001 = 0.01 %), settled at `tsMs`. */
export interface FundingRate {
  readonly exchange: string;
  readonly symbol: string;
  readonly tsMs: number;
  readonly rate: number;
}

/** The side of the position that was liquidated (a long is liquidated by a sell order). */
export type LiquidationSide = 'long' | 'short';

/** One forced-liquidation order as reported by an exchange stream or API. */
export interface LiquidationEvent {
  readonly exchange: string;
  readonly symbol: string;
  readonly tsMs: number;
  readonly side: LiquidationSide;
  readonly priceUsd: number;
  readonly quantityBase: number;
  readonly notionalUsd: number;
  /**
   * True when the source only reports a sample (Binance `!forceOrder@arr`: at most one order per
   * symbol per second), so sums over these events are lower bounds.
   */
  readonly lowerBound: boolean;
}

/** Liquidations aggregated over `[tsMs, tsMs + intervalMs)` (e.g. Coinglass hourly, all venues). */
export interface LiquidationBucket {
  readonly source: string;
  /** Base asset (`BTC`) for cross-venue aggregates, or a unified symbol. */
  readonly symbol: string;
  readonly intervalMs: number;
  readonly tsMs: number;
  readonly longUsd: number;
  readonly shortUsd: number;
}

/**
 * One observation of a macro series. `seriesId` is the source's id: FRED (`DFF`, `DGS2`, `DGS10`,
 * `DFEDTARU`, `DFEDTARL`) in percent, Yahoo index closes (`^GSPC`, `^IXIC`, `^DJI`, `^VIX`) in points.
 * Daily observations are stamped at 00:00 UTC of their date.
 */
export interface MacroPoint {
  readonly seriesId: string;
  readonly tsMs: number;
  readonly value: number;
  readonly source: string;
}

/** An FOMC meeting; dates are `YYYY-MM-DD` (US Eastern calendar days). */
export interface FomcMeeting {
  readonly decisionDate: string;
  /** First day of a two-day meeting, or null when only the decision date is known. */
  readonly startDate: string | null;
}

/** A 30-day fed funds futures price (100 − average EFFR in percent) on a trade date. */
export interface FedFundsFutureQuote {
  /** CME code with month and 2-digit year: `ZQZ24`. */
  readonly contract: string;
  /** 00:00 UTC of the trade date. */
  readonly tsMs: number;
  readonly price: number;
  /** `barchart` (settlement) or `yahoo` (daily close). */
  readonly source: string;
}

/** A published CME FedWatch reading: probabilities by target range (bps) for one meeting. */
export interface FedWatchReading {
  readonly asOfDate: string;
  readonly meetingDate: string;
  /** Target range lower and upper bound in basis points, e.g. 350 and 375. */
  readonly lowerBps: number;
  readonly upperBps: number;
  readonly probability: number;
  readonly source: string;
}

/** Resting size within `percentage` % of the mid (negative = bids below, positive = asks above). */
export interface DepthBand {
  readonly exchange: string;
  readonly symbol: string;
  readonly tsMs: number;
  readonly percentage: number;
  readonly depthBase: number;
  readonly notionalUsd: number;
}

/** One price level of an order-book snapshot. */
export interface OrderBookLevel {
  readonly exchange: string;
  readonly symbol: string;
  readonly tsMs: number;
  readonly side: 'bid' | 'ask';
  readonly price: number;
  readonly quantityBase: number;
}

/** A historical liquidation event with its sourcing (research catalog). */
export interface EventCatalogEntry {
  /** `YYYY-MM-DD` of the event's start (UTC). */
  readonly date: string;
  /** The source's description of the time window, e.g. `24h (Bybt)`. */
  readonly windowLabel: string;
  readonly totalLiquidatedUsd: number | null;
  readonly longSharePct: number | null;
  readonly btcFromUsd: number | null;
  readonly btcToUsd: number | null;
  readonly tradersLiquidated: number | null;
  readonly notes: string;
  /** Source URLs separated by ` ; ` as in the research notes. */
  readonly source: string;
  readonly confidence: string;
}
