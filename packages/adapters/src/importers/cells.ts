/** Cell kinds of importable CSV columns, with their validator and the SQL that converts a VARCHAR. */
export type CellKind =
  | 'decimal'
  | 'decimal?'
  | 'blank-or-decimal'
  | 'int'
  | 'blank-or-int'
  | 'ms'
  | 'time'
  | 'date'
  | 'yahoo-time'
  | 'text'
  | 'side';

const DECIMAL = String.raw`-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const INT = String.raw`-?\d+`;
const MS = String.raw`\d{10,13}`;
const DATE = String.raw`\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])`;
const DATETIME = String.raw`${DATE}(?:[ T](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?Z?)?`;
const YAHOO = String.raw`${DATE} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}`;
const SIDE = ['b', 'a', 'bid', 'ask', 'long', 'short', 'buy', 'sell']
  .map((word) => word.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`))
  .join('|');

/**
 * Each kind as an unanchored regular-expression source over one unquoted cell (no comma, quote or
 * line break). `checkCsv` joins them into one pattern per line; `CELL_CHECKS` anchors them per cell.
 */
export const CELL_PATTERNS: Readonly<Record<CellKind, string>> = {
  decimal: DECIMAL,
  'decimal?': String.raw`|\.|NA|${DECIMAL}`,
  'blank-or-decimal': `|${DECIMAL}`,
  int: INT,
  'blank-or-int': `|${INT}`,
  ms: MS,
  // Surrounding blanks are tolerated (one Binance bookDepth row starts with a space).
  time: String.raw`[ \t]*(?:${MS}|${DATETIME})[ \t]*`,
  date: DATE,
  'yahoo-time': YAHOO,
  text: String.raw`[^,"\r\n]*`,
  side: SIDE,
};

const EXPECTED: Readonly<Record<CellKind, string>> = {
  decimal: 'a decimal number',
  'decimal?': 'a decimal number or blank',
  'blank-or-decimal': 'a decimal number or blank',
  int: 'an integer',
  'blank-or-int': 'an integer or blank',
  ms: 'epoch milliseconds',
  time: 'epoch ms or a UTC date-time',
  date: 'a YYYY-MM-DD date',
  'yahoo-time': 'YYYY-MM-DD hh:mm:ss±hh:mm',
  text: 'text',
  side: 'a side',
};

const anchored = (kind: CellKind): RegExp =>
  // A quoted text cell may hold commas and quotes; the other kinds never do.
  kind === 'text' ? /^/ : new RegExp(`^(?:${CELL_PATTERNS[kind]})$`);

export const CELL_CHECKS: Readonly<
  Record<CellKind, { test: (v: string) => boolean; expected: string }>
> = Object.fromEntries(
  (Object.keys(CELL_PATTERNS) as CellKind[]).map((kind) => {
    const pattern = anchored(kind);
    return [kind, { test: (v: string) => pattern.test(v), expected: EXPECTED[kind] }];
  }),
) as Record<CellKind, { test: (v: string) => boolean; expected: string }>;

/**
 * The type DuckDB's CSV reader parses a validated column as (blank = NULL); kinds that need SQL to
 * convert them stay VARCHAR.
 */
export function readType(kind: CellKind | undefined): 'DOUBLE' | 'BIGINT' | 'VARCHAR' {
  switch (kind) {
    case 'decimal':
    case 'blank-or-decimal':
      return 'DOUBLE';
    case 'int':
    case 'blank-or-int':
    case 'ms':
      return 'BIGINT';
    default:
      return 'VARCHAR';
  }
}

/** SQL converting column `c` (already quoted; VARCHAR or its `readType`) to the stored value. */
export function cellSql(kind: CellKind, c: string): string {
  switch (kind) {
    case 'decimal':
    case 'blank-or-decimal':
      return `CAST(${c} AS DOUBLE)`;
    case 'decimal?':
      return `TRY_CAST(${c} AS DOUBLE)`;
    case 'int':
    case 'blank-or-int':
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
