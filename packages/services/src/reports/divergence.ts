/** BTC vs US equities on a day: alignment, rolling correlation/beta, divergence days, attribution. */
import {
  alignToTradingDays,
  attributeMove,
  moveBetween,
  newYorkCloseUtcMs,
  readDays,
  rollingPearsonBeta,
  rollingSpearman,
  type AlignedPair,
  type Attribution,
  type DayReading,
  type WindowMove,
} from '@cascade/analytics';
import { type Ohlc, valueOn, type ValueSeries } from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';

const WINDOWS = [30, 90] as const;
export const DIVERGENCE_RECENT_DAYS = 60;

export interface Correlations {
  readonly index: string;
  readonly window: number;
  readonly pearson: number;
  readonly spearman: number;
  readonly beta: number;
}

function correlationsAt(pair: AlignedPair, at: number, index: string): Correlations[] {
  return WINDOWS.map((window) => {
    const { correlation, beta } = rollingPearsonBeta(pair.equityReturn, pair.btcReturn, window);
    const spearman = rollingSpearman(pair.equityReturn, pair.btcReturn, window);
    return {
      index,
      window,
      pearson: correlation[at] ?? Number.NaN,
      spearman: spearman[at] ?? Number.NaN,
      beta: beta[at] ?? Number.NaN,
    };
  });
}

function intraday(series: Ohlc, date: string): number | null {
  const i = series.dates.indexOf(date);
  if (i < 0) return null;
  return (series.close[i] ?? Number.NaN) / (series.open[i] ?? Number.NaN) - 1;
}

function changeOn(series: ValueSeries, date: string): number | null {
  const i = series.dates.indexOf(date);
  if (i < 1) return null;
  return (series.values[i] ?? Number.NaN) - (series.values[i - 1] ?? Number.NaN);
}

/** Funding change: the day's mean minus the mean of the 7 days before (decimal per 8 h). */
function fundingChange(funding: ValueSeries, date: string): number | null {
  const i = funding.dates.indexOf(date);
  if (i < 7) return null;
  let before = 0;
  for (let k = i - 7; k < i; k++) before += funding.values[k] ?? Number.NaN;
  return (funding.values[i] ?? Number.NaN) - before / 7;
}

export interface DivergenceReport {
  readonly requested: string;
  readonly today: DayReading;
  readonly nasdaq: DayReading | undefined;
  readonly intraday: { readonly btc: number | null; readonly spx: number | null };
  /** BTC between the previous and this trading day's 16:00 New York close (1h bars), if stored. */
  readonly btcCloseToClose: WindowMove | null;
  readonly correlations: readonly Correlations[];
  readonly recentDivergences: readonly DayReading[];
  readonly attribution: Attribution;
  readonly liquidationSource: string | null;
  readonly dataSource: string;
}

export async function buildDivergenceReport(
  requested: string,
  source: MacroSource,
): Promise<DivergenceReport | undefined> {
  const btc = await source.cryptoDaily('BTC');
  const spx = await source.equity('GSPC');
  const nasdaq = await source.equity('IXIC');
  const vix = await source.equity('VIX');
  const twoYear = await source.fred('DGS2');
  const events = await source.events();
  const funding = await source.dailyFunding();
  const hourly = await source.btcHourly();
  const spxPair = alignToTradingDays(btc, spx);
  const nasdaqPair = alignToTradingDays(btc, nasdaq);
  const at = spxPair.dates.findLastIndex((d) => d <= requested);
  const days = readDays(spxPair);
  const today = days.find((d) => d.date === spxPair.dates[at]);
  if (at < 0 || today === undefined) return undefined;
  const date = today.date;
  const nasdaqAt = nasdaqPair.dates.indexOf(date);
  const event = events.find((e) => e.date === date);
  const vixClose: ValueSeries = { dates: vix.dates, values: vix.close };
  const twoYearNow = valueOn(twoYear, date);
  const attribution = attributeMove({
    btcReturn: today.btcReturn,
    btcZ: today.btcZ,
    liquidationsUsd: event?.totalLiquidatedUsd ?? null,
    openInterestChange: null,
    fundingChange: fundingChange(funding, date),
    equityReturn: today.equityReturn,
    equityZ: today.equityZ,
    twoYearChangeBp:
      twoYearNow?.date === date ? Math.round((changeOn(twoYear, date) ?? NaN) * 1000) / 10 : null,
    vixChange: changeOn(vixClose, date),
  });
  const recent = days.filter((d) => d.date <= date).slice(-DIVERGENCE_RECENT_DAYS);
  return {
    requested,
    today,
    nasdaq: readDays(nasdaqPair).find((d) => d.date === date),
    intraday: { btc: intraday(btc, date), spx: intraday(spx, date) },
    btcCloseToClose:
      at < 1
        ? null
        : (moveBetween(
            hourly,
            newYorkCloseUtcMs(spxPair.dates[at - 1] ?? ''),
            newYorkCloseUtcMs(date),
          ) ?? null),
    correlations: [
      ...correlationsAt(spxPair, at, 'S&P 500'),
      ...(nasdaqAt < 0 ? [] : correlationsAt(nasdaqPair, nasdaqAt, 'Nasdaq')),
    ],
    recentDivergences: recent.filter((d) => d.divergent),
    attribution,
    liquidationSource: event === undefined ? null : `${event.window}: ${event.source}`,
    dataSource: source.label,
  };
}
