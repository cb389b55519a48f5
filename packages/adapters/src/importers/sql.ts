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
 * read_csv over a (possibly .gz) file whose every cell was validated: no sniffing, the header's
 * columns in order with their read types (a blank is NULL unless `blankIsText`). Only an
 * out-of-range number can still fail here.
 */
export function readCsvSql(path: string, columns: readonly CsvColumn[]): string {
  const types = columns.map((c) => `${lit(c.name)}: ${lit(c.type)}`).join(', ');
  const keep = columns.filter((c) => c.blankIsText === true).map((c) => lit(c.name));
  const forceNotNull = keep.length === 0 ? '' : `, force_not_null = [${keep.join(', ')}]`;
  return `read_csv(${lit(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${types}}${forceNotNull})`;
}
