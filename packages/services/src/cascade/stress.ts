/**
 * Stress test of a user's own positions inside a simulated market: probability of liquidation
 * and expected loss over the Monte Carlo scenarios, and the smallest exogenous shock that
 * liquidates each position (bisection on deterministic cascades).
 */
import {
  parseSymbol,
  runCascade,
  shockOf,
  type Distribution,
  type MonteCarloSpec,
  type PositionSpec,
} from '@cascade/core';
import type { LoadedScenario } from './load-scenario.js';
import type { Scenario } from './scenario-schema.js';
import type { BaseParams, MonteCarloOutcomes, Tracked } from './mc-run.js';

export interface TrackedPosition extends Tracked {
  /** Index in the user's file. */
  readonly input: number;
}

/** Where each of the user's positions (appended after `marketCount` specs) sits in the book. */
export function locateUserPositions(
  loaded: LoadedScenario,
  marketCount: number,
  userCount: number,
): (TrackedPosition | null)[] {
  const where = new Map<number, Tracked>();
  for (const [side, book] of [
    ['long', loaded.positions.longs],
    ['short', loaded.positions.shorts],
  ] as const) {
    for (let i = 0; i < book.count; i++) {
      const id = book.id[i] ?? -1;
      if (id >= marketCount) where.set(id, { side, index: i });
    }
  }
  return Array.from({ length: userCount }, (_, k) => {
    const found = where.get(marketCount + k);
    return found ? { ...found, input: k } : null;
  });
}

/** The base asset a scenario's market trades (from its generated or position-book positions). */
export function marketBaseOf(scenario: Scenario): string | null {
  const market = scenario.positions.find((p) => p.kind !== 'file');
  return market && 'symbol' in market ? parseSymbol(market.symbol).base : null;
}

/** The base asset the scenario's market trades (from its generated positions). */
export function scenarioBase(loaded: LoadedScenario): string | null {
  return marketBaseOf(loaded.scenario);
}

function whyNotSimulated(loaded: LoadedScenario, position: PositionSpec): string {
  const base = scenarioBase(loaded);
  if (position.contract !== 'linear')
    return 'not simulated: the cascade simulator models linear contracts';
  if (base !== null && parseSymbol(position.symbol).base !== base) {
    return `not simulated: the scenario's market is ${base}, this position is ${parseSymbol(position.symbol).base}`;
  }
  return `not simulated: already past its liquidation price at the start price ${loaded.scenario.startPriceUsd}`;
}

export function typicalValue(d: Distribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'lognormal':
      return d.median;
    case 'choice':
      return [...d.values].sort((a, b) => a - b)[Math.floor(d.values.length / 2)] ?? Number.NaN;
  }
}

/** Smallest market sell (long) or buy (short) in USD that liquidates the tracked position. */
export function liquidatingShockUsd(
  loaded: LoadedScenario,
  base: BaseParams,
  withdrawal: number,
  tracked: Tracked,
  maxUsd = 1e12,
): number | null {
  const liquidates = (usd: number): boolean => {
    const shock = shockOf(tracked.side === 'long' ? usd : -usd);
    const run = runCascade(loaded.positions, loaded.book, {
      ...base,
      shock,
      withdrawal,
      recordEvents: false,
    });
    return run.wasLiquidated(tracked.side, tracked.index);
  };
  if (!liquidates(maxUsd)) return null;
  let lo = 0;
  let hi = maxUsd;
  for (let k = 0; k < 40 && hi - lo > Math.max(1e4, hi * 1e-3); k++) {
    const mid = Math.sqrt(Math.max(lo, 1e3) * hi);
    if (liquidates(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

export interface StressRow {
  readonly input: number;
  readonly venue: string;
  readonly symbol: string;
  readonly side: string;
  readonly liquidationPrice: number | null;
  readonly collateralUsd: number | null;
  readonly probabilityOfLiquidation: number | null;
  readonly expectedLossUsd: number | null;
  readonly liquidatingShockUsd: number | null;
  readonly note: string | null;
}

export function stressRows(
  loaded: LoadedScenario,
  user: readonly PositionSpec[],
  located: readonly (TrackedPosition | null)[],
  out: MonteCarloOutcomes,
  spec: MonteCarloSpec,
  base: BaseParams,
): StressRow[] {
  const tracked = located.filter((t): t is TrackedPosition => t !== null);
  const withdrawal = Math.max(1, typicalValue(spec.withdrawal));
  return user.map((position, k) => {
    const where = located[k] ?? null;
    const common = {
      input: k,
      venue: position.venue,
      symbol: position.symbol,
      side: position.side,
    };
    if (where === null) {
      return {
        ...common,
        liquidationPrice: null,
        collateralUsd: null,
        probabilityOfLiquidation: null,
        expectedLossUsd: null,
        liquidatingShockUsd: null,
        note: whyNotSimulated(loaded, position),
      };
    }
    const side = where.side === 'long' ? loaded.positions.longs : loaded.positions.shorts;
    const column = tracked.indexOf(where);
    let hits = 0;
    for (let i = 0; i < spec.runs; i++)
      hits += out.trackedLiquidated[i * tracked.length + column] ?? 0;
    const probability = hits / spec.runs;
    const collateral = side.collateralUsd[where.index] ?? 0;
    return {
      ...common,
      liquidationPrice: side.liquidationPrice[where.index] ?? null,
      collateralUsd: collateral,
      probabilityOfLiquidation: probability,
      expectedLossUsd: probability * collateral,
      liquidatingShockUsd: liquidatingShockUsd(loaded, base, withdrawal, where),
      note: null,
    };
  });
}
