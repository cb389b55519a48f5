/**
 * Monte Carlo over one loaded market, in this thread or split across worker threads. Scenario
 * draws depend only on (seed, index), so the result does not depend on the thread count.
 */
import {
  cloneBook,
  createCascadeScratch,
  runScenarios,
  type ScenarioOutcome,
  type EngineParams,
  type MonteCarloSpec,
  type OrderBook,
  type PositionBook,
} from '@cascade/core';
import { Worker } from 'node:worker_threads';
import { sharePositionBook } from './shared-book.js';

export type BaseParams = Omit<EngineParams, 'shock' | 'withdrawal' | 'recordEvents'>;

/** Positions whose liquidation each scenario records (for stress tests). */
export interface Tracked {
  readonly side: 'long' | 'short';
  readonly index: number;
}

export interface MonteCarloJob {
  readonly positions: PositionBook;
  readonly book: OrderBook;
  readonly base: BaseParams;
  readonly spec: MonteCarloSpec;
  readonly tracked: readonly Tracked[];
}

export interface MonteCarloOutcomes {
  readonly liquidatedUsd: Float64Array;
  readonly longLiquidatedUsd: Float64Array;
  readonly drawdownPct: Float64Array;
  readonly fundLossUsd: Float64Array;
  readonly adlUsd: Float64Array;
  readonly shockUsd: Float64Array;
  readonly withdrawal: Float64Array;
  /** 1 where the run traded on the book's fitted depth tail / met an exhausted book. */
  readonly depthTailUsed: Uint8Array;
  readonly bookExhausted: Uint8Array;
  /** tracked.length × runs flags, scenario-major. */
  readonly trackedLiquidated: Uint8Array;
}

export function allocateOutcomes(runs: number, tracked: number): MonteCarloOutcomes {
  return {
    liquidatedUsd: new Float64Array(runs),
    longLiquidatedUsd: new Float64Array(runs),
    drawdownPct: new Float64Array(runs),
    fundLossUsd: new Float64Array(runs),
    adlUsd: new Float64Array(runs),
    shockUsd: new Float64Array(runs),
    withdrawal: new Float64Array(runs),
    depthTailUsed: new Uint8Array(runs),
    bookExhausted: new Uint8Array(runs),
    trackedLiquidated: new Uint8Array(runs * tracked),
  };
}

/** Scenarios are handed out in chunks of this size from a shared counter (load balancing). */
const CHUNK = 16;

/**
 * Runs scenarios taken from `counter` (a shared Int32 cell: the next unclaimed index) until none
 * are left, writing each into `out` at its own index. Every thread calls this with the same
 * counter; draws depend only on the index, so the split does not change the numbers.
 */
export function runQueue(
  job: MonteCarloJob,
  counter: Int32Array,
  out: MonteCarloOutcomes,
  onProgress: (done: number) => void,
): void {
  const runs = job.spec.runs;
  const book = cloneBook(job.book);
  const buffers = createCascadeScratch(job.positions);
  const tracked = job.tracked;
  let done = 0;
  const write = (
    i: number,
    o: ScenarioOutcome,
    wasLiquidated: (side: 'long' | 'short', index: number) => boolean,
  ): void => {
    out.liquidatedUsd[i] = o.liquidatedUsd;
    out.longLiquidatedUsd[i] = o.longLiquidatedUsd;
    out.drawdownPct[i] = o.drawdownPct;
    out.fundLossUsd[i] = o.fundLossUsd;
    out.adlUsd[i] = o.adlUsd;
    out.shockUsd[i] = o.shockUsd;
    out.withdrawal[i] = o.withdrawal;
    out.depthTailUsed[i] = o.depthTailUsed ? 1 : 0;
    out.bookExhausted[i] = o.bookExhausted ? 1 : 0;
    tracked.forEach((t, k) => {
      out.trackedLiquidated[i * tracked.length + k] = wasLiquidated(t.side, t.index) ? 1 : 0;
    });
  };
  for (;;) {
    const from = Atomics.add(counter, 0, CHUNK);
    if (from >= runs) break;
    const to = Math.min(runs, from + CHUNK);
    runScenarios(job.positions, job.book, book, job.base, job.spec, from, to, write, buffers);
    done += to - from;
    onProgress(done);
  }
}

function sharedOutcomes(runs: number, tracked: number): MonteCarloOutcomes {
  const f64 = (): Float64Array => new Float64Array(new SharedArrayBuffer(runs * 8));
  return {
    liquidatedUsd: f64(),
    longLiquidatedUsd: f64(),
    drawdownPct: f64(),
    fundLossUsd: f64(),
    adlUsd: f64(),
    shockUsd: f64(),
    withdrawal: f64(),
    depthTailUsed: new Uint8Array(new SharedArrayBuffer(runs)),
    bookExhausted: new Uint8Array(new SharedArrayBuffer(runs)),
    trackedLiquidated: new Uint8Array(new SharedArrayBuffer(Math.max(1, runs * tracked))),
  };
}

/**
 * Runs the job on `threads` worker threads (1 = this thread). `workerUrl` is the compiled
 * worker module; `onProgress` receives the total number of scenarios finished.
 */
export async function runMonteCarlo(
  job: MonteCarloJob,
  threads: number,
  workerUrl: URL,
  onProgress: (done: number) => void,
): Promise<MonteCarloOutcomes> {
  const runs = job.spec.runs;
  const counter = new Int32Array(new SharedArrayBuffer(4));
  if (threads <= 1) {
    const out = allocateOutcomes(runs, job.tracked.length);
    runQueue(job, counter, out, onProgress);
    return out;
  }
  const out = sharedOutcomes(runs, job.tracked.length);
  const shared: MonteCarloJob = { ...job, positions: sharePositionBook(job.positions) };
  const progress = new Array<number>(threads).fill(0);
  await Promise.all(
    Array.from({ length: threads }, (_, t) => {
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(workerUrl, { workerData: { job: shared, counter, out } });
        worker.on('message', (done: number) => {
          progress[t] = done;
          onProgress(progress.reduce((a, b) => a + b, 0));
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code === 0) resolve();
          else reject(new Error(`worker exited with ${code}`));
        });
      });
    }),
  );
  return out;
}
