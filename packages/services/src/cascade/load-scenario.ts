/**
 * Scenario file → ready-to-run market: validated scenario, calibrated order book and sorted
 * position book (prices from the venue margin engines).
 */
import {
  DEFAULT_ENGINE,
  bookFromSnapshot,
  buildPositionBook,
  createRng,
  generatePositions,
  parametricBook,
  type EngineParams,
  type OrderBook,
  type PositionBook,
  type PositionSpec,
  type Weighted,
} from '@cascade/core';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parsePositionRecords, formatIssue } from '../position-record.js';
import {
  binanceBookDepth,
  binanceDepthSnapshot,
  DataFormatError,
  tardisSnapshot,
} from './book-files.js';
import { drawBookPositions, type BookRead, type PositionsFrom } from './position-book-source.js';
import { scenarioSchema, type BookSpec, type Scenario } from './scenario-schema.js';

export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  readonly book: OrderBook;
  readonly positions: PositionBook;
  readonly specs: readonly PositionSpec[];
  /** How many of `specs` come from the scenario itself (the rest were passed in). */
  readonly marketCount: number;
  /** Positions left out (invalid, or already past liquidation at the start price). */
  readonly excluded: number;
  readonly bookNote: string;
  /** Position-book sources: where their positions came from, with the model label. */
  readonly positionsFrom: readonly PositionsFrom[];
}

/** Parses and validates scenario JSON; errors name the file and the field path. */
export function parseScenario(text: string, file: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(`${file}: bad JSON: ${(error as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    const field = path === '' ? '(scenario)' : path;
    throw new DataFormatError(`${file}: field "${field}": ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function buildBook(
  spec: BookSpec,
  baseDir: string,
  startPriceUsd: number,
): { book: OrderBook; note: string } {
  switch (spec.kind) {
    case 'parametric':
      return {
        book: parametricBook({
          midPriceUsd: startPriceUsd,
          depthUsdWithin1Pct: spec.depthUsdWithin1Pct,
          kappa: spec.kappa,
          levels: spec.levels,
          rangePct: spec.rangePct,
          ...(spec.askToBidRatio === undefined ? {} : { askToBidRatio: spec.askToBidRatio }),
        }),
        note: `parametric: $${(spec.depthUsdWithin1Pct / 1e6).toFixed(1)}M within 1%, κ ${spec.kappa}`,
      };
    case 'binance-depth-snapshot':
    case 'tardis-book-snapshot-25': {
      const file = resolve(baseDir, spec.file);
      const levels =
        spec.kind === 'binance-depth-snapshot'
          ? binanceDepthSnapshot(file)
          : tardisSnapshot(file, spec.row);
      const book = bookFromSnapshot({
        ...levels,
        tickSize: spec.tickSize,
        levels: spec.levels,
        ...(spec.tail ? { tail: spec.tail } : {}),
      });
      return {
        book,
        note: `${spec.kind} ${spec.file}: ${levels.bids.length} bid / ${levels.asks.length} ask levels + fitted tail`,
      };
    }
    case 'binance-book-depth': {
      const fit = binanceBookDepth(resolve(baseDir, spec.file), spec.timestamp, spec.frozen);
      const replaced =
        fit.nearestDefect === null
          ? ''
          : ` (nearest snapshot ${fit.nearest}: ${fit.nearestDefect}; used the nearest clean one; ${fit.defective} of ${fit.snapshots} snapshots in the file are frozen or crossed)`;
      const depth = fit.bid.depthUsdWithin1Pct * spec.depthMultiplier;
      return {
        book: parametricBook({
          midPriceUsd: startPriceUsd,
          depthUsdWithin1Pct: depth,
          kappa: fit.bid.kappa,
          levels: spec.levels,
          rangePct: spec.rangePct,
          askToBidRatio: fit.askToBidRatio,
        }),
        note: `Binance bookDepth at ${fit.at}${replaced}: bid $${(fit.bid.depthUsdWithin1Pct / 1e6).toFixed(1)}M within 1% × ${spec.depthMultiplier}, κ ${fit.bid.kappa.toFixed(3)} (R² ${fit.bid.r2.toFixed(3)})`,
      };
    }
  }
}

const weights = (record: Readonly<Record<string, number>>): Weighted[] =>
  Object.entries(record).map(([value, weight]) => ({ value: Number(value), weight }));

function generated(
  scenario: Scenario,
  source: Extract<Scenario['positions'][number], { kind: 'generate' }>,
  k: number,
): PositionSpec[] {
  const entry = source.entryPrices;
  const entryPrices: Weighted[] =
    entry.kind === 'list'
      ? entry.prices.map((p) => ({ value: p.priceUsd, weight: p.weight }))
      : Array.from({ length: entry.points }, (_, i) => {
          const pct =
            entry.points === 1
              ? entry.fromPct
              : entry.fromPct + ((entry.toPct - entry.fromPct) * i) / (entry.points - 1);
          return { value: scenario.startPriceUsd * (1 + pct / 100), weight: 1 };
        });
  const { kind: _kind, leverageMix, entryPrices: _entry, sizeSigma, ...rest } = source;
  return generatePositions(
    {
      ...rest,
      leverageMix: weights(leverageMix),
      entryPrices,
      ...(sizeSigma === undefined ? {} : { sizeSigma }),
    },
    createRng(scenario.seed * 1000 + k),
  );
}

/**
 * The scenario's positions, source by source. Position-book sources draw from `books` (read
 * from the market store beforehand, see readPositionBooks); without their map they fail.
 */
export function scenarioPositions(
  scenario: Scenario,
  baseDir: string,
  books: readonly BookRead[] = [],
): { specs: PositionSpec[]; positionsFrom: PositionsFrom[] } {
  const positionsFrom: PositionsFrom[] = [];
  const specs = scenario.positions.flatMap((source, k) => {
    if (source.kind === 'file') {
      const file = resolve(baseDir, source.file);
      const parsed = parsePositionRecords(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new DataFormatError(formatIssue(file, parsed.issue));
      return parsed.specs;
    }
    if (source.kind === 'generate') return generated(scenario, source, k);
    const book = books.find((b) => b.source === k);
    if (book === undefined)
      throw new DataFormatError(
        `field "positions.${k}": a position-book source reads the market store, and none was read`,
      );
    const drawn = drawBookPositions(source, book, scenario.seed * 1000 + k);
    positionsFrom.push(drawn.from);
    return drawn.specs;
  });
  return { specs, positionsFrom };
}

export function engineParamsOf(scenario: Scenario): EngineParams {
  return { ...DEFAULT_ENGINE, ...scenario.engine, shock: scenario.shock, recordEvents: true };
}

/** Reads and validates a scenario file. */
export function readScenarioFile(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

/**
 * Builds the market of an already parsed scenario, with `extra` positions appended; `books` are
 * the maps of its position-book sources (readPositionBooks).
 */
export function loadParsedScenario(
  scenario: Scenario,
  file: string,
  extra: readonly PositionSpec[] = [],
  books: readonly BookRead[] = [],
): LoadedScenario {
  const baseDir = dirname(resolve(file));
  const { book, note } = buildBook(scenario.book, baseDir, scenario.startPriceUsd);
  const { specs: market, positionsFrom } = scenarioPositions(scenario, baseDir, books);
  const specs = [...market, ...extra];
  const built = buildPositionBook(specs, { markPriceUsd: scenario.startPriceUsd });
  return {
    scenario,
    file,
    book,
    positions: built.book,
    specs,
    marketCount: market.length,
    excluded: built.rejected.size,
    bookNote: note,
    positionsFrom,
  };
}

/** Loads a scenario file and everything it points to (paths relative to the scenario file). */
export function loadScenario(file: string, extra: readonly PositionSpec[] = []): LoadedScenario {
  return loadParsedScenario(readScenarioFile(file), file, extra);
}
