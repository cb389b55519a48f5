import type {
  Candle,
  DepthBand,
  EventCatalogEntry,
  FedFundsFutureQuote,
  FedWatchReading,
  FomcMeeting,
  FundingRate,
  LiquidationBucket,
  LiquidationEvent,
  MacroPoint,
  OpenInterestPoint,
  OrderBookLevel,
} from '@cascade/core';

/** The row type of each store table. */
export interface TableRows {
  candles: Candle;
  open_interest: OpenInterestPoint;
  funding_rates: FundingRate;
  liquidations: LiquidationEvent;
  liquidation_buckets: LiquidationBucket;
  macro_series: MacroPoint;
  fomc_meetings: FomcMeeting;
  fed_funds_futures: FedFundsFutureQuote;
  fedwatch_readings: FedWatchReading;
  depth_bands: DepthBand;
  order_book_levels: OrderBookLevel;
  event_catalog: EventCatalogEntry;
}

export type TableName = keyof TableRows;

export type SqlType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'INTEGER';

export interface ColumnSpec {
  /** Field of the domain record (camelCase). */
  readonly field: string;
  /** SQL column (snake_case). */
  readonly column: string;
  readonly type: SqlType;
  readonly nullable: boolean;
}

export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /** Natural key: re-inserting a row with the same key replaces it. */
  readonly key: readonly string[];
  /** Column used by fromMs/toMs filters and ordering. */
  readonly timeColumn: string;
  readonly description: string;
}

const snake = (field: string): string => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** `name:TYPE`, with a trailing `?` for nullable; the field name is camelCase, the column snake_case. */
function cols(...defs: readonly string[]): ColumnSpec[] {
  return defs.map((def) => {
    const [rawField = '', rawType = ''] = def.split(':');
    const nullable = rawType.endsWith('?');
    const type = rawType.replace('?', '') as SqlType;
    return { field: rawField, column: snake(rawField), type, nullable };
  });
}

const SPECS: readonly TableSpec[] = [
  {
    name: 'candles',
    columns: cols(
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'timeframe:VARCHAR',
      'tsMs:BIGINT',
      'open:DOUBLE',
      'high:DOUBLE',
      'low:DOUBLE',
      'close:DOUBLE',
      'volumeBase:DOUBLE',
      'volumeQuote:DOUBLE?',
      'trades:BIGINT?',
    ),
    key: ['exchange', 'symbol', 'timeframe', 'ts_ms'],
    timeColumn: 'ts_ms',
    description: 'OHLCV bars; ts_ms = bar open time (UTC ms); prices in quote currency',
  },
  {
    name: 'open_interest',
    columns: cols(
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'intervalMs:BIGINT',
      'tsMs:BIGINT',
      'openInterestBase:DOUBLE?',
      'openInterestUsd:DOUBLE?',
    ),
    key: ['exchange', 'symbol', 'interval_ms', 'ts_ms'],
    timeColumn: 'ts_ms',
    description:
      'open interest snapshots (base units and/or USD notional) of a series sampled every interval_ms',
  },
  {
    name: 'funding_rates',
    columns: cols('exchange:VARCHAR', 'symbol:VARCHAR', 'tsMs:BIGINT', 'rate:DOUBLE'),
    key: ['exchange', 'symbol', 'ts_ms'],
    timeColumn: 'ts_ms',
    description: 'funding rate as a fraction per interval, at settlement time',
  },
  {
    name: 'liquidations',
    columns: cols(
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'tsMs:BIGINT',
      'side:VARCHAR',
      'priceUsd:DOUBLE',
      'quantityBase:DOUBLE',
      'notionalUsd:DOUBLE',
      'lowerBound:BOOLEAN',
    ),
    key: ['exchange', 'symbol', 'ts_ms', 'side', 'price_usd', 'quantity_base'],
    timeColumn: 'ts_ms',
    description: 'single forced-liquidation orders; side = liquidated position side',
  },
  {
    name: 'liquidation_buckets',
    columns: cols(
      'source:VARCHAR',
      'symbol:VARCHAR',
      'intervalMs:BIGINT',
      'tsMs:BIGINT',
      'longUsd:DOUBLE',
      'shortUsd:DOUBLE',
    ),
    key: ['source', 'symbol', 'interval_ms', 'ts_ms'],
    timeColumn: 'ts_ms',
    description: 'aggregated liquidations per interval (long/short USD)',
  },
  {
    name: 'macro_series',
    columns: cols('seriesId:VARCHAR', 'tsMs:BIGINT', 'value:DOUBLE', 'source:VARCHAR'),
    key: ['series_id', 'ts_ms'],
    timeColumn: 'ts_ms',
    description: 'macro observations (FRED percent, Yahoo index points); daily at 00:00 UTC',
  },
  {
    name: 'fomc_meetings',
    columns: cols('decisionDate:VARCHAR', 'startDate:VARCHAR?'),
    key: ['decision_date'],
    timeColumn: 'decision_date',
    description: 'FOMC meetings (YYYY-MM-DD)',
  },
  {
    name: 'fed_funds_futures',
    columns: cols('contract:VARCHAR', 'tsMs:BIGINT', 'price:DOUBLE', 'source:VARCHAR'),
    key: ['contract', 'ts_ms', 'source'],
    timeColumn: 'ts_ms',
    description: '30-day fed funds futures prices per trade date (00:00 UTC)',
  },
  {
    name: 'fedwatch_readings',
    columns: cols(
      'asOfDate:VARCHAR',
      'meetingDate:VARCHAR',
      'lowerBps:INTEGER',
      'upperBps:INTEGER',
      'probability:DOUBLE',
      'source:VARCHAR',
    ),
    key: ['as_of_date', 'meeting_date', 'lower_bps', 'source'],
    timeColumn: 'as_of_date',
    description: 'published CME FedWatch probabilities by target range',
  },
  {
    name: 'depth_bands',
    columns: cols(
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'tsMs:BIGINT',
      'percentage:DOUBLE',
      'depthBase:DOUBLE',
      'notionalUsd:DOUBLE',
    ),
    key: ['exchange', 'symbol', 'ts_ms', 'percentage'],
    timeColumn: 'ts_ms',
    description: 'cumulative book depth within ±percentage % of mid',
  },
  {
    name: 'order_book_levels',
    columns: cols(
      'exchange:VARCHAR',
      'symbol:VARCHAR',
      'tsMs:BIGINT',
      'side:VARCHAR',
      'price:DOUBLE',
      'quantityBase:DOUBLE',
    ),
    key: ['exchange', 'symbol', 'ts_ms', 'side', 'price'],
    timeColumn: 'ts_ms',
    description: 'order-book snapshot levels',
  },
  {
    name: 'event_catalog',
    columns: cols(
      'date:VARCHAR',
      'windowLabel:VARCHAR',
      'totalLiquidatedUsd:DOUBLE?',
      'longSharePct:DOUBLE?',
      'btcFromUsd:DOUBLE?',
      'btcToUsd:DOUBLE?',
      'tradersLiquidated:BIGINT?',
      'notes:VARCHAR',
      'source:VARCHAR',
      'confidence:VARCHAR',
    ),
    key: ['date', 'window_label'],
    timeColumn: 'date',
    description: 'historical liquidation events with sources',
  },
];

export const TABLES: ReadonlyMap<TableName, TableSpec> = new Map(SPECS.map((s) => [s.name, s]));

export const TABLE_NAMES: readonly TableName[] = SPECS.map((s) => s.name);

export function isTableName(name: string): name is TableName {
  return TABLES.has(name as TableName);
}

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.get(name);
  if (spec === undefined) throw new Error(`unknown table ${name}`);
  return spec;
}

/** Columns whose filter is a string date (YYYY-MM-DD) rather than ms. */
export function hasDateTime(spec: TableSpec): boolean {
  return spec.columns.find((c) => c.column === spec.timeColumn)?.type === 'VARCHAR';
}
