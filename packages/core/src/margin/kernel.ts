/**
 * The one implementation of venue margin math, over struct-of-arrays rows.
 *
 * Every venue model reduces a position to the same two lines in x, where x is the price for a
 * linear contract and 1/price for an inverse one (so "notional" is n·x in both cases):
 *
 *   equity(x) = eqConst + eqSlope · x
 *   MM(x)     = (mmSlope + n · mmr) · x + mmConst − cum          (MM on the mark notional)
 *   MM        = mmConst + n · xEntry · mmr − cum [+ n · fee · xBankrupt]   (MM on the entry notional)
 *
 * The liquidation price solves equity = MM (searching the tier whose range holds the notional at
 * that price, as Binance documents), the bankruptcy price solves equity = closing fee (0 unless the
 * venue charges it there). Prices that do not exist come out as NaN.
 */
import type { TierTableSet } from './tiers/tier-table-set.js';

/** Row flags. */
export const ROW_INVERSE = 1;
export const ROW_MM_AT_ENTRY = 2;
export const ROW_FEE_AT_BANKRUPTCY = 4;
export const ROW_ROUND_TO_TICK = 8;
export const ROW_BANKRUPTCY_BY_MM_SHARE = 16;
export const ROW_FILLABLE = 32;

export interface MarginRows {
  readonly length: number;
  readonly flags: Uint8Array;
  /** +1 long, −1 short. */
  readonly side: Int8Array;
  /** Own leg size n: base units (linear) or USD notional = contracts × contract size (inverse). */
  readonly size: Float64Array;
  readonly entryPrice: Float64Array;
  /** Mark (or oracle) price; NaN when unknown. */
  readonly markPrice: Float64Array;
  readonly eqConst: Float64Array;
  readonly eqSlope: Float64Array;
  readonly mmSlope: Float64Array;
  readonly mmConst: Float64Array;
  /** Own maintenance margin rate and amount, used when `tierTable` is −1. */
  readonly mmr: Float64Array;
  readonly cum: Float64Array;
  readonly feeRate: Float64Array;
  /** Index into the tier table set, or −1. */
  readonly tierTable: Int16Array;
  readonly tick: Float64Array;
  /** dYdX liquidation-order parameters (fractions, not ppm). */
  readonly spreadToMmr: Float64Array;
  readonly bankruptcyAdjustment: Float64Array;
}

export interface MarginOutputs {
  readonly liquidationPrice: Float64Array;
  readonly bankruptcyPrice: Float64Array;
  readonly fillablePrice: Float64Array;
  readonly maintenanceMargin: Float64Array;
  readonly mmr: Float64Array;
  readonly equity: Float64Array;
  readonly marginRatio: Float64Array;
}

export function allocateMarginRows(length: number): MarginRows {
  const f64 = (): Float64Array => new Float64Array(length);
  return {
    length,
    flags: new Uint8Array(length),
    side: new Int8Array(length),
    size: f64(),
    entryPrice: f64(),
    markPrice: f64().fill(Number.NaN),
    eqConst: f64(),
    eqSlope: f64(),
    mmSlope: f64(),
    mmConst: f64(),
    mmr: f64(),
    cum: f64(),
    feeRate: f64(),
    tierTable: new Int16Array(length).fill(-1),
    tick: f64(),
    spreadToMmr: f64(),
    bankruptcyAdjustment: f64(),
  };
}

export function allocateMarginOutputs(length: number): MarginOutputs {
  return {
    liquidationPrice: new Float64Array(length),
    bankruptcyPrice: new Float64Array(length),
    fillablePrice: new Float64Array(length),
    maintenanceMargin: new Float64Array(length),
    mmr: new Float64Array(length),
    equity: new Float64Array(length),
    marginRatio: new Float64Array(length),
  };
}

/** Solves rows [from, to) into `out`. */
export function solveMarginRows(
  rows: MarginRows,
  tables: TierTableSet,
  out: MarginOutputs,
  from = 0,
  to = rows.length,
): void {
  for (let i = from; i < to; i++) solveMarginRow(rows, tables, out, i);
}

const toX = (inverse: boolean, price: number): number => (inverse ? 1 / price : price);
const positive = (x: number): number => (x > 0 && Number.isFinite(x) ? x : Number.NaN);

/** Solves one row. Exported so the per-position API and the batch share the same code. */
export function solveMarginRow(
  rows: MarginRows,
  tables: TierTableSet,
  out: MarginOutputs,
  i: number,
): void {
  const flags = rows.flags[i]!;
  const inverse = (flags & ROW_INVERSE) !== 0;
  const atEntry = (flags & ROW_MM_AT_ENTRY) !== 0;
  const n = rows.size[i]!;
  const eqConst = rows.eqConst[i]!;
  const eqSlope = rows.eqSlope[i]!;
  const mmSlope = rows.mmSlope[i]!;
  const mmConst = rows.mmConst[i]!;
  const table = rows.tierTable[i]!;
  const fee = rows.feeRate[i]!;
  const entry = rows.entryPrice[i]!;
  const mark = rows.markPrice[i]!;
  const xEntry = entry > 0 ? toX(inverse, entry) : Number.NaN;
  const xNow = mark > 0 ? toX(inverse, mark) : xEntry;

  const bankruptFee = (flags & ROW_FEE_AT_BANKRUPTCY) !== 0 ? n * fee : 0;
  const xBankrupt = positive(eqConst / (bankruptFee - eqSlope));

  const closeFee = bankruptFee > 0 ? bankruptFee * xBankrupt : 0;
  let xLiq: number;
  if (atEntry) {
    const t = tierAt(tables, table, n * xEntry);
    const mm0 = ownMm(tables, rows, i, t, n * xEntry) + mmConst;
    xLiq = positive((mm0 + closeFee - eqConst) / eqSlope);
  } else if (table >= 0) {
    const t = searchLiquidationTier(tables, table, n, eqConst, eqSlope, mmSlope, mmConst, xNow);
    xLiq = positive(markBasedRoot(tables, t, n, eqConst, eqSlope, mmSlope, mmConst));
  } else {
    const rootMmr = rows.mmr[i]!;
    const rootCum = rows.cum[i]!;
    xLiq = positive((eqConst - mmConst + rootCum) / (mmSlope + n * rootMmr - eqSlope));
  }

  // Current state at the mark (entry when no mark is known).
  const xEval = atEntry ? xEntry : xNow;
  const tNow = tierAt(tables, table, n * xEval);
  const ownNow = ownMm(tables, rows, i, tNow, n * xEval);
  const mmTotalNow = ownNow + mmConst + (atEntry ? closeFee : mmSlope * xNow);
  const equityNow = eqConst + eqSlope * xNow;
  out.maintenanceMargin[i] = ownNow;
  out.mmr[i] = tNow >= 0 ? tables.mmr[tNow]! : rows.mmr[i]!;
  out.equity[i] = equityNow;
  out.marginRatio[i] = equityNow > 0 ? mmTotalNow / equityNow : Number.POSITIVE_INFINITY;
  // An account already at or below maintenance has no liquidation price ahead of it.
  if (mark > 0 && equityNow <= mmTotalNow) xLiq = Number.NaN;

  let liq = inverse ? 1 / xLiq : xLiq;
  if ((flags & ROW_ROUND_TO_TICK) !== 0 && liq === liq)
    liq = roundToTick(liq, rows.tick[i]!, rows.side[i]!);
  out.liquidationPrice[i] = liq;

  let bankrupt = inverse ? 1 / xBankrupt : xBankrupt;
  if ((flags & ROW_BANKRUPTCY_BY_MM_SHARE) !== 0 && mark > 0) {
    bankrupt = bankruptcyByMmShare(rows, tables, i, tNow, mark);
  }
  out.bankruptcyPrice[i] = bankrupt;
  out.fillablePrice[i] =
    (flags & ROW_FILLABLE) !== 0
      ? fillablePrice(rows, tables, i, mark > 0 ? mark : liq)
      : Number.NaN;
}

/** Own-leg maintenance margin at notional `notional`, in tier `t` (or the row's fixed rate). */
function ownMm(
  tables: TierTableSet,
  rows: MarginRows,
  i: number,
  t: number,
  notional: number,
): number {
  if (t >= 0) return notional * tables.mmr[t]! - tables.cum[t]!;
  return notional * rows.mmr[i]! - rows.cum[i]!;
}

/** Flat index of the tier of table `table` whose range holds `notional`. */
function tierAt(tables: TierTableSet, table: number, notional: number): number {
  if (table < 0) return -1;
  const start = tables.start[table]!;
  const last = start + tables.count[table]! - 1;
  let t = start;
  while (t < last && notional >= tables.floor[t + 1]!) t++;
  return t;
}

function markBasedRoot(
  tables: TierTableSet,
  t: number,
  n: number,
  eqConst: number,
  eqSlope: number,
  mmSlope: number,
  mmConst: number,
): number {
  return (eqConst - mmConst + tables.cum[t]!) / (mmSlope + n * tables.mmr[t]! - eqSlope);
}

/**
 * Finds the tier whose notional range contains the notional at the liquidation price computed
 * with that tier. MM is continuous and equity − MM is monotone in x, so walking from the
 * current tier towards the root visits each tier at most once.
 */
function searchLiquidationTier(
  tables: TierTableSet,
  table: number,
  n: number,
  eqConst: number,
  eqSlope: number,
  mmSlope: number,
  mmConst: number,
  xStart: number,
): number {
  const start = tables.start[table]!;
  const last = start + tables.count[table]! - 1;
  let t = xStart > 0 ? tierAt(tables, table, n * xStart) : start;
  let direction = 0;
  for (let step = 0; step <= last - start; step++) {
    const x = markBasedRoot(tables, t, n, eqConst, eqSlope, mmSlope, mmConst);
    const notional = n * x;
    if (t < last && notional >= tables.floor[t + 1]! && direction >= 0) {
      t++;
      direction = 1;
    } else if (t > start && notional < tables.floor[t]! && direction <= 0) {
      t--;
      direction = -1;
    } else {
      return t;
    }
  }
  return t;
}

function roundToTick(price: number, tick: number, side: number): number {
  if (!(tick > 0)) return price;
  const units = price / tick;
  const snapped = side > 0 ? Math.ceil(units - 1e-9) : Math.floor(units + 1e-9);
  return snapped * tick;
}

/** dYdX: the bankruptcy price spreads the account's equity over positions by their MM share. */
function bankruptcyByMmShare(
  rows: MarginRows,
  tables: TierTableSet,
  i: number,
  t: number,
  mark: number,
): number {
  const n = rows.size[i]!;
  const positionMm = ownMm(tables, rows, i, t, n * mark);
  const totalMm = positionMm + rows.mmConst[i]! + rows.mmSlope[i]! * mark;
  const equity = rows.eqConst[i]! + rows.eqSlope[i]! * mark;
  const share = totalMm > 0 ? positionMm / totalMm : 1;
  return positive(mark - (rows.side[i]! * equity * share) / n);
}

/**
 * dYdX v4 liquidation-order limit price: `FP = P − side · ABR · SMMR · MMR · P`,
 * `ABR = clamp(BA · (1 − TNC/TMMR), 0, 1)` (x/clob GetFillablePrice).
 */
function fillablePrice(rows: MarginRows, tables: TierTableSet, i: number, price: number): number {
  if (!(price > 0)) return Number.NaN;
  const n = rows.size[i]!;
  const t = tierAt(tables, rows.tierTable[i]!, n * price);
  const mmr = t >= 0 ? tables.mmr[t]! : rows.mmr[i]!;
  const ownAt = ownMm(tables, rows, i, t, n * price);
  const totalMm = ownAt + rows.mmConst[i]! + rows.mmSlope[i]! * price;
  const equity = rows.eqConst[i]! + rows.eqSlope[i]! * price;
  const raw = totalMm > 0 ? rows.bankruptcyAdjustment[i]! * (1 - equity / totalMm) : 0;
  const abr = Math.min(1, Math.max(0, raw));
  return price - rows.side[i]! * abr * rows.spreadToMmr[i]! * mmr * price;
}
