/** Equities, rates, FedWatch, divergence, history and contagion inputs from the services reports. */
import {
  buildContagionReport,
  buildDivergenceReport,
  buildFedWatchReport,
  buildHistoryReport,
  type MacroSource,
  type Ohlc,
  type PublishedReading,
} from '@cascade/services';
import type {
  ContagionInput,
  DivergenceInput,
  FedWatchInput,
  FedWatchReading,
  HistoryInput,
  IndexMove,
  MacroInput,
} from '../inputs.js';
import type { CatalogEvent } from './catalog.js';

const INDICES = [
  { ticker: 'GSPC', name: 'S&P 500' },
  { ticker: 'IXIC', name: 'Nasdaq Composite' },
  { ticker: 'DJI', name: 'Dow Jones' },
] as const;

function lastIndexOnOrBefore(dates: readonly string[], date: string): number {
  return dates.findLastIndex((d) => d <= date);
}

function moveOf(series: Ohlc, i: number): { close: number; change: number } | undefined {
  const close = series.close[i];
  const previous = series.close[i - 1];
  if (i < 1 || close === undefined || previous === undefined) return undefined;
  return { close, change: close / previous - 1 };
}

async function btcVsSpx(source: MacroSource, spx: Ohlc, to: number): Promise<MacroInput['btcVsSpx']> {
  const btc = await source.cryptoDaily('BTC');
  const out: { date: string; btc: number; spx: number }[] = [];
  for (let i = Math.max(0, to - 30); i <= to; i += 1) {
    const date = spx.dates[i] ?? '';
    const b = btc.dates.indexOf(date);
    const s = spx.close[i];
    const c = btc.close[b];
    if (b >= 0 && s !== undefined && c !== undefined) out.push({ date, btc: c, spx: s });
  }
  return out;
}

export async function loadMacro(source: MacroSource, date: string): Promise<MacroInput | undefined> {
  const spx = await source.equity('GSPC');
  const at = lastIndexOnOrBefore(spx.dates, date);
  if (at < 1) return undefined;
  const tradingDate = spx.dates[at] ?? date;
  const indices: IndexMove[] = [];
  for (const { ticker, name } of INDICES) {
    const series = ticker === 'GSPC' ? spx : await source.equity(ticker);
    const move = moveOf(series, series.dates.indexOf(tradingDate));
    if (move !== undefined) indices.push({ name, ...move });
  }
  const vixSeries = await source.equity('VIX');
  const vixMove = moveOf(vixSeries, vixSeries.dates.indexOf(tradingDate));
  const dgs2 = await source.fred('DGS2');
  const y = dgs2.dates.indexOf(tradingDate);
  const yNow = dgs2.values[y];
  const yPrev = dgs2.values[y - 1];
  const effr = await source.fred('DFF');
  const e = lastIndexOnOrBefore(effr.dates, date);
  const lower = await source.fred('DFEDTARL');
  const l = lastIndexOnOrBefore(lower.dates, date);
  const lowerPct = lower.dates.at(-1) !== undefined && (lower.dates.at(-1) ?? '') >= date ? lower.values[l] : undefined;
  return {
    tradingDate,
    indices,
    vix: vixMove === undefined ? undefined : { close: vixMove.close, changePoints: vixMove.close / (1 + vixMove.change) * vixMove.change },
    twoYear: y < 1 || yNow === undefined || yPrev === undefined || Number.isNaN(yNow) || Number.isNaN(yPrev) ? undefined : { yieldPct: yNow, change1dBp: Math.round((yNow - yPrev) * 100) },
    effrPct: e < 0 ? undefined : effr.values[e],
    targetRange: lowerPct === undefined ? undefined : `${Math.round(lowerPct * 100)}-${Math.round(lowerPct * 100) + 25}`,
    btcVsSpx: await btcVsSpx(source, spx, at),
    source: `${source.label}: Yahoo ^GSPC/^IXIC/^DJI/^VIX daily, FRED DGS2/DFF/DFEDTARL`,
  };
}

function median(values: readonly number[]): number | undefined {
  const xs = [...values].sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? xs[mid] : ((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2;
}

/** Cut probability of a published reading: probabilities of ranges below the current one. */
function cutOf(reading: PublishedReading, currentLowerBp: number | undefined): number | undefined {
  const entries = Object.entries(reading.probabilities);
  if (currentLowerBp === undefined) return entries.length === 1 ? entries[0]?.[1] : undefined;
  return entries.filter(([range]) => Number(range.split('-')[0]) < currentLowerBp).reduce((a, [, p]) => a + p, 0);
}

export async function loadFedWatch(source: MacroSource, date: string): Promise<FedWatchInput | undefined> {
  const report = await buildFedWatchReport(date, source);
  if (report === undefined) return undefined;
  if (report.kind === 'futures') {
    const meeting = report.today.result.meetings[0];
    const prev = report.previous?.result.meetings.find((m) => m.date === meeting?.date);
    return {
      kind: 'futures',
      meetingDate: meeting?.date,
      cutProbability: meeting?.pCut,
      previousCutProbability: prev?.pCut,
      previousDate: report.previous?.result.asOf,
      readings: [],
      source: `${report.label}: CME FedWatch method on stored fed funds futures settles`,
    };
  }
  const lowerBp = report.proxy.targetRange === null ? undefined : Number(report.proxy.targetRange.split('-')[0]);
  const meetingDate = report.published.find((r) => r.meetingDate > date)?.meetingDate;
  const readings: FedWatchReading[] = report.published
    .filter((r) => r.meetingDate === meetingDate)
    .flatMap((r) => {
      const p = cutOf(r, lowerBp);
      return p === undefined ? [] : [{ asOfDate: r.asOfDate, probability: p, source: r.source }];
    });
  const byDate = (d: string) => median(readings.filter((r) => r.asOfDate === d).map((r) => r.probability));
  const dates = [...new Set(readings.map((r) => r.asOfDate))].sort();
  const last = dates.at(-1);
  const before = dates.at(-2);
  if (last === undefined) {
    return { kind: 'proxy', meetingDate: undefined, cutProbability: undefined, previousCutProbability: undefined, previousDate: undefined, readings: [], source: report.label };
  }
  return {
    kind: 'published',
    meetingDate,
    cutProbability: byDate(last),
    previousCutProbability: before === undefined ? undefined : byDate(before),
    previousDate: before,
    readings,
    source: `published CME FedWatch readings (news, data/rates/fedwatch-published-*.json): ${[...new Set(readings.map((r) => r.source))].join(' ; ')}`,
  };
}

export async function loadDivergence(source: MacroSource, date: string): Promise<DivergenceInput | undefined> {
  const report = await buildDivergenceReport(date, source);
  if (report === undefined) return undefined;
  const c30 = report.correlations.find((c) => c.index === 'S&P 500' && c.window === 30);
  return {
    correlation30: c30 === undefined || Number.isNaN(c30.pearson) ? undefined : c30.pearson,
    beta30: c30 === undefined || Number.isNaN(c30.beta) ? undefined : c30.beta,
    btcZ: report.today.btcZ,
    equityZ: report.today.equityZ,
    regime: report.today.regime,
    divergent: report.today.divergent,
    verdict: report.attribution.verdict,
    internalScore: report.attribution.internalScore,
    externalScore: report.attribution.externalScore,
    evidence: report.attribution.evidence.map((e) => ({ factor: e.factor, side: e.side, supports: e.supports, note: e.note })),
    source: `divergence report (${report.dataSource}): BTC vs S&P 500 aligned to New York closes`,
  };
}

export async function loadHistory(source: MacroSource, date: string, catalog: readonly CatalogEvent[]): Promise<HistoryInput | undefined> {
  const report = await buildHistoryReport(date, source);
  if (report === undefined) return undefined;
  const similar = report.mostSimilar[0];
  const similarMetrics = report.events.find((e) => e.date === similar?.date);
  const largest = [...catalog].filter((e) => e.totalLiquidatedUsd !== null).sort((a, b) => (b.totalLiquidatedUsd ?? 0) - (a.totalLiquidatedUsd ?? 0))[0];
  return {
    eventCount: report.events.filter((e) => e.date !== date).length,
    drawdownPercentileVsEvents: report.percentileVsEvents.btcDrawdown ?? undefined,
    liquidationPercentileVsEvents: report.percentileVsEvents.liquidatedUsd ?? undefined,
    drawdownPercentileAllDays: report.btcDrawdownPercentileAllDays ?? undefined,
    allDaysCount: report.allDaysCount,
    allDaysFrom: report.allDaysFrom,
    mostSimilar: similar === undefined ? undefined : {
      date: similar.date,
      btcDrawdown: similarMetrics?.btcDrawdown ?? undefined,
      liquidatedUsd: similarMetrics?.liquidatedUsd ?? undefined,
      notes: undefined,
    },
    largest: largest?.totalLiquidatedUsd === null || largest === undefined || largest.date === date ? undefined : { date: largest.date, liquidatedUsd: largest.totalLiquidatedUsd },
    source: `history report (${report.source}) over the event catalog`,
  };
}

export async function loadContagion(source: MacroSource, date: string): Promise<ContagionInput | undefined> {
  const report = await buildContagionReport(date, source);
  if (report === undefined) return undefined;
  return {
    alts: report.today.day.ranking.map((a) => ({
      symbol: a.symbol,
      change: a.usdReturn,
      drawdown: a.drawdown,
      beta: report.betas.get(a.symbol)?.beta,
    })),
    breadth: report.today.day.breadth,
    btcChange: report.today.day.btcReturn,
    source: `contagion report (${report.label}): Binance spot daily closes`,
  };
}
