/**
 * Resolved rule specifications (defaults applied; the config file schema lives in the adapters).
 * Every `…Pct` field is in percent (2 = 2%), every `…Ms` in milliseconds, every `…Usd` in USD.
 */

export interface RuleCommon {
  /** Unique rule id, used in alert ids and messages. */
  readonly id: string;
  /** No two alerts of one rule and key within this time. */
  readonly cooldownMs: number;
  /** At most this many alerts of the rule (all keys) in any rolling hour (storm cap). */
  readonly maxPerHour: number;
}

export interface LevelDetection {
  /** Bars before the current day the levels are detected from. */
  readonly lookbackDays: number;
  /** Levels are recomputed from the bars before each period of this length (UTC-aligned). */
  readonly refreshHours: number;
  /** Keep detected levels at least this strong (0..1, see detectLevels). */
  readonly minStrength: number;
  /** Relative zone half-width and merge tolerance (default 0.0015). */
  readonly zone: number;
  /** Round-number step in price units (default 1000). */
  readonly roundStep: number;
  readonly pivotWidth: number;
  /** Only levels within this relative distance of the last close (default 0.15). */
  readonly range: number;
}

export interface PriceCrossRule extends RuleCommon {
  readonly type: 'price-cross';
  readonly symbol: string;
  readonly exchange?: string | undefined;
  readonly direction: 'up' | 'down' | 'both';
  /** `touch`: the bar's low/high went through; `close`: the bar closed through. */
  readonly confirm: 'touch' | 'close';
  /** A level counts as crossed only beyond level·(1 ± hysteresisPct/100). */
  readonly hysteresisPct: number;
  readonly levels: readonly number[];
  readonly detect?: LevelDetection | undefined;
}

export type LiquidationSide = 'long' | 'short' | 'any';

export interface LiquidationsRule extends RuleCommon {
  readonly type: 'liquidations';
  readonly windowMs: number;
  readonly thresholdUsd: number;
  readonly side: LiquidationSide;
  /** Unified symbol or base asset ('BTC' matches BTC/USDT:USDT and Coinglass 'BTC'). */
  readonly symbol?: string | undefined;
  /** Exchange of single events, or source of aggregated buckets (e.g. 'coinglass'). */
  readonly venue?: string | undefined;
  /** Re-arms when the window sum falls below threshold · rearmRatio. */
  readonly rearmRatio: number;
}

export interface LiquidationClusterRule extends RuleCommon {
  readonly type: 'liquidation-cluster';
  readonly symbol: string;
  readonly withinPct: number;
  readonly thresholdUsd: number;
  readonly side: LiquidationSide;
  readonly rearmRatio: number;
}

export interface FundingRule extends RuleCommon {
  readonly type: 'funding';
  readonly symbol: string;
  readonly exchange?: string | undefined;
  /** Fires when the rate (percent per interval) is ≥ abovePct or ≤ belowPct. */
  readonly abovePct?: number | undefined;
  readonly belowPct?: number | undefined;
  /** Fires when |z-score| of the rate over the previous `window` readings is ≥ `above`. */
  readonly zScore?: { readonly window: number; readonly above: number } | undefined;
}

export interface OpenInterestRule extends RuleCommon {
  readonly type: 'open-interest';
  readonly symbol: string;
  readonly exchange?: string | undefined;
  readonly windowMs: number;
  readonly changePct: number;
  readonly direction: 'up' | 'down' | 'both';
}

export interface CorrelationRegimeRule extends RuleCommon {
  readonly type: 'correlation-regime';
  /** The two daily series, default ['BTC', '^GSPC']. */
  readonly series: readonly [string, string];
  /** Returns over this many common trading days. */
  readonly windowDays: number;
  /** Regimes: correlation ≥ positiveAbove 'coupled', ≤ negativeBelow 'inverse', else 'decoupled'. */
  readonly positiveAbove: number;
  readonly negativeBelow: number;
  /** A regime is left only beyond its bound by this much (correlation units). */
  readonly hysteresis: number;
}

export interface FedWatchShiftRule extends RuleCommon {
  readonly type: 'fedwatch-shift';
  /** Meeting decision date (YYYY-MM-DD); all meetings when absent. */
  readonly meeting?: string | undefined;
  /** Target range label ("350-375"); all ranges when absent. */
  readonly range?: string | undefined;
  /** Fires when a probability moved at least this many percentage points since the prior day. */
  readonly shiftPoints: number;
  readonly direction: 'up' | 'down' | 'both';
}

/** A user position with its liquidation price (computed by the margin engines at config load). */
export interface WatchedPosition {
  readonly id: string;
  readonly symbol: string;
  readonly exchange?: string | undefined;
  readonly side: 'long' | 'short';
  readonly liquidationPriceUsd: number;
}

export interface PositionDistanceRule extends RuleCommon {
  readonly type: 'position-distance';
  /** Fires when the price is within this percent of a position's liquidation price. */
  readonly withinPct: number;
  readonly positions: readonly WatchedPosition[];
}

export type RuleSpec =
  | PriceCrossRule
  | LiquidationsRule
  | LiquidationClusterRule
  | FundingRule
  | OpenInterestRule
  | CorrelationRegimeRule
  | FedWatchShiftRule
  | PositionDistanceRule;

export type RuleType = RuleSpec['type'];
