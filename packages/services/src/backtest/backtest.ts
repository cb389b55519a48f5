/**
 * Walk-forward backtest (docs/validation.md): for each UTC day with stored realized liquidations,
 * the scenario built from data stored before the day, (a) driven by the day's realized hourly
 * price path and (b) run as a forecast Monte Carlo, against the day's realized liquidations and
 * low.
 */
import type { MarketStore } from '@cascade/adapters';
import {
  cloneBook,
  createRng,
  resetBook,
  runCascade,
  runOnBook,
  type OrderBook,
} from '@cascade/core';
import { DataFormatError } from '../cascade/book-files.js';
import {
  buildBook,
  engineParamsOf,
  loadParsedScenario,
  type LoadedScenario,
} from '../cascade/load-scenario.js';
import { runScenarioMonteCarlo } from '../cascade/mc-support.js';
import {
  buildScenario,
  dayStartMs,
  hourBars,
  type BuilderSettings,
  type BuildResult,
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
    readonly forecast: 'paths' | 'shocks';
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
  /**
   * 'paths' (default): resampled daily paths of the fit window through the day's market;
   * 'shocks': the scenario's monteCarlo block (exogenous sell × W) on the Monte Carlo runner.
   */
  readonly forecast?: 'paths' | 'shocks';
  /**
   * Model-error term (default true): the forecast sample is multiplied by exp(mean + sd·z) of
   * log(realized ÷ path-driven) over the 30 scored days before (a warm-up covers the 30 days
   * before --from). Realized liquidations of a day are stored before the next day starts.
   */
  readonly calibrate?: boolean;
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

function hourlyVol(bars: readonly HourBar[]): number {
  const r = bars.slice(1).map((b, i) => Math.log(b.close / (bars[i]?.close ?? b.close)));
  const m = r.reduce((a, b) => a + b, 0) / Math.max(1, r.length);
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, r.length - 1));
}

/**
 * Volatility conditioning: the hourly volatility of the last `days` days over that of the whole
 * fit window (1 when off or undefined).
 */
export function volScale(history: readonly HourBar[], days: number): number {
  if (days <= 0 || history.length < days * 24 + 2) return 1;
  const recent = hourlyVol(history.slice(-days * 24));
  const all = hourlyVol(history);
  return all > 0 && recent > 0 ? recent / all : 1;
}

/**
 * Forecast by resampled paths: `runs` days drawn (seeded) from the fit window's complete days,
 * each day's hourly path taken relative to its open and started at today's start price, walks
 * the market like the realized path does. Returns liquidated USD and the low of each run.
 */
export function pathForecast(
  loaded: LoadedScenario,
  book: OrderBook,
  history: readonly HourBar[],
  runs: number,
  withdrawal: number,
  volDays = 0,
): { liquidatedUsd: Float64Array; lowUsd: Float64Array } {
  const byDay = new Map<number, HourBar[]>();
  for (const h of history) {
    const day = Math.floor(h.tsMs / DAY_MS) * DAY_MS;
    const list = byDay.get(day) ?? [];
    list.push(h);
    byDay.set(day, list);
  }
  const days = [...byDay.values()].filter((bars) => bars.length >= 20);
  const liquidatedUsd = new Float64Array(runs);
  const lowUsd = new Float64Array(runs);
  if (days.length === 0) return { liquidatedUsd, lowUsd };
  const start = loaded.scenario.startPriceUsd;
  const scale = volScale(history, volDays);
  const rng = createRng(loaded.scenario.seed);
  const scratch = cloneBook(book);
  const params = engineParamsOf(loaded.scenario);
  for (let r = 0; r < runs; r++) {
    const bars = days[Math.floor(rng() * days.length)] ?? [];
    const open = bars[0]?.open ?? start;
    const path = hourlyPath(bars).map((p) => Math.exp(scale * Math.log(p / open)) * start);
    resetBook(scratch, book);
    const run = runOnBook(loaded.positions, scratch, {
      ...params,
      withdrawal,
      shock: { kind: 'price-path', pricesUsd: path },
      recordEvents: false,
    });
    liquidatedUsd[r] = run.result.totalLiquidatedUsd;
    lowUsd[r] = run.result.minPrice;
  }
  return { liquidatedUsd, lowUsd };
}

/** The forecast sample of one day: resampled paths, or the scenario's shock/W Monte Carlo. */
async function forecastSample(
  loaded: LoadedScenario,
  built: { scenario: BuiltScenario; history: readonly HourBar[] },
  options: BacktestOptions,
): Promise<{ liquidatedUsd: Float64Array; lowUsd: Float64Array }> {
  if ((options.forecast ?? 'paths') === 'paths')
    return pathForecast(
      loaded,
      pathBook(built.scenario),
      built.history,
      options.runs,
      built.scenario.builtFrom.settings.pathWithdrawal,
      built.scenario.builtFrom.settings.volScaleDays,
    );
  const mc = loaded.scenario.monteCarlo;
  if (mc === undefined) throw new DataFormatError('the built scenario has no monteCarlo block');
  const { out } = await runScenarioMonteCarlo(
    loaded,
    { ...mc, seed: loaded.scenario.seed, runs: options.runs },
    [],
    options.threads,
  );
  const start = loaded.scenario.startPriceUsd;
  return {
    liquidatedUsd: out.liquidatedUsd,
    lowUsd: Float64Array.from(out.drawdownPct, (dd) => start * (1 - dd / 100)),
  };
}

/** One day's market built from data stored before it, and its realized-path run. */
interface DayMarket {
  readonly built: BuildResult;
  readonly loaded: LoadedScenario;
  readonly bars: readonly HourBar[];
  readonly pathLiquidatedUsd: number;
}

async function dayMarket(
  store: MarketStore,
  d: number,
  settings: Partial<BuilderSettings> | undefined,
): Promise<DayMarket> {
  const date = isoDay(d);
  const built = await buildScenario(store, date, settings ? { settings } : {});
  const loaded = loadParsedScenario(built.scenario, `scenario --date ${date}`, [], built.books);
  const bars = await hourBars(store, d, d + DAY_MS);
  const path = bars.length > 0 ? hourlyPath(bars) : [loaded.scenario.startPriceUsd];
  const run = runCascade(loaded.positions, pathBook(built.scenario), {
    ...engineParamsOf(loaded.scenario),
    withdrawal: built.scenario.builtFrom.settings.pathWithdrawal,
    shock: { kind: 'price-path', pricesUsd: path },
    recordEvents: false,
  });
  return { built, loaded, bars, pathLiquidatedUsd: run.result.totalLiquidatedUsd };
}

/**
 * Model error of the path-driven figure: log(realized ÷ path-driven) of the (at most 30) scored
 * days before, known before the day. The forecast sample is multiplied by exp(mean + sd·z).
 */
function inflate(sample: Float64Array, residuals: readonly number[], seed: number): Float64Array {
  const recent = residuals.slice(-30);
  if (recent.length < 7) return sample;
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  const sd = Math.sqrt(
    recent.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, recent.length - 1),
  );
  const rng = createRng(seed ^ 0x5bd1e995);
  return sample.map((v) => {
    const u1 = Math.max(rng(), 1e-12);
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
    return v * Math.exp(mean + sd * z);
  });
}

function residualOf(realizedUsd: number, predictedUsd: number): number | null {
  return realizedUsd > 0 && predictedUsd > 0 ? Math.log(realizedUsd / predictedUsd) : null;
}

const complete = (r: { usd: number; hours: number } | undefined): number | null =>
  r !== undefined && r.hours >= 20 ? r.usd : null;

function climatology(realized: Map<number, { usd: number; hours: number }>, d: number) {
  const clim: number[] = [];
  for (let j = 1; j <= 30; j++) {
    const usd = complete(realized.get(d - j * DAY_MS));
    if (usd !== null) clim.push(usd);
  }
  return clim.length >= 7 ? quantilesOf(clim) : null;
}

function oiTimesRange(m: DayMarket): number | null {
  const oi = m.built.books[0]?.openInterestUsd;
  const first = m.bars[0];
  if (first === undefined || oi === undefined || !Number.isFinite(oi)) return null;
  const high = Math.max(...m.bars.map((b) => b.high));
  const low = Math.min(...m.bars.map((b) => b.low));
  return (oi * (high - low)) / first.open;
}

/** The path-driven residuals of the days before `fromMs` (warm-up of the model-error term). */
async function warmUp(
  store: MarketStore,
  realized: Map<number, { usd: number; hours: number }>,
  fromMs: number,
  options: BacktestOptions,
): Promise<number[]> {
  const residuals: number[] = [];
  if (options.calibrate === false) return residuals;
  for (let d = fromMs - 30 * DAY_MS; d < fromMs; d += DAY_MS) {
    const usd = complete(realized.get(d));
    if (usd === null) continue;
    try {
      const m = await dayMarket(store, d, options.settings);
      const r = residualOf(usd, m.pathLiquidatedUsd);
      if (r !== null) residuals.push(r);
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
    }
  }
  return residuals;
}

async function noDataError(store: MarketStore, options: BacktestOptions): Promise<DataFormatError> {
  const all = await store.select('liquidation_buckets', REALIZED_SERIES);
  const first = all[0];
  const last = all[all.length - 1];
  const stored =
    first && last
      ? `stored: ${isoDay(first.tsMs)}..${isoDay(last.tsMs)}`
      : 'none stored: load the embedded dataset with `cascade data init`';
  return new DataFormatError(
    `no realized liquidations (Coinglass BTC) stored in ${options.from}..${options.to} (${stored})`,
  );
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
  const realized = await realizedByDay(store, fromMs - 60 * DAY_MS, toMs + DAY_MS);
  const dates = [...realized.keys()].filter((d) => d >= fromMs && d <= toMs).sort((a, b) => a - b);
  if (dates.length === 0) throw await noDataError(store, options);
  const residuals = await warmUp(store, realized, fromMs, options);
  const days: BacktestDay[] = [];
  const scored: ScoredDay[] = [];
  const skipped: { date: string; reason: string }[] = [];
  for (const [k, d] of dates.entries()) {
    try {
      const m = await dayMarket(store, d, options.settings);
      const raw = await forecastSample(m.loaded, m.built, options);
      const liquidated = inflate(raw.liquidatedUsd, residuals, m.loaded.scenario.seed);
      const liq = quantilesOf(liquidated);
      const low = quantilesOf(raw.lowUsd);
      const usd = complete(realized.get(d));
      const real =
        usd !== null && m.bars.length >= 20
          ? { liquidatedUsd: usd, lowUsd: Math.min(...m.bars.map((b) => b.low)) }
          : null;
      const pathLiq = m.pathLiquidatedUsd;
      days.push({
        date: isoDay(d),
        realized: real,
        pathDriven: { liquidatedUsd: pathLiq },
        forecast: { liquidatedUsd: liq, lowUsd: low },
      });
      scored.push({
        realizedLiq: real?.liquidatedUsd ?? null,
        realizedLow: real?.lowUsd ?? null,
        pathLiq,
        oiRange: oiTimesRange(m),
        liq,
        low,
        pit: real ? pit(liquidated, real.liquidatedUsd) : null,
        climatology: climatology(realized, d),
      });
      const r = usd === null || options.calibrate === false ? null : residualOf(usd, pathLiq);
      if (r !== null) residuals.push(r);
    } catch (error) {
      if (!(error instanceof DataFormatError)) throw error;
      skipped.push({ date: isoDay(d), reason: error.message });
    }
    options.onDay?.(k + 1, dates.length);
  }
  return {
    days,
    summary: {
      from: options.from,
      to: options.to,
      runsPerDay: options.runs,
      forecast: options.forecast ?? 'paths',
      builtFrom:
        'each day: cascade scenario --date (rows stored before the day); realized = Coinglass BTC Binance+Bybit+OKX hourly sums, low = Binance BTC/USDT 1h',
      ...summarize(scored),
      skipped,
    },
  };
}
