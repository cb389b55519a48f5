import { tiersFromBrackets, type TierTable } from './tier-table.js';

const SOURCE =
  'Binance /fapi/v1/leverageBracket snapshot committed as freqtrade/exchange/binance_leverage_tiers.json ' +
  '(freqtrade/freqtrade@c9ae5e1e); summarised in docs/research/liquidation-mechanics.md §1';

/** Binance USDⓈ-M BTCUSDT brackets (notional in USDT). */
export const BINANCE_USDM_BTCUSDT: TierTable = {
  id: 'binance:BTCUSDT',
  venue: 'binance',
  symbol: 'BTCUSDT',
  notionalUnit: 'USDT',
  basis: 'mark-notional',
  source: SOURCE,
  asOf: '2024-10-24',
  tiers: tiersFromBrackets([
    [0, 0.004, 125],
    [50_000, 0.005, 100],
    [600_000, 0.0065, 75],
    [3_000_000, 0.01, 50],
    [12_000_000, 0.02, 25],
    [70_000_000, 0.025, 20],
    [100_000_000, 0.05, 10],
    [230_000_000, 0.1, 5],
    [480_000_000, 0.125, 4],
    [600_000_000, 0.15, 3],
    [800_000_000, 0.25, 2],
    [1_200_000_000, 0.5, 1],
  ]),
};

/** Binance USDⓈ-M ETHUSDT brackets (notional in USDT). */
export const BINANCE_USDM_ETHUSDT: TierTable = {
  id: 'binance:ETHUSDT',
  venue: 'binance',
  symbol: 'ETHUSDT',
  notionalUnit: 'USDT',
  basis: 'mark-notional',
  source: SOURCE,
  asOf: '2024-10-24',
  tiers: tiersFromBrackets([
    [0, 0.004, 125],
    [50_000, 0.005, 100],
    [600_000, 0.0065, 75],
    [3_000_000, 0.01, 50],
    [12_000_000, 0.02, 25],
    [50_000_000, 0.025, 20],
    [65_000_000, 0.05, 10],
    [150_000_000, 0.1, 5],
    [320_000_000, 0.125, 4],
    [400_000_000, 0.15, 3],
    [530_000_000, 0.25, 2],
    [800_000_000, 0.5, 1],
  ]),
};
