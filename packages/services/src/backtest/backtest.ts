/**
 * Walk-forward backtest (docs/validation.md): for each UTC day with stored realized liquidations,
 * the scenario built from data stored before the day, (a) driven by the day's realized hourly
 * price path and (b) run as a forecast Monte Carlo, against the day's realized liquidations and
 * low.
 */
import type { MarketStore } from '@cascade/adapters';
import { runCascade, type OrderBook } from '@cascade/core';
import { DataFormatError } from '../cascade/book-files.js';
import { buildBook, engineParamsOf, loadParsedScenario } from '../cascade/load-scenario.js';
import { runScenarioMonteCarlo } from '../cascade/mc-support.js';
import {
  buildScenario,
  dayStartMs,
  hourBars,
  type BuilderSettings,
  type BuiltScenario,
  type HourBar,
} from '../scenario-builder/build-scenario.js';
import { pit, quantilesOf, summarize, type Quantiles, type ScoredDay } from './scores.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The realized series: Coinglass aggregated BTC (Binance+Bybit+OKX), store liquidation_buckets. */
export const REALIZED_SERIES = { series: 'coinglass', symbol: 'BTC' } as const;

export interface BacktestDay {
  readonly date: string;
  readonly realized: { readonly liquidatedUsd: number; readonly lowUsd: number } | null;
  readonly pathDriven: { readonly liquidatedUsd: number };
  readonly forecast: { readonly liquidatedUsd: Quantiles; readonly lowUsd: Quantiles };
}

export interface BacktestResult {
  readonly days: BacktestDay[];
  readonly summary: ReturnType<typeof summarize> & {
    readonly from: string;
    readonly to: string;
    readonly runsPerDay: number;
    readonly skipped: readonly { date: string; reason: string }[];
    readonly builtFrom: string;
  };
}

export interface BacktestOptions {
  readonly from: string;
  readonly to: string;
  readonly runs: number;
  readonly threads?: number;
  readonly settings?: Partial<BuilderSettings>;
  /** Called after each day with (done, total). */
  readonly onDay?: (done: number, total: number) => void;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Realized daily liquidations (USD) by day start, with the number of hours stored. */
async function realizedByDay(
  store: MarketStore,
  fromMs: number,
  toMs: number,
): Promise<Map<number, { usd: number; hours: number }>> {
  const rows = await store.select('liquidation_buckets', {
    ...REALIZED_SERIES,
    fromMs,
    toMs: toMs - 1,
  });
  const out = new Map<number, { usd: number; hours: number }>();
  for (const r of rows) {
    if (r.intervalMs !== HOUR_MS) continue;
    const day = Math.floor(r.tsMs / DAY_MS) * DAY_MS;
    const cur = out.get(day) ?? { usd: 0, hours: 0 };
    out.set(day, { usd: cur.usd + r.longUsd + r.shortUsd, hours: cur.hours + 1 });
  }
  return out;
}

/** The day's exogenous path: per hour its open, then its extremes in the likely order. */
export function hourlyPath(bars: readonly HourBar[]): number[] {
  const path: number[] = [];
  for (const b of bars) {
    path.push(b.open);
    if (b.close >= b.open) path.push(b.low, b.high);
    else path.push(b.high, b.low);
  }
  const last = bars[bars.length - 1];
  if (last) path.push(last.close);
  return path;
}

/** The book a realized path walks: the scenario's, deeper by pathDepthMultiplier. */
function pathBook(scenario: BuiltScenario): OrderBook {
  const spec = scenario.book;
  const m = scenario.builtFrom.settings.pathDepthMultiplier;
  const deeper =
    spec.kind === 'parametric'
      ? { ...spec, depthUsdWithin1Pct: spec.depthUsdWithin1Pct * m }
      : spec;
  return buildBook(deeper, '.', scenario.startPriceUsd).book;
}

/** Runs the backtest over [from, to] (UTC days, inclusive) on the open store. */
export async function runBacktest(
  store: MarketStore,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const fromMs = dayStartMs(options.from, '--from');
  const toMs = dayStartMs(options.to, '--to');
  if (toMs < fromMs)
    throw new DataFormatError(`--to ${options.to} is before --from ${options.from}`);
  const realized = await realizedByDay(store, fromMs - 30 * DAY_MS, toMs + DAY_MS);
  const dates = [...realized.keys()].filter((d) => d >= fromMs && d <= toMs).sort((a, b) => a - b);
  if (dates.length === 0) {
    const all = await store.select('liquidation_buckets', REALIZED_SERIES);
    const stored =
      all.length > 0
        ? `stored: ${isoDay(all[0]!.tsMs)}..${isoDay(all[all.length - 1]!.tsMs)}`
        : 'none stored: load the embedded dataset with `cascade data init`';
    throw new DataFormatError(
      `no realized liquidations (Coinglass BTC) stored in ${options.from}..${options.to} (${stored})`,
    );
  }
  const days: BacktestDay[] = [];
  const scored: ScoredDay[] = [];
  const skipped: { date: string; reason: string }[] = [];
  for (const [k, d] of dates.entries()) {
    const date = isoDay(d);
    try {
      const built = await buildScenario(store, date, {
        ...(options.settings ? { settings: options.settings } : {}),
      });
      const loaded = loadParsedScenario(built.scenario, `scenario --date ${date}`, [], built.books);
      const bars = await hourBars(store, d, d + DAY_MS);
      const path = bars.length > 0 ? hourlyPath(bars) : [loaded.scenario.startPriceUsd];
      const run = runCascade(loaded.positions, pathBook(built.scenario), {
        ...engineParamsOf(loaded.scenario),
        withdrawal: built.scenario.builtFrom.settings.pathWithdrawal,
        shock: { kind: 'price-path', pricesUsd: path },
        recordEvents: false,
      });
      const mc = loaded.scenario.monteCarlo!;
      const { out } = await runScenarioMonteCarlo(
        loaded,
        { ...mc, seed: loaded.scenario.seed, runs: options.runs },
        [],
        options.threads,
      );
      const start = loaded.scenario.startPriceUsd;
      const lows = Float64Array.from(out.drawdownPct, (dd) => start * (1 - dd / 100));
      const liq = quantilesOf(out.liquidatedUsd);
      const low = quantilesOf(lows);
      const day = realized.get(d)!;
      const real =
        day.hours >= 20 && bars.length >= 20
          ? { liquidatedUsd: day.usd, lowUsd: Math.min(...bars.map((b) => b.low)) }
          : null;
      const clim: number[] = [];
      for (let j = 1; j <= 30; j++) {
        const prev = realized.get(d - j * DAY_MS);
        if (prev && prev.hours >= 20) clim.push(prev.usd);
      }
      const oi = built.books[0]?.openInterestUsd;
      const oiRange =
        bars.length > 0 && oi !== undefined && Number.isFinite(oi)
          ? (oi * (Math.max(...bars.map((b) => b.high)) - Math.min(...bars.map((b) => b.low)))) /
            bars[0]!.open
          : null;
      days.push({
        date,
        realized: real,
        pathDriven: { liquidatedUsd: run.result.totalLiquidatedUsd },
        forecast: { liquidatedUsd: liq, lowUsd: low },
      });
      scored.push({
        realizedLiq: real?.liquidatedUsd ?? null,
        realizedLow: real?.lowUsd ?? null,
        pathLiq: run.result.totalLiquidatedUsd,
        oiRange,
        liq,
        low,
        pit: real ? pit(out.liquidatedUsd, real.liquidatedUsd) : null,
        climatology: clim.length >= 7 ? quantilesOf(clim) : null,
      });
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      skipped.push({ date, reason: error.message });
    }
    options.onDay?.(k + 1, dates.length);
  }
  return {
    days,
    summary: {
      from: options.from,
      to: options.to,
      runsPerDay: options.runs,
      builtFrom:
        'each day: cascade scenario --date (rows stored before the day); realized = Coinglass BTC Binance+Bybit+OKX hourly sums, low = Binance BTC/USDT 1h',
      ...summarize(scored),
      skipped,
    },
  };
}
