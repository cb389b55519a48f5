/**
 * How each venue treats a position whose mark crosses its liquidation price (see
 * docs/research/liquidation-mechanics.md): a forced IOC limited at the bankruptcy price (Binance,
 * Bybit, BitMEX, OKX, Gate, Phemex, dYdX's fillable price never crosses bankruptcy), or a market
 * order (Hyperliquid); a first partial reduction where the venue does one.
 */
import type { VenueId } from '../margin/types.js';
import { VENUES } from '../margin/types.js';

export interface LiquidationPolicy {
  /** The liquidation order never fills worse than the bankruptcy price. */
  readonly limitAtBankruptcy: boolean;
  /** Positions with notional above this are first reduced (Infinity: never). */
  readonly partialAboveUsd: number;
  /** Share of the position closed by the first, partial order (used when `partialToUsd` is 0). */
  readonly partialFraction: number;
  /** Reduce down to this notional (a lower risk-limit tier) instead of a fixed share; 0 = off. */
  readonly partialToUsd: number;
  /** Maintenance rate of the remainder (the lower tier's), or NaN to keep the position's own. */
  readonly remainderMmr: number;
  /** Seconds before the remainder can be liquidated again. */
  readonly cooldownSeconds: number;
}

const FULL_AT_BANKRUPTCY: LiquidationPolicy = {
  limitAtBankruptcy: true,
  partialAboveUsd: Infinity,
  partialFraction: 1,
  partialToUsd: 0,
  remainderMmr: Number.NaN,
  cooldownSeconds: 0,
};

export const LIQUIDATION_POLICIES: Readonly<Record<VenueId, LiquidationPolicy>> = {
  binance: FULL_AT_BANKRUPTCY,
  okx: FULL_AT_BANKRUPTCY,
  gate: FULL_AT_BANKRUPTCY,
  phemex: FULL_AT_BANKRUPTCY,
  dydx: FULL_AT_BANKRUPTCY,
  bitmex: FULL_AT_BANKRUPTCY,
  // Bybit: above the lowest risk limit, a FillOrKill order brings the position down to the lower
  // tier (BTCUSDT tier 1 = 2M USDT at 0.5%), then the rest is taken over if still under water.
  bybit: {
    ...FULL_AT_BANKRUPTCY,
    partialAboveUsd: 2_000_000,
    partialToUsd: 2_000_000,
    remainderMmr: 0.005,
  },
  // Hyperliquid: market orders; above $100k only 20% goes first, then a 30-second cooldown.
  hyperliquid: {
    limitAtBankruptcy: false,
    partialAboveUsd: 100_000,
    partialFraction: 0.2,
    partialToUsd: 0,
    remainderMmr: Number.NaN,
    cooldownSeconds: 30,
  },
};

/** Policies indexed like VENUES, for the typed-array engine. */
export const POLICY_BY_VENUE_INDEX: readonly LiquidationPolicy[] = VENUES.map(
  (venue) => LIQUIDATION_POLICIES[venue],
);
