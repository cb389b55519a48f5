import { parseSymbol } from '../symbols.js';
import type { VenueRules } from '../venue-rules.js';

/** Genesis "Large-Cap" liquidity tier: IM 2%, maintenance fraction 60%. */
const LARGE_CAP_MMR = 0.012;

/**
 * dYdX v4: cross accounts with the entry folded into the USDC balance, liquidation when
 * TNC < TMMR at the oracle price, liquidation orders limited at the fillable price, and the
 * bankruptcy price spreading TNC over positions by their maintenance share.
 */
export const DYDX_RULES: VenueRules = {
  venue: 'dydx',
  name: 'dYdX v4',
  contracts: ['linear'],
  mmBasis: 'mark',
  feeInMaintenance: false,
  feeAtBankruptcy: () => false,
  defaultTakerFeeRate: 0,
  tierTable: () => undefined,
  defaultRate: (p) => {
    const base = parseSymbol(p.symbol).base;
    if (base !== 'BTC' && base !== 'ETH') return undefined;
    return { mmr: LARGE_CAP_MMR, cum: 0, source: 'dYdX v4 genesis Large-Cap liquidity tier' };
  },
  liquidationTick: () => 0,
  entryOptional: true,
  dydxLiquidationOrders: true,
  sources: [
    'https://docs.dydx.xyz/concepts/trading/liquidations',
    'dydxprotocol/v4-chain@84d4664b protocol/x/clob/keeper/liquidations.go',
  ],
};
