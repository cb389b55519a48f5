import {
  allocateMarginOutputs,
  allocateMarginRows,
  solveMarginRow,
  solveMarginRows,
  type MarginOutputs,
  type MarginRows,
} from './kernel.js';
import { MARGIN_MODELS } from './models.js';
import { reducePosition } from './reduce.js';
import { writeRow } from './row-spec.js';
import { TIER_TABLE_SET } from './tiers/registry.js';
import type { MarginProblem, MarginReport, PositionSpec } from './types.js';

export type MarginEvaluation =
  | { readonly ok: true; readonly report: MarginReport }
  | { readonly ok: false; readonly problems: readonly MarginProblem[] };

export interface MarginBatch {
  readonly rows: MarginRows;
  /** Problems per input index; rows with problems are left zeroed and must be ignored. */
  readonly problems: ReadonlyMap<number, readonly MarginProblem[]>;
}

/** Reduces positions into kernel rows (struct of arrays). */
export function buildMarginRows(positions: readonly PositionSpec[]): MarginBatch {
  const rows = allocateMarginRows(positions.length);
  const problems = new Map<number, readonly MarginProblem[]>();
  positions.forEach((position, i) => {
    const reduction = reducePosition(MARGIN_MODELS[position.venue], position);
    if (reduction.ok) writeRow(rows, i, reduction.row);
    else problems.set(i, reduction.problems);
  });
  return { rows, problems };
}

/** Solves a batch of rows with the bundled tier tables. */
export function solveMarginBatch(rows: MarginRows, out = allocateMarginOutputs(rows.length)) {
  solveMarginRows(rows, TIER_TABLE_SET, out);
  return out;
}

/** Liquidation, bankruptcy and fillable prices and margin state of one position. */
export function evaluateMargin(position: PositionSpec): MarginEvaluation {
  const reduction = reducePosition(MARGIN_MODELS[position.venue], position);
  if (!reduction.ok) return reduction;
  const rows = allocateMarginRows(1);
  writeRow(rows, 0, reduction.row);
  const out = allocateMarginOutputs(1);
  solveMarginRow(rows, TIER_TABLE_SET, out, 0);
  return { ok: true, report: reportAt(out, 0, position.markPrice ?? position.entryPrice) };
}

const finiteOrNull = (value: number | undefined): number | null =>
  value !== undefined && Number.isFinite(value) ? value : null;

/** Reads row `i` of the kernel outputs as a report. */
export function reportAt(
  out: MarginOutputs,
  i: number,
  referencePrice: number | null,
): MarginReport {
  const liquidationPrice = finiteOrNull(out.liquidationPrice[i]);
  return {
    liquidationPrice,
    bankruptcyPrice: finiteOrNull(out.bankruptcyPrice[i]),
    fillablePrice: finiteOrNull(out.fillablePrice[i]),
    maintenanceMargin: out.maintenanceMargin[i] ?? 0,
    mmr: out.mmr[i] ?? 0,
    equity: out.equity[i] ?? 0,
    marginRatio: finiteOrNull(out.marginRatio[i]),
    liquidationDistance:
      liquidationPrice !== null && referencePrice
        ? Math.abs(liquidationPrice - referencePrice) / referencePrice
        : null,
  };
}
