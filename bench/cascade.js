/**
 * Cascade sweep over 1,000,000 sorted positions with a 20,000-level book, against a raw
 * streaming pass over the same position arrays; and Monte Carlo throughput over 100,000
 * positions (single thread here; the CLI spreads scenarios over worker threads).
 */
import {
  DEFAULT_ENGINE,
  buildPositionBook,
  cloneBook,
  createCascadeScratch,
  createRng,
  generatePositions,
  parametricBook,
  resetBook,
  runOnBook,
} from '@cascade/core';
import { runMonteCarlo } from '../packages/cli/dist/cascade/mc-run.js';
import { report, timeMs } from './harness.js';

const MIX = [
  { value: 5, weight: 15 },
  { value: 10, weight: 30 },
  { value: 25, weight: 25 },
  { value: 50, weight: 20 },
  { value: 100, weight: 10 },
];

function market(count, openInterestUsd) {
  const mid = 86_000;
  const entryPrices = Array.from({ length: 48 }, (_, k) => ({
    value: mid * (1 + (k - 24) / 400),
    weight: 1 + (k % 5),
  }));
  const specs = generatePositions(
    {
      venue: 'binance',
      symbol: 'BTCUSDT',
      openInterestUsd,
      longShare: 0.7,
      leverageMix: MIX,
      entryPrices,
      count,
      sizeSigma: 1,
    },
    createRng(7),
  );
  const { book: positions } = buildPositionBook(specs, { markPriceUsd: mid });
  const book = parametricBook({
    midPriceUsd: mid,
    depthUsdWithin1Pct: 244e6,
    kappa: 1.13,
    levels: 20_000,
    rangePct: 30,
  });
  return { positions, book };
}

function rawPass(positions) {
  let sum = 0;
  for (const side of [positions.longs, positions.shorts]) {
    const { size, entryPrice, liquidationPrice, bankruptcyPrice, collateralUsd } = side;
    for (let i = 0; i < side.count; i++) {
      sum +=
        size[i] * (entryPrice[i] - liquidationPrice[i]) +
        bankruptcyPrice[i] * 1e-9 +
        collateralUsd[i];
    }
  }
  return sum;
}

async function sweepBench() {
  const { positions, book } = market(1_000_000, 70e9);
  const scratch = cloneBook(book);
  const params = {
    ...DEFAULT_ENGINE,
    insuranceFundUsd: 1e9,
    withdrawal: 20,
    resilience: 0.02,
    shock: { kind: 'market-sell', usd: 2e9 },
  };
  // Buffers (event log, flags) are reused across runs, as Monte Carlo and servers do.
  const buffers = createCascadeScratch(positions);
  let last;
  const cascade = await timeMs(
    () => {
      resetBook(scratch, book);
      last = runOnBook(positions, scratch, params, buffers).result;
    },
    { samples: 15 },
  );
  let sink = 0;
  const raw = await timeMs(
    () => {
      sink += rawPass(positions);
    },
    { samples: 15 },
  );
  report({
    bench: 'cascade.sweep',
    positions: 1_000_000,
    bookLevels: 20_000,
    liquidations: last.liquidations,
    liquidatedUsd: Math.round(last.totalLiquidatedUsd),
    steps: last.steps,
    cascadeMs: cascade.minMs,
    rawPassMs: raw.minMs,
    ratioToRawPass: cascade.minMs / raw.minMs,
    target: '<= 10x the raw pass',
    sink: sink > 0,
  });
}

async function monteCarloBench() {
  const { positions, book } = market(100_000, 20e9);
  const spec = {
    seed: 1,
    runs: 2000,
    shockUsd: { kind: 'lognormal', median: 3e8, sigma: 1 },
    withdrawal: { kind: 'lognormal', median: 3.4, sigma: 0.8 },
  };
  const {
    withdrawal: _w,
    recordEvents: _r,
    ...base
  } = { ...DEFAULT_ENGINE, insuranceFundUsd: 1e9, resilience: 0.02 };
  const job = { positions, book, base, spec, tracked: [] };
  const workerUrl = new URL('../packages/cli/dist/cascade/mc-worker.js', import.meta.url);
  const timeRuns = async (threads) => {
    const started = performance.now();
    const out = await runMonteCarlo(job, threads, workerUrl, () => undefined);
    return { seconds: (performance.now() - started) / 1000, out };
  };
  await timeRuns(1); // warm-up
  const one = await timeRuns(1);
  const two = await timeRuns(2);
  const same = one.out.liquidatedUsd.every((v, i) => v === two.out.liquidatedUsd[i]);
  report({
    bench: 'cascade.monte-carlo',
    positions: 100_000,
    bookLevels: 20_000,
    scenarios: spec.runs,
    scenariosPerSecondOneThread: Math.round(spec.runs / one.seconds),
    scenariosPerSecondTwoThreads: Math.round(spec.runs / two.seconds),
    threadsAgree: same,
    medianLiquidatedUsd: Math.round(
      [...one.out.liquidatedUsd].sort((x, y) => x - y)[spec.runs >> 1],
    ),
    target: '>= 1,000 scenarios/s on 2 cores',
  });
}

export async function run() {
  await sweepBench();
  await monteCarloBench();
}
