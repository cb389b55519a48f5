import type { EventLog } from './events.js';

/** The exogenous move that starts a cascade. */
export type Shock =
  | { readonly kind: 'market-sell'; readonly usd: number }
  | { readonly kind: 'market-buy'; readonly usd: number }
  | { readonly kind: 'target-price'; readonly priceUsd: number }
  /** One exogenous price per step, replayed through the book. */
  | { readonly kind: 'price-path'; readonly pricesUsd: readonly number[] };

export interface EngineParams {
  readonly shock: Shock;
  readonly insuranceFundUsd: number;
  /** Depth withdrawal factor W ≥ 1: resting depth is divided by W as the cascade starts. */
  readonly withdrawal: number;
  /**
   * Share (0..1) of the gap to undisturbed depth that refills each step near the traded price
   * (withdrawn liquidity returning; 0 = W holds for the whole cascade).
   */
  readonly resilience: number;
  /** Extra steps between a mark crossing a liquidation price and the forced order (≥ 0). */
  readonly latencySteps: number;
  /** Mark = s·previous mark + (1 − s)·traded price (0 = the traded price). */
  readonly markSmoothing: number;
  /** Wall-clock length of one step, for venue cooldowns. */
  readonly stepSeconds: number;
  readonly maxSteps: number;
  /**
   * How often the ADL ranking is refreshed, in seconds of simulated time (venues publish it as a
   * periodically updated indicator, not per trade).
   */
  readonly adlRefreshSeconds: number;
  /** Record the event log (off in Monte Carlo, where only totals matter). */
  readonly recordEvents: boolean;
}

export const DEFAULT_ENGINE: Omit<EngineParams, 'shock' | 'insuranceFundUsd'> = {
  withdrawal: 1,
  resilience: 0,
  latencySteps: 0,
  markSmoothing: 0,
  stepSeconds: 1,
  maxSteps: 100_000,
  adlRefreshSeconds: 10,
  recordEvents: true,
};

export interface CascadeResult {
  readonly totalLiquidatedUsd: number;
  readonly longLiquidatedUsd: number;
  readonly shortLiquidatedUsd: number;
  /** Liquidation orders (partial and full). */
  readonly liquidations: number;
  readonly partialLiquidations: number;
  readonly startPrice: number;
  /** Where the exogenous shock alone took the price. */
  readonly exogenousPrice: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly finalPrice: number;
  /** Total move ÷ exogenous move (from the start price to the extreme in the shock's direction). */
  readonly amplification: number;
  readonly insuranceFundStartUsd: number;
  readonly insuranceFundEndUsd: number;
  readonly insuranceFundDeltaUsd: number;
  readonly insuranceFundMinUsd: number;
  readonly fundTakeoverUsd: number;
  readonly adlUsd: number;
  /** Remainders neither the book, the fund nor ADL could absorb. */
  readonly unresolvedUsd: number;
  readonly realizedPnlUsd: number;
  readonly steps: number;
  /** Traded price at the end of each step (index 0 = after the shock). */
  readonly pricePath: readonly number[];
}

export interface CascadeRun {
  readonly result: CascadeResult;
  readonly events: EventLog;
  /** Position sizes and collaterals after the run (computed on demand). */
  readonly endState: () => EndState;
  /** Whether position `index` of a side book was fully liquidated. */
  readonly wasLiquidated: (side: 'long' | 'short', index: number) => boolean;
}

export interface SideEndState {
  readonly size: Float64Array;
  readonly collateralUsd: Float64Array;
}

export interface EndState {
  readonly longs: SideEndState;
  readonly shorts: SideEndState;
  readonly insuranceFundUsd: number;
  readonly priceUsd: number;
}
