import { BINANCE_USDM_BTCUSDT, BINANCE_USDM_ETHUSDT } from './binance-usdm.js';
import { BYBIT_LINEAR_BTCUSDT } from './bybit-linear.js';
import { HYPERLIQUID_BTC, HYPERLIQUID_ETH, HYPERLIQUID_SOL } from './hyperliquid.js';
import type { TierTable } from './tier-table.js';
import { buildTierTableSet, type TierTableSet } from './tier-table-set.js';

/** Every bundled tier table, dated and sourced. */
export const TIER_TABLES: readonly TierTable[] = [
  BINANCE_USDM_BTCUSDT,
  BINANCE_USDM_ETHUSDT,
  BYBIT_LINEAR_BTCUSDT,
  HYPERLIQUID_BTC,
  HYPERLIQUID_ETH,
  HYPERLIQUID_SOL,
];

/** The bundled tables, flattened for the kernel. */
export const TIER_TABLE_SET: TierTableSet = buildTierTableSet(TIER_TABLES);

export function tierTableIndex(table: TierTable): number {
  const index = TIER_TABLES.indexOf(table);
  if (index < 0) throw new Error(`tier table ${table.id} is not registered`);
  return index;
}
