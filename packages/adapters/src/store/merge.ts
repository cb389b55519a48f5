import type { DuckDBConnection } from '@duckdb/node-api';
import { tableSpec, type TableName } from './tables.js';

/** `replace`: a row whose natural key exists overwrites it; `ignore`: the stored row stays. */
export type MergeMode = 'replace' | 'ignore';

/** Name of the keyless temp table that stages rows for `table`. */
export const stageName = (table: TableName): string => `stage_${table}`;

/** Creates (or empties) the keyless temp staging table of `table`, with its columns in order. */
export async function createStage(connection: DuckDBConnection, table: TableName): Promise<string> {
  const stage = stageName(table);
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${table} LIMIT 0`);
  return stage;
}

async function scalar(connection: DuckDBConnection, sql: string): Promise<number> {
  const reader = await connection.runAndReadAll(sql);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Number of natural keys of `from` that occur more than once. */
async function repeatedKeys(
  connection: DuckDBConnection,
  from: string,
  key: string,
): Promise<number> {
  return scalar(
    connection,
    `SELECT count(*) FROM (SELECT 1 FROM ${from} GROUP BY ${key} HAVING count(*) > 1)`,
  );
}

/**
 * Deletes all but the last row (insertion order) of each repeated natural key of `from`; returns
 * the rows left.
 */
/**
 * Rows (`n`) and distinct key hashes (`h`) of `from`: as many hashes as rows proves the keys
 * distinct (cheaper than grouping the keys themselves).
 */
export const keyCountSql = (from: string, key: string): string =>
  `SELECT CAST(count(*) AS DOUBLE) AS n, CAST(count(DISTINCT hash(${key})) AS DOUBLE) AS h FROM ${from}`;

async function keepLastOfKey(
  connection: DuckDBConnection,
  from: string,
  key: string,
): Promise<number> {
  // Distinct key hashes prove distinct keys (the usual case); otherwise count exactly.
  const reader = await connection.runAndReadAll(keyCountSql(from, key));
  const [rows = 0, hashes = 0] = (reader.getRows()[0] ?? []).map(Number);
  if (hashes === rows || (await repeatedKeys(connection, from, key)) === 0) return rows;
  const deleted = await connection.run(
    `DELETE FROM ${from} WHERE rowid IN (SELECT r FROM (SELECT rowid AS r, row_number() OVER (PARTITION BY ${key} ORDER BY rowid DESC) AS n FROM ${from}) WHERE n > 1)`,
  );
  return rows - deleted.rowsChanged;
}

/** True when `table` holds no row: a bulk load then goes straight in (no stage, no merge). */
export async function isEmpty(connection: DuckDBConnection, table: TableName): Promise<boolean> {
  return (await scalar(connection, `SELECT count(*) FROM ${table}`)) === 0;
}

/**
 * After rows were inserted straight into a table that was empty, keeps its natural key unique
 * (the last row of a repeated key wins, as in a merge); nothing to do when the caller already
 * knows the loaded keys are distinct.
 */
export async function settleDirectLoad(
  connection: DuckDBConnection,
  table: TableName,
  keysKnownDistinct = false,
): Promise<void> {
  if (!keysKnownDistinct) await keepLastOfKey(connection, table, tableSpec(table).key.join(', '));
}

/**
 * Moves the staged rows into `table` by natural key and drops the stage. The tables carry no
 * PRIMARY KEY (an ART index made bulk loads 4–8× slower, see docs/market-data.md): uniqueness of
 * the natural key is kept here — new keys by an anti-join insert, existing keys by an update of
 * the rows whose values differ (skipped when every staged key was new). Run inside a transaction.
 */
export async function mergeStage(
  connection: DuckDBConnection,
  table: TableName,
  mode: MergeMode = 'replace',
): Promise<void> {
  const stage = stageName(table);
  const key = tableSpec(table).key.join(', ');
  const staged = await keepLastOfKey(connection, stage, key);
  const inserted = await appendNewKeys(connection, table, stage);
  if (mode === 'replace' && inserted < staged) await updateChanged(connection, table, `${stage} s`);
  await connection.run(`DROP TABLE ${stage}`);
}

/** The largest rowid of `table` (-1 when empty): rows appended later in the transaction lie above it. */
export async function maxRowid(connection: DuckDBConnection, table: TableName): Promise<number> {
  const reader = await connection.runAndReadAll(
    `SELECT CAST(coalesce(max(rowid), -1) AS DOUBLE) FROM ${table}`,
  );
  return Number(reader.getRows()[0]?.[0] ?? -1);
}

/**
 * `select` (a load's SELECT, which yields `table`'s columns in order but not always by name) as a
 * FROM item `s` whose columns carry the table's names.
 */
export function asRowsOf(table: TableName, select: string): string {
  return `(${select}) AS s(${tableSpec(table)
    .columns.map((c) => c.column)
    .join(', ')})`;
}

/** Appends the rows of FROM item `from` whose natural key `table` does not hold yet; how many. */
async function appendNewKeys(
  connection: DuckDBConnection,
  table: TableName,
  from: string,
): Promise<number> {
  const key = tableSpec(table).key.join(', ');
  const result = await connection.run(
    `INSERT INTO ${table} SELECT * FROM ${from} ANTI JOIN ${table} USING (${key})`,
  );
  return result.rowsChanged;
}

/**
 * Overwrites the rows of `table` whose natural key FROM item `from` (aliased `s`, distinct keys)
 * also has, where any value differs; `where` narrows the rows of `table`.
 */
async function updateChanged(
  connection: DuckDBConnection,
  table: TableName,
  from: string,
  where = '',
): Promise<void> {
  const spec = tableSpec(table);
  const values = spec.columns.map((c) => c.column).filter((c) => !spec.key.includes(c));
  if (values.length === 0) return;
  const ref = (alias: string): string => values.map((c) => `${alias}.${c}`).join(', ');
  await connection.run(
    `UPDATE ${table} SET ${values.map((c) => `${c} = s.${c}`).join(', ')} FROM ${from}
     WHERE ${spec.key.map((k) => `${table}.${k} = s.${k}`).join(' AND ')}${where}
       AND (${ref(table)}) IS DISTINCT FROM (${ref('s')})`,
  );
}

/** Appends the rows of `select` whose natural key `table` does not hold yet; returns how many. */
export function insertNewKeys(
  connection: DuckDBConnection,
  table: TableName,
  select: string,
): Promise<number> {
  return appendNewKeys(connection, table, asRowsOf(table, select));
}

/**
 * Overwrites the rows of `table` up to `rowidMax` whose natural key `select` also has, where any
 * value differs. The keys of `select` must be distinct (each row matches at most one).
 */
export async function updateFrom(
  connection: DuckDBConnection,
  table: TableName,
  select: string,
  rowidMax: number,
): Promise<void> {
  await updateChanged(
    connection,
    table,
    asRowsOf(table, select),
    ` AND ${table}.rowid <= ${String(rowidMax)}`,
  );
}

/** Removes the rows appended to `table` above `rowidMax` (undoes an in-place merge's insert). */
export async function dropAppended(
  connection: DuckDBConnection,
  table: TableName,
  rowidMax: number,
): Promise<void> {
  await connection.run(`DELETE FROM ${table} WHERE rowid > ${String(rowidMax)}`);
}
