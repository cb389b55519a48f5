/**
 * Liquidation-price batch over 1,000,000 mixed positions (venues, sides, tiers, linear/inverse,
 * isolated/cross) vs a raw streaming pass over the same typed arrays.
 */
import { allocateMarginOutputs, buildMarginRows, solveMarginBatch } from '@cascade/core';
import { report, seededRandom, timeMs } from './harness.js';

const VENUES = ['binance', 'bybit', 'hyperliquid', 'okx', 'dydx', 'bitmex'];

function mixedPositions(count, random) {
  const positions = new Array(count);
  for (let i = 0; i < count; i++) {
    const venue = VENUES[i % VENUES.length];
    const inverse =
      (venue === 'binance' || venue === 'bybit' || venue === 'bitmex') && random() < 0.2;
    const entryPrice = 60_000 + random() * 60_000;
    const leverage = 1 + Math.floor(random() * 50);
    const notional = 10 ** (2 + random() * 6);
    const cross = random() < 0.3;
    positions[i] = {
      venue,
      contract: inverse ? 'inverse' : 'linear',
      marginMode: cross ? 'cross' : 'isolated',
      side: random() < 0.6 ? 'long' : 'short',
      symbol: venue === 'hyperliquid' ? 'BTC/USDC:USDC' : inverse ? 'BTCUSD' : 'BTCUSDT',
      entryPrice,
      quantity: inverse ? Math.round(notional) : notional / entryPrice,
      ...(inverse ? { contractSize: 1 } : {}),
      leverage,
      ...(cross
        ? { walletBalance: (inverse ? notional / entryPrice : notional) * (0.05 + random() * 0.5) }
        : {}),
      ...(venue === 'okx' || venue === 'bitmex'
        ? { mmr: 0.004 + random() * 0.01, maintenanceAmount: 0 }
        : {}),
      ...(venue === 'binance' && inverse ? { mmr: 0.004, maintenanceAmount: 0 } : {}),
    };
  }
  return positions;
}

/** The baseline: one streaming pass reading the same columns and writing one output. */
function rawPass(rows, out) {
  const { eqConst, eqSlope, mmSlope, mmConst, size, mmr, cum } = rows;
  const liq = out.liquidationPrice;
  for (let i = 0; i < rows.length; i++) {
    liq[i] = (eqConst[i] - mmConst[i] + cum[i]) / (mmSlope[i] + size[i] * mmr[i] - eqSlope[i]);
  }
}

export async function run() {
  const count = 1_000_000;
  const { rows, problems } = buildMarginRows(mixedPositions(count, seededRandom(42)));
  if (problems.size > 0)
    throw new Error(`bench positions rejected: ${JSON.stringify([...problems][0])}`);
  const out = allocateMarginOutputs(count);
  const kernel = await timeMs(() => solveMarginBatch(rows, out));
  const raw = await timeMs(() => rawPass(rows, out));
  report({
    bench: 'margin.liquidation-batch',
    positions: count,
    kernelMs: kernel.minMs,
    rawPassMs: raw.minMs,
    positionsPerSecond: Math.round(count / (kernel.minMs / 1000)),
    ratioToRawPass: kernel.minMs / raw.minMs,
    target: '>= 20,000,000 positions/s on one thread',
  });
}
