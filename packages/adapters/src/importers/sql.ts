/** A SQL string literal. */
export const lit = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** A quoted SQL identifier. */
export const id = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** read_csv over a (possibly .gz) file with every column as VARCHAR; validation happened before. */
export const readCsvSql = (path: string): string =>
  `read_csv(${lit(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
