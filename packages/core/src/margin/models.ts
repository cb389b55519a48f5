import type { VenueId } from './types.js';
import type { VenueRules } from './venue-rules.js';
import { BINANCE_RULES } from './venues/binance.js';
import { BITMEX_RULES } from './venues/bitmex.js';
import { BYBIT_RULES } from './venues/bybit.js';
import { DYDX_RULES } from './venues/dydx.js';
import { GATE_RULES, OKX_RULES, PHEMEX_RULES } from './venues/fee-inclusive.js';
import { HYPERLIQUID_RULES } from './venues/hyperliquid.js';

/** The margin model of every supported venue family. */
export const MARGIN_MODELS: Readonly<Record<VenueId, VenueRules>> = {
  binance: BINANCE_RULES,
  bybit: BYBIT_RULES,
  okx: OKX_RULES,
  bitmex: BITMEX_RULES,
  hyperliquid: HYPERLIQUID_RULES,
  dydx: DYDX_RULES,
  gate: GATE_RULES,
  phemex: PHEMEX_RULES,
};
