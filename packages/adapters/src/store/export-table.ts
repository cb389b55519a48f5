import { lit } from '../importers/sql.js';
import type { DuckDbMarketStore } from './duckdb-store.js';
import { whereClause } from './duckdb-store.js';
import type { RangeQuery } from './market-store.js';
import { tableSpec, type TableName } from './tables.js';

export type ExportFormat = 'csv' | 'parquet';

/**
 * Writes a table (filtered by the range query) to CSV with a header or to Parquet, in the
 * generic format that `importFile(…, table)` reads back. Returns the number of rows written.
 */
export async function exportTable(
  store: DuckDbMarketStore,
  table: TableName,
  format: ExportFormat,
  outPath: string,
  query: RangeQuery = {},
): Promise<number> {
  const spec = tableSpec(table);
  const where = whereClause(table, query);
  let sql = where.sql;
  // COPY takes no parameters: inline them as literals (numbers are finite, strings escaped).
  where.params.forEach((value, index) => {
    sql = sql.replace(`$${index + 1}`, typeof value === 'number' ? String(value) : lit(value));
  });
  const order = [spec.timeColumn, ...spec.key.filter((k) => k !== spec.timeColumn)].join(', ');
  const columns = spec.columns.map((c) => c.column).join(', ');
  const options = format === 'csv' ? 'FORMAT csv, HEADER true' : 'FORMAT parquet';
  await store.connection.run(
    `COPY (SELECT ${columns} FROM ${table} ${sql} ORDER BY ${order}) TO ${lit(outPath)} (${options})`,
  );
  return store.count(table, query);
}
