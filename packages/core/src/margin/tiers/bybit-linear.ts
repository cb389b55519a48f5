import { tiersFromBrackets, type TierTable } from './tier-table.js';

/**
 * Bybit BTCUSDT risk limits (position value in USDT). The published table continues past 50M;
 * only the rows seen in the source are listed, so positions above 50M stay in the last row here.
 */
export const BYBIT_LINEAR_BTCUSDT: TierTable = {
  id: 'bybit:BTCUSDT',
  venue: 'bybit',
  symbol: 'BTCUSDT',
  notionalUnit: 'USDT',
  basis: 'entry-notional',
  source:
    'Bybit "Margin parameters" announcement (bybitx.global, undated snapshot), rows listed in ' +
    'docs/research/liquidation-mechanics.md §2; deductions derived with the documented recurrence',
  asOf: '2025',
  tiers: tiersFromBrackets([
    [0, 0.005, 100],
    [2_000_000, 0.0056, 90],
    [2_600_000, 0.0063, 80],
    [3_200_000, 0.0067, 75],
    [3_800_000, 0.0071, 70],
    [4_400_000, 0.0077, 65],
    [5_000_000, 0.0091, 55],
    [5_600_000, 0.01, 50],
    [8_500_000, 0.013, 45],
    [10_000_000, 0.015, 40],
    [14_000_000, 0.016, 35],
    [20_000_000, 0.02, 30],
    [28_000_000, 0.025, 25],
    [38_000_000, 0.029, 20],
  ]),
};
