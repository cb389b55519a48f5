import {
  ROW_BANKRUPTCY_BY_MM_SHARE,
  ROW_FEE_AT_BANKRUPTCY,
  ROW_FILLABLE,
  ROW_INVERSE,
  ROW_MM_AT_ENTRY,
  ROW_ROUND_TO_TICK,
} from './kernel.js';
import type { RowSpec } from './row-spec.js';
import { sameInstrument } from './symbols.js';
import { tierTableIndex } from './tiers/registry.js';
import type { CrossPosition, MarginProblem, PositionSpec } from './types.js';
import type { VenueRules } from './venue-rules.js';

export type Reduction =
  | { readonly ok: true; readonly row: RowSpec }
  | { readonly ok: false; readonly problems: readonly MarginProblem[] };

const DYDX_DEFAULT_BANKRUPTCY_ADJUSTMENT_PPM = 1_000_000;
const DYDX_DEFAULT_SPREAD_TO_MMR_PPM = 1_500_000;

/**
 * Reduces a position (and the cross positions that share its margin) to one kernel row.
 * In x-space (price for linear, 1/price for inverse) a leg of size n contributes
 * `side·n·(x − xEntry)` to equity when linear and `−side·n·(x − xEntry)` when inverse.
 */
export function reducePosition(rules: VenueRules, p: PositionSpec): Reduction {
  const problems = checkPosition(rules, p);
  if (problems.length > 0) return { ok: false, problems };

  const inverse = p.contract === 'inverse';
  const orient = inverse ? -1 : 1;
  const side = p.side === 'long' ? 1 : -1;
  const n = inverse ? p.quantity * (p.contractSize ?? 1) : p.quantity;
  const entry = p.entryPrice ?? 0;
  const xEntry = entry > 0 ? (inverse ? 1 / entry : entry) : 0;
  const feeRate = p.takerFeeRate ?? rules.defaultTakerFeeRate;
  const atEntry = rules.mmBasis === 'entry';

  const collateral = collateralOf(rules, p, n, xEntry);
  if (typeof collateral !== 'number') return { ok: false, problems: [collateral] };

  let eqConst = collateral - orient * side * n * xEntry;
  let eqSlope = orient * side * n;
  let mmSlope = !atEntry && rules.feeInMaintenance ? n * feeRate : 0;
  let mmConst = 0;

  if (p.marginMode === 'cross') {
    const legs = p.otherPositions ?? [];
    const comoving = legs.filter((leg) => sameInstrument(leg.symbol, p.symbol));
    const fixed = legs.filter((leg) => !sameInstrument(leg.symbol, p.symbol));
    for (const leg of comoving) {
      const legSide = leg.side === 'long' ? 1 : -1;
      const legN = inverse
        ? leg.quantity * (leg.contractSize ?? p.contractSize ?? 1)
        : leg.quantity;
      const legX = inverse ? 1 / leg.entryPrice : leg.entryPrice;
      eqConst -= orient * legSide * legN * legX;
      eqSlope += orient * legSide * legN;
      if (atEntry) mmConst += legN * legX * leg.mmr - (leg.maintenanceAmount ?? 0);
      else {
        mmSlope += legN * (leg.mmr + (rules.feeInMaintenance ? feeRate : 0));
        mmConst -= leg.maintenanceAmount ?? 0;
      }
    }
    eqConst += p.otherUnrealizedPnl ?? sumUnrealizedPnl(fixed, inverse);
    mmConst += p.otherMaintenanceMargin ?? sumMaintenance(fixed, inverse);
  }

  const table = rules.tierTable(p);
  const fixedRate = p.mmr !== undefined ? { mmr: p.mmr, cum: p.maintenanceAmount ?? 0 } : undefined;
  const rate = fixedRate ?? (table ? undefined : rules.defaultRate(p));
  const tick = rules.liquidationTick(p);

  let flags = 0;
  if (inverse) flags |= ROW_INVERSE;
  if (atEntry) flags |= ROW_MM_AT_ENTRY;
  if (rules.feeAtBankruptcy(p)) flags |= ROW_FEE_AT_BANKRUPTCY;
  if (tick > 0) flags |= ROW_ROUND_TO_TICK;
  if (rules.dydxLiquidationOrders) flags |= ROW_FILLABLE | ROW_BANKRUPTCY_BY_MM_SHARE;

  return {
    ok: true,
    row: {
      flags,
      side,
      size: n,
      entryPrice: entry,
      markPrice: p.markPrice ?? Number.NaN,
      eqConst,
      eqSlope,
      mmSlope,
      mmConst,
      mmr: rate?.mmr ?? 0,
      cum: rate?.cum ?? 0,
      feeRate,
      tierTable: rate ? -1 : table ? tierTableIndex(table) : -1,
      tick,
      spreadToMmr:
        (p.spreadToMaintenanceMarginRatioPpm ?? DYDX_DEFAULT_SPREAD_TO_MMR_PPM) / 1_000_000,
      bankruptcyAdjustment:
        (p.bankruptcyAdjustmentPpm ?? DYDX_DEFAULT_BANKRUPTCY_ADJUSTMENT_PPM) / 1_000_000,
    },
  };
}

/** Margin that backs the position: isolated margin, or the cross wallet less order margin. */
function collateralOf(
  rules: VenueRules,
  p: PositionSpec,
  n: number,
  xEntry: number,
): number | MarginProblem {
  if (p.marginMode === 'cross') {
    if (p.walletBalance === undefined) {
      return { field: 'walletBalance', message: 'is required for a cross-margin position' };
    }
    return p.walletBalance - (p.orderMargin ?? 0);
  }
  const margin = p.initialMargin ?? p.walletBalance;
  if (margin !== undefined) return margin;
  if (p.leverage && xEntry > 0) return (n * xEntry) / p.leverage;
  return {
    field: 'initialMargin',
    message: `${rules.name} isolated position needs initialMargin, walletBalance, or leverage with entryPrice`,
  };
}

function checkPosition(rules: VenueRules, p: PositionSpec): MarginProblem[] {
  const problems: MarginProblem[] = [];
  if (!rules.contracts.includes(p.contract)) {
    problems.push({ field: 'contract', message: `${rules.name} has no ${p.contract} model` });
  }
  if (!(p.quantity > 0)) problems.push({ field: 'quantity', message: 'must be positive' });
  if (p.entryPrice === null && !rules.entryOptional) {
    problems.push({ field: 'entryPrice', message: `is required for ${rules.name}` });
  }
  if (p.entryPrice === null && p.markPrice === undefined) {
    problems.push({ field: 'markPrice', message: 'is required when entryPrice is null' });
  }
  if (p.mmr === undefined && !rules.tierTable(p) && !rules.defaultRate(p)) {
    problems.push({
      field: 'mmr',
      message: `is required: no ${rules.name} tier table is bundled for ${p.symbol}`,
    });
  }
  return problems;
}

function legSize(leg: CrossPosition, inverse: boolean): number {
  return inverse ? leg.quantity * (leg.contractSize ?? 1) : leg.quantity;
}

function sumUnrealizedPnl(legs: readonly CrossPosition[], inverse: boolean): number {
  return legs.reduce((sum, leg) => {
    const side = leg.side === 'long' ? 1 : -1;
    const n = legSize(leg, inverse);
    const pnl = inverse
      ? side * n * (1 / leg.entryPrice - 1 / leg.markPrice)
      : side * n * (leg.markPrice - leg.entryPrice);
    return sum + pnl;
  }, 0);
}

function sumMaintenance(legs: readonly CrossPosition[], inverse: boolean): number {
  return legs.reduce((sum, leg) => {
    const notional = inverse ? legSize(leg, true) / leg.markPrice : leg.quantity * leg.markPrice;
    return sum + notional * leg.mmr - (leg.maintenanceAmount ?? 0);
  }, 0);
}
