import type { MarketStore } from '../store/market-store.js';
import {
  RateLimitedError,
  TransientSourceError,
  type ExchangeHistorySource,
} from './exchange-history.js';

export type IngestWhat = 'ohlcv' | 'oi' | 'funding';

export interface IngestRequest {
  readonly symbol: string;
  readonly sinceMs: number;
  /** Stop once a page starts at or after this time (default: now). */
  readonly untilMs: number;
  readonly what: readonly IngestWhat[];
  readonly timeframe: string;
  readonly pageSize?: number;
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
  what: IngestWhat,
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
  what: IngestWhat,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<number> {
  const key = {
    exchange: source.exchange,
    symbol: req.symbol,
    ...(what === 'ohlcv' ? { timeframe: req.timeframe } : {}),
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

/** Ingests every requested stream in turn; returns rows written per stream. */
export async function ingest(
  store: MarketStore,
  source: ExchangeHistorySource,
  req: IngestRequest,
  deps: IngestDeps,
): Promise<Record<IngestWhat, number>> {
  const result: Record<IngestWhat, number> = { ohlcv: 0, oi: 0, funding: 0 };
  for (const what of req.what) result[what] = await ingestStream(store, source, what, req, deps);
  return result;
}
