import type { TierTable } from './tiers/tier-table.js';
import type { ContractKind, PositionSpec, VenueId } from './types.js';

/** A fixed maintenance rate a venue applies when no tier table covers the symbol. */
export interface DefaultRate {
  readonly mmr: number;
  readonly cum: number;
  readonly source: string;
}

/**
 * The documented rules of one venue family, as data the shared reduction reads.
 * Everything venue-specific lives here; the math lives in the kernel.
 */
export interface VenueRules {
  readonly venue: VenueId;
  readonly name: string;
  readonly contracts: readonly ContractKind[];
  /** Notional the maintenance margin is computed on. */
  readonly mmBasis: 'mark' | 'entry';
  /** The estimated closing fee at the evaluated price is part of maintenance (OKX, Gate, Phemex). */
  readonly feeInMaintenance: boolean;
  /** The closing fee at the bankruptcy price is reserved (Bybit inverse cross). */
  readonly feeAtBankruptcy: (position: PositionSpec) => boolean;
  readonly defaultTakerFeeRate: number;
  readonly tierTable: (position: PositionSpec) => TierTable | undefined;
  readonly defaultRate: (position: PositionSpec) => DefaultRate | undefined;
  /** Price increment the venue rounds liquidation prices to (towards the mark), 0 for none. */
  readonly liquidationTick: (position: PositionSpec) => number;
  /** The venue folds the entry price into the quote balance and may omit it (dYdX). */
  readonly entryOptional: boolean;
  /** dYdX liquidation-order limit price and bankruptcy price by maintenance-margin share. */
  readonly dydxLiquidationOrders: boolean;
  /** Where the formulas come from. */
  readonly sources: readonly string[];
}
