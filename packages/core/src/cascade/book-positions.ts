/**
 * Positions drawn from an estimated liquidation map (the live map of the fitted position book,
 * docs/heatmap.md): every (price bucket, leverage, side) cell that holds notional is a stratum
 * weighted by that notional. Each non-empty cell gets at least one position (more when its
 * notional exceeds the largest position the venue's leverage brackets allow at that leverage) and
 * the rest of the count is spread over the cells in proportion to their notional (systematic
 * sampling with a seeded offset); sizes inside a cell are log-normally dispersed, capped at that
 * largest position, and scaled so the cell's notional is matched exactly. Each position's entry is chosen so that the venue margin engine
 * (tiers at the position's own notional included) puts its liquidation price at the centre of
 * its cell's bucket: entry = bucket centre / (liquidation price ÷ entry).
 */
import { buildMarginRows, solveMarginBatch } from '../margin/evaluate.js';
import { MARGIN_MODELS } from '../margin/models.js';
import type { PositionSpec, VenueId } from '../margin/types.js';
import { normal, type Rng } from './rng.js';

/** The layout of a liquidation map (structurally the analytics `LiquidationMap`). */
export interface LiquidationCells {
  /** Lower edge of bucket 0; bucket b covers [priceOrigin + b·bucketSize, + bucketSize). */
  readonly priceOrigin: number;
  readonly bucketSize: number;
  readonly buckets: number;
  readonly leverages: readonly number[];
  /** Live long notional (USD) whose liquidation price is in the bucket, [b · leverages.length + k]. */
  readonly long: Float64Array;
  readonly short: Float64Array;
}

export interface BookPositionsSpec {
  readonly venue: VenueId;
  readonly symbol: string;
  /** Positions to draw (at least one per non-empty cell; see `coarsenToCount`). */
  readonly count: number;
  /** Log-normal sigma of position notional inside a cell (0 = equal sizes). */
  readonly sizeSigma?: number;
  /** Scale the map's total live notional to this figure (default: the map's own total). */
  readonly openInterestUsd?: number;
}

export interface BookPositions {
  readonly specs: PositionSpec[];
  /** Bucket of each spec's cell (in the map the positions were drawn from). */
  readonly bucket: Int32Array;
  /** Non-empty cells, each with at least one position. */
  readonly cells: number;
  /** Map totals before scaling. */
  readonly mapLongUsd: number;
  readonly mapShortUsd: number;
  /** Factor applied to every cell's notional (1 without `openInterestUsd`). */
  readonly scale: number;
  /** The map the positions were drawn from (the input, or its coarsening). */
  readonly map: LiquidationCells;
}

interface Cell {
  readonly bucket: number;
  readonly leverage: number;
  readonly side: 'long' | 'short';
  readonly usd: number;
}

function nonEmptyCells(map: LiquidationCells): Cell[] {
  const n = map.leverages.length;
  const cells: Cell[] = [];
  for (let b = 0; b < map.buckets; b++) {
    for (let k = 0; k < n; k++) {
      const leverage = map.leverages[k] ?? Number.NaN;
      const long = map.long[b * n + k] ?? 0;
      const short = map.short[b * n + k] ?? 0;
      if (long > 0) cells.push({ bucket: b, leverage, side: 'long', usd: long });
      if (short > 0) cells.push({ bucket: b, leverage, side: 'short', usd: short });
    }
  }
  return cells;
}

/** Number of non-empty (bucket, leverage, side) cells. */
export function countCells(map: LiquidationCells): number {
  let cells = 0;
  for (let i = 0; i < map.long.length; i++) {
    if ((map.long[i] ?? 0) > 0) cells++;
    if ((map.short[i] ?? 0) > 0) cells++;
  }
  return cells;
}

/** The same map on buckets `factor` times wider (same origin); notional is summed. */
export function coarsenCells(map: LiquidationCells, factor: number): LiquidationCells {
  if (!(Number.isInteger(factor) && factor >= 1)) throw new RangeError('factor: integer ≥ 1');
  if (factor === 1) return map;
  const n = map.leverages.length;
  const buckets = Math.ceil(map.buckets / factor);
  const long = new Float64Array(buckets * n);
  const short = new Float64Array(buckets * n);
  for (let b = 0; b < map.buckets; b++) {
    const to = Math.floor(b / factor) * n;
    for (let k = 0; k < n; k++) {
      long[to + k] = (long[to + k] ?? 0) + (map.long[b * n + k] ?? 0);
      short[to + k] = (short[to + k] ?? 0) + (map.short[b * n + k] ?? 0);
    }
  }
  return { ...map, bucketSize: map.bucketSize * factor, buckets, long, short };
}

/**
 * Largest entry notional at which the venue allows `leverage` (just below the floor of the first
 * tier whose maximum leverage is lower); Infinity for venues without a bundled tier table.
 */
export function maxNotionalAt(venue: VenueId, symbol: string, leverage: number): number {
  const table = MARGIN_MODELS[venue].tierTable({
    venue,
    contract: 'linear',
    marginMode: 'isolated',
    side: 'long',
    symbol,
    entryPrice: 1,
    quantity: 1,
    leverage,
  });
  const over = table?.tiers.find((tier) => tier.maxLeverage < leverage);
  if (over !== undefined && over.floor <= 0) {
    throw new RangeError(`position book: ${venue} ${symbol} allows no position at ${leverage}x`);
  }
  return over === undefined ? Number.POSITIVE_INFINITY : over.floor * (1 - 1e-9);
}

/** Positions a cell needs: one, or more when one position at its leverage could not hold it. */
const needs = (cell: Cell, cap: number): number => Math.max(1, Math.ceil(cell.usd / cap));

/**
 * Positions per cell: each the number it needs, the rest of `count` in proportion to notional
 * (systematic sampling from a seeded offset).
 */
function allocate(cells: readonly Cell[], caps: readonly number[], count: number, rng: Rng) {
  const per = Int32Array.from(cells, (c, i) => needs(c, caps[i] ?? Infinity));
  const rest = count - per.reduce((a, b) => a + b, 0);
  const total = cells.reduce((sum, c) => sum + c.usd, 0);
  let point = rng();
  let cumulative = 0;
  cells.forEach((cell, i) => {
    cumulative += (rest * cell.usd) / total;
    while (point < cumulative && point < rest) {
      per[i] = (per[i] ?? 0) + 1;
      point += 1;
    }
  });
  // Rounding at the top end: whatever is left goes to the last cell.
  const assigned = per.reduce((a, b) => a + b, 0);
  per[cells.length - 1] = (per[cells.length - 1] ?? 0) + (count - assigned);
  return per;
}

/**
 * Splits `usd` into sizes proportional to `weights`, none above `cap` (water-filling: capped
 * sizes are fixed and the remainder is shared by the others). Needs weights.length · cap ≥ usd.
 */
function cappedSizes(usd: number, weights: readonly number[], cap: number): number[] {
  const sizes = new Array<number>(weights.length).fill(cap);
  let open = weights.map((_, i) => i);
  let left = usd;
  while (open.length > 0) {
    const sum = open.reduce((a, i) => a + (weights[i] ?? 0), 0);
    const over = open.filter((i) => (left * (weights[i] ?? 0)) / sum > cap);
    if (over.length === 0) {
      for (const i of open) sizes[i] = (left * (weights[i] ?? 0)) / sum;
      break;
    }
    left -= cap * over.length;
    open = open.filter((i) => !over.includes(i));
  }
  return sizes;
}

interface Draft {
  readonly cell: Cell;
  readonly liquidationPrice: number;
  readonly notionalUsd: number;
}

function drafts(
  map: LiquidationCells,
  cells: readonly Cell[],
  caps: readonly number[],
  per: Int32Array,
  sigma: number,
  rng: Rng,
): Draft[] {
  const out: Draft[] = [];
  cells.forEach((cell, i) => {
    const n = per[i] ?? 0;
    const weights = Array.from({ length: n }, () =>
      sigma > 0 ? Math.exp(sigma * normal(rng)) : 1,
    );
    const liquidationPrice = map.priceOrigin + (cell.bucket + 0.5) * map.bucketSize;
    for (const notionalUsd of cappedSizes(cell.usd, weights, caps[i] ?? Infinity))
      out.push({ cell, liquidationPrice, notionalUsd });
  });
  return out;
}

/** Liquidation price ÷ entry of each draft at its own notional, from the venue margin engine. */
function ratios(spec: BookPositionsSpec, list: readonly Draft[]): Float64Array {
  const probes: PositionSpec[] = list.map((d) => ({
    venue: spec.venue,
    contract: 'linear',
    marginMode: 'isolated',
    side: d.cell.side,
    symbol: spec.symbol,
    entryPrice: d.liquidationPrice,
    quantity: d.notionalUsd / d.liquidationPrice,
    leverage: d.cell.leverage,
  }));
  const { rows, problems } = buildMarginRows(probes);
  const [first] = problems;
  if (first !== undefined) {
    const [i, issues] = first;
    throw new RangeError(
      `position book: ${spec.venue} ${spec.symbol} at ${probes[i]?.leverage ?? '?'}x: ${issues.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    );
  }
  const out = solveMarginBatch(rows);
  return Float64Array.from(list, (d, i) => {
    const ratio = (out.liquidationPrice[i] ?? Number.NaN) / d.liquidationPrice;
    const ok =
      d.cell.side === 'long' ? ratio > 0 && ratio < 1 : ratio > 1 && Number.isFinite(ratio);
    if (!ok) {
      throw new RangeError(
        `position book: no ${d.cell.side} liquidation price at ${d.cell.leverage}x on ${spec.venue} ${spec.symbol}`,
      );
    }
    return ratio;
  });
}

interface Strata {
  readonly map: LiquidationCells;
  readonly cells: Cell[];
  readonly caps: number[];
  readonly needed: number;
}

/** The map's cells on buckets `factor` times wider, scaled, with their caps and positions needed. */
function strata(
  input: LiquidationCells,
  spec: BookPositionsSpec,
  scale: number,
  factor: number,
): Strata {
  const map = coarsenCells(input, factor);
  const cells = nonEmptyCells(map).map((c) => ({ ...c, usd: c.usd * scale }));
  const caps = cells.map((c) => maxNotionalAt(spec.venue, spec.symbol, c.leverage));
  const needed = cells.reduce((sum, c, i) => sum + needs(c, caps[i] ?? Infinity), 0);
  return { map, cells, caps, needed };
}

function totalsOf(map: LiquidationCells, spec: BookPositionsSpec) {
  let mapLongUsd = 0;
  let mapShortUsd = 0;
  for (let i = 0; i < map.long.length; i++) {
    mapLongUsd += Math.max(0, map.long[i] ?? 0);
    mapShortUsd += Math.max(0, map.short[i] ?? 0);
  }
  const total = mapLongUsd + mapShortUsd;
  if (!(total > 0)) throw new RangeError('position book: the map holds no live notional');
  const scale = spec.openInterestUsd === undefined ? 1 : spec.openInterestUsd / total;
  return { mapLongUsd, mapShortUsd, scale };
}

/**
 * The fewest positions the map can be drawn into: one per non-empty (leverage, side) group on a
 * single bucket, more where the venue's leverage brackets cap a position's size.
 */
export function minimumPositions(map: LiquidationCells, spec: BookPositionsSpec): number {
  return strata(map, spec, totalsOf(map, spec).scale, Math.max(1, map.buckets)).needed;
}

/**
 * Draws `spec.count` isolated linear positions from the map. When the count cannot give every
 * non-empty cell the positions it needs, the map is coarsened first (buckets 2×, 3×, … wider,
 * same origin). Deterministic for a given rng; no I/O.
 */
export function positionsFromBook(
  input: LiquidationCells,
  spec: BookPositionsSpec,
  rng: Rng,
): BookPositions {
  if (!(Number.isInteger(spec.count) && spec.count >= 1)) {
    throw new RangeError('count: integer ≥ 1');
  }
  const { mapLongUsd, mapShortUsd, scale } = totalsOf(input, spec);
  let s = strata(input, spec, scale, 1);
  for (let factor = 2; s.needed > spec.count && s.map.buckets > 1; factor++) {
    s = strata(input, spec, scale, factor);
  }
  if (s.needed > spec.count) {
    throw new RangeError(
      `count ${spec.count} is below the ${s.needed} positions the book needs (one per leverage and side, more where the venue's leverage brackets cap a position's size)`,
    );
  }
  const { map, cells, caps } = s;
  const list = drafts(
    map,
    cells,
    caps,
    allocate(cells, caps, spec.count, rng),
    spec.sizeSigma ?? 0,
    rng,
  );
  const ratio = ratios(spec, list);
  const specs = list.map((d, i): PositionSpec => {
    const entryPrice = d.liquidationPrice / (ratio[i] ?? Number.NaN);
    return {
      venue: spec.venue,
      contract: 'linear',
      marginMode: 'isolated',
      side: d.cell.side,
      symbol: spec.symbol,
      entryPrice,
      quantity: d.notionalUsd / entryPrice,
      leverage: d.cell.leverage,
    };
  });
  return {
    specs,
    bucket: Int32Array.from(list, (d) => d.cell.bucket),
    cells: cells.length,
    mapLongUsd,
    mapShortUsd,
    scale,
    map,
  };
}
