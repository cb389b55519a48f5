import { parseSymbol } from '../symbols.js';
import { BYBIT_LINEAR_BTCUSDT } from '../tiers/bybit-linear.js';
import type { DefaultRate, VenueRules } from '../venue-rules.js';
import type { PositionSpec } from '../types.js';

/** Taker fee written into Bybit's inverse cross formulas. */
const BYBIT_INVERSE_TAKER_FEE = 0.00075;

const BASE_RATES: Readonly<Record<string, number>> = {
  BTC: 0.005,
  ETH: 0.01,
  EOS: 0.01,
  XRP: 0.01,
};

const inverseCross = (p: PositionSpec): boolean =>
  p.contract === 'inverse' && p.marginMode === 'cross';

/**
 * Bybit: maintenance margin on the position value at entry (risk limit by position value);
 * inverse cross reserves the closing fee at the bankruptcy price and rounds the liquidation
 * price to the 0.5 tick, as the help-center example does; a given taker fee switches the
 * Unified Trading Account's fee-to-close on for linear contracts too.
 */
export const BYBIT_RULES: VenueRules = {
  venue: 'bybit',
  name: 'Bybit',
  contracts: ['linear', 'inverse'],
  mmBasis: 'entry',
  feeInMaintenance: false,
  feeAtBankruptcy: (p) => inverseCross(p) || p.takerFeeRate !== undefined,
  defaultTakerFeeRate: BYBIT_INVERSE_TAKER_FEE,
  tierTable: (p) => {
    const { base, quote } = parseSymbol(p.symbol);
    const usdt = quote === null || quote === 'USDT';
    return p.contract === 'linear' && usdt && base === 'BTC' ? BYBIT_LINEAR_BTCUSDT : undefined;
  },
  defaultRate: (p): DefaultRate | undefined => {
    const mmr = BASE_RATES[parseSymbol(p.symbol).base];
    if (mmr === undefined) return undefined;
    return { mmr, cum: 0, source: 'Bybit help: minimum MMR 0.5% for BTC, 1% for ETH, EOS, XRP' };
  },
  liquidationTick: (p) => (inverseCross(p) && parseSymbol(p.symbol).base === 'BTC' ? 0.5 : 0),
  entryOptional: false,
  dydxLiquidationOrders: false,
  sources: [
    'https://testnet.bybit.com/en-US/help-center/s/article/Liquidation-Price-USDT-Contract',
    'https://help.bybit.com/hc/en-us/articles/360039261334',
    'https://help.bybit.com/hc/en-us/articles/360011431853',
  ],
};
