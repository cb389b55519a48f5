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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);
