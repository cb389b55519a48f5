import { parseSymbol } from '../symbols.js';
import type { VenueRules } from '../venue-rules.js';

/** XBTUSD base maintenance margin (lowest risk limit). */
const XBT_BASE_MMR = 0.0035;

/**
 * BitMEX: maintenance margin on the entry value (the published ETHUSDT cross example only
 * reproduces that way); inverse XBTUSD with 1 USD contracts. A given taker fee is reserved at
 * the bankruptcy price, as BitMEX describes maintenance as including the fee to close.
 */
export const BITMEX_RULES: VenueRules = {
  venue: 'bitmex',
  name: 'BitMEX',
  contracts: ['linear', 'inverse'],
  mmBasis: 'entry',
  feeInMaintenance: false,
  feeAtBankruptcy: (p) => p.takerFeeRate !== undefined,
  defaultTakerFeeRate: 0,
  tierTable: () => undefined,
  defaultRate: (p) =>
    p.contract === 'inverse' && parseSymbol(p.symbol).base === 'BTC'
      ? { mmr: XBT_BASE_MMR, cum: 0, source: 'BitMEX risk limits: XBTUSD base MM 0.35%' }
      : undefined,
  liquidationTick: () => 0,
  entryOptional: false,
  dydxLiquidationOrders: false,
  sources: [
    'https://www.bitmex.com/app/liquidation',
    'https://www.bitmex.com/app/isolatedMarginExamples',
  ],
};
