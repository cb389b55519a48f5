/**
 * Typed observations the alert engine consumes and the alerts it emits. Every observation carries
 * the time at which it became known (`tsMs`, ms UTC): the engine has no clock of its own, so the
 * same stream always yields the same alerts (live or replayed).
 */

/** A finished OHLC bar; `tsMs` is its close time (open time + interval). */
export interface BarObservation {
  readonly kind: 'bar';
  readonly tsMs: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly intervalMs: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A last-trade or ticker price. */
export interface PriceObservation {
  readonly kind: 'price';
  readonly tsMs: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly priceUsd: number;
}

/** One realized liquidation (e.g. a WebSocket event). */
export interface LiquidationObservation {
  readonly kind: 'liquidation';
  readonly tsMs: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly priceUsd: number;
  readonly notionalUsd: number;
  /** True where the venue throttles its feed (Binance: ≤ 1 event per symbol per second). */
  readonly lowerBound: boolean;
}

/** Aggregated realized liquidations of one interval (e.g. Coinglass hourly); `tsMs` = its end. */
export interface LiquidationBucketObservation {
  readonly kind: 'liquidation-bucket';
  readonly tsMs: number;
  readonly source: string;
  readonly symbol: string;
  readonly intervalMs: number;
  readonly longUsd: number;
  readonly shortUsd: number;
}

export interface FundingObservation {
  readonly kind: 'funding';
  readonly tsMs: number;
  readonly exchange: string;
  readonly symbol: string;
  /** Fraction per funding interval (0.0001 = 0.01%). */
  readonly rate: number;
}

export interface OpenInterestObservation {
  readonly kind: 'open-interest';
  readonly tsMs: number;
  readonly exchange: string;
  readonly symbol: string;
  readonly openInterestUsd: number;
}

/**
 * An ESTIMATED liquidation map (heatmap) at `priceUsd`: live long notional per price bucket
 * (sits below the price) and short notional (above). Bucket b covers
 * [priceOrigin + b·bucketSize, + bucketSize).
 */
export interface LiquidationMapObservation {
  readonly kind: 'liquidation-map';
  readonly tsMs: number;
  readonly symbol: string;
  readonly priceUsd: number;
  readonly priceOrigin: number;
  readonly bucketSize: number;
  readonly longUsd: Float64Array;
  readonly shortUsd: Float64Array;
}

/** A daily close of a series ('BTC', '^GSPC', …) for calendar date `date` (YYYY-MM-DD). */
export interface DailyCloseObservation {
  readonly kind: 'daily-close';
  readonly tsMs: number;
  readonly series: string;
  readonly date: string;
  readonly close: number;
}

/** One FedWatch probability: P(target range `range` after meeting `meetingDate`) as of a date. */
export interface FedWatchObservation {
  readonly kind: 'fedwatch';
  readonly tsMs: number;
  readonly asOfDate: string;
  readonly meetingDate: string;
  /** CME label in basis points, e.g. "350-375". */
  readonly range: string;
  readonly probability: number;
  /** `published`: a CME FedWatch reading as reported; `computed`: the CME method on ZQ settles. */
  readonly basis: 'published' | 'computed';
  readonly source: string;
}

export type Observation =
  | BarObservation
  | PriceObservation
  | LiquidationObservation
  | LiquidationBucketObservation
  | FundingObservation
  | OpenInterestObservation
  | LiquidationMapObservation
  | DailyCloseObservation
  | FedWatchObservation;

export type ObservationKind = Observation['kind'];

/** Values attached to an alert (numbers in the units their names say). */
export type AlertValues = Readonly<Record<string, number | string | boolean | null>>;

/** What a rule reports when its condition becomes true; the engine adds identity and gating. */
export interface Firing {
  /** What the alert is about within its rule (a level, a side, a position id …). */
  readonly key: string;
  readonly message: string;
  readonly values: AlertValues;
}

export interface Alert {
  /** Deterministic: `${rule}|${key}|${tsMs}`, so a replay or a restart yields the same id. */
  readonly id: string;
  readonly tsMs: number;
  readonly rule: string;
  readonly type: string;
  readonly key: string;
  readonly message: string;
  readonly values: AlertValues;
}

/** A rule's state machine: consumes observations in time order, reports firings. */
export interface RuleEvaluator {
  observe(observation: Observation): readonly Firing[];
}
