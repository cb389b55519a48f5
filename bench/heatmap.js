/**
 * Liquidation heatmap (OI-delta estimator): one year of 5-minute candles (105,120 bars, synthetic
 * seeded BTC-like random walk with 0.15% bar volatility, wicks, and an open-interest random walk)
 * with 5 leverage buckets and $100 price buckets, vs a raw pass that reads the same typed arrays
 * once (range and ΔOI sums) in the same run. Grid snapshots off; the final map is always built.
 */
import { liquidationHeatmap } from '@cascade/analytics';
import { report, seededRandom, timeMs } from './harness.js';

const BARS = 365 * 288;
const LEVERAGES = [
  // Binance BTCUSDT isolated, first tier (mmr 0.4%): liq / entry = (1 ∓ 1/L) / (1 ∓ 0.004).
  { leverage: 5, weight: 0.15 },
  { leverage: 10, weight: 0.3 },
  { leverage: 25, weight: 0.3 },
  { leverage: 50, weight: 0.15 },
  { leverage: 100, weight: 0.1 },
].map((l) => ({
  ...l,
  longRatio: (1 - 1 / l.leverage) / (1 - 0.004),
  shortRatio: (1 + 1 / l.leverage) / (1 + 0.004),
}));

function syntheticCandles(random) {
  const c = {
    ts: new Float64Array(BARS),
    open: new Float64Array(BARS),
    high: new Float64Array(BARS),
    low: new Float64Array(BARS),
    close: new Float64Array(BARS),
    openInterest: new Float64Array(BARS),
  };
  let price = 90_000;
  let oi = 8e9;
  for (let i = 0; i < BARS; i++) {
    const open = price;
    const close = open * (1 + (random() - 0.5) * 0.0052);
    c.ts[i] = 1.7e12 + i * 300_000;
    c.open[i] = open;
    c.close[i] = close;
    c.high[i] = Math.max(open, close) * (1 + random() * 0.001);
    c.low[i] = Math.min(open, close) * (1 - random() * 0.001);
    oi = Math.max(1e9, oi * (1 + (random() - 0.5) * 0.004));
    c.openInterest[i] = oi;
    price = close;
  }
  return c;
}

function rawPass(c) {
  let range = 0;
  let dOi = 0;
  for (let i = 1; i < c.ts.length; i++) {
    range += c.high[i] - c.low[i] + c.close[i] - c.open[i];
    dOi += c.openInterest[i] - c.openInterest[i - 1];
  }
  return range + dOi;
}

export async function run() {
  const candles = syntheticCandles(seededRandom(11));
  const options = { leverages: LEVERAGES, bucketSize: 100, directionBias: 0.2 };
  const heatmap = await timeMs(() => liquidationHeatmap(candles, options), { samples: 10 });
  const raw = await timeMs(() => rawPass(candles), { samples: 10 });
  const r = liquidationHeatmap(candles, options);
  report({
    bench: 'analytics.heatmap',
    bars: BARS,
    leverageBuckets: LEVERAGES.length,
    priceBuckets: r.map.buckets,
    heatmapMs: heatmap.minMs,
    rawPassMs: raw.minMs,
    ratioToRawPass: heatmap.minMs / raw.minMs,
    target: '<= 1000 ms',
  });
}
