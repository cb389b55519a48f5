import type { VenueRules } from '../venue-rules.js';

type FeeInclusiveVenue = Pick<VenueRules, 'venue' | 'name' | 'contracts' | 'sources'> & {
  readonly defaultTakerFeeRate: number;
};

/**
 * Venues whose margin ratio counts the estimated closing fee in maintenance, on the mark
 * notional: `LP = (EP − side·margin/size) / (1 − side·(MMR + fee))` for isolated linear.
 */
function feeInclusive(venue: FeeInclusiveVenue): VenueRules {
  return {
    ...venue,
    mmBasis: 'mark',
    feeInMaintenance: true,
    feeAtBankruptcy: () => false,
    tierTable: () => undefined,
    defaultRate: () => undefined,
    liquidationTick: () => 0,
    entryOptional: false,
    dydxLiquidationOrders: false,
  };
}

export const OKX_RULES = feeInclusive({
  venue: 'okx',
  name: 'OKX',
  contracts: ['linear', 'inverse'],
  defaultTakerFeeRate: 0.0005,
  sources: [
    'https://www.okx.com/help-center/6997123251341',
    'https://www.okx.com/help/introduction-to-clearing-mechanism',
  ],
});

export const GATE_RULES = feeInclusive({
  venue: 'gate',
  name: 'Gate',
  contracts: ['linear'],
  defaultTakerFeeRate: 0.0005,
  sources: ['freqtrade Exchange.dry_run_liquidation_price (cites the Gate futures doc)'],
});

export const PHEMEX_RULES = feeInclusive({
  venue: 'phemex',
  name: 'Phemex',
  contracts: ['linear'],
  defaultTakerFeeRate: 0.0006,
  sources: ['https://phemex.com/help-center/liq-price-for-USDTM'],
});
