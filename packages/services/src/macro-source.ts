/**
 * Where the macro commands read their data: the DuckDB market store when it holds the macro
 * tables (after `cascade data init`), else the embedded files in data/ directly. Both give the
 * same plain arrays; the text output names the source.
 */
import type { IntradaySeries } from '@cascade/analytics';
import { dataDir, openDuckDbStore, storePath, type DuckDbMarketStore } from '@cascade/adapters';
import { existsSync } from 'node:fs';
import {
  dailyMeans,
  loadBtcHourly,
  loadCryptoDaily,
  loadDailyFunding,
  loadEffr,
  loadEquity,
  loadFomcDates,
  loadFred,
  loadHistoricalEvents,
  loadPublishedFedWatch,
  loadZqSettles,
  parseZqSymbol,
  type HistoricalEvent,
  type Ohlc,
  type PublishedReading,
  type ValueSeries,
  type ZqSettle,
} from './macro-data.js';

export type FredSeries = 'DGS2' | 'DFF' | 'DFEDTARL';

export interface MacroSource {
  /** Human-readable description of where the data came from. */
  readonly label: string;
  cryptoDaily(symbol: string): Promise<Ohlc>;
  /** Yahoo index ticker without the caret: GSPC, IXIC, DJI, VIX. */
  equity(ticker: string): Promise<Ohlc>;
  fred(series: FredSeries): Promise<ValueSeries>;
  fomcDates(): Promise<string[]>;
  zqSettles(): Promise<ZqSettle[]>;
  published(): Promise<PublishedReading[]>;
  events(): Promise<HistoricalEvent[]>;
  dailyFunding(): Promise<ValueSeries>;
  btcHourly(): Promise<IntradaySeries>;
  close(): Promise<void>;
}

const FRED_FILES: Readonly<Record<Exclude<FredSeries, 'DFF'>, string>> = {
  DGS2: 'fred_DGS2_',
  DFEDTARL: 'fred_DFEDTARL_',
};

export function fileSource(label: string): MacroSource {
  return {
    label,
    cryptoDaily: (symbol) => Promise.resolve(loadCryptoDaily(symbol)),
    equity: (ticker) => Promise.resolve(loadEquity(ticker)),
    fred: (series) =>
      Promise.resolve(series === 'DFF' ? loadEffr() : loadFred('rates', FRED_FILES[series])),
    fomcDates: () => Promise.resolve(loadFomcDates()),
    zqSettles: () => Promise.resolve(loadZqSettles()),
    published: () => Promise.resolve(loadPublishedFedWatch()),
    events: () => Promise.resolve(loadHistoricalEvents()),
    dailyFunding: () => Promise.resolve(loadDailyFunding()),
    btcHourly: () => Promise.resolve(loadBtcHourly()),
    close: () => Promise.resolve(),
  };
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function storeOhlc(store: DuckDbMarketStore, exchange: string, symbol: string) {
  const candles = await store.candles({ exchange, symbol, timeframe: '1d' });
  return {
    dates: candles.map((c) => isoDay(c.tsMs)),
    open: Float64Array.from(candles, (c) => c.open),
    high: Float64Array.from(candles, (c) => c.high),
    low: Float64Array.from(candles, (c) => c.low),
    close: Float64Array.from(candles, (c) => c.close),
  };
}

async function storeSeries(store: DuckDbMarketStore, series: string): Promise<ValueSeries> {
  const rows = await store.select('macro_series', { series });
  return {
    dates: rows.map((r) => isoDay(r.tsMs)),
    values: Float64Array.from(rows, (r) => r.value),
  };
}

async function storeZq(store: DuckDbMarketStore): Promise<ZqSettle[]> {
  const byKey = new Map<string, ZqSettle & { sourceRank: number }>();
  for (const row of await store.select('fed_funds_futures')) {
    const ym = parseZqSymbol(row.contract);
    if (ym === undefined) continue;
    const date = isoDay(row.tsMs);
    // Barchart settles win over Yahoo closes on the same date, as in the file loader.
    const sourceRank = row.source === 'barchart' ? 0 : 1;
    const key = `${date} ${row.contract}`;
    const seen = byKey.get(key);
    if (seen !== undefined && seen.sourceRank <= sourceRank) continue;
    byKey.set(key, { date, contract: row.contract, ...ym, price: row.price, sourceRank });
  }
  return [...byKey.values()]
    .map((settle): ZqSettle => ({
      date: settle.date,
      contract: settle.contract,
      year: settle.year,
      month: settle.month,
      price: settle.price,
    }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

async function storePublished(store: DuckDbMarketStore): Promise<PublishedReading[]> {
  const grouped = new Map<string, PublishedReading & { probabilities: Record<string, number> }>();
  for (const row of await store.select('fedwatch_readings')) {
    const key = `${row.asOfDate} ${row.meetingDate} ${row.source}`;
    const reading = grouped.get(key) ?? {
      asOfDate: row.asOfDate,
      meetingDate: row.meetingDate,
      probabilities: {},
      source: row.source,
      notes: '',
    };
    reading.probabilities[`${row.lowerBps}-${row.upperBps}`] = row.probability;
    grouped.set(key, reading);
  }
  return [...grouped.values()].sort((a, b) => (a.asOfDate < b.asOfDate ? -1 : 1));
}

async function storeFunding(store: DuckDbMarketStore): Promise<ValueSeries> {
  const rows = await store.select('funding_rates', {
    exchange: 'binance',
    symbol: 'BTC/USDT:USDT',
  });
  return dailyMeans(rows.map((row) => ({ day: isoDay(row.tsMs), value: row.rate })));
}

export function storeSource(store: DuckDbMarketStore, label: string): MacroSource {
  return {
    label,
    cryptoDaily: (symbol) => storeOhlc(store, 'binance', `${symbol}/USDT`),
    equity: (ticker) => storeOhlc(store, 'yahoo', `^${ticker}`),
    fred: (series) => storeSeries(store, series),
    fomcDates: async () => (await store.select('fomc_meetings')).map((m) => m.decisionDate).sort(),
    zqSettles: () => storeZq(store),
    published: () => storePublished(store),
    events: async () =>
      (await store.select('event_catalog')).map((e) => ({
        date: e.date,
        window: e.windowLabel,
        totalLiquidatedUsd: e.totalLiquidatedUsd,
        btcFrom: e.btcFromUsd,
        btcTo: e.btcToUsd,
        confidence: e.confidence,
        source: e.source,
      })),
    dailyFunding: () => storeFunding(store),
    btcHourly: async () => {
      const candles = await store.candles({
        exchange: 'binance',
        symbol: 'BTC/USDT',
        timeframe: '1h',
      });
      return {
        openMs: Float64Array.from(candles, (c) => c.tsMs),
        low: Float64Array.from(candles, (c) => c.low),
        close: Float64Array.from(candles, (c) => c.close),
        barMs: 3_600_000,
      };
    },
    close: () => store.close(),
  };
}

/** True when the store holds every table the macro commands read. */
async function hasMacroTables(store: DuckDbMarketStore): Promise<boolean> {
  const counts = await Promise.all([
    store.count('candles', { exchange: 'binance', symbol: 'BTC/USDT' }),
    store.count('candles', { exchange: 'yahoo', symbol: '^GSPC' }),
    store.count('candles', { exchange: 'yahoo', symbol: '^IXIC' }),
    store.count('candles', { exchange: 'yahoo', symbol: '^VIX' }),
    store.count('macro_series', { series: 'DGS2' }),
    store.count('macro_series', { series: 'DFEDTARL' }),
    store.count('macro_series', { series: 'DFF' }),
    store.count('fomc_meetings'),
    store.count('fed_funds_futures'),
    store.count('fedwatch_readings'),
    store.count('event_catalog'),
    store.count('funding_rates'),
  ]);
  const hourly = await store.candles({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h' });
  return hourly.length > 0 && counts.every((n) => n > 0);
}

/**
 * The store in `dir` (else $CASCADE_DATA_DIR, else ./.cascade) when it exists and holds the macro
 * tables; otherwise the embedded files. Never creates a store.
 */
export async function openMacroSource(cwd: string, dir: string | undefined): Promise<MacroSource> {
  const path = storePath(dir ?? dataDir(cwd, process.env));
  if (!existsSync(path)) {
    return fileSource(
      `embedded files in data/ (no store at ${path}; "cascade data init" loads one)`,
    );
  }
  const store = await openDuckDbStore(path);
  if (await hasMacroTables(store)) return storeSource(store, `market store ${path}`);
  await store.close();
  return fileSource(`embedded files in data/ (the store at ${path} lacks the macro tables)`);
}

/** Runs `fn` with a macro source and always closes it. */
export async function withMacroSource<R>(
  cwd: string,
  dir: string | undefined,
  fn: (source: MacroSource) => Promise<R>,
): Promise<R> {
  const source = await openMacroSource(cwd, dir);
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
