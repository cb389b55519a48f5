import type { Candle } from '@cascade/core';
import type { TableName, TableRows } from './tables.js';

/** Filters shared by every table; time bounds are inclusive (ms UTC, or YYYY-MM-DD for date tables). */
export interface RangeQuery {
  readonly exchange?: string;
  readonly symbol?: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Series id for macro_series, contract for fed_funds_futures, source for buckets. */
  readonly series?: string;
  /** Sampling interval (ms) of the tables that have one: open_interest, liquidation_buckets. */
  readonly intervalMs?: number;
  readonly limit?: number;
}

export interface CandleQuery {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly fromMs?: number;
  readonly toMs?: number;
}

/** The series a resumable ingest continues: the newest stored timestamp of one stream. */
export interface SeriesKey {
  readonly exchange: string;
  readonly symbol: string;
  /** The candles' timeframe, or the open interest's sampling interval (`1h` = 3,600,000 ms). */
  readonly timeframe?: string;
}

/**
 * The market-data store port. Rows come back ordered by time then key; writes are idempotent
 * upserts by each table's natural key. DuckDB (file or in-memory) is the default engine.
 */
export interface MarketStore {
  /** Schema version after migrations. */
  schemaVersion(): Promise<number>;
  /** Inserts or replaces rows by natural key, in one transaction; returns the rows written. */
  upsert<T extends TableName>(table: T, rows: readonly TableRows[T][]): Promise<number>;
  select<T extends TableName>(table: T, query?: RangeQuery): Promise<TableRows[T][]>;
  count(table: TableName, query?: RangeQuery): Promise<number>;
  /** Candles of one series in time order. */
  candles(query: CandleQuery): Promise<Candle[]>;
  /** Newest ts_ms stored for a series, or null. */
  lastTsMs(
    table: 'candles' | 'open_interest' | 'funding_rates' | 'liquidations',
    key: SeriesKey,
  ): Promise<number | null>;
  close(): Promise<void>;
}
