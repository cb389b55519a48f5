/** A SQL string literal. */
export const lit = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A quoted SQL identifier. */
export const id = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A column of a CSV file as read: its header name, read type, and whether a blank stays ''. */
export interface CsvColumn {
  readonly name: string;
  readonly type: 'DOUBLE' | 'BIGINT' | 'VARCHAR';
  readonly blankIsText?: boolean;
}

/**
 * DuckDB's CSV read buffer. Its default (16 × the 2 MB line limit) makes DuckDB touch memory as
 * large as the whole file for a file under 32 MB; fresh memory costs a page fault per 4 KiB, and
 * on the virtual machines this runs on a fault costs ~15 µs (measured: a 7 MB file's typed load
 * took 3,392 faults and ~100 ms with this buffer, 4,900 faults and ~130 ms with the default). A
 * line must fit the buffer: importers reject lines over MAX_LINE_BYTES (a quarter of this).
 */
const READ_BUFFER_BYTES = 1 << 18;

/**
 * read_csv over a (possibly .gz) file whose every cell was validated: no sniffing, the header's
 * columns in order with their read types (a blank is NULL unless `blankIsText`). Only an
 * out-of-range number can still fail here.
 */
export function readCsvSql(path: string, columns: readonly CsvColumn[]): string {
  const types = columns.map((c) => `${lit(c.name)}: ${lit(c.type)}`).join(', ');
  const keep = columns.filter((c) => c.blankIsText === true).map((c) => lit(c.name));
  const forceNotNull = keep.length === 0 ? '' : `, force_not_null = [${keep.join(', ')}]`;
  return `read_csv(${lit(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${types}}${forceNotNull}, buffer_size = ${String(READ_BUFFER_BYTES)})`;
}
