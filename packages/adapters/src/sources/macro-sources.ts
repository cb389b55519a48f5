import type { Candle, FedFundsFutureQuote, MacroPoint } from '@cascade/core';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YahooFinance from 'yahoo-finance2';
import { z } from 'zod';
import { ImportError } from '../importers/csv-check.js';
import { importFile } from '../importers/import-file.js';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface MacroFetchOptions {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Replaces the global fetch (tests point it at a local server). */
  readonly fetch?: FetchLike;
  /** FRED host, default https://fred.stlouisfed.org. */
  readonly fredBaseUrl?: string;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * Downloads one FRED series as fredgraph.csv and imports it like a file (same validation, one
 * transaction). Errors name the URL, line and column. Returns the rows read.
 */
export async function fetchFredSeries(
  store: DuckDbMarketStore,
  seriesId: string,
  options: MacroFetchOptions,
): Promise<number> {
  if (!/^[A-Z0-9]+$/.test(seriesId)) throw new Error(`not a FRED series id: "${seriesId}"`);
  const base = options.fredBaseUrl ?? 'https://fred.stlouisfed.org';
  const url = `${base}/graph/fredgraph.csv?id=${seriesId}&cosd=${day(options.sinceMs)}&coed=${day(options.untilMs)}`;
  const response = await (options.fetch ?? fetch)(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${String(response.status)}`);
  const dir = await mkdtemp(join(tmpdir(), 'cascade-fred-'));
  try {
    const file = join(dir, `fred_${seriesId}.csv`);
    await writeFile(file, await response.text());
    const result = await importFile(store, file, 'fred', { symbol: seriesId });
    return result.rows;
  } catch (error) {
    if (error instanceof ImportError) {
      throw new ImportError(
        url,
        error.line,
        error.column,
        error.message.replace(/^.*?:\d+:\d+: /, ''),
      );
    }
    throw error;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const quoteSchema = z.object({
  date: z.date(),
  open: z.number().nullable(),
  high: z.number().nullable(),
  low: z.number().nullable(),
  close: z.number().nullable(),
  volume: z.number().nullable(),
});
const chartSchema = z.object({
  meta: z.object({ gmtoffset: z.number() }).loose(),
  quotes: z.array(quoteSchema.loose()),
});

type Quote = z.infer<typeof quoteSchema>;

/** ZQ futures (`ZQZ25.CBT`) go to fed_funds_futures; anything else (indices) to candles + macro. */
async function storeQuotes(
  store: DuckDbMarketStore,
  symbol: string,
  rows: readonly { tsMs: number; q: Quote }[],
): Promise<number> {
  const futures = /^(ZQ[FGHJKMNQUVXZ]\d{2})(\.CBT)?$/.exec(symbol);
  const closes = rows.filter((r) => r.q.close !== null);
  if (futures !== null) {
    const quotes: FedFundsFutureQuote[] = closes.map((r) => ({
      contract: futures[1] ?? symbol,
      tsMs: r.tsMs,
      price: r.q.close ?? 0,
      source: 'yahoo',
    }));
    return store.upsert('fed_funds_futures', quotes);
  }
  const full = closes.filter((r) => r.q.open !== null && r.q.high !== null && r.q.low !== null);
  const candles: Candle[] = full.map((r) => ({
    exchange: 'yahoo',
    symbol,
    timeframe: '1d',
    tsMs: r.tsMs,
    open: r.q.open ?? 0,
    high: r.q.high ?? 0,
    low: r.q.low ?? 0,
    close: r.q.close ?? 0,
    volumeBase: r.q.volume ?? 0,
    volumeQuote: null,
    trades: null,
  }));
  const points: MacroPoint[] = closes.map((r) => ({
    seriesId: symbol,
    tsMs: r.tsMs,
    value: r.q.close ?? 0,
    source: 'yahoo',
  }));
  await store.upsert('candles', candles);
  return store.upsert('macro_series', points);
}

/**
 * Daily history of a Yahoo symbol (`^GSPC`, `^IXIC`, `^VIX`, `ZQZ25.CBT`) via yahoo-finance2.
 * Bars are stamped 00:00 UTC of their exchange-local trading date, like the Yahoo CSV importer.
 */
export async function fetchYahooDaily(
  store: DuckDbMarketStore,
  symbol: string,
  options: MacroFetchOptions,
): Promise<number> {
  const yahoo = new YahooFinance({ suppressNotices: ['yahooSurvey'] });
  if (options.fetch !== undefined) {
    // yahoo-finance2 keeps its fetch in `_env`; replacing it is how tests reach a local server.
    const env = (yahoo as unknown as { _env: Record<string, unknown> })._env;
    env['fetch'] = options.fetch;
  }
  const raw = await yahoo.chart(symbol, {
    period1: new Date(options.sinceMs),
    period2: new Date(options.untilMs),
    interval: '1d',
  });
  const parsed = chartSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `yahoo ${symbol}: unexpected chart payload: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  const offsetMs = parsed.data.meta.gmtoffset * 1000;
  const rows = parsed.data.quotes.map((q) => ({
    tsMs: Date.parse(`${day(q.date.getTime() + offsetMs)}T00:00:00Z`),
    q,
  }));
  return storeQuotes(store, symbol, rows);
}
