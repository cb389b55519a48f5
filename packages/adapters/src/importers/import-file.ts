import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbMarketStore } from '../store/duckdb-store.js';
import {
  asRowsOf,
  createStage,
  dropAppended,
  insertNewKeys,
  isEmpty,
  keyCountSql,
  maxRowid,
  mergeStage,
  settleDirectLoad,
  updateFrom,
  type MergeMode,
} from '../store/merge.js';
import { isTableName, tableSpec, type TableName } from '../store/tables.js';
import { ImportError, splitCsvLine } from './csv-check.js';
import { inflate, scanCsvFile, type CsvBytes, type ScannedCsv } from './csv-scan.js';
import {
  csvFormat,
  CSV_FORMATS,
  type CsvFormat,
  type SeriesContext,
  type TableLoad,
} from './formats.js';
import { inferSeries } from './infer.js';
import { parseEventCatalog, parseFedWatch, type JsonParse } from './json-formats.js';
import { readType } from './cells.js';
import { readCsvSql } from './sql.js';
import { genericCsvFormat, importParquet } from './generic.js';

export interface ImportOptions {
  readonly exchange?: string;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly intervalMs?: number;
  /** Called about every `progressEveryMs` while DuckDB loads a CSV, with its progress in percent. */
  readonly onProgress?: (percent: number) => void;
  /** Default 250. */
  readonly progressEveryMs?: number;
}

export interface ImportResult {
  readonly file: string;
  readonly kind: string;
  /** Data rows read from the file (rows written may be fewer when a format filters). */
  readonly rows: number;
}

export const JSON_KINDS = ['event-catalog', 'fedwatch'] as const;

/** Every accepted --kind: shared-data formats, JSON research files, and generic tables. */
export function importKinds(): string[] {
  return [...CSV_FORMATS.map((f) => f.kind), ...JSON_KINDS];
}

async function readText(path: string): Promise<{ text: string; digest: string }> {
  const bytes = await readFile(path);
  const raw = path.endsWith('.gz') ? gunzipSync(bytes) : bytes;
  return { text: raw.toString('utf8'), digest: createHash('sha256').update(bytes).digest('hex') };
}

function headerSchema(format: CsvFormat): z.ZodType<string[]> {
  return z.array(z.string()).superRefine((header, ctx) => {
    for (const need of format.required) {
      const options = typeof need === 'string' ? [need] : need;
      if (!options.some((o) => header.includes(o))) {
        ctx.addIssue({
          code: 'custom',
          message: `missing column ${options.map((o) => `"${o}"`).join(' or ')}`,
        });
      }
    }
    const match = format.requiredMatch;
    if (match !== undefined && !header.some((name) => match.pattern.test(name)))
      ctx.addIssue({ code: 'custom', message: `missing column ${match.name}` });
  });
}

function seriesContext(file: string, format: CsvFormat, options: ImportOptions): SeriesContext {
  const inferred = inferSeries(file);
  const ctx = {
    exchange: options.exchange ?? inferred.exchange,
    symbol: options.symbol ?? inferred.symbol,
    timeframe: options.timeframe ?? inferred.timeframe,
    intervalMs: options.intervalMs ?? inferred.intervalMs,
  };
  for (const need of format.needs) {
    if (ctx[need] === undefined) {
      throw new ImportError(
        file,
        1,
        1,
        `cannot tell the ${need} from the file name: pass --${need === 'intervalMs' ? 'timeframe' : need}`,
      );
    }
  }
  return {
    exchange: ctx.exchange ?? '',
    symbol: ctx.symbol ?? '',
    timeframe: ctx.timeframe ?? '',
    intervalMs: ctx.intervalMs ?? 0,
  };
}

/**
 * Records (or re-records) the import of `file` as `kind`. A delete and an insert rather than
 * `INSERT OR REPLACE`, whose conflict handling took 12–25 ms for this one row on a fresh store
 * (the pair: 3–5 ms).
 */
async function recordImport(
  store: DuckDbMarketStore,
  file: string,
  kind: string,
  digest: string,
  rows: number,
): Promise<void> {
  const { connection } = store;
  await connection.run('DELETE FROM imports WHERE source = $1 AND kind = $2', [file, kind]);
  await connection.run('INSERT INTO imports VALUES ($1, $2, $3, $4, $5)', [
    file,
    kind,
    digest,
    rows,
    Date.now(),
  ]);
}

/**
 * Where each table's rows go: straight in when the table is empty; into a filled table either in
 * place (the new keys appended by an anti-join on the file, the existing ones updated from it) or
 * through a stage (a keyless copy, then merged).
 */
type TablePlan =
  | { readonly kind: 'direct'; readonly mode: MergeMode }
  | { readonly kind: 'in-place'; readonly mode: MergeMode; readonly rowidBefore: number }
  | { readonly kind: 'stage'; readonly mode: MergeMode; readonly stage: string };

async function planLoads(
  connection: DuckDBConnection,
  loads: readonly TableLoad[],
  inPlace: boolean,
): Promise<Map<TableName, TablePlan>> {
  const plans = new Map<TableName, TablePlan>();
  for (const { table, mode } of loads) {
    if (plans.has(table)) continue;
    const single = loads.filter((l) => l.table === table).length === 1;
    if (await isEmpty(connection, table)) plans.set(table, { kind: 'direct', mode });
    else if (inPlace && single)
      plans.set(table, { kind: 'in-place', mode, rowidBefore: await maxRowid(connection, table) });
    else plans.set(table, { kind: 'stage', mode, stage: await createStage(connection, table) });
  }
  return plans;
}

/**
 * Reports DuckDB's progress of the statement running on `connection` (its query progress, with
 * the progress bar enabled and not printed) until the returned stop function is called.
 */
async function reportProgress(
  connection: DuckDBConnection,
  options: ImportOptions,
): Promise<() => void> {
  const onProgress = options.onProgress;
  if (onProgress === undefined) return () => undefined;
  await connection.run('SET enable_progress_bar = true');
  await connection.run('SET enable_progress_bar_print = false');
  const timer = setInterval(() => {
    const { percentage } = connection.progress;
    if (percentage >= 0) onProgress(Math.min(100, percentage));
  }, options.progressEveryMs ?? 250);
  return () => {
    clearInterval(timer);
  };
}

/**
 * Runs the loads (the first INSERT is dispatched before this returns: it overlaps validation);
 * returns the rows each in-place load appended.
 */
async function runLoads(
  connection: DuckDBConnection,
  loads: readonly TableLoad[],
  plans: ReadonlyMap<TableName, TablePlan>,
): Promise<Map<TableName, number>> {
  const appended = new Map<TableName, number>();
  for (const { table, select } of loads) {
    const plan = plans.get(table);
    if (plan?.kind === 'in-place')
      appended.set(table, await insertNewKeys(connection, table, select));
    else
      await connection.run(`INSERT INTO ${plan?.kind === 'stage' ? plan.stage : table} ${select}`);
  }
  return appended;
}

/**
 * Keeps every natural key unique after the loads. `distinct` holds the row count of each table's
 * load whose keys were checked distinct on the file. An in-place merge whose file repeats a key
 * (or was not checked) is undone and redone through a stage.
 */
async function settleLoads(
  connection: DuckDBConnection,
  loads: readonly TableLoad[],
  plans: ReadonlyMap<TableName, TablePlan>,
  appended: ReadonlyMap<TableName, number>,
  distinct: ReadonlyMap<TableName, number>,
): Promise<void> {
  for (const [table, plan] of plans) {
    const rows = distinct.get(table);
    if (plan.kind === 'direct') await settleDirectLoad(connection, table, rows !== undefined);
    else if (plan.kind === 'stage') await mergeStage(connection, table, plan.mode);
    else if (rows === undefined) {
      await dropAppended(connection, table, plan.rowidBefore);
      const stage = await createStage(connection, table);
      for (const load of loads.filter((l) => l.table === table))
        await connection.run(`INSERT INTO ${stage} ${load.select}`);
      await mergeStage(connection, table, plan.mode);
    } else if (plan.mode === 'replace' && (appended.get(table) ?? 0) < rows) {
      const select = loads.find((l) => l.table === table)?.select ?? '';
      await updateFrom(connection, table, select, plan.rowidBefore);
    }
  }
}

/**
 * How a file is loaded, by size, as measured on the 2-core machine (7 MB and 71 MB candle files):
 * - 1–12 MB (below DuckDB's 122,880-row group at ~100 bytes a row; docs: "Tuning Workloads") into
 *   empty tables: one DuckDB thread (113–128 ms against 137–151 ms on two, while JS validates the
 *   file on the main thread), the natural keys checked on the file by the idle core meanwhile
 *   (`tablesWithDistinctKeys`), so nothing is hashed after the load;
 * - from 1 MiB into a filled table: merged in place (`planLoads`), the keys checked alongside:
 *   7 MB every key new 160–183 ms, re-import 97–115 ms (through a stage: 278–313 and 119–159 ms);
 *   71 MB every key new 0.72–0.75 s (stage 1.58–1.68 s), re-import 1.26–1.32 s (1.35–1.81 s);
 * - over 12 MB into empty tables: two threads, the keys hashed after the load (checking them
 *   alongside gained nothing: 0.96–1.18 s against 0.95–1.01 s for 71 MB);
 * - under 1 MiB: too small for any of this to matter (and it costs queries).
 */
const ONE_ROW_GROUP_BYTES = 122_880 * 100;
const SMALL_FILE_BYTES = 1 << 20;

interface LoadPaths {
  readonly oneThread: boolean;
  readonly checkKeys: boolean;
  readonly inPlace: boolean;
}

async function pathsFor(
  store: DuckDbMarketStore,
  bytes: number,
  loads: readonly TableLoad[],
): Promise<LoadPaths> {
  if (bytes < SMALL_FILE_BYTES) return { oneThread: false, checkKeys: false, inPlace: false };
  const empty = await allEmpty(store, loads);
  const midSize = bytes < ONE_ROW_GROUP_BYTES;
  return { oneThread: midSize && empty, checkKeys: midSize || !empty, inPlace: true };
}

async function allEmpty(store: DuckDbMarketStore, loads: readonly TableLoad[]): Promise<boolean> {
  const filled = loads.map(({ table }) => `EXISTS (FROM ${table})`).join(' OR ');
  return (await store.query(`SELECT ${filled} AS filled`))[0]?.['filled'] === false;
}

/**
 * Runs `fn` with one DuckDB thread when `wanted`, restoring the setting after. A global setting:
 * set and restored on the read connection, outside the import's transaction (which a failed
 * statement may leave aborted).
 */
async function oneThreadIf<R>(
  store: DuckDbMarketStore,
  wanted: boolean,
  fn: () => Promise<R>,
): Promise<R> {
  if (!wanted) return fn();
  const threads = Number((await store.query("SELECT current_setting('threads') AS t"))[0]?.['t']);
  if (!Number.isInteger(threads) || threads <= 1) return fn();
  await store.query('SET threads = 1');
  try {
    return await fn();
  } finally {
    await store.query(`SET threads = ${String(threads)}`);
  }
}

const NONE_KNOWN: Promise<ReadonlyMap<TableName, number>> = Promise.resolve(new Map());

/**
 * The tables whose rows from this file have distinct natural keys, with their row counts,
 * checked on the file itself (the loads' own SELECTs) by the read connection while the write
 * connection loads it: measured 106–123 ms for the 7 MB file into an empty table against
 * 121–136 ms with the check after the load. A table with more than one load is left out
 * (distinct within each load is not distinct across them); a check that fails proves nothing
 * (the load reports what is wrong with the file).
 */
async function tablesWithDistinctKeys(
  store: DuckDbMarketStore,
  loads: readonly TableLoad[],
): Promise<ReadonlyMap<TableName, number>> {
  const distinct = new Map<TableName, number>();
  for (const { table, select } of loads) {
    if (loads.filter((l) => l.table === table).length > 1) continue;
    const key = tableSpec(table).key.join(', ');
    try {
      const [row] = await store.query(keyCountSql(asRowsOf(table, select), key));
      if (row !== undefined && row['n'] === row['h']) distinct.set(table, Number(row['n']));
    } catch {
      // proves nothing; the load's or the cell check's error is the one reported
    }
  }
  return distinct;
}

function csvHeader(raw: Buffer): string[] {
  const newline = raw.indexOf(10);
  const first = raw.subarray(0, newline === -1 ? raw.length : newline).toString('utf8');
  return splitCsvLine(first.replace(/\r$/, ''));
}

const HEAD_BYTES = 1 << 16;

/**
 * The header and size of a CSV file. A plain file is only read up to its first line here, so the
 * whole read can overlap DuckDB's load; a gzip file (or a header longer than 64 KiB) is read whole.
 */
async function csvHead(
  path: string,
): Promise<{ header: string[]; size: number; whole?: CsvBytes }> {
  if (!path.endsWith('.gz')) {
    const handle = await open(path, 'r');
    try {
      const head = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0);
      const { size } = await handle.stat();
      if (head.subarray(0, bytesRead).includes(10) || bytesRead === size) {
        return { header: csvHeader(head.subarray(0, bytesRead)), size };
      }
    } finally {
      await handle.close();
    }
  }
  const whole = inflate(path, await readFile(path));
  return { header: csvHeader(whole.raw), size: whole.raw.length, whole };
}

async function importCsv(
  store: DuckDbMarketStore,
  path: string,
  format: CsvFormat,
  options: ImportOptions,
): Promise<ImportResult> {
  const { header, size, whole } = await csvHead(path);
  const headerCheck = headerSchema(format).safeParse(header);
  if (!headerCheck.success) {
    throw new ImportError(path, 1, 1, headerCheck.error.issues.map((i) => i.message).join('; '));
  }
  const cells = { ...format.cells, ...(format.headerCells?.(header) ?? {}) };
  const ctx = seriesContext(path, format, options);
  const keepBlank = new Set(format.keepBlank ?? []);
  const src = readCsvSql(
    path,
    header.map((name) => ({
      name,
      type: readType(cells[name]),
      blankIsText: keepBlank.has(name),
    })),
  );
  const loads = format.loads(src, ctx, header);
  // Files of 1 MiB and more: the paths measured above (`pathsFor`).
  const { oneThread, checkKeys, inPlace } = await pathsFor(store, size, loads);
  const rows = await oneThreadIf(store, oneThread, () =>
    store.transaction(async (connection) => {
      // DuckDB loads the rows on its own threads while JS reads the file, validates every cell
      // and hashes the bytes; a bad cell rolls it all back. The file's keys may be checked
      // alongside on the read connection (`pathsFor`).
      const distinctKeys = checkKeys ? tablesWithDistinctKeys(store, loads) : NONE_KNOWN;
      const plans = await planLoads(connection, loads, inPlace);
      const stopProgress = await reportProgress(connection, options);
      // Settled into a value at once: a load that fails while JS is still reading must not be an
      // unhandled rejection (the validation error, if any, is the one to report).
      const staged = runLoads(connection, loads, plans)
        .then(
          (appended) => ({ ok: true as const, appended }),
          (error: unknown) => ({ ok: false as const, error }),
        )
        .finally(stopProgress);
      let checked: ScannedCsv;
      try {
        checked = await scanCsvFile(path, cells, whole);
      } catch (error) {
        // The transaction rolls back once the load (and the key check) have stopped.
        await Promise.all([staged, distinctKeys]);
        throw error;
      }
      const load = await staged;
      if (!load.ok) {
        await distinctKeys;
        throw load.error;
      }
      await settleLoads(connection, loads, plans, load.appended, await distinctKeys);
      await recordImport(store, resolve(path), format.kind, checked.digest, checked.rows);
      return checked.rows;
    }),
  );
  return { file: path, kind: format.kind, rows };
}

async function importJson(
  store: DuckDbMarketStore,
  path: string,
  kind: (typeof JSON_KINDS)[number],
): Promise<ImportResult> {
  const { text, digest } = await readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ImportError(
      path,
      1,
      1,
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const parsed: JsonParse<unknown> =
    kind === 'event-catalog' ? parseEventCatalog(json) : parseFedWatch(json);
  if (!parsed.ok) throw new ImportError(path, 1, 1, `${parsed.path}: ${parsed.reason}`);
  const table: TableName = kind === 'event-catalog' ? 'event_catalog' : 'fedwatch_readings';
  await store.upsert(table, parsed.rows as never[]);
  await recordImport(store, resolve(path), kind, digest, parsed.rows.length);
  return { file: path, kind, rows: parsed.rows.length };
}

/**
 * Imports one file into the store in a single transaction. `kind` is a shared-data format
 * (`binance-klines`, `fred`, …), a JSON kind, or a table name for the generic format (the table's
 * own columns, as written by `cascade export`; CSV or Parquet). Throws ImportError (file, line,
 * column) on malformed input; nothing is written then.
 */
export async function importFile(
  store: DuckDbMarketStore,
  path: string,
  kind: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (kind === 'event-catalog' || kind === 'fedwatch') return importJson(store, path, kind);
  if (isTableName(kind)) {
    if (path.endsWith('.parquet')) return importParquet(store, path, kind);
    return importCsv(store, path, genericCsvFormat(tableSpec(kind)), options);
  }
  const format = csvFormat(kind);
  if (format === undefined) throw new ImportError(basename(path), 1, 1, `unknown kind "${kind}"`);
  return importCsv(store, path, format, options);
}
