import type { DuckDbMarketStore } from '../store/duckdb-store.js';
import { createStage, mergeStage } from '../store/merge.js';
import type { ColumnSpec, TableName, TableSpec } from '../store/tables.js';
import { tableSpec } from '../store/tables.js';
import type { CellKind } from './cells.js';
import { ImportError } from './csv-check.js';
import type { CsvFormat } from './formats.js';
import type { ImportResult } from './import-file.js';
import { id, lit } from './sql.js';

function cellKind(column: ColumnSpec): CellKind {
  if (column.type === 'DOUBLE') return column.nullable ? 'blank-or-decimal' : 'decimal';
  if (column.type === 'BIGINT' || column.type === 'INTEGER')
    return column.nullable ? 'blank-or-int' : 'int';
  return 'text';
}

function castSql(column: ColumnSpec): string {
  const ref = id(column.column);
  if (column.type === 'VARCHAR') return column.nullable ? `NULLIF(${ref}, '') AS ${ref}` : ref;
  return `CAST(${ref} AS ${column.type}) AS ${ref}`;
}

/**
 * The generic CSV format of a table: a header with exactly the table's snake_case columns (any
 * order), blank = NULL for nullable columns. This is what `cascade export --format csv` writes.
 */
export function genericCsvFormat(spec: TableSpec): CsvFormat {
  return {
    kind: spec.name,
    description: `generic ${spec.name} CSV`,
    cells: Object.fromEntries(spec.columns.map((c) => [c.column, cellKind(c)])),
    required: spec.columns.map((c) => c.column),
    keepBlank: spec.columns.filter((c) => c.type === 'VARCHAR' && !c.nullable).map((c) => c.column),
    needs: [],
    loads: (src) => [
      {
        table: spec.name,
        select: `SELECT ${spec.columns.map(castSql).join(', ')} FROM ${src}`,
        mode: 'replace',
      },
    ],
  };
}

/** Imports a Parquet file with the table's columns; rejects missing columns and NULLs in required ones. */
export async function importParquet(
  store: DuckDbMarketStore,
  path: string,
  table: TableName,
): Promise<ImportResult> {
  const spec = tableSpec(table);
  const src = `read_parquet(${lit(path)})`;
  const present = new Set(
    (await store.query(`DESCRIBE SELECT * FROM ${src}`)).map((r) => String(r['column_name'])),
  );
  const missing = spec.columns.filter((c) => !present.has(c.column));
  if (missing.length > 0) {
    throw new ImportError(
      path,
      1,
      1,
      `missing column ${missing.map((c) => `"${c.column}"`).join(', ')}`,
    );
  }
  for (const [index, column] of spec.columns.entries()) {
    if (column.nullable) continue;
    const bad = await store.query(
      `SELECT CAST(n AS DOUBLE) AS n FROM (SELECT row_number() OVER () AS n, ${id(column.column)} AS v FROM ${src}) WHERE v IS NULL LIMIT 1`,
    );
    const row = bad[0]?.['n'];
    if (typeof row === 'number') {
      throw new ImportError(
        path,
        row,
        index + 1,
        `column "${column.column}": required value is NULL (row ${row})`,
      );
    }
  }
  const select = spec.columns.map((c) => `CAST(${id(c.column)} AS ${c.type})`).join(', ');
  const rows = await store.transaction(async (connection) => {
    const stage = await createStage(connection, table);
    const loaded = await connection.run(`INSERT INTO ${stage} SELECT ${select} FROM ${src}`);
    await mergeStage(connection, table);
    return loaded.rowsChanged;
  });
  return { file: path, kind: table, rows };
}
