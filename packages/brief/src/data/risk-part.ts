/** Risk numbers: Binance USDⓈ-M isolated long liquidation prices, historical move, sizing, funding. */
import { adverseExcursions, maxLeverageSurviving, positionSizeForRisk, quantile } from '@cascade/analytics';
import { evaluateMargin, type PositionSpec } from '@cascade/core';
import { isolatedLiquidationDistance, type MacroSource } from '@cascade/services';
import type { LeverageDistance, RiskInput } from '../inputs.js';

export const LEVERAGES = [5, 10, 20, 50, 100] as const;
/** The example position: a one-bitcoin long (tier 1 of Binance's BTCUSDT brackets). */
const QUANTITY_BTC = 1;
const ACCOUNT_USD = 10_000;
const RISK_FRACTION = 0.01;

function longAt(entryPrice: number, leverage: number): PositionSpec {
  return { venue: 'binance', contract: 'linear', marginMode: 'isolated', side: 'long', symbol: 'BTCUSDT', entryPrice, quantity: QUANTITY_BTC, leverage };
}

export async function loadRisk(
  source: MacroSource,
  date: string,
  entryPriceUsd: number,
  stopUsd: number | undefined,
): Promise<RiskInput | undefined> {
  const longs: LeverageDistance[] = LEVERAGES.flatMap((leverage) => {
    const r = evaluateMargin(longAt(entryPriceUsd, leverage));
    const liq = r.ok ? r.report.liquidationPrice : null;
    return liq === null ? [] : [{ leverage, liquidationPriceUsd: liq, distance: liq / entryPriceUsd - 1 }];
  });
  const daily = await source.cryptoDaily('BTC');
  const end = daily.dates.findIndex((d) => d > date);
  const upTo = end < 0 ? daily.dates.length : end;
  const excursions = adverseExcursions(
    Float64Array.from(daily.open.slice(0, upTo)),
    Float64Array.from(daily.high.slice(0, upTo)),
    Float64Array.from(daily.low.slice(0, upTo)),
    'long',
  );
  const move99 = quantile(excursions, 0.99);
  const maxLev = Number.isNaN(move99) ? null : maxLeverageSurviving((l) => isolatedLiquidationDistance(longAt(entryPriceUsd, l), l), move99, 125);
  const funding = await source.dailyFunding();
  const f = funding.dates.indexOf(date);
  const rate = f < 0 ? undefined : funding.values[f];
  const stopDistance = stopUsd === undefined ? undefined : 1 - stopUsd / entryPriceUsd;
  return {
    venue: 'Binance USDⓈ-M BTCUSDT',
    entryPriceUsd,
    longs,
    move99: Number.isNaN(move99) ? undefined : move99,
    maxLeverage99: maxLev ?? undefined,
    sizing:
      stopUsd === undefined || stopDistance === undefined || stopDistance <= 0
        ? undefined
        : { accountUsd: ACCOUNT_USD, riskFraction: RISK_FRACTION, stopUsd, positionUsd: positionSizeForRisk(ACCOUNT_USD, RISK_FRACTION, stopDistance) },
    fundingPer8h: rate === undefined || Number.isNaN(rate) ? undefined : rate,
    source: `core margin engine (Binance USDⓈ-M tiers) and ${source.label}: BTC daily bars since ${daily.dates[0] ?? ''}, Binance funding`,
  };
}
