import type { MarginRows } from './kernel.js';

/** One row of the margin kernel as a plain object (see the kernel for the meaning of each term). */
export interface RowSpec {
  readonly flags: number;
  readonly side: 1 | -1;
  readonly size: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly eqConst: number;
  readonly eqSlope: number;
  readonly mmSlope: number;
  readonly mmConst: number;
  readonly mmr: number;
  readonly cum: number;
  readonly feeRate: number;
  readonly tierTable: number;
  readonly tick: number;
  readonly spreadToMmr: number;
  readonly bankruptcyAdjustment: number;
}

export function writeRow(rows: MarginRows, i: number, spec: RowSpec): void {
  rows.flags[i] = spec.flags;
  rows.side[i] = spec.side;
  rows.size[i] = spec.size;
  rows.entryPrice[i] = spec.entryPrice;
  rows.markPrice[i] = spec.markPrice;
  rows.eqConst[i] = spec.eqConst;
  rows.eqSlope[i] = spec.eqSlope;
  rows.mmSlope[i] = spec.mmSlope;
  rows.mmConst[i] = spec.mmConst;
  rows.mmr[i] = spec.mmr;
  rows.cum[i] = spec.cum;
  rows.feeRate[i] = spec.feeRate;
  rows.tierTable[i] = spec.tierTable;
  rows.tick[i] = spec.tick;
  rows.spreadToMmr[i] = spec.spreadToMmr;
  rows.bankruptcyAdjustment[i] = spec.bankruptcyAdjustment;
}
