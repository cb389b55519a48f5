/** Position risk against history: liquidation distance, max leverage, sizing, funding cost. */
import {
  adverseExcursions,
  fundingCost,
  maxLeverageSurviving,
  positionSizeForRisk,
  quantile,
} from '@cascade/analytics';
import { evaluateMargin, parseSymbol, type PositionSpec } from '@cascade/core';
import { CRYPTO_SYMBOLS } from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';

export interface RiskAssumptions {
  /** Account equity for sizing (USD), or null for no sizing. */
  readonly equity: number | null;
  /** Fraction of equity risked per position. */
  readonly risk: number;
  /** Stop distance (fraction); null = the historical drawdown quantile. */
  readonly stop: number | null;
  /** Quantile of the historical adverse daily excursion (e.g. 0.99). */
  readonly quantile: number;
  /** Last day of history used (YYYY-MM-DD), or null for all. */
  readonly asOf: string | null;
  readonly holdDays: number;
  readonly fundingDays: number;
}

export interface RiskRow {
  readonly index: number;
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly notional: number | null;
  readonly liquidationPrice: number | null;
  readonly liquidationDistance: number | null;
  readonly drawdownQuantile: number | null;
  readonly historyDays: number;
  readonly survivesQuantile: boolean | null;
  readonly maxLeverageSurvivingQuantile: number | null;
  readonly sizingMaxNotional: number | null;
  readonly sizingStop: number | null;
  readonly fundingAverageRatePer8h: number | null;
  readonly fundingCostToHold: number | null;
}

async function history(source: MacroSource, base: string, asOf: string | null) {
  if (!(CRYPTO_SYMBOLS as readonly string[]).includes(base)) return null;
  const s = await source.cryptoDaily(base);
  let end = s.dates.length;
  if (asOf !== null) end = s.dates.findIndex((d) => d > asOf);
  if (end < 0) end = s.dates.length;
  return {
    open: s.open.subarray(0, end),
    high: s.high.subarray(0, end),
    low: s.low.subarray(0, end),
  };
}

async function averageFunding(source: MacroSource, asOf: string | null, days: number) {
  const f = await source.dailyFunding();
  let end = asOf === null ? f.dates.length : f.dates.findIndex((d) => d > asOf);
  if (end < 0) end = f.dates.length;
  const window = f.values.subarray(Math.max(0, end - days), end).filter((v) => !Number.isNaN(v));
  return window.length === 0 ? null : window.reduce((a, v) => a + v, 0) / window.length;
}

/** Distance (fraction of entry) to the liquidation price of `spec` held isolated at `leverage`. */
export function isolatedLiquidationDistance(spec: PositionSpec, leverage: number): number | null {
  const price = spec.entryPrice;
  if (price === null) return null;
  const r = evaluateMargin({
    venue: spec.venue,
    contract: spec.contract,
    marginMode: 'isolated',
    side: spec.side,
    symbol: spec.symbol,
    entryPrice: price,
    quantity: spec.quantity,
    ...(spec.contractSize === undefined ? {} : { contractSize: spec.contractSize }),
    leverage,
  });
  if (!r.ok) return 0;
  const liq = r.report.liquidationPrice;
  return liq === null ? null : Math.abs(liq - price) / price;
}

/** One position against history: liquidation distance, survivable leverage, sizing, funding. */
export async function assessPositionRisk(
  spec: PositionSpec,
  index: number,
  o: RiskAssumptions,
  source: MacroSource,
): Promise<RiskRow> {
  const evaluation = evaluateMargin(spec);
  const report = evaluation.ok ? evaluation.report : null;
  const ref = spec.markPrice ?? spec.entryPrice;
  const notional =
    ref === null
      ? null
      : spec.contract === 'linear'
        ? spec.quantity * ref
        : spec.quantity * (spec.contractSize ?? 1);
  const base = parseSymbol(spec.symbol).base;
  const h = await history(source, base, o.asOf);
  const dd = h ? quantile(adverseExcursions(h.open, h.high, h.low, spec.side), o.quantile) : null;
  const distance = report?.liquidationDistance ?? null;
  const stop = o.stop ?? dd;
  const rate = base === 'BTC' ? await averageFunding(source, o.asOf, o.fundingDays) : null;
  return {
    index,
    symbol: spec.symbol,
    side: spec.side,
    notional,
    liquidationPrice: report?.liquidationPrice ?? null,
    liquidationDistance: distance,
    drawdownQuantile: dd,
    historyDays: h?.open.length ?? 0,
    survivesQuantile: dd === null || report === null ? null : distance === null || distance > dd,
    maxLeverageSurvivingQuantile:
      dd === null
        ? null
        : maxLeverageSurviving((l) => isolatedLiquidationDistance(spec, l), dd, 125),
    sizingMaxNotional:
      o.equity === null || stop === null ? null : positionSizeForRisk(o.equity, o.risk, stop),
    sizingStop: o.equity === null ? null : stop,
    fundingAverageRatePer8h: rate,
    fundingCostToHold:
      rate === null || notional === null
        ? null
        : fundingCost(notional, spec.side, rate, o.holdDays),
  };
}
