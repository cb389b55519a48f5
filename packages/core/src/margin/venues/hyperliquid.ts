import { parseSymbol } from '../symbols.js';
import { HYPERLIQUID_BTC, HYPERLIQUID_ETH, HYPERLIQUID_SOL } from '../tiers/hyperliquid.js';
import type { VenueRules } from '../venue-rules.js';

const TABLES = { BTC: HYPERLIQUID_BTC, ETH: HYPERLIQUID_ETH, SOL: HYPERLIQUID_SOL } as const;

/**
 * Hyperliquid: maintenance margin is half the initial margin at max leverage,
 * `MMR = 1/(2·maxLeverage)`, on the mark notional, with margin tiers for large positions.
 */
export const HYPERLIQUID_RULES: VenueRules = {
  venue: 'hyperliquid',
  name: 'Hyperliquid',
  contracts: ['linear'],
  mmBasis: 'mark',
  feeInMaintenance: false,
  feeAtBankruptcy: () => false,
  defaultTakerFeeRate: 0,
  tierTable: (p) => {
    if (p.maxLeverage !== undefined) return undefined;
    const base = parseSymbol(p.symbol).base;
    return base in TABLES ? TABLES[base as keyof typeof TABLES] : undefined;
  },
  defaultRate: (p) =>
    p.maxLeverage !== undefined && p.maxLeverage > 0
      ? {
          mmr: 1 / (2 * p.maxLeverage),
          cum: 0,
          source: 'Hyperliquid docs: MMR = 1/(2·maxLeverage)',
        }
      : undefined,
  liquidationTick: () => 0,
  entryOptional: false,
  dydxLiquidationOrders: false,
  sources: [
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/liquidations',
    'https://hyperliquid.gitbook.io/hyperliquid-docs/trading/margin-tiers',
  ],
};
