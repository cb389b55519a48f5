import type {
  FedWatchShiftRule,
  FundingRule,
  LiquidationsRule,
  Observation,
  OpenInterestRule,
  RuleSpec,
} from '@cascade/analytics';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  barObservation,
  bucketObservation,
  cryptoDailyClose,
  fedWatchObservation,
  fundingObservation,
  indexDailyClose,
  liquidationObservation,
  openInterestObservation,
} from './observations.js';

const DAY_MS = 86_400_000;

export interface ReplayWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface ReplayFeed {
  /** Every observation in time order, warm-up included (alerts before `fromMs` are for state only). */
  readonly observations: readonly Observation[];
  readonly warmupFromMs: number;
  /** What the store lacks for some rule (said on stderr by the CLI). */
  readonly notices: readonly string[];
}

/** How far before `fromMs` a rule needs data to have its state (levels, windows, baselines). */
export function warmupMs(rule: RuleSpec): number {
  switch (rule.type) {
    case 'price-cross':
      return (rule.detect?.lookbackDays ?? 1) * DAY_MS + DAY_MS;
    case 'correlation-regime':
      return Math.ceil(rule.windowDays * 1.6 + 14) * DAY_MS;
    case 'funding':
      return Math.max(2, (rule.zScore?.window ?? 3) / 3 + 2) * DAY_MS;
    case 'liquidations':
    case 'open-interest':
      return rule.windowMs + DAY_MS;
    case 'fedwatch-shift':
      return 14 * DAY_MS;
    case 'liquidation-cluster':
    case 'position-distance':
      return DAY_MS;
  }
}

const base = (symbol: string): string => symbol.split('/')[0] ?? symbol;
const TIMEFRAME_ORDER = ['1m', '5m', '15m', '30m', '1h', '2h', '4h', '1d'];

/** The finest stored candle series matching a rule symbol (exact, else same base asset; not Yahoo). */
async function candleSeries(
  store: DuckDbMarketStore,
  symbol: string,
  exchange?: string,
): Promise<{ exchange: string; symbol: string; timeframe: string } | null> {
  const rows = await store.query(
    "SELECT DISTINCT exchange, symbol, timeframe FROM candles WHERE exchange <> 'yahoo'",
  );
  const series = rows
    .map((r) => ({
      exchange: String(r['exchange']),
      symbol: String(r['symbol']),
      timeframe: String(r['timeframe']),
    }))
    .filter(
      (s) =>
        (exchange === undefined || s.exchange === exchange) &&
        (s.symbol === symbol || (!symbol.includes('/') && base(s.symbol) === symbol)),
    )
    .filter((s) => TIMEFRAME_ORDER.includes(s.timeframe));
  series.sort(
    (a, b) =>
      Number(b.symbol === symbol) - Number(a.symbol === symbol) ||
      TIMEFRAME_ORDER.indexOf(a.timeframe) - TIMEFRAME_ORDER.indexOf(b.timeframe) ||
      Number(b.symbol.includes(':')) - Number(a.symbol.includes(':')),
  );
  return series[0] ?? null;
}

/** Symbols whose store rows match a rule symbol (exact, or same base asset). */
function symbolFilter(rule: string | undefined): (s: string) => boolean {
  if (rule === undefined) return () => true;
  return (s) => s === rule || (!rule.includes('/') && base(s) === rule);
}

type Loader = (
  store: DuckDbMarketStore,
  w: ReplayWindow,
) => Promise<{ observations: Observation[]; notice?: string }>;

function priceLoader(symbol: string, exchange: string | undefined): Loader {
  return async (store, w) => {
    const pair = symbol.split(':')[0] ?? symbol;
    const s =
      (await candleSeries(store, symbol, exchange)) ?? (await candleSeries(store, pair, exchange));
    if (s === null) return { observations: [], notice: `no candles stored for ${symbol}` };
    const proxy =
      s.symbol === symbol || !symbol.includes(':')
        ? {}
        : {
            notice: `${symbol} is priced by the stored ${s.exchange} ${s.symbol} ${s.timeframe} candles`,
          };
    const candles = await store.candles({ ...s, fromMs: w.fromMs, toMs: w.toMs });
    return {
      observations: candles.map(barObservation),
      ...(candles.length === 0
        ? { notice: `no ${s.timeframe} candles of ${s.symbol} in range` }
        : proxy),
    };
  };
}

function dailyLoader(series: string): Loader {
  return async (store, w) => {
    if (series.startsWith('^')) {
      const points = await store.select('macro_series', { series, fromMs: w.fromMs, toMs: w.toMs });
      return {
        observations: points.map((p) => indexDailyClose(series, p.tsMs, p.value)),
        ...(points.length === 0 ? { notice: `no ${series} closes stored in range` } : {}),
      };
    }
    const candles = await store.candles({
      exchange: 'binance',
      symbol: `${series}/USDT`,
      timeframe: '1d',
      fromMs: w.fromMs,
      toMs: w.toMs,
    });
    return {
      observations: candles.map((c) => cryptoDailyClose(series, c)),
      ...(candles.length === 0
        ? { notice: `no binance ${series}/USDT daily candles in range` }
        : {}),
    };
  };
}

const nonNull = <T>(x: T | null): x is T => x !== null;

function liquidationsLoader(rule: LiquidationsRule): Loader {
  const match = symbolFilter(rule.symbol);
  const venue = (v: string): boolean => rule.venue === undefined || v === rule.venue;
  return async (store, w) => {
    const events = await store.select('liquidations', { fromMs: w.fromMs, toMs: w.toMs });
    const buckets = await store.select('liquidation_buckets', {
      fromMs: w.fromMs - DAY_MS,
      toMs: w.toMs,
    });
    const observations = [
      ...events.filter((e) => match(e.symbol) && venue(e.exchange)).map(liquidationObservation),
      ...buckets.filter((b) => match(b.symbol) && venue(b.source)).map(bucketObservation),
    ].filter((o) => o.tsMs >= w.fromMs && o.tsMs <= w.toMs);
    return withNotice(observations, `rule ${rule.id}: no realized liquidations stored in range`);
  };
}

function withNotice(
  observations: Observation[],
  notice: string,
): { observations: Observation[]; notice?: string } {
  return observations.length === 0 ? { observations, notice } : { observations };
}

function derivativesLoader(rule: FundingRule | OpenInterestRule): Loader {
  const match = symbolFilter(rule.symbol);
  const exchange = (e: string): boolean => rule.exchange === undefined || e === rule.exchange;
  return async (store, w) => {
    if (rule.type === 'funding') {
      const rows = await store.select('funding_rates', { fromMs: w.fromMs, toMs: w.toMs });
      const observations = rows
        .filter((f) => match(f.symbol) && exchange(f.exchange))
        .map(fundingObservation);
      return withNotice(observations, `rule ${rule.id}: no funding rates stored in range`);
    }
    const rows = await store.select('open_interest', { fromMs: w.fromMs, toMs: w.toMs });
    // One series per instrument: the finest stored interval that fits the rule's window (a
    // daily series cannot say what changed in 4 hours, and mixed series would compare samples
    // of different moments).
    const finest = new Map<string, number>();
    for (const p of rows) {
      if (p.intervalMs > rule.windowMs) continue;
      const key = `${p.exchange}|${p.symbol}`;
      finest.set(key, Math.min(finest.get(key) ?? Number.POSITIVE_INFINITY, p.intervalMs));
    }
    const instrument = rows.filter(
      (p) => match(p.symbol) && exchange(p.exchange) && p.openInterestUsd !== null,
    );
    const observations = instrument
      .filter((p) => finest.get(`${p.exchange}|${p.symbol}`) === p.intervalMs)
      .map(openInterestObservation)
      .filter(nonNull);
    return withNotice(
      observations,
      instrument.length === 0
        ? `rule ${rule.id}: no USD open interest stored in range`
        : `rule ${rule.id}: no USD open interest stored in range sampled within the rule's window (only every ${formatInterval(instrument.reduce((m, p) => Math.min(m, p.intervalMs), Infinity))})`,
    );
  };
}

const formatInterval = (ms: number): string =>
  ms % DAY_MS === 0
    ? `${ms / DAY_MS}d`
    : ms % 3_600_000 === 0
      ? `${ms / 3_600_000}h`
      : `${ms / 60_000}m`;

function fedWatchLoader(rule: FedWatchShiftRule): Loader {
  return async (store, w) => {
    const rows = await store.select('fedwatch_readings', { fromMs: w.fromMs, toMs: w.toMs });
    const observations = rows.map(fedWatchObservation).filter((o) => o.tsMs <= w.toMs);
    return withNotice(
      observations,
      `rule ${rule.id}: no published FedWatch readings stored in range`,
    );
  };
}

function loadersFor(rule: RuleSpec): Loader[] {
  switch (rule.type) {
    case 'price-cross':
      return [priceLoader(rule.symbol, rule.exchange)];
    case 'position-distance':
      return [...new Set(rule.positions.map((p) => p.symbol))].map((s) =>
        priceLoader(s, undefined),
      );
    case 'liquidations':
      return [liquidationsLoader(rule)];
    case 'funding':
    case 'open-interest':
      return [derivativesLoader(rule)];
    case 'correlation-regime':
      return rule.series.map(dailyLoader);
    case 'fedwatch-shift':
      return [fedWatchLoader(rule)];
    case 'liquidation-cluster':
      return []; // liquidation maps come from the heatmap estimator (services), passed as `extra`
  }
}

/**
 * Everything the rules need from the store over [from − warm-up, to], merged in time order (stable:
 * equal times keep load order). `extra` adds observations computed elsewhere (heatmap maps).
 */
export async function replayFeed(
  store: DuckDbMarketStore,
  rules: readonly RuleSpec[],
  w: ReplayWindow,
  extra: readonly Observation[] = [],
): Promise<ReplayFeed> {
  const warmupFromMs = w.fromMs - Math.max(0, ...rules.map(warmupMs));
  const window = { fromMs: warmupFromMs, toMs: w.toMs };
  const notices: string[] = [];
  const all: Observation[] = [];
  for (const loader of rules.flatMap(loadersFor)) {
    const result = await loader(store, window);
    all.push(...result.observations);
    if (result.notice !== undefined) notices.push(result.notice);
  }
  all.push(...extra);
  const unique = dedupeObservations(all);
  unique.sort((a, b) => a.tsMs - b.tsMs);
  return { observations: unique, warmupFromMs, notices: [...new Set(notices)] };
}

/** The same store row loaded for two rules is one observation. */
function dedupeObservations(all: readonly Observation[]): Observation[] {
  const seen = new Set<string>();
  return all.filter((o) => {
    if (o.kind === 'liquidation-map') return true;
    const key = JSON.stringify(o);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
