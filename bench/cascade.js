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
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseParamsOf, loadScenario, monteCarloSpecOf, runMonteCarlo } from '@cascade/services';
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

/** The calibrated 2025-11-21 example, its generator counts scaled to reach 100,000 positions. */
function calibratedMarket() {
  const file = new URL('../examples/scenarios/2025-11-21.json', import.meta.url);
  const scenario = JSON.parse(readFileSync(file, 'utf8'));
  for (const source of scenario.positions) source.count = Math.ceil(source.count * 1.1);
  const dir = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  const copy = join(dir, 'scenario.json');
  // Relative paths in the scenario resolve against its own folder: keep them absolute.
  writeFileSync(copy, JSON.stringify(scenario));
  return loadScenario(copy);
}

async function monteCarloBench() {
  const loaded = calibratedMarket();
  const positionCount = loaded.positions.longs.count + loaded.positions.shorts.count;
  const spec = monteCarloSpecOf(loaded, 5000);
  const job = {
    positions: loaded.positions,
    book: loaded.book,
    base: baseParamsOf(loaded),
    spec,
    tracked: [],
  };
  const workerUrl = new URL('../packages/services/dist/cascade/mc-worker.js', import.meta.url);
  const timeRuns = async (threads) => {
    const started = performance.now();
    const out = await runMonteCarlo(job, threads, workerUrl, () => undefined);
    return { seconds: (performance.now() - started) / 1000, out };
  };
  await timeRuns(1); // warm-up
  const one = await timeRuns(1);
  const two = await timeRuns(2);
  const same = one.out.liquidatedUsd.every((v, i) => v === two.out.liquidatedUsd[i]);
  const sorted = [...one.out.liquidatedUsd].sort((x, y) => x - y);
  report({
    bench: 'cascade.monte-carlo',
    scenario: loaded.scenario.name,
    positions: positionCount,
    bookLevels: loaded.book.qty.length,
    scenarios: spec.runs,
    scenariosPerSecondOneThread: Math.round(spec.runs / one.seconds),
    scenariosPerSecondTwoThreads: Math.round(spec.runs / two.seconds),
    threadsAgree: same,
    p50LiquidatedUsd: Math.round(sorted[spec.runs >> 1]),
    p99LiquidatedUsd: Math.round(sorted[Math.floor(spec.runs * 0.99)]),
    target: '>= 1,000 scenarios/s on 2 cores',
  });
}

export async function run() {
  await sweepBench();
  await monteCarloBench();
}
