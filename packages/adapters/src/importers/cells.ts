/** Cell kinds of importable CSV columns, with their validator and the SQL that converts a VARCHAR. */
export type CellKind =
  'decimal' | 'decimal?' | 'int' | 'ms' | 'time' | 'date' | 'yahoo-time' | 'text' | 'side';

const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const INT = /^-?\d+$/;
const MS = /^\d{10,13}$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATETIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])([ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?Z?)?$/;
const YAHOO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

export const CELL_CHECKS: Readonly<
  Record<CellKind, { test: (v: string) => boolean; expected: string }>
> = {
  decimal: { test: (v) => DECIMAL.test(v), expected: 'a decimal number' },
  'decimal?': {
    test: (v) => v === '' || v === '.' || v === 'NA' || DECIMAL.test(v),
    expected: 'a decimal number or blank',
  },
  int: { test: (v) => INT.test(v), expected: 'an integer' },
  ms: { test: (v) => MS.test(v), expected: 'epoch milliseconds' },
  // Surrounding blanks are tolerated (one Binance bookDepth row starts with a space).
  time: {
    test: (v) => MS.test(v.trim()) || DATETIME.test(v.trim()),
    expected: 'epoch ms or a UTC date-time',
  },
  date: { test: (v) => DATE.test(v), expected: 'a YYYY-MM-DD date' },
  'yahoo-time': { test: (v) => YAHOO.test(v), expected: 'YYYY-MM-DD hh:mm:ss±hh:mm' },
  text: { test: () => true, expected: 'text' },
  side: { test: (v) => /^(b|a|bid|ask|long|short|buy|sell)$/i.test(v), expected: 'a side' },
};

/** SQL converting the VARCHAR column `c` (already quoted) to the stored value. */
export function cellSql(kind: CellKind, c: string): string {
  switch (kind) {
    case 'decimal':
      return `CAST(${c} AS DOUBLE)`;
    case 'decimal?':
      return `TRY_CAST(${c} AS DOUBLE)`;
    case 'int':
      return `CAST(${c} AS BIGINT)`;
    case 'ms':
      return `CAST(${c} AS BIGINT)`;
    case 'time':
      return `(CASE WHEN regexp_full_match(trim(${c}), '\\d+') THEN CAST(trim(${c}) AS BIGINT) ELSE epoch_ms(CAST(replace(trim(${c}), 'Z', '') AS TIMESTAMP)) END)`;
    case 'date':
      return `epoch_ms(CAST(CAST(${c} AS DATE) AS TIMESTAMP))`;
    case 'yahoo-time':
      // Daily bars keep their exchange-local trading date, stamped 00:00 UTC (see docs).
      return `epoch_ms(CAST(CAST(substr(${c}, 1, 10) AS DATE) AS TIMESTAMP))`;
    case 'text':
    case 'side':
      return c;
  }
}
