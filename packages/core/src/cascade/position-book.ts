/**
 * The positions a cascade runs through, as struct-of-arrays sorted by liquidation price: longs
 * from the highest liquidation price down (first hit as price falls), shorts from the lowest up.
 * Liquidation and bankruptcy prices come from the venue margin engine; the book is built once
 * and only read by simulations (Monte Carlo shares it between scenarios and threads).
 */
import { buildMarginRows, solveMarginBatch } from '../margin/evaluate.js';
import type { MarginProblem, PositionSpec, VenueId } from '../margin/types.js';
import { VENUES } from '../margin/types.js';

export interface SideBook {
  readonly count: number;
  /** Base units. */
  readonly size: Float64Array;
  readonly entryPrice: Float64Array;
  /** Sorted: descending for longs, ascending for shorts; ±Infinity where none exists. */
  readonly liquidationPrice: Float64Array;
  readonly bankruptcyPrice: Float64Array;
  /** Equity backing the position at entry (USD). */
  readonly collateralUsd: Float64Array;
  readonly mmr: Float64Array;
  /** Index into VENUES. */
  readonly venue: Uint8Array;
  /** Index of the position in the input list. */
  readonly id: Int32Array;
}

export interface PositionBook {
  readonly longs: SideBook;
  readonly shorts: SideBook;
}

export interface PositionBookBuild {
  readonly book: PositionBook;
  readonly rejected: ReadonlyMap<number, readonly MarginProblem[]>;
}

export const venueIndex = (venue: VenueId): number => VENUES.indexOf(venue);

function allocateSide(count: number): SideBook {
  return {
    count,
    size: new Float64Array(count),
    entryPrice: new Float64Array(count),
    liquidationPrice: new Float64Array(count),
    bankruptcyPrice: new Float64Array(count),
    collateralUsd: new Float64Array(count),
    mmr: new Float64Array(count),
    venue: new Uint8Array(count),
    id: new Int32Array(count),
  };
}

export interface PositionBookOptions {
  /**
   * Current mark: positions already past their liquidation price here would have been
   * liquidated before the simulation starts, so they are left out (and reported as rejected).
   */
  readonly markPriceUsd?: number;
}

/** Computes every position's prices with its venue's margin model and sorts them for the sweep. */
export function buildPositionBook(
  specs: readonly PositionSpec[],
  options: PositionBookOptions = {},
): PositionBookBuild {
  const { rows, problems } = buildMarginRows(specs);
  const rejected = new Map(problems);
  specs.forEach((spec, i) => {
    if (spec.contract !== 'linear' && !rejected.has(i)) {
      rejected.set(i, [
        { field: 'contract', message: 'the cascade simulator models linear contracts' },
      ]);
    }
  });
  const out = solveMarginBatch(rows);
  const mark = options.markPriceUsd;
  if (mark !== undefined) {
    specs.forEach((spec, i) => {
      const liq = out.liquidationPrice[i]!;
      const crossed = spec.side === 'long' ? liq >= mark : liq <= mark;
      if (crossed && !rejected.has(i)) {
        const message = `already past its liquidation price ${liq.toFixed(2)} at the mark ${mark}`;
        rejected.set(i, [{ field: 'entryPrice', message }]);
      }
    });
  }
  const longIds: number[] = [];
  const shortIds: number[] = [];
  specs.forEach((spec, i) => {
    if (!rejected.has(i)) (spec.side === 'long' ? longIds : shortIds).push(i);
  });
  const key = (i: number, side: 1 | -1): number => {
    const liq = out.liquidationPrice[i]!;
    return Number.isFinite(liq) ? liq : side > 0 ? -Infinity : Infinity;
  };
  longIds.sort((a, b) => key(b, 1) - key(a, 1));
  shortIds.sort((a, b) => key(a, -1) - key(b, -1));
  const fill = (ids: number[], side: 1 | -1): SideBook => {
    const sideBook = allocateSide(ids.length);
    ids.forEach((id, k) => {
      const spec = specs[id]!;
      sideBook.size[k] = spec.quantity;
      sideBook.entryPrice[k] = spec.entryPrice ?? spec.markPrice ?? 0;
      sideBook.liquidationPrice[k] = key(id, side);
      const bankrupt = out.bankruptcyPrice[id]!;
      sideBook.bankruptcyPrice[k] = Number.isFinite(bankrupt) ? bankrupt : side > 0 ? 0 : Infinity;
      sideBook.collateralUsd[k] = out.equity[id]!;
      sideBook.mmr[k] = out.mmr[id]!;
      sideBook.venue[k] = venueIndex(spec.venue);
      sideBook.id[k] = id;
    });
    return sideBook;
  };
  return { book: { longs: fill(longIds, 1), shorts: fill(shortIds, -1) }, rejected };
}

/** Total notional (USD at entry) on one side. */
export function sideNotionalUsd(side: SideBook): number {
  let total = 0;
  for (let i = 0; i < side.count; i++) total += side.size[i]! * side.entryPrice[i]!;
  return total;
}
