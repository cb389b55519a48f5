import { exportTable, isTableName, TABLE_NAMES, type RangeQuery } from '@cascade/adapters';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';

export const EXPORT_HELP = `Usage: cascade export --table T --format csv|parquet --out FILE [--from DATE] [--to DATE]
                      [--symbol S] [--exchange X] [--series ID] [--data-dir DIR]

Writes a store table (its own columns; "cascade import FILE --kind T" reads it back).
--from/--to are inclusive UTC dates or date-times (2025-11-01, 2025-11-21T12:00Z).
Tables: ${TABLE_NAMES.join(', ')}
`;

function parseTime(text: string | undefined, flag: string): number | undefined | Error {
  if (text === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isFinite(ms) ? ms : new Error(`--${flag}: not a date "${text}"`);
}

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      table: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      symbol: { type: 'string' },
      exchange: { type: 'string' },
      series: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(EXPORT_HELP);
    return EXIT_OK;
  }
  const usage = (message: string): number => {
    io.stderr(`cascade export: ${message}\n`);
    return EXIT_USAGE;
  };
  const { table, format, out } = values;
  if (table === undefined || !isTableName(table))
    return usage(`--table must be one of ${TABLE_NAMES.join(', ')}`);
  if (format !== 'csv' && format !== 'parquet') return usage('--format must be csv or parquet');
  if (out === undefined) return usage('--out FILE is required');
  const from = parseTime(values.from, 'from');
  const to = parseTime(values.to, 'to');
  if (from instanceof Error) return usage(from.message);
  if (to instanceof Error) return usage(to.message);
  const query: RangeQuery = {
    ...(from === undefined ? {} : { fromMs: from }),
    ...(to === undefined ? {} : { toMs: to }),
    ...(values.symbol === undefined ? {} : { symbol: values.symbol }),
    ...(values.exchange === undefined ? {} : { exchange: values.exchange }),
    ...(values.series === undefined ? {} : { series: values.series }),
  };
  const rows = await withStore(io.cwd, values['data-dir'], (store) =>
    exportTable(store, table, format, resolve(io.cwd, out), query),
  );
  io.stdout(`exported ${rows} rows of ${table} to ${out}\n`);
  return EXIT_OK;
}
