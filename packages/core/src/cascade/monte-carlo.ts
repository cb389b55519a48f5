/**
 * Monte Carlo "liquidation-at-risk": many scenarios (shock size and depth withdrawal drawn from
 * distributions) over one position book. Each scenario's draws depend only on (seed, index), so
 * any split of the scenarios across threads gives the same numbers.
 */
import type { EngineParams, Shock } from './engine-types.js';
import { createCascadeScratch, runOnBook, type CascadeScratch } from './engine.js';
import { resetBook, type OrderBook } from './order-book.js';
import type { PositionBook } from './position-book.js';
import { createRng, draw, type Distribution } from './rng.js';

export interface MonteCarloSpec {
  readonly seed: number;
  readonly runs: number;
  /** Exogenous market sell (positive) or buy (negative) in USD. */
  readonly shockUsd: Distribution;
  readonly withdrawal: Distribution;
}

export interface ScenarioOutcome {
  readonly shockUsd: number;
  readonly withdrawal: number;
  readonly liquidatedUsd: number;
  readonly longLiquidatedUsd: number;
  readonly shortLiquidatedUsd: number;
  /** Largest move from the start price, in percent (positive). */
  readonly drawdownPct: number;
  /** Insurance fund loss (positive = the fund lost money). */
  readonly fundLossUsd: number;
  readonly adlUsd: number;
  /** The run traded beyond the stored book, on its fitted depth tail. */
  readonly depthTailUsed: boolean;
  /** The run met a side of the book with no depth left (the edge of the book). */
  readonly bookExhausted: boolean;
}

/** The draws of scenario `index`. */
export function scenarioDraws(
  spec: MonteCarloSpec,
  index: number,
): { shockUsd: number; withdrawal: number } {
  const rng = createRng((spec.seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  return {
    shockUsd: draw(rng, spec.shockUsd),
    withdrawal: Math.max(1, draw(rng, spec.withdrawal)),
  };
}

export function shockOf(usd: number): Shock {
  return usd >= 0 ? { kind: 'market-sell', usd } : { kind: 'market-buy', usd: -usd };
}

/**
 * Runs scenarios [from, to) on a scratch book reset from `template` each time; calls `onOutcome`
 * for each (and `onLiquidated` per position when given, for stress tests of tracked positions).
 */
export function runScenarios(
  positions: PositionBook,
  template: OrderBook,
  scratch: OrderBook,
  base: Omit<EngineParams, 'shock' | 'withdrawal' | 'recordEvents' | 'demandAfterQuiet'>,
  spec: MonteCarloSpec,
  from: number,
  to: number,
  onOutcome: (
    index: number,
    outcome: ScenarioOutcome,
    wasLiquidated: (side: 'long' | 'short', i: number) => boolean,
  ) => void,
  buffers: CascadeScratch = createCascadeScratch(positions),
): void {
  for (let index = from; index < to; index++) {
    const { shockUsd, withdrawal } = scenarioDraws(spec, index);
    resetBook(scratch, template);
    const params = {
      ...base,
      shock: shockOf(shockUsd),
      withdrawal,
      recordEvents: false,
      demandAfterQuiet: false,
    };
    const run = runOnBook(positions, scratch, params, buffers);
    const r = run.result;
    const drawdownPct =
      (Math.max(r.startPrice - r.minPrice, r.maxPrice - r.startPrice) / r.startPrice) * 100;
    onOutcome(
      index,
      {
        shockUsd,
        withdrawal,
        liquidatedUsd: r.totalLiquidatedUsd,
        longLiquidatedUsd: r.longLiquidatedUsd,
        shortLiquidatedUsd: r.shortLiquidatedUsd,
        drawdownPct,
        fundLossUsd: -Math.min(0, r.insuranceFundMinUsd - r.insuranceFundStartUsd),
        adlUsd: r.adlUsd,
        depthTailUsed: r.depthTail.usedBelow || r.depthTail.usedAbove,
        bookExhausted: r.bookExhausted,
      },
      run.wasLiquidated,
    );
  }
}

/** Linear-interpolated quantile of unsorted values (q in 0..1). */
export function quantile(values: Float64Array | readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

export interface QuantileSummary {
  readonly mean: number;
  readonly p05: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function summarizeQuantiles(values: Float64Array | readonly number[]): QuantileSummary {
  let sum = 0;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v > max) max = v;
  }
  return {
    mean: values.length > 0 ? sum / values.length : Number.NaN,
    p05: quantile(values, 0.05),
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    max,
  };
}
