export { dataDir, DATA_DIR_ENV, storePath } from './data-dir.js';
export {
  EMBEDDED_DATASET_NAME,
  embeddedEntries,
  loadEmbeddedDataset,
  type LoadProgress,
  type LoadResult,
} from './dataset/load-embedded.js';
export { EMBEDDED_DATASET, type DatasetEntry } from './dataset/manifest.js';
export { ImportError } from './importers/csv-check.js';
export { CSV_FORMATS, type CsvFormat } from './importers/formats.js';
export {
  importFile,
  importKinds,
  type ImportOptions,
  type ImportResult,
} from './importers/import-file.js';
export { inferSeries, timeframeMs } from './importers/infer.js';
export {
  IN_MEMORY,
  openDuckDbStore,
  StoreInUseError,
  type DuckDbMarketStore,
} from './store/duckdb-store.js';
export { exportTable, type ExportFormat } from './store/export-table.js';
export type { CandleQuery, MarketStore, RangeQuery, SeriesKey } from './store/market-store.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './store/migrations.js';
export {
  isTableName,
  TABLE_NAMES,
  tableSpec,
  type TableName,
  type TableRows,
  type TableSpec,
} from './store/tables.js';
export {
  ccxtContractSizes,
  ccxtHistorySource,
  type CcxtSourceOptions,
} from './sources/ccxt-history.js';
export {
  NotOfferedError,
  RateLimitedError,
  TransientSourceError,
  type ExchangeHistorySource,
} from './sources/exchange-history.js';
export { depthBands } from './sources/depth-bands.js';
export {
  ingest,
  ingestLiquidations,
  ingestOrderBook,
  ingestStream,
  INGEST_WHAT,
  type IngestProgress,
  type IngestRequest,
  type IngestWhat,
} from './sources/ingest.js';
export {
  binanceFeed,
  bybitFeed,
  okxFeed,
  unifyLinear,
  unifyOkx,
  type LiquidationFeed,
} from './sources/liquidation-feeds.js';
export {
  eventKey,
  watchLiquidations,
  type WatchOptions,
  type WatchStats,
} from './sources/watch-liquidations.js';
export {
  fetchFredSeries,
  fetchYahooDaily,
  type FetchLike,
  type MacroFetchOptions,
} from './sources/macro-sources.js';
export { candleColumns, toCandleColumns, type CandleColumns } from './store/columns.js';
export * from './alerts/index.js';
