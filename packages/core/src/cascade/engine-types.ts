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
  /**
   * Stabilising demand D: market buy flow, in USD per second, while the price is below the start
   * price — `D·(move/d0)^γ` with the move in percent of the start price — and the mirror-image
   * sell flow above it (dip buyers and profit takers; docs/cascade-simulator.md). 0 = off.
   */
  readonly demandUsdPerSecond: number;
  /** γ of the demand flow (1 = linear in the move, the Grossman–Miller inventory form). */
  readonly demandExponent: number;
  /** d0 of the demand flow: the move, in percent, at which the flow is D. */
  readonly demandRefMovePct: number;
  /** Seconds of simulated time the demand flow lasts after the shock. */
  readonly demandHorizonSeconds: number;
  /**
   * Short covering at profit: share (0..1) of the short quantity whose take-profit level the
   * falling mark crosses that buys back with a market order (an aggregate flow; the simulated
   * short positions keep their size). 0 = off.
   */
  readonly shortCoverShare: number;
  /** Take-profit level of short covering, in percent below the entry. */
  readonly shortCoverProfitPct: number;
  /**
   * The insurance fund unwinds positions it took over with one order per side and step, limited
   * this many percent from the mark (the rest waits for the next step). 100 = market orders.
   */
  readonly fundUnwindSlippagePct: number;
  /**
   * Keep the demand flow running to its horizon after the cascade has gone quiet (the retrace:
   * final price and path). Off in Monte Carlo: once nothing is queued, the flow only moves the
   * price back towards the start, which liquidates nothing more and changes no reported outcome.
   */
  readonly demandAfterQuiet: boolean;
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
  demandUsdPerSecond: 0,
  demandExponent: 1,
  demandRefMovePct: 1,
  demandHorizonSeconds: 3600,
  shortCoverShare: 0,
  shortCoverProfitPct: 0,
  fundUnwindSlippagePct: 1,
  demandAfterQuiet: true,
  recordEvents: true,
};

/** Where a run traded beyond the depth its book was built from. */
export interface DepthTailUse {
  /** The traded price went below the deepest stored bid (onto the fitted B·u^κ tail). */
  readonly usedBelow: boolean;
  /** The traded price went above the deepest stored ask. */
  readonly usedAbove: boolean;
  /** Deepest stored bid and ask: a snapshot's last levels, or a parametric book's ±rangePct. */
  readonly storedLowUsd: number;
  readonly storedHighUsd: number;
  /** Lowest and highest prices any order traded at. */
  readonly lowestTradeUsd: number;
  readonly highestTradeUsd: number;
  /** How often the book's window slid onto the tail. */
  readonly slides: number;
}

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
  /** Market buys of the stabilising demand flow (USD at fill prices). */
  readonly demandBoughtUsd: number;
  /** Market sells of its mirror image above the start price. */
  readonly demandSoldUsd: number;
  /** Short covering at profit (USD at fill prices). */
  readonly shortCoverUsd: number;
  /** Whether and where the run used the depth model beyond the stored book. */
  readonly depthTail: DepthTailUse;
  /**
   * An order wanted depth beyond the book's window and could not get it (a price of one tick,
   * or a hand-built book without a tail): the run met the edge of its book.
   */
  readonly bookExhausted: boolean;
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
