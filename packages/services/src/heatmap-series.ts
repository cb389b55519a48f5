/**
 * The stored series the liquidation model runs on (`cascade heatmap --symbol`, `GET /api/heatmap`,
 * the monitor, the brief): candles joined with USD open interest, and which open interest each
 * candle got (docs/market-data.md, "Open interest for the heatmap").
 *
 * A candle takes the intraday open interest stored at its own timestamp (the hourly series).
 * Before the first and after the last intraday value in reach, where a daily series is stored
 * (Binance `openInterestHist?period=1d`: the value dated D is the snapshot at D 00:00 UTC), it
 * takes the latest daily snapshot stamped at or before the candle's open, at most
 * `DAILY_CARRY_MAX_MS` old: never a later one. When the window starts on daily snapshots, it is
 * extended back over up to `DAILY_HISTORY_MS` of earlier daily snapshots so the book has history.
 */
import { InputError, type CoinglassSeries } from './heatmap-input.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A daily snapshot stands for at most two days (one missing day is bridged, no more). */
export const DAILY_CARRY_MAX_MS = 2 * DAY_MS;
/** How far before the window daily snapshots are read to give the book history. */
export const DAILY_HISTORY_MS = 30 * DAY_MS;

/** The part of the market store the heatmap reads. */
export interface HeatmapStore {
  candles(q: {
    exchange: string;
    symbol: string;
    timeframe: string;
    fromMs?: number;
    toMs?: number;
  }): Promise<readonly { tsMs: number; open: number; high: number; low: number; close: number }[]>;
  select(
    table: 'open_interest',
    q: { exchange: string; symbol: string; fromMs?: number; toMs?: number },
  ): Promise<
    readonly {
      tsMs: number;
      openInterestUsd: number | null;
      /** Sampling interval of the row's series; absent = intraday. */
      intervalMs?: number;
    }[]
  >;
}

/** Where a candle's open interest came from. */
export type OpenInterestSource = 'hourly' | 'daily-carried-forward';

/** A run of consecutive candles (open times, inclusive) with one open-interest source. */
export interface OpenInterestRange {
  readonly source: OpenInterestSource;
  readonly fromMs: number;
  readonly toMs: number;
  readonly candles: number;
}

/** First and last stamp of a stored open-interest series of the instrument. */
export interface StoredSpan {
  readonly intervalMs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

/**
 * Which open interest the series holds, machine-readable, with one line for people (`note`,
 * null when every candle has hourly open interest). Callers print or show it.
 */
export interface OpenInterestCoverage {
  /** `hourly`: open interest stored at each candle's time; `mixed`: both kinds of runs. */
  readonly source: OpenInterestSource | 'mixed';
  readonly ranges: readonly OpenInterestRange[];
  /** Candles of the window left out because no open interest at all covers them. */
  readonly missing: readonly { readonly fromMs: number; readonly toMs: number }[];
  readonly requestedFromMs: number;
  readonly requestedToMs: number;
  /** Where the series starts when the window was extended back over daily snapshots, else null. */
  readonly extendedFromMs: number | null;
  /** Each stored series of the instrument (stated when not every candle is hourly, else []). */
  readonly stored: readonly StoredSpan[];
  readonly note: string | null;
}

export interface StoreSeries {
  readonly series: CoinglassSeries;
  /** The symbol whose candles were used (the spot pair's when the perpetual has none). */
  readonly candleSymbol: string;
  readonly openInterest: OpenInterestCoverage;
}

interface Point {
  readonly tsMs: number;
  readonly usd: number;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const isoHour = (ms: number): string =>
  `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const days = (fromMs: number, toMs: number): string =>
  isoDay(fromMs) === isoDay(toMs) ? isoDay(fromMs) : `${isoDay(fromMs)}..${isoDay(toMs)}`;
const venue = (exchange: string): string => exchange.charAt(0).toUpperCase() + exchange.slice(1);

function intervalName(ms: number): string {
  if (ms === HOUR_MS) return 'hourly';
  if (ms === DAY_MS) return 'daily';
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}-day`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}-hour`;
  return `${ms / 60_000}-minute`;
}

/** Latest point stamped at or before `tsMs` (binary search over points sorted by time). */
export function latestAtOrBefore(points: readonly Point[], tsMs: number): Point | undefined {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid]?.tsMs ?? 0) <= tsMs) lo = mid + 1;
    else hi = mid;
  }
  return points[lo - 1];
}

/** Every stored open-interest series of the instrument, first and last stamp (USD values only). */
async function storedSpans(
  store: HeatmapStore,
  exchange: string,
  symbol: string,
): Promise<StoredSpan[]> {
  const spans = new Map<number, { fromMs: number; toMs: number }>();
  for (const row of await store.select('open_interest', { exchange, symbol })) {
    if (row.openInterestUsd === null) continue;
    const interval = row.intervalMs ?? HOUR_MS;
    const span = spans.get(interval);
    if (span === undefined) spans.set(interval, { fromMs: row.tsMs, toMs: row.tsMs });
    else {
      span.fromMs = Math.min(span.fromMs, row.tsMs);
      span.toMs = Math.max(span.toMs, row.tsMs);
    }
  }
  return [...spans]
    .map(([intervalMs, s]) => ({ intervalMs, ...s }))
    .sort((a, b) => a.intervalMs - b.intervalMs);
}

/** "hourly open interest is stored 2025-12-04..2026-03-31, daily 2025-11-07..2025-12-06". */
export function describeStored(spans: readonly StoredSpan[]): string {
  if (spans.length === 0) return 'none is stored for it at all';
  const parts = spans.map((s) => `${intervalName(s.intervalMs)} ${days(s.fromMs, s.toMs)}`);
  return `open interest is stored ${parts.join(', ')}`;
}

function runsOf<T>(
  ts: readonly number[],
  key: readonly T[],
): { key: T; fromMs: number; toMs: number; n: number }[] {
  const runs: { key: T; fromMs: number; toMs: number; n: number }[] = [];
  for (const [i, t] of ts.entries()) {
    const k = key[i] as T;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.key === k) {
      last.toMs = t;
      last.n += 1;
    } else runs.push({ key: k, fromMs: t, toMs: t, n: 1 });
  }
  return runs;
}

function coverageNote(
  exchange: string,
  timeframe: string,
  c: Omit<OpenInterestCoverage, 'note'>,
): string | null {
  if (c.source === 'hourly' && c.missing.length === 0) return null;
  const window = days(c.requestedFromMs, c.requestedToMs);
  const daily = c.stored.find((s) => s.intervalMs === DAY_MS);
  const hourly = c.stored.filter((s) => s.intervalMs < DAY_MS);
  const dailyText =
    daily === undefined
      ? 'daily'
      : `${venue(exchange)} daily (${days(daily.fromMs, daily.toMs)}, the 00:00 UTC snapshot of each day)`;
  const parts: string[] = [];
  if (c.source === 'daily-carried-forward') {
    parts.push(
      `open interest for ${window} is ${dailyText}, carried forward to the ${timeframe} candles`,
    );
  } else if (c.source === 'mixed') {
    const runs = c.ranges.map((r) =>
      r.source === 'hourly'
        ? `hourly ${isoHour(r.fromMs)}..${isoHour(r.toMs)}`
        : `carried-forward daily ${isoHour(r.fromMs)}..${isoHour(r.toMs)}`,
    );
    parts.push(
      `open interest for ${window} is partly ${dailyText}, carried forward to the ${timeframe} candles: ${runs.join('; ')}`,
    );
  } else parts.push(`open interest for ${window} is hourly`);
  if (c.source !== 'hourly') {
    const first = hourly[0];
    const firstHourly = Math.min(...hourly.map((s) => s.fromMs));
    const lastHourly = Math.max(...hourly.map((s) => s.toMs));
    if (first === undefined) parts.push('no hourly open interest is stored for it');
    else if (firstHourly > c.requestedFromMs)
      parts.push(`no hourly open interest stored before ${isoDay(firstHourly)}`);
    else if (lastHourly < c.requestedToMs)
      parts.push(`no hourly open interest stored after ${isoDay(lastHourly)}`);
  }
  if (c.extendedFromMs !== null)
    parts.push(`the book starts ${isoDay(c.extendedFromMs)} (earlier daily snapshots as history)`);
  for (const m of c.missing)
    parts.push(`no open interest at all for ${isoHour(m.fromMs)}..${isoHour(m.toMs)} (left out)`);
  return parts.join('; ');
}

/** The instrument's stored open interest around a window: intraday by time, daily in order. */
class StoredOpenInterest {
  readonly intraday = new Map<number, number>();
  readonly daily: Point[] = [];
  private first = Infinity;
  private last = -Infinity;

  constructor(rows: Awaited<ReturnType<HeatmapStore['select']>>) {
    for (const r of rows) {
      if (r.openInterestUsd === null) continue;
      if ((r.intervalMs ?? HOUR_MS) < DAY_MS) {
        this.intraday.set(r.tsMs, r.openInterestUsd);
        this.first = Math.min(this.first, r.tsMs);
        this.last = Math.max(this.last, r.tsMs);
      } else if (r.intervalMs === DAY_MS) this.daily.push({ tsMs: r.tsMs, usd: r.openInterestUsd });
    }
    this.daily.sort((a, b) => a.tsMs - b.tsMs);
  }

  /**
   * The daily snapshot a candle opened at `t` carries: the latest stamped at or before `t`, less
   * than DAILY_CARRY_MAX_MS old, and only outside the intraday series (its holes stay holes).
   */
  carried(t: number): number | undefined {
    if (t >= this.first && t <= this.last) return undefined;
    const p = latestAtOrBefore(this.daily, t);
    return p !== undefined && t - p.tsMs < DAILY_CARRY_MAX_MS ? p.usd : undefined;
  }

  /** Where the series starts: a window that starts on daily snapshots takes the earlier ones. */
  startMs(fromMs: number): number {
    if (this.intraday.has(fromMs) || this.carried(fromMs) === undefined) return fromMs;
    let lastIntradayBefore = -Infinity;
    for (const t of this.intraday.keys())
      if (t < fromMs) lastIntradayBefore = Math.max(lastIntradayBefore, t);
    const earliest = this.daily.find(
      (p) => p.tsMs >= fromMs - DAILY_HISTORY_MS && p.tsMs > lastIntradayBefore,
    );
    return earliest !== undefined && earliest.tsMs < fromMs ? earliest.tsMs : fromMs;
  }

  /** The candle's open interest and its source, or `none`. */
  at(t: number): { oi: number; source: OpenInterestSource } | 'none' {
    const hourly = this.intraday.get(t);
    if (hourly !== undefined) return { oi: hourly, source: 'hourly' };
    const daily = this.carried(t);
    return daily === undefined ? 'none' : { oi: daily, source: 'daily-carried-forward' };
  }
}

type StoredCandle = Awaited<ReturnType<HeatmapStore['candles']>>[number];

/** The instrument's candles, else (a perpetual without candles) its spot pair's. */
async function candlesOf(
  store: HeatmapStore,
  q: { exchange: string; symbol: string; timeframe: string; fromMs: number; toMs: number },
): Promise<{ candles: readonly StoredCandle[]; candleSymbol: string }> {
  const candles = await store.candles(q);
  if (candles.length > 0 || !q.symbol.includes(':')) return { candles, candleSymbol: q.symbol };
  const candleSymbol = q.symbol.slice(0, q.symbol.indexOf(':'));
  return { candles: await store.candles({ ...q, symbol: candleSymbol }), candleSymbol };
}

/** The InputError for a window with fewer than 2 candles with open interest, naming what is stored. */
async function notEnough(
  store: HeatmapStore,
  q: { exchange: string; symbol: string; timeframe: string; fromMs: number; toMs: number },
  candleSymbol: string,
  candles: number,
  used: number,
): Promise<InputError> {
  const { exchange, symbol, timeframe } = q;
  const window = days(q.fromMs, q.toMs);
  const fewer = `--symbol: fewer than 2 ${timeframe} candles of ${exchange} ${symbol} with open interest for ${window}`;
  if (candles === 0) {
    const pair = candleSymbol === symbol ? symbol : `${symbol} or ${candleSymbol}`;
    return new InputError(`${fewer}: no ${timeframe} candles of ${pair} are stored then`);
  }
  const stored = describeStored(await storedSpans(store, exchange, symbol));
  return new InputError(
    used === 0
      ? `--symbol: no USD open interest stored for ${exchange} ${symbol} for ${window} (${stored})`
      : `${fewer} (${stored})`,
  );
}

/**
 * Candles and USD open interest of one instrument from the store (see the module comment). Candles
 * of the perpetual are used when stored, else the spot pair's (BTC/USDT:USDT → BTC/USDT), and the
 * returned `candleSymbol` says which; `openInterest` says where each candle's open interest came
 * from. Throws InputError (naming what is stored) when fewer than 2 candles have open interest.
 */
export async function loadStoreSeries(
  store: HeatmapStore,
  exchange: string,
  symbol: string,
  timeframe: string,
  fromMs: number,
  toMs: number,
): Promise<StoreSeries> {
  const q = { exchange, symbol, timeframe, fromMs, toMs };
  const reach = fromMs - DAILY_HISTORY_MS - DAILY_CARRY_MAX_MS;
  const oi = new StoredOpenInterest(
    await store.select('open_interest', { exchange, symbol, fromMs: reach, toMs }),
  );
  const { candles, candleSymbol } = await candlesOf(store, { ...q, fromMs: oi.startMs(fromMs) });
  const joined = candles.map((c) => ({ c, at: oi.at(c.tsMs) }));
  const used = joined.flatMap(({ c, at }) => (at === 'none' ? [] : [{ c, ...at }]));
  if (used.length < 2) throw await notEnough(store, q, candleSymbol, candles.length, used.length);

  const ranges = runsOf(
    used.map((u) => u.c.tsMs),
    used.map((u) => u.source),
  ).map((r) => ({ source: r.key, fromMs: r.fromMs, toMs: r.toMs, candles: r.n }));
  const missing = runsOf(
    joined.map((j) => j.c.tsMs),
    joined.map((j) => (j.at === 'none' ? 'none' : 'some')),
  )
    .filter((r) => r.key === 'none' && r.toMs >= fromMs)
    .map((r) => ({ fromMs: Math.max(r.fromMs, fromMs), toMs: r.toMs }));
  const kinds = new Set(ranges.map((r) => r.source));
  const source: OpenInterestCoverage['source'] =
    kinds.size > 1 ? 'mixed' : (ranges[0]?.source ?? 'hourly');
  const firstUsed = used[0]?.c.tsMs ?? fromMs;
  const partial = {
    source,
    ranges,
    missing,
    requestedFromMs: fromMs,
    requestedToMs: toMs,
    extendedFromMs: firstUsed < fromMs ? firstUsed : null,
    stored:
      source !== 'hourly' || missing.length > 0 ? await storedSpans(store, exchange, symbol) : [],
  };
  return {
    candleSymbol,
    openInterest: { ...partial, note: coverageNote(exchange, timeframe, partial) },
    series: seriesOf(used),
  };
}

function seriesOf(used: readonly { c: StoredCandle; oi: number }[]): CoinglassSeries {
  const col = (f: (u: (typeof used)[number]) => number) => Float64Array.from(used, f);
  const nan = () => new Float64Array(used.length).fill(Number.NaN);
  return {
    candles: {
      ts: col((u) => u.c.tsMs),
      open: col((u) => u.c.open),
      high: col((u) => u.c.high),
      low: col((u) => u.c.low),
      close: col((u) => u.c.close),
      openInterest: col((u) => u.oi),
    },
    realizedLong: nan(),
    realizedShort: nan(),
  };
}
