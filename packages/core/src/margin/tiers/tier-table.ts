/**
 * Maintenance-margin tier tables ("leverage brackets", "risk limits", "margin tiers").
 *
 * Every venue documents the same piecewise-linear rule: inside a tier,
 * `MM = notional · mmr − cum`, and `cum` is chosen so that MM is continuous across tiers:
 * `cum_n = cum_{n−1} + floor_n · (mmr_n − mmr_{n−1})`.
 */

/** Which notional selects the tier. */
export type TierBasis =
  /** Notional at the evaluated mark price (Binance, Hyperliquid): the tier can change at the liquidation price. */
  | 'mark-notional'
  /** Notional at the entry price (Bybit, BitMEX risk limits): fixed for the life of the position. */
  | 'entry-notional';

export interface Tier {
  /** Lower bound of the tier, inclusive, in the table's notional unit. */
  readonly floor: number;
  readonly mmr: number;
  /** Maintenance amount ("cum", "MM deduction") in the table's notional unit. */
  readonly cum: number;
  readonly maxLeverage: number;
}

export interface TierTable {
  readonly id: string;
  readonly venue: string;
  readonly symbol: string;
  /** Unit of `floor` and `cum`: the quote asset for linear contracts, the coin for inverse ones. */
  readonly notionalUnit: string;
  readonly basis: TierBasis;
  readonly tiers: readonly Tier[];
  /** Where the numbers come from and when they were taken; tables change often. */
  readonly source: string;
  readonly asOf: string;
}

/** Builds tiers from (floor, mmr, maxLeverage) rows, deriving `cum` so MM is continuous. */
export function tiersFromBrackets(
  rows: readonly (readonly [floor: number, mmr: number, maxLeverage: number])[],
): Tier[] {
  const tiers: Tier[] = [];
  let previousMmr = 0;
  let previousCum = 0;
  for (const [floor, mmr, maxLeverage] of rows) {
    const cum = previousCum + floor * (mmr - previousMmr);
    tiers.push({ floor, mmr, cum, maxLeverage });
    previousMmr = mmr;
    previousCum = cum;
  }
  return tiers;
}

/** Index of the tier whose range holds `notional` (the first tier for anything below its cap). */
export function tierIndexAt(table: TierTable, notional: number): number {
  const { tiers } = table;
  let index = 0;
  while (index + 1 < tiers.length && notional >= (tiers[index + 1]?.floor ?? Infinity)) index += 1;
  return index;
}
