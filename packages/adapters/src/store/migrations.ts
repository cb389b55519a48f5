export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: readonly string[];
}

/**
 * Ordered, append-only list applied at open, each in one transaction. Never edit a released
 * migration: add a new version (ALTER/CREATE). The test `migrations.test.ts` checks that the
 * migrated schema matches the table specs in `tables.ts`, so a spec change without a
 * migration fails CI.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial market-data schema',
    sql: [
      'CREATE TABLE candles (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume_base DOUBLE NOT NULL, volume_quote DOUBLE, trades BIGINT, PRIMARY KEY (exchange, symbol, timeframe, ts_ms))',
      'CREATE TABLE open_interest (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, open_interest_base DOUBLE, open_interest_usd DOUBLE, PRIMARY KEY (exchange, symbol, ts_ms))',
      'CREATE TABLE funding_rates (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, rate DOUBLE NOT NULL, PRIMARY KEY (exchange, symbol, ts_ms))',
      'CREATE TABLE liquidations (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, side VARCHAR NOT NULL, price_usd DOUBLE NOT NULL, quantity_base DOUBLE NOT NULL, notional_usd DOUBLE NOT NULL, lower_bound BOOLEAN NOT NULL, PRIMARY KEY (exchange, symbol, ts_ms, side, price_usd, quantity_base))',
      'CREATE TABLE liquidation_buckets (source VARCHAR NOT NULL, symbol VARCHAR NOT NULL, interval_ms BIGINT NOT NULL, ts_ms BIGINT NOT NULL, long_usd DOUBLE NOT NULL, short_usd DOUBLE NOT NULL, PRIMARY KEY (source, symbol, interval_ms, ts_ms))',
      'CREATE TABLE macro_series (series_id VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, value DOUBLE NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (series_id, ts_ms))',
      'CREATE TABLE fomc_meetings (decision_date VARCHAR NOT NULL, start_date VARCHAR, PRIMARY KEY (decision_date))',
      'CREATE TABLE fed_funds_futures (contract VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, price DOUBLE NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (contract, ts_ms, source))',
      'CREATE TABLE fedwatch_readings (as_of_date VARCHAR NOT NULL, meeting_date VARCHAR NOT NULL, lower_bps INTEGER NOT NULL, upper_bps INTEGER NOT NULL, probability DOUBLE NOT NULL, source VARCHAR NOT NULL, PRIMARY KEY (as_of_date, meeting_date, lower_bps, source))',
      'CREATE TABLE depth_bands (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, percentage DOUBLE NOT NULL, depth_base DOUBLE NOT NULL, notional_usd DOUBLE NOT NULL, PRIMARY KEY (exchange, symbol, ts_ms, percentage))',
      'CREATE TABLE order_book_levels (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, side VARCHAR NOT NULL, price DOUBLE NOT NULL, quantity_base DOUBLE NOT NULL, PRIMARY KEY (exchange, symbol, ts_ms, side, price))',
      'CREATE TABLE event_catalog (date VARCHAR NOT NULL, window_label VARCHAR NOT NULL, total_liquidated_usd DOUBLE, long_share_pct DOUBLE, btc_from_usd DOUBLE, btc_to_usd DOUBLE, traders_liquidated BIGINT, notes VARCHAR NOT NULL, source VARCHAR NOT NULL, confidence VARCHAR NOT NULL, PRIMARY KEY (date, window_label))',
      'CREATE TABLE imports (source VARCHAR NOT NULL, kind VARCHAR NOT NULL, digest VARCHAR NOT NULL, rows BIGINT NOT NULL, imported_at_ms BIGINT NOT NULL, PRIMARY KEY (source, kind))',
      'CREATE TABLE dataset_loads (dataset VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL, rows BIGINT NOT NULL, loaded_at_ms BIGINT NOT NULL)',
    ],
  },
  {
    version: 2,
    name: 'natural keys kept by the merge, not a PRIMARY KEY index',
    // Same columns; the market tables lose their PRIMARY KEY (ART index), which made bulk
    // imports 4-8x slower. store/merge.ts keeps each natural key unique (tables.ts `key`).
    sql: [
      'CREATE TABLE candles_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, timeframe VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume_base DOUBLE NOT NULL, volume_quote DOUBLE, trades BIGINT)',
      'INSERT INTO candles_v2 SELECT * FROM candles',
      'DROP TABLE candles',
      'ALTER TABLE candles_v2 RENAME TO candles',
      'CREATE TABLE open_interest_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, open_interest_base DOUBLE, open_interest_usd DOUBLE)',
      'INSERT INTO open_interest_v2 SELECT * FROM open_interest',
      'DROP TABLE open_interest',
      'ALTER TABLE open_interest_v2 RENAME TO open_interest',
      'CREATE TABLE funding_rates_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, rate DOUBLE NOT NULL)',
      'INSERT INTO funding_rates_v2 SELECT * FROM funding_rates',
      'DROP TABLE funding_rates',
      'ALTER TABLE funding_rates_v2 RENAME TO funding_rates',
      'CREATE TABLE liquidations_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, side VARCHAR NOT NULL, price_usd DOUBLE NOT NULL, quantity_base DOUBLE NOT NULL, notional_usd DOUBLE NOT NULL, lower_bound BOOLEAN NOT NULL)',
      'INSERT INTO liquidations_v2 SELECT * FROM liquidations',
      'DROP TABLE liquidations',
      'ALTER TABLE liquidations_v2 RENAME TO liquidations',
      'CREATE TABLE liquidation_buckets_v2 (source VARCHAR NOT NULL, symbol VARCHAR NOT NULL, interval_ms BIGINT NOT NULL, ts_ms BIGINT NOT NULL, long_usd DOUBLE NOT NULL, short_usd DOUBLE NOT NULL)',
      'INSERT INTO liquidation_buckets_v2 SELECT * FROM liquidation_buckets',
      'DROP TABLE liquidation_buckets',
      'ALTER TABLE liquidation_buckets_v2 RENAME TO liquidation_buckets',
      'CREATE TABLE macro_series_v2 (series_id VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, value DOUBLE NOT NULL, source VARCHAR NOT NULL)',
      'INSERT INTO macro_series_v2 SELECT * FROM macro_series',
      'DROP TABLE macro_series',
      'ALTER TABLE macro_series_v2 RENAME TO macro_series',
      'CREATE TABLE fomc_meetings_v2 (decision_date VARCHAR NOT NULL, start_date VARCHAR)',
      'INSERT INTO fomc_meetings_v2 SELECT * FROM fomc_meetings',
      'DROP TABLE fomc_meetings',
      'ALTER TABLE fomc_meetings_v2 RENAME TO fomc_meetings',
      'CREATE TABLE fed_funds_futures_v2 (contract VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, price DOUBLE NOT NULL, source VARCHAR NOT NULL)',
      'INSERT INTO fed_funds_futures_v2 SELECT * FROM fed_funds_futures',
      'DROP TABLE fed_funds_futures',
      'ALTER TABLE fed_funds_futures_v2 RENAME TO fed_funds_futures',
      'CREATE TABLE fedwatch_readings_v2 (as_of_date VARCHAR NOT NULL, meeting_date VARCHAR NOT NULL, lower_bps INTEGER NOT NULL, upper_bps INTEGER NOT NULL, probability DOUBLE NOT NULL, source VARCHAR NOT NULL)',
      'INSERT INTO fedwatch_readings_v2 SELECT * FROM fedwatch_readings',
      'DROP TABLE fedwatch_readings',
      'ALTER TABLE fedwatch_readings_v2 RENAME TO fedwatch_readings',
      'CREATE TABLE depth_bands_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, percentage DOUBLE NOT NULL, depth_base DOUBLE NOT NULL, notional_usd DOUBLE NOT NULL)',
      'INSERT INTO depth_bands_v2 SELECT * FROM depth_bands',
      'DROP TABLE depth_bands',
      'ALTER TABLE depth_bands_v2 RENAME TO depth_bands',
      'CREATE TABLE order_book_levels_v2 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, side VARCHAR NOT NULL, price DOUBLE NOT NULL, quantity_base DOUBLE NOT NULL)',
      'INSERT INTO order_book_levels_v2 SELECT * FROM order_book_levels',
      'DROP TABLE order_book_levels',
      'ALTER TABLE order_book_levels_v2 RENAME TO order_book_levels',
      'CREATE TABLE event_catalog_v2 (date VARCHAR NOT NULL, window_label VARCHAR NOT NULL, total_liquidated_usd DOUBLE, long_share_pct DOUBLE, btc_from_usd DOUBLE, btc_to_usd DOUBLE, traders_liquidated BIGINT, notes VARCHAR NOT NULL, source VARCHAR NOT NULL, confidence VARCHAR NOT NULL)',
      'INSERT INTO event_catalog_v2 SELECT * FROM event_catalog',
      'DROP TABLE event_catalog',
      'ALTER TABLE event_catalog_v2 RENAME TO event_catalog',
    ],
  },
  {
    version: 3,
    name: 'alert outbox',
    // Durable alert delivery (packages/adapters/src/alerts/outbox.ts): one row per alert and sink.
    sql: [
      'CREATE TABLE alert_outbox (alert_id VARCHAR NOT NULL, sink VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, rule VARCHAR NOT NULL, payload VARCHAR NOT NULL, created_at_ms BIGINT NOT NULL, attempts INTEGER NOT NULL, next_attempt_ms BIGINT NOT NULL, delivered_at_ms BIGINT, last_error VARCHAR, PRIMARY KEY (alert_id, sink))',
    ],
  },
  {
    version: 4,
    name: 'alert dead letters',
    // A delivery the sink refused for good, or that ran out of attempts, is set aside (dead)
    // instead of blocking the alerts behind it; `cascade monitor --requeue-dead` retries them.
    sql: ['ALTER TABLE alert_outbox ADD COLUMN dead_at_ms BIGINT'],
  },
  {
    version: 5,
    name: 'open interest interval',
    // Daily open interest (Binance openInterestHist 1d) is stored beside the hourly series of the
    // same instrument: the sampling interval joins the natural key, as in liquidation_buckets.
    // Rows stored before take their series' smallest step (hourly when a series has one row).
    sql: [
      'CREATE TABLE open_interest_v5 (exchange VARCHAR NOT NULL, symbol VARCHAR NOT NULL, interval_ms BIGINT NOT NULL, ts_ms BIGINT NOT NULL, open_interest_base DOUBLE, open_interest_usd DOUBLE)',
      `INSERT INTO open_interest_v5
         SELECT o.exchange, o.symbol, coalesce(s.step, 3600000), o.ts_ms, o.open_interest_base, o.open_interest_usd
         FROM open_interest o
         LEFT JOIN (
           SELECT exchange, symbol, min(d) AS step FROM (
             SELECT exchange, symbol, ts_ms - lag(ts_ms) OVER (PARTITION BY exchange, symbol ORDER BY ts_ms) AS d
             FROM open_interest)
           WHERE d > 0 GROUP BY exchange, symbol) s
         ON o.exchange = s.exchange AND o.symbol = s.symbol`,
      'DROP TABLE open_interest',
      'ALTER TABLE open_interest_v5 RENAME TO open_interest',
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
