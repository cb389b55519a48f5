/**
 * The event view's requests, in one place: query parameters and document shapes of the API
 * (docs/api.md).
 */
import type { DailySeries } from '@cascade/analytics';
import { getJson, type ApiResult, type Query } from './api.js';
import type { LiquidationBar } from './charts/price-chart.js';
import type {
  Candles,
  ContagionReport,
  DivergenceReport,
  EventSummary,
  FedWatchReport,
  HeatmapReport,
  HistoryReport,
  LevelsReport,
  Meta,
} from './types.js';

const DAY_MS = 86_400_000;

interface CandleColumns {
  readonly symbol: string;
  readonly timeframe: string;
  readonly columns: {
    readonly tsMs: readonly number[];
    readonly open: readonly number[];
    readonly high: readonly number[];
    readonly low: readonly number[];
    readonly close: readonly number[];
    readonly volumeBase: readonly number[];
  };
}

/**
 * `/api/candles` in its columnar form (about half the bytes of one object per bar, and arrays of
 * numbers parse faster), expanded to the bars the charts take.
 */
export async function getCandles(query: Query): Promise<ApiResult<Candles>> {
  const result = await getJson<CandleColumns>('/api/candles', { ...query, format: 'columns' });
  if (!result.ok) return result;
  const { symbol, timeframe, columns: c } = result.value;
  const candles = c.tsMs.map((tsMs, i) => ({
    tsMs,
    open: c.open[i] ?? Number.NaN,
    high: c.high[i] ?? Number.NaN,
    low: c.low[i] ?? Number.NaN,
    close: c.close[i] ?? Number.NaN,
    volumeBase: c.volumeBase[i] ?? Number.NaN,
  }));
  return { ok: true, value: { symbol, timeframe, candles } };
}

export function dayStartMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function isoDay(tsMs: number): string {
  return new Date(tsMs).toISOString().slice(0, 10);
}

/** The intraday timeframe stored for a symbol (1h for BTC, 4h for the alts), else 1d. */
export function intradayTimeframe(meta: Meta | null, symbol: string): string {
  const stored = new Set(
    meta?.candles.filter((c) => c.symbol === symbol).map((c) => c.timeframe) ?? [],
  );
  return ['1h', '4h', '1d'].find((tf) => stored.has(tf)) ?? '1h';
}

/**
 * Bars from `daysBefore` days before the date through the end of the day after it: 1h at once
 * (BTC's; no wait for /api/meta), else the intraday timeframe the store holds for the symbol.
 */
export async function eventCandles(
  meta: Promise<Meta | null>,
  symbol: string,
  date: string,
  daysBefore = 6,
): Promise<ApiResult<Candles>> {
  const start = dayStartMs(date);
  const range = { symbol, from: start - daysBefore * DAY_MS, to: start + 2 * DAY_MS - 1 };
  const hourly = await getCandles({ ...range, timeframe: '1h' });
  if (!hourly.ok || hourly.value.candles.length > 0) return hourly;
  const timeframe = intradayTimeframe(await meta, symbol);
  return timeframe === '1h' ? hourly : getCandles({ ...range, timeframe });
}

export function dailyCandles(
  symbol: string,
  fromMs: number,
  toMs: number,
): Promise<ApiResult<Candles>> {
  return getCandles({ symbol, timeframe: '1d', from: fromMs, to: toMs });
}

export function toDailySeries(candles: Candles): DailySeries {
  return {
    dates: candles.candles.map((bar) => isoDay(bar.tsMs)),
    close: Float64Array.from(candles.candles, (bar) => bar.close),
  };
}

export interface MacroPoints {
  readonly seriesId: string;
  readonly points: readonly { date: string; value: number }[];
}

export async function macroSeries(
  seriesId: string,
  fromMs: number,
  toMs: number,
): Promise<ApiResult<DailySeries>> {
  const result = await getJson<MacroPoints>('/api/macro', {
    series: seriesId,
    from: fromMs,
    to: toMs,
  });
  if (!result.ok) return result;
  const points = result.value.points;
  return {
    ok: true,
    value: { dates: points.map((p) => p.date), close: Float64Array.from(points, (p) => p.value) },
  };
}

/** `BTC/USDT` → `BTC` (the analyses take the base asset). */
export const baseOf = (symbol: string): string => symbol.split('/')[0] ?? symbol;

export const levels = (symbol: string, date: string) =>
  getJson<LevelsReport>('/api/levels', { symbol: baseOf(symbol), date });
export const eventSummary = (symbol: string, date: string) =>
  getJson<EventSummary>('/api/event/summary', { symbol: baseOf(symbol), date });
export const history = (date: string) => getJson<HistoryReport>('/api/history', { date });
export const divergence = (date: string) => getJson<DivergenceReport>('/api/divergence', { date });
export const fedWatch = (date: string) => getJson<FedWatchReport>('/api/fedwatch', { date });
export const contagion = (date: string) => getJson<ContagionReport>('/api/contagion', { date });

export function heatmap(date: string): Promise<ApiResult<HeatmapReport>> {
  const start = dayStartMs(date);
  return getJson<HeatmapReport>('/api/heatmap', {
    from: isoDay(start - 6 * DAY_MS),
    to: isoDay(start + DAY_MS),
    gridEvery: 1,
  });
}

export async function liquidations(
  symbol: string,
  date: string,
): Promise<ApiResult<readonly LiquidationBar[]>> {
  const start = dayStartMs(date);
  const result = await getJson<{ realized: { buckets: readonly LiquidationBar[] } | null }>(
    '/api/liquidations',
    { symbol: baseOf(symbol), from: start - 6 * DAY_MS, to: start + 2 * DAY_MS - 1 },
  );
  return result.ok ? { ok: true, value: result.value.realized?.buckets ?? [] } : result;
}
