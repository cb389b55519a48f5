import { parseSymbol } from '../symbols.js';
import { BINANCE_USDM_BTCUSDT, BINANCE_USDM_ETHUSDT } from '../tiers/binance-usdm.js';
import type { VenueRules } from '../venue-rules.js';

/**
 * Binance USDⓈ-M and COIN-M: maintenance margin on the mark notional, bracket at the
 * liquidation price's notional; cross accounts through TMM1/UPNL1, hedge legs share one price.
 */
export const BINANCE_RULES: VenueRules = {
  venue: 'binance',
  name: 'Binance',
  contracts: ['linear', 'inverse'],
  mmBasis: 'mark',
  feeInMaintenance: false,
  feeAtBankruptcy: () => false,
  defaultTakerFeeRate: 0,
  tierTable: (p) => {
    if (p.contract !== 'linear') return undefined;
    const { base, quote } = parseSymbol(p.symbol);
    if (quote !== null && quote !== 'USDT') return undefined;
    if (base === 'BTC') return BINANCE_USDM_BTCUSDT;
    if (base === 'ETH') return BINANCE_USDM_ETHUSDT;
    return undefined;
  },
  defaultRate: () => undefined,
  liquidationTick: () => 0,
  entryOptional: false,
  dydxLiquidationOrders: false,
  sources: [
    'https://www.binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93',
    'https://www.binance.com/en/support/faq/ceccfcfb4e3a45e3b48b0b1bb1a8ae46',
  ],
};
