/**
 * The documents of `cascade simulate|montecarlo|stress --json`, built here once so the CLI and
 * the HTTP API (POST /api/simulate, the Monte Carlo and stress jobs) print the same JSON.
 */
import {
  eventsOf,
  hashEvents,
  parseSymbol,
  summarizeQuantiles,
  type CascadeRun,
  type PositionSpec,
  type QuantileSummary,
} from '@cascade/core';
import { loadParsedScenario, type LoadedScenario } from './load-scenario.js';
import { baseParamsOf, monteCarloSpecOf, runScenarioMonteCarlo } from './mc-support.js';
import type { Scenario } from './scenario-schema.js';
import { locateUserPositions, marketBaseOf, stressRows, type StressRow } from './stress.js';
import type { BookRead, PositionsFrom } from './position-book-source.js';

/** "built from data stored before D (tables)" or "hand-written". */
export function scenarioOriginOf(scenario: Scenario): string {
  const b = scenario.builtFrom;
  return b === undefined
    ? 'hand-written'
    : `built from data stored before ${b.date} (${b.tables.join('; ')})`;
}

/** `cascade simulate --json`. */
export function simulationSummary(loaded: LoadedScenario, run: CascadeRun) {
  const { scenario } = loaded;
  const reported = scenario.reported;
  const comparison = reported
    ? {
        reportedLiquidatedUsd: reported.liquidatedUsd ?? null,
        reportedMinPriceUsd: reported.minPriceUsd ?? null,
        simulatedToReportedLiquidated:
          reported.liquidatedUsd !== undefined
            ? run.result.totalLiquidatedUsd / reported.liquidatedUsd
            : null,
        source: reported.source,
      }
    : null;
  return {
    scenario: scenario.name,
    origin: scenarioOriginOf(scenario),
    ...run.result,
    eventLogHash: hashEvents(run.events),
    events: run.events.length,
    book: loaded.bookNote,
    positions: loaded.positions.longs.count + loaded.positions.shorts.count,
    excludedPositions: loaded.excluded,
    positionsFrom: loaded.positionsFrom,
    reported: comparison,
  };
}

/** Per-step series of one run (index k = after step k), for the simulator's charts. */
export interface SimulationSeries {
  readonly step: number[];
  readonly priceUsd: number[];
  readonly longLiquidatedUsd: number[];
  readonly shortLiquidatedUsd: number[];
  readonly liquidations: number[];
  readonly insuranceFundUsd: number[];
  /** Cumulative notional auto-deleveraged. */
  readonly adlUsd: number[];
}

/** Liquidated notional of one event: the book fill plus the remainder at the bankruptcy price. */
const liquidatedUsd = (filled: number, fillPrice: number, quantity: number, bankrupt: number) =>
  (filled > 0 ? filled * fillPrice : 0) + (quantity - filled) * bankrupt;

export function simulationSeries(run: CascadeRun): SimulationSeries {
  const steps = run.result.pricePath.length;
  const zeros = (): number[] => new Array<number>(steps).fill(0);
  const series = {
    step: Array.from({ length: steps }, (_, k) => k),
    priceUsd: [...run.result.pricePath],
    longLiquidatedUsd: zeros(),
    shortLiquidatedUsd: zeros(),
    liquidations: zeros(),
    insuranceFundUsd: new Array<number>(steps).fill(Number.NaN),
    adlUsd: zeros(),
  };
  for (const event of eventsOf(run.events)) {
    const k = Math.min(Math.max(event.step, 0), steps - 1);
    if (event.kind === 'position-liquidated') {
      const usd = liquidatedUsd(
        event.filledQuantity,
        event.fillPriceUsd,
        event.quantity,
        event.bankruptcyPriceUsd,
      );
      if (event.side === 'long')
        series.longLiquidatedUsd[k] = (series.longLiquidatedUsd[k] ?? 0) + usd;
      else series.shortLiquidatedUsd[k] = (series.shortLiquidatedUsd[k] ?? 0) + usd;
      series.liquidations[k] = (series.liquidations[k] ?? 0) + 1;
    } else if (event.kind === 'auto-deleveraged') {
      series.adlUsd[k] = (series.adlUsd[k] ?? 0) + event.quantity * event.priceUsd;
    } else if (event.kind !== 'price-moved') {
      series.insuranceFundUsd[k] = event.balanceUsd;
    }
  }
  // Carry the fund balance forward and accumulate ADL.
  let balance = run.result.insuranceFundStartUsd;
  let adl = 0;
  for (let k = 0; k < steps; k++) {
    const seen = series.insuranceFundUsd[k] ?? Number.NaN;
    balance = Number.isNaN(seen) ? balance : seen;
    series.insuranceFundUsd[k] = balance;
    adl += series.adlUsd[k] ?? 0;
    series.adlUsd[k] = adl;
  }
  return series;
}

export interface MonteCarloSummary {
  readonly scenario: string;
  /** Position-book sources of the market, with the liquidation model's label. */
  readonly positionsFrom: readonly PositionsFrom[];
  readonly runs: number;
  readonly threads: number;
  readonly seconds: number;
  readonly scenariosPerSecond: number;
  readonly liquidatedUsd: QuantileSummary;
  readonly longLiquidatedUsd: QuantileSummary;
  readonly drawdownPct: QuantileSummary;
  readonly insuranceFundLossUsd: QuantileSummary;
  readonly adlUsd: QuantileSummary;
  /** Share of runs that traded beyond the stored book, on its fitted B·u^κ depth tail. */
  readonly depthTailShare: number;
  /** Share of runs that met a side of the book with no depth left (should be 0). */
  readonly bookExhaustedShare: number;
}

const share = (flags: Uint8Array): number =>
  flags.length > 0 ? flags.reduce((a, b) => a + b, 0) / flags.length : Number.NaN;

/** Runs the scenario's Monte Carlo: `cascade montecarlo --json`. */
export async function runMonteCarloSummary(
  loaded: LoadedScenario,
  runs: number | undefined,
  threads: number | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<MonteCarloSummary> {
  const spec = monteCarloSpecOf(loaded, runs);
  const {
    out,
    seconds,
    threads: used,
  } = await runScenarioMonteCarlo(loaded, spec, [], threads, (done) => {
    onProgress(done, spec.runs);
  });
  return {
    scenario: loaded.scenario.name,
    positionsFrom: loaded.positionsFrom,
    runs: spec.runs,
    threads: used,
    seconds,
    scenariosPerSecond: spec.runs / seconds,
    liquidatedUsd: summarizeQuantiles(out.liquidatedUsd),
    longLiquidatedUsd: summarizeQuantiles(out.longLiquidatedUsd),
    drawdownPct: summarizeQuantiles(out.drawdownPct),
    insuranceFundLossUsd: summarizeQuantiles(out.fundLossUsd),
    adlUsd: summarizeQuantiles(out.adlUsd),
    depthTailShare: share(out.depthTailUsed),
    bookExhaustedShare: share(out.bookExhausted),
  };
}

export interface StressDocument {
  readonly scenario: string;
  /** Position-book sources of the market, with the liquidation model's label. */
  readonly positionsFrom: readonly PositionsFrom[];
  readonly runs: number;
  readonly positions: StressRow[];
}

/**
 * `cascade stress --json`: the user's positions join the scenario's market (only those in its
 * instrument; the rest are reported, not simulated) and Monte Carlo counts their liquidations.
 */
export async function runStress(
  specs: readonly PositionSpec[],
  scenario: Scenario,
  scenarioFile: string,
  runs: number | undefined,
  threads: number | undefined,
  onProgress: (done: number, total: number) => void,
  books: readonly BookRead[] = [],
): Promise<StressDocument> {
  const marketBase = marketBaseOf(scenario);
  const sameMarket = specs.map(
    (p) => marketBase === null || parseSymbol(p.symbol).base === marketBase,
  );
  const joined = specs.filter((_, k) => sameMarket[k]);
  const loaded = loadParsedScenario(scenario, scenarioFile, joined, books);
  const joinedAt = locateUserPositions(loaded, loaded.marketCount, joined.length);
  let next = 0;
  const located = specs.map((_, k) => {
    if (!sameMarket[k]) return null;
    const where = joinedAt[next++] ?? null;
    return where ? { ...where, input: k } : null;
  });
  const spec = monteCarloSpecOf(loaded, runs);
  const tracked = located.filter((t) => t !== null);
  const { out } = await runScenarioMonteCarlo(loaded, spec, tracked, threads, (done) => {
    onProgress(done, spec.runs);
  });
  const rows = stressRows(loaded, specs, located, out, spec, baseParamsOf(loaded));
  return {
    scenario: loaded.scenario.name,
    positionsFrom: loaded.positionsFrom,
    runs: spec.runs,
    positions: rows,
  };
}
