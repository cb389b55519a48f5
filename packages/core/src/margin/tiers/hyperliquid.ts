import { tiersFromBrackets, type TierTable } from './tier-table.js';

const SOURCE =
  'Hyperliquid docs, trading/margin-tiers (mainnet): MMR = 1/(2·maxLeverage) per tier; ' +
  'docs/research/liquidation-mechanics.md §5';

function hyperliquidTable(
  symbol: string,
  rows: readonly (readonly [floor: number, maxLeverage: number])[],
): TierTable {
  return {
    id: `hyperliquid:${symbol}`,
    venue: 'hyperliquid',
    symbol,
    notionalUnit: 'USDC',
    basis: 'mark-notional',
    source: SOURCE,
    asOf: '2026',
    tiers: tiersFromBrackets(rows.map(([floor, lev]) => [floor, 1 / (2 * lev), lev] as const)),
  };
}

export const HYPERLIQUID_BTC = hyperliquidTable('BTC', [
  [0, 40],
  [150_000_000, 20],
]);
export const HYPERLIQUID_ETH = hyperliquidTable('ETH', [
  [0, 25],
  [100_000_000, 15],
]);
export const HYPERLIQUID_SOL = hyperliquidTable('SOL', [
  [0, 20],
  [70_000_000, 10],
]);
