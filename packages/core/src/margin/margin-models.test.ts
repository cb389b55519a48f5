import { describe } from 'vitest';
import { MARGIN_MODELS } from './models.js';
import { runMarginModelContract } from './testing/margin-model.contract.js';

describe('every margin model keeps the contract', () => {
  // Tiered symbols exercise the tier search up to the top brackets.
  runMarginModelContract({
    rules: MARGIN_MODELS.binance,
    symbol: 'BTCUSDT',
    explicitMmr: false,
    maxNotional: 2e9,
    contracts: ['linear'],
  });
  runMarginModelContract({
    rules: MARGIN_MODELS.binance,
    symbol: 'BTCUSD_PERP',
    explicitMmr: true,
    maxNotional: 1e7,
    contracts: ['inverse'],
  });
  runMarginModelContract({
    rules: MARGIN_MODELS.hyperliquid,
    symbol: 'BTC/USDC:USDC',
    explicitMmr: false,
    maxNotional: 5e8,
  });
  runMarginModelContract({
    rules: MARGIN_MODELS.bybit,
    symbol: 'BTCUSDT',
    explicitMmr: false,
    maxNotional: 5e7,
  });
  // Fixed-rate models.
  for (const venue of ['okx', 'gate', 'phemex', 'bitmex', 'dydx'] as const) {
    runMarginModelContract({
      rules: MARGIN_MODELS[venue],
      symbol: 'ETHUSDT',
      explicitMmr: true,
      maxNotional: 1e7,
    });
  }
});
