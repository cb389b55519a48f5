import type { MarketStore } from '../store/market-store.js';
import { depthBands } from './depth-bands.js';
import {
  NotOfferedError,
  RateLimitedError,
  TransientSourceError,
  type ExchangeHistorySource,
} from './exchange-history.js';

export type IngestWhat = 'ohlcv' | 'oi' | 'funding' | 'liquidations' | 'orderbook';

export const INGEST_WHAT: readonly IngestWhat[] = [
  'ohlcv',
  'oi',
  'funding',
  'liquidations',
  'orderbook',
];

type PagedWhat = 'ohlcv' | 'oi' | 'funding';

export interface IngestRequest {
  readonly symbol: string;
  readonly sinceMs: number;
  /** Stop once a page starts at or after this time (default: now). */
  readonly untilMs: number;
  readonly what: readonly IngestWhat[];
  readonly timeframe: string;
  readonly pageSize?: number;
  /** Levels per side of an order-book snapshot (default 500). */
  readonly depth?: number;
}

export interface IngestProgress {
  readonly what: IngestWhat;
  readonly cursorMs: number;
  readonly rows: number;
}

export interface IngestDeps {
  /** Waits `ms` (injected so tests do not sleep). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly onProgress?: (progress: IngestProgress) => void;
  readonly maxRetries?: number;
  readonly backoffMs?: number;
}

const TABLE = { ohlcv: 'candles', oi: 'open_interest', funding: 'funding_rates' } as const;

async function page(
  source: ExchangeHistorySource,
  what: PagedWhat,
  req: IngestRequest,
  sinceMs: number,
  limit: number,
): Promise<{ rows: readonly { tsMs: number }[]; write: (store: MarketStore) => Promise<number> }> {
  // Rows before the cursor (exchanges may return them) or after `untilMs` are not written.
  const keep = <T extends { tsMs: number }>(rows: readonly T[]): T[] =>
    rows.filter((r) => r.tsMs >= sinceMs && r.tsMs <= req.untilMs);
  if (what === 'ohlcv') {
    const rows = await source.ohlcv(req.symbol, req.timeframe, sinceMs, limit);
    return { rows, write: (s) => s.upsert('candles', keep(rows)) };
  }
  if (what === 'oi') {
    const rows = await source.openInterest(req.symbol, req.timeframe, sinceMs, limit);
    return { rows, write: (s) => s.upsert('open_interest', keep(rows)) };
  }
  const rows = await source.funding(req.symbol, sinceMs, limit);
  return { rows, write: (s) => s.upsert('funding_rates', keep(rows)) };
}

/** Retries rate-limited and transient failures with exponential backoff. */
async function withRetry<T>(deps: IngestDeps, fn: () => Promise<T>): Promise<T> {
  const max = deps.maxRetries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = error instanceof RateLimitedError || error instanceof TransientSourceError;
      if (!retryable || attempt >= max) throw error;
      const base =
        error instanceof RateLimitedError
          ? (deps.backoffMs ?? 1_000) * 5
          : (deps.backoffMs ?? 1_000);
      await deps.sleep(base * 2 ** attempt);
    }
  }
}

/**
 * Pages one stream from the newest stored timestamp (or `sinceMs` when nothing is stored, or
 * when `sinceMs` is later) up to `untilMs`, upserting each page: an interrupted ingest resumes
 * where it stopped and re-running it writes nothing new.
 */
export async function ingestStream(
  store: MarketStore,
  source: ExchangeHistorySource,
  what: PagedWhat,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<number> {
  const key = {
    exchange: source.exchange,
    symbol: req.symbol,
    ...(what === 'ohlcv' || what === 'oi' ? { timeframe: req.timeframe } : {}),
  };
  const last = await store.lastTsMs(TABLE[what], key);
  let cursor = Math.max(req.sinceMs, last === null ? req.sinceMs : last + 1);
  const limit = req.pageSize ?? 500;
  let written = 0;
  while (cursor < req.untilMs) {
    const since = cursor;
    const result = await withRetry(deps, () => page(source, what, req, since, limit));
    const fresh = result.rows.filter((r) => r.tsMs >= since);
    if (fresh.length === 0) break;
    written += await result.write(store);
    cursor = Math.max(...fresh.map((r) => r.tsMs)) + 1;
    deps.onProgress?.({ what, cursorMs: cursor, rows: written });
  }
  return written;
}

const HOUR_MS = 3_600_000;

/**
 * Liquidation history in time windows (sparse data: an empty window is not the end). Resumes
 * from the newest stored event, inclusive — events sharing its timestamp that a cut page missed
 * are fetched again and the natural key keeps them once. A full page halves the window and asks
 * again (down to one second). Returns the number of new events stored.
 */
export async function ingestLiquidations(
  store: MarketStore,
  source: ExchangeHistorySource,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<number> {
  const fetchWindow = source.liquidations?.bind(source);
  if (fetchWindow === undefined) {
    throw new NotOfferedError(`${source.exchange}: this source has no liquidation history`);
  }
  const key = { exchange: source.exchange, symbol: req.symbol };
  const before = await store.count('liquidations', key);
  const last = await store.lastTsMs('liquidations', key);
  const limit = req.pageSize ?? 1000;
  const endMs = req.untilMs + 1;
  let from = Math.max(req.sinceMs, last ?? req.sinceMs);
  let windowMs = HOUR_MS;
  while (from < endMs) {
    const start = from;
    const to = Math.min(endMs, start + windowMs);
    const rows = await withRetry(deps, () => fetchWindow(req.symbol, start, to, limit));
    if (rows.length >= limit && to - start > 1000) {
      windowMs = Math.max(1000, Math.floor((to - start) / 2));
      continue;
    }
    await store.upsert('liquidations', rows);
    from = to;
    if (rows.length < limit / 4) windowMs = Math.min(24 * HOUR_MS, windowMs * 2);
    const rowsNow = (await store.count('liquidations', key)) - before;
    deps.onProgress?.({ what: 'liquidations', cursorMs: from, rows: rowsNow });
  }
  return (await store.count('liquidations', key)) - before;
}

/**
 * One order-book snapshot into `order_book_levels`, and its ±1..5 % depth bands into
 * `depth_bands` (only bands the fetched levels cover). Returns the levels stored.
 */
export async function ingestOrderBook(
  store: MarketStore,
  source: ExchangeHistorySource,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<number> {
  const fetchBook = source.orderBook?.bind(source);
  if (fetchBook === undefined) {
    throw new NotOfferedError(`${source.exchange}: this source has no order-book snapshots`);
  }
  const levels = await withRetry(deps, () => fetchBook(req.symbol, req.depth ?? 500));
  const written = await store.upsert('order_book_levels', levels);
  await store.upsert('depth_bands', depthBands(levels));
  deps.onProgress?.({ what: 'orderbook', cursorMs: req.untilMs, rows: written });
  return written;
}

/** Ingests every requested stream in turn; returns rows written per stream. */
export async function ingest(
  store: MarketStore,
  source: ExchangeHistorySource,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<Record<IngestWhat, number>> {
  const result: Record<IngestWhat, number> = {
    ohlcv: 0,
    oi: 0,
    funding: 0,
    liquidations: 0,
    orderbook: 0,
  };
  for (const what of req.what) {
    if (what === 'liquidations') result[what] = await ingestLiquidations(store, source, req, deps);
    else if (what === 'orderbook') result[what] = await ingestOrderBook(store, source, req, deps);
    else result[what] = await ingestStream(store, source, what, req, deps);
  }
  return result;
}
