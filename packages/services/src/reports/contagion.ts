/** Altcoin contagion on a day: up/down betas, BTC-pair decomposition, breadth, past events. */
import {
  addDays,
  contagionDay,
  decomposeBtcPair,
  upDownBeta,
  type AltMove,
  type ContagionDay,
  type UpDownBeta,
} from '@cascade/analytics';
import { CRYPTO_SYMBOLS, type HistoricalEvent, type Ohlc } from '../macro-data.js';
import { type MacroSource } from '../macro-source.js';

interface Panel {
  readonly symbol: string;
  readonly series: Ohlc;
  readonly index: Map<string, number>;
}

async function loadPanel(source: MacroSource): Promise<Panel[]> {
  const panels: Panel[] = [];
  for (const symbol of CRYPTO_SYMBOLS) {
    const series = await source.cryptoDaily(symbol);
    panels.push({ symbol, series, index: new Map(series.dates.map((d, i) => [d, i])) });
  }
  return panels;
}

/**
 * Close-to-close return over the `days` UTC days ending on `date` (from the close before them),
 * and the drawdown: lowest low in those days / that close − 1. Undefined without every bar.
 */
function moveOn(
  panel: Panel,
  date: string,
  days = 1,
): { usdReturn: number; drawdown: number } | undefined {
  const i = panel.index.get(date);
  const j = panel.index.get(addDays(date, -days));
  if (i === undefined || j === undefined || i - j !== days) return undefined;
  const prev = panel.series.close[j] ?? Number.NaN;
  let low = Number.POSITIVE_INFINITY;
  for (let k = j + 1; k <= i; k++) low = Math.min(low, panel.series.low[k] ?? Number.NaN);
  return { usdReturn: (panel.series.close[i] ?? Number.NaN) / prev - 1, drawdown: low / prev - 1 };
}

/** Daily returns of two assets on the `window` UTC days ending the day before `date`. */
function returnsBefore(btc: Panel, alt: Panel, date: string, window: number) {
  const x = new Float64Array(window).fill(Number.NaN);
  const y = new Float64Array(window).fill(Number.NaN);
  for (let k = 0; k < window; k++) {
    const day = addDays(date, -window + k);
    x[k] = moveOn(btc, day)?.usdReturn ?? Number.NaN;
    y[k] = moveOn(alt, day)?.usdReturn ?? Number.NaN;
  }
  return { x, y };
}

export interface DayReport {
  readonly date: string;
  readonly day: ContagionDay;
  readonly alts: number;
}

function dayReport(panels: readonly Panel[], date: string, days: number): DayReport | undefined {
  const [btcPanel, ...altPanels] = panels;
  const btc = btcPanel === undefined ? undefined : moveOn(btcPanel, date, days);
  if (btc === undefined) return undefined;
  const alts: AltMove[] = altPanels.flatMap((panel) => {
    const move = moveOn(panel, date, days);
    return move === undefined ? [] : [{ symbol: panel.symbol, ...move }];
  });
  return { date, day: contagionDay(btc, alts), alts: alts.length };
}

export interface ContagionReport {
  readonly today: DayReport;
  /** Up/down betas of each alt on BTC over `window` days before the move. */
  readonly betas: ReadonlyMap<string, UpDownBeta>;
  readonly past: readonly PastEvent[];
  readonly window: number;
  readonly liquidatedUsd: number | null;
  readonly days: number;
  readonly label: string;
}

/** Contagion of the `days` UTC days to `date`; undefined without BTC bars for them. */
export async function buildContagionReport(
  date: string,
  source: MacroSource,
  { window = 90, days = 1 }: { window?: number; days?: number } = {},
): Promise<ContagionReport | undefined> {
  const panels = await loadPanel(source);
  const events = await source.events();
  const today = dayReport(panels, date, days);
  if (today === undefined) return undefined;
  const [btcPanel, ...altPanels] = panels;
  const betas = new Map<string, UpDownBeta>();
  for (const alt of altPanels) {
    if (btcPanel === undefined) break;
    const { x, y } = returnsBefore(btcPanel, alt, addDays(date, 1 - days), window);
    const beta = upDownBeta(x, y);
    if (beta.days >= window * 0.8) betas.set(alt.symbol, beta);
  }
  const liquidatedUsd = events.find((e) => e.date === date)?.totalLiquidatedUsd ?? null;
  const past = events
    .filter((e) => e.date !== date)
    .flatMap((event) => {
      const report = dayReport(panels, event.date, days);
      return report === undefined ? [] : [{ event, report }];
    });
  return { today, betas, past, window, liquidatedUsd, days, label: source.label };
}

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface PastEvent {
  readonly event: HistoricalEvent;
  readonly report: DayReport;
}

/** Rank (1 = worst) of today's median alt return among today and the past events. */
export function severityRank(today: DayReport, past: readonly PastEvent[]): number {
  return past.filter((p) => p.report.day.medianAltReturn < today.day.medianAltReturn).length + 1;
}

/** The `cascade contagion --json` document. */
export function contagionJson(report: ContagionReport) {
  const { today, betas, past, window, liquidatedUsd, days } = report;
  const { day } = today;
  const out = {
    date: today.date,
    days,
    totalLiquidatedUsd: liquidatedUsd,
    btc: { return: r6(day.btcReturn), drawdown: r6(day.btcDrawdown) },
    breadth: r6(day.breadth),
    shareDown: r6(day.shareDown),
    medianAltReturn: r6(day.medianAltReturn),
    medianPairReturn: r6(day.medianPairReturn),
    betaWindowDays: window,
    alts: day.ranking.map((a) => {
      const beta = betas.get(a.symbol);
      const d = decomposeBtcPair(a.usdReturn, day.btcReturn);
      return {
        symbol: a.symbol,
        drawdownRank: a.rank,
        usdReturn: r6(a.usdReturn),
        drawdown: r6(a.drawdown),
        pairReturn: r6(d.pair),
        crossTerm: r6(d.cross),
        beta: beta === undefined ? null : r6(beta.beta),
        upBeta: beta === undefined ? null : r6(beta.upBeta),
        downBeta: beta === undefined ? null : r6(beta.downBeta),
        expectedFromBeta: beta === undefined ? null : r6(beta.beta * day.btcReturn),
      };
    }),
    comparison: {
      rankByMedianAltReturn: severityRank(today, past),
      of: past.length + 1,
      pastEvents: past.map(({ event, report }) => ({
        date: event.date,
        totalLiquidatedUsd: event.totalLiquidatedUsd,
        alts: report.alts,
        btcReturn: r6(report.day.btcReturn),
        btcDrawdown: r6(report.day.btcDrawdown),
        medianAltReturn: r6(report.day.medianAltReturn),
        breadth: r6(report.day.breadth),
        shareDown: r6(report.day.shareDown),
      })),
    },
  };
  return out;
}
