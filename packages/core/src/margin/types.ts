/** Venues with a margin model. */
export const VENUES = [
  'binance',
  'bybit',
  'okx',
  'bitmex',
  'hyperliquid',
  'dydx',
  'gate',
  'phemex',
] as const;
export type VenueId = (typeof VENUES)[number];

export type ContractKind = 'linear' | 'inverse';
export type MarginMode = 'isolated' | 'cross';
export type PositionSide = 'long' | 'short';

/** Another position in the same cross account. */
export interface CrossPosition {
  readonly symbol: string;
  readonly side: PositionSide;
  /** Base units (linear) or contracts (inverse). */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly mmr: number;
  readonly maintenanceAmount?: number;
  readonly contractSize?: number;
}

/**
 * A position as venues and traders describe it. Amounts are in the margin currency: the quote
 * asset for linear contracts, the coin for inverse ones.
 */
export interface PositionSpec {
  readonly venue: VenueId;
  readonly contract: ContractKind;
  readonly marginMode: MarginMode;
  readonly side: PositionSide;
  readonly symbol: string;
  /** Null where the venue folds the entry into the quote balance (dYdX). */
  readonly entryPrice: number | null;
  readonly markPrice?: number;
  /** Base units (linear) or contracts (inverse). */
  readonly quantity: number;
  /** USD per contract for inverse contracts (default 1). */
  readonly contractSize?: number;
  readonly walletBalance?: number;
  readonly initialMargin?: number;
  readonly orderMargin?: number;
  readonly leverage?: number | null;
  readonly maxLeverage?: number;
  readonly mmr?: number;
  readonly maintenanceAmount?: number;
  readonly takerFeeRate?: number;
  readonly otherPositions?: readonly CrossPosition[];
  /** Maintenance margin and unrealised PnL of the other cross positions, when given directly. */
  readonly otherMaintenanceMargin?: number;
  readonly otherUnrealizedPnl?: number;
  readonly bankruptcyAdjustmentPpm?: number;
  readonly spreadToMaintenanceMarginRatioPpm?: number;
}

/** What the margin engine says about one position. Prices that do not exist are null. */
export interface MarginReport {
  readonly liquidationPrice: number | null;
  readonly bankruptcyPrice: number | null;
  readonly fillablePrice: number | null;
  /** Own maintenance margin at the mark price (entry price where the venue uses entry value). */
  readonly maintenanceMargin: number;
  readonly mmr: number;
  /** Equity (margin balance) at the mark price, or at entry when no mark is given. */
  readonly equity: number;
  /** Maintenance margin of everything that shares this margin ÷ equity; ≥ 1 means liquidation. */
  readonly marginRatio: number | null;
  /** Relative distance from the mark (or entry) price to the liquidation price. */
  readonly liquidationDistance: number | null;
}

/** A reason a position cannot be evaluated, naming the offending field. */
export interface MarginProblem {
  readonly field: string;
  readonly message: string;
}
