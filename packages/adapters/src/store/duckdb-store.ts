import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Candle } from '@cascade/core';
import type { CandleQuery, MarketStore, RangeQuery, SeriesKey } from './market-store.js';
import { timeframeMs } from '../importers/infer.js';
import { createStage, mergeStage } from './merge.js';
import { MIGRATIONS } from './migrations.js';
import {
  hasDateTime,
  tableSpec,
  type ColumnSpec,
  type TableName,
  type TableRows,
} from './tables.js';

/** DuckDB-specific extras used by importers, exporters and `data init`. */
export interface DuckDbMarketStore extends MarketStore {
  readonly path: string;
  /** Runs `fn` inside BEGIN/COMMIT; rolls back and rethrows on error. */
  transaction<R>(fn: (connection: DuckDBConnection) => Promise<R>): Promise<R>;
  /** Raw SQL for reads (analytics may use it; writes should go through upsert or importers). */
  query(
    sql: string,
    params?: readonly (string | number | boolean | null)[],
  ): Promise<Record<string, unknown>[]>;
  readonly connection: DuckDBConnection;
}

export const IN_MEMORY = ':memory:';

async function migrate(connection: DuckDBConnection): Promise<number> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at_ms BIGINT NOT NULL)',
  );
  const applied = await connection.runAndReadAll('SELECT max(version) AS v FROM schema_migrations');
  const current = Number(applied.getRowObjectsJS()[0]?.['v'] ?? 0);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.sql) await connection.run(statement);
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        Date.now(),
      ]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
  return Math.max(current, ...MIGRATIONS.map((m) => m.version));
}

function appendCell(appender: DuckDBAppender, column: ColumnSpec, value: unknown): void {
  if (value === null || value === undefined) {
    if (!column.nullable) throw new Error(`column ${column.field} is required`);
    appender.appendNull();
    return;
  }
  switch (column.type) {
    case 'VARCHAR':
      appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value));
      return;
    case 'BIGINT':
      appender.appendBigInt(BigInt(Math.round(Number(value))));
      return;
    case 'INTEGER':
      appender.appendInteger(Number(value));
      return;
    case 'DOUBLE':
      appender.appendDouble(Number(value));
      return;
    case 'BOOLEAN':
      appender.appendBoolean(Boolean(value));
      return;
  }
}

/** SELECT list returning domain field names; BIGINT comes back as a JS number. */
export function selectList(table: TableName): string {
  return tableSpec(table)
    .columns.map((c) =>
      c.type === 'BIGINT'
        ? `CAST(${c.column} AS DOUBLE) AS "${c.field}"`
        : `${c.column} AS "${c.field}"`,
    )
    .join(', ');
}

const SERIES_COLUMN: Partial<Record<TableName, string>> = {
  macro_series: 'series_id',
  fed_funds_futures: 'contract',
  liquidation_buckets: 'source',
  fedwatch_readings: 'meeting_date',
};

/** WHERE clause and parameters for a range query on one table. */
export function whereClause(
  table: TableName,
  query: RangeQuery,
): { sql: string; params: (string | number)[] } {
  const spec = tableSpec(table);
  const names = new Set(spec.columns.map((c) => c.column));
  const parts: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, value: string | number): void => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (query.exchange !== undefined && names.has('exchange')) add('exchange = ?', query.exchange);
  if (query.symbol !== undefined && names.has('symbol')) add('symbol = ?', query.symbol);
  const seriesColumn = SERIES_COLUMN[table];
  if (query.series !== undefined && seriesColumn !== undefined)
    add(`${seriesColumn} = ?`, query.series);
  if (query.intervalMs !== undefined && names.has('interval_ms'))
    add('interval_ms = ?', query.intervalMs);
  const asTime = (ms: number): string | number =>
    hasDateTime(spec) ? new Date(ms).toISOString().slice(0, 10) : ms;
  if (query.fromMs !== undefined) add(`${spec.timeColumn} >= ?`, asTime(query.fromMs));
  if (query.toMs !== undefined) add(`${spec.timeColumn} <= ?`, asTime(query.toMs));
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, params };
}

function orderBy(table: TableName): string {
  const spec = tableSpec(table);
  return [spec.timeColumn, ...spec.key.filter((k) => k !== spec.timeColumn)].join(', ');
}

async function upsertRows<T extends TableName>(
  connection: DuckDBConnection,
  table: T,
  rows: readonly TableRows[T][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const spec = tableSpec(table);
  const stage = await createStage(connection, table);
  const appender = await connection.createAppender(stage, null, 'temp');
  for (const row of rows) {
    const record = row as unknown as Record<string, unknown>;
    for (const column of spec.columns) appendCell(appender, column, record[column.field]);
    appender.endRow();
  }
  appender.closeSync();
  await mergeStage(connection, table);
  return rows.length;
}

/** Raw and typed reads over one connection. */
function readers(connection: DuckDBConnection): {
  query: DuckDbMarketStore['query'];
  select: MarketStore['select'];
} {
  const query = async (
    sql: string,
    params: readonly (string | number | boolean | null)[] = [],
  ): Promise<Record<string, unknown>[]> => {
    const reader = await connection.runAndReadAll(sql, [...params]);
    return reader.getRowObjectsJS();
  };
  const select = async <T extends TableName>(
    table: T,
    range: RangeQuery = {},
  ): Promise<TableRows[T][]> => {
    const where = whereClause(table, range);
    const limit = range.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(range.limit))}`;
    const rows = await query(
      `SELECT ${selectList(table)} FROM ${table} ${where.sql} ORDER BY ${orderBy(table)}${limit}`,
      where.params,
    );
    return rows as unknown as TableRows[T][];
  };

  return { query, select };
}

/**
 * The store file is held by another process: DuckDB allows one writing process per file (a
 * running `cascade serve` or live `cascade monitor` holds it).
 */
export class StoreInUseError extends Error {
  readonly path: string;
  readonly pid: number | undefined;
  constructor(path: string, pid: number | undefined) {
    super(
      `the store ${path} is in use by another process${pid === undefined ? '' : ` (PID ${String(pid)})`}, ` +
        'such as a running `cascade serve` or `cascade monitor`; stop it, or give this command another --data-dir',
    );
    this.name = 'StoreInUseError';
    this.path = path;
    this.pid = pid;
  }
}

async function createInstance(path: string): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(path);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes('Could not set lock on file')) throw error;
    const pid = /\(PID (\d+)\)/.exec(message)?.[1];
    throw new StoreInUseError(path, pid === undefined ? undefined : Number(pid));
  }
}

/**
 * Opens (creating if needed) a DuckDB store at `path` (a file, or `:memory:`) and migrates it.
 * Throws StoreInUseError when another process holds the file.
 */
export async function openDuckDbStore(path: string): Promise<DuckDbMarketStore> {
  if (path !== IN_MEMORY) await mkdir(dirname(path), { recursive: true });
  const instance = await createInstance(path);
  const connection = await instance.connect();
  const version = await migrate(connection);

  // One connection: transactions from concurrent callers (e.g. several live feeds) run in turn.
  let queue: Promise<unknown> = Promise.resolve();
  const transaction = <R>(fn: (c: DuckDBConnection) => Promise<R>): Promise<R> => {
    const run = queue.then(() => runTransaction(fn));
    queue = run.catch(() => undefined);
    return run;
  };
  const runTransaction = async <R>(fn: (c: DuckDBConnection) => Promise<R>): Promise<R> => {
    await connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn(connection);
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  };
  // Reads use their own connection (a consistent snapshot) so they never interleave with a
  // writer's open appender or transaction on the write connection.
  const reader = await instance.connect();
  const { query, select } = readers(reader);

  return {
    path,
    connection,
    transaction,
    query,
    select,
    schemaVersion: () => Promise.resolve(version),
    upsert: (table, rows) => transaction((c) => upsertRows(c, table, rows)),
    count: async (table, range = {}) => {
      const where = whereClause(table, range);
      const rows = await query(
        `SELECT CAST(count(*) AS DOUBLE) AS n FROM ${table} ${where.sql}`,
        where.params,
      );
      return Number(rows[0]?.['n'] ?? 0);
    },
    candles: async (q: CandleQuery): Promise<Candle[]> => {
      const where = whereClause('candles', q);
      const rows = await query(
        `SELECT ${selectList('candles')} FROM candles ${where.sql} AND timeframe = $${where.params.length + 1} ORDER BY ts_ms`,
        [...where.params, q.timeframe],
      );
      return rows as unknown as Candle[];
    },
    lastTsMs: async (table, key: SeriesKey) => {
      // Open interest: the series of that sampling interval (an hourly ingest must not resume
      // from a stored daily series of the same instrument).
      const intervalMs =
        table === 'open_interest' && key.timeframe !== undefined
          ? timeframeMs(key.timeframe)
          : undefined;
      const where = whereClause(table, {
        ...key,
        ...(intervalMs === undefined ? {} : { intervalMs }),
      });
      const timeframe =
        table === 'candles' && key.timeframe !== undefined
          ? ` AND timeframe = $${where.params.length + 1}`
          : '';
      const params = timeframe === '' ? where.params : [...where.params, key.timeframe ?? ''];
      const rows = await query(
        `SELECT CAST(max(ts_ms) AS DOUBLE) AS t FROM ${table} ${where.sql}${timeframe}`,
        params,
      );
      const t = rows[0]?.['t'];
      return typeof t === 'number' ? t : null;
    },
    close: () => {
      reader.closeSync();
      connection.closeSync();
      instance.closeSync();
      return Promise.resolve();
    },
  };
}
