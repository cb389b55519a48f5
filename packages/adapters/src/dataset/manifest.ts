import type { ImportOptions } from '../importers/import-file.js';

export interface DatasetEntry {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly kind: string;
  readonly options?: ImportOptions;
}

const SYMS = ['BTC', 'ETH', 'SOL', 'DOGE', 'XRP', 'ADA', 'BNB', 'DOT', 'LINK', 'LTC', 'TRX'];
const DAILY_FIRST: Readonly<Record<string, string>> = {
  BTC: '2017-08-17',
  ETH: '2017-08-17',
  SOL: '2020-08-11',
  DOGE: '2019-07-05',
  XRP: '2018-05-04',
  ADA: '2018-04-17',
  BNB: '2017-11-06',
  DOT: '2020-08-18',
  LINK: '2019-01-16',
  LTC: '2017-12-13',
  TRX: '2018-06-11',
};

const PERP = { exchange: 'binance', symbol: 'BTC/USDT:USDT' } as const;

/** The embedded dataset under `data/` (see data/SOURCES.md); loaded by `cascade data init`. */
export const EMBEDDED_DATASET: readonly DatasetEntry[] = [
  ...SYMS.map((s) => ({
    path: `data/crypto-daily/binance_spot_${s}USDT_1d_${DAILY_FIRST[s] ?? ''}_2026-07-21.csv.gz`,
    kind: 'binance-klines',
  })),
  ...SYMS.map((s) => ({
    path: `data/crypto-intraday/binance_spot_${s}USDT_4h_2025-09-01_2026-01-31.csv.gz`,
    kind: 'binance-klines',
  })),
  {
    path: 'data/crypto-intraday/binance_spot_BTCUSDT_1h_2024-07-19_2026-07-19.csv.gz',
    kind: 'binance-klines',
  },
  ...['GSPC', 'IXIC', 'DJI', 'VIX'].map((s) => ({
    path: `data/equities/yahoo_${s}_1d_2016-01-04_2026-08-21.csv.gz`,
    kind: 'yahoo-daily',
  })),
  { path: 'data/rates/fred_DFF_daily_2015-01-01_2022-12-31.csv.gz', kind: 'fred' },
  { path: 'data/rates/fred_DFF_daily_2021-08-06_2026-08-06.csv.gz', kind: 'fred' },
  { path: 'data/rates/fred_DGS2_daily_2016-01-01_2025-12-30.csv.gz', kind: 'fred' },
  { path: 'data/rates/fred_DGS10_daily_2016-01-01_2025-12-30.csv.gz', kind: 'fred' },
  { path: 'data/rates/fred_DFEDTARU_daily_2008-12-16_2025-12-10.csv.gz', kind: 'fred' },
  { path: 'data/rates/fred_DFEDTARL_daily_2008-12-16_2025-12-10.csv.gz', kind: 'fred' },
  { path: 'data/rates/fomc_decision_dates_2000-2026.csv', kind: 'fomc-decisions' },
  { path: 'data/rates/fomc_meetings_2021-2025_start_and_decision.csv', kind: 'fomc-meetings' },
  {
    path: 'data/rates/barchart_ZQ_settles_M24_N24_Q24_F25_G25_2024-06-05_2024-08-16.csv',
    kind: 'barchart-settles',
  },
  {
    path: 'data/rates/yahoo_ZQ_fedfunds_futures_U24_V24_X24_Z24_long_2020-09-21_2024-09-09.csv.gz',
    kind: 'yahoo-futures-long',
  },
  { path: 'data/rates/fedwatch-published-2025-12-meeting.json', kind: 'fedwatch' },
  { path: 'data/events/historical-events.json', kind: 'event-catalog' },
  {
    path: 'data/derivatives/binance_um_BTCUSDT_funding_rate_8h_2019-09-10_2026-02-07.csv.gz',
    kind: 'binance-funding',
  },
  {
    path: 'data/derivatives/coinglass_BTC_aggregated_liquidations_1h_2025-11-23_2026-03-31.csv.gz',
    kind: 'coinglass-liquidations',
  },
  {
    path: 'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz',
    kind: 'oi-ohlc',
    options: PERP,
  },
  {
    path: 'data/derivatives/coinglass_BTC_1h_liqAgg_binanceOI_funding_price_2025-12-04_2026-03-31.csv.gz',
    kind: 'coinglass-funding',
    options: PERP,
  },
  // Daily Binance BTCUSDT / ETHUSDT open interest (snapshots at 00:00 UTC) before the hourly file.
  {
    path: 'data/derivatives/binance_um_BTC_ETH_open_interest_value_1d_2025-11-07_2025-12-06.csv',
    kind: 'oi-value-daily',
  },
];

/** Files other engineers embed (order book, Oct-10 event): loaded when present, by name pattern. */
export const OPTIONAL_DIRECTORIES: readonly {
  dir: string;
  pattern: RegExp;
  kind: string;
  options?: ImportOptions;
}[] = [
  {
    dir: 'data/events/2025-10-10',
    pattern: /bookDepth.*\.csv(\.gz)?$/,
    kind: 'binance-book-depth',
    options: PERP,
  },
  {
    dir: 'data/orderbook',
    pattern: /depth_snap.*\.csv(\.gz)?$/,
    kind: 'binance-depth',
    options: PERP,
  },
  {
    dir: 'data/orderbook',
    pattern: /^tardis_.*book_snapshot.*\.csv(\.gz)?$/,
    kind: 'tardis-book-snapshot',
  },
];
