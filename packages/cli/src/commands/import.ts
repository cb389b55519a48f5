import { ImportError, importFile, importKinds, timeframeMs, TABLE_NAMES } from '@cascade/adapters';
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';

export const IMPORT_HELP = `Usage: cascade import FILE --kind KIND [--exchange X] [--symbol S] [--timeframe T] [--data-dir DIR]

Imports a CSV (optionally .gz), Parquet or JSON file into the market-data store in one
transaction, with a progress bar on a terminal. Re-importing the same file changes nothing; a malformed file writes nothing and the
error names file, line and column. Exchange, symbol and timeframe are read from shared-data file
names (binance_spot_BTCUSDT_1d_..., fred_DGS2_..., yahoo_GSPC_...) unless given.

Kinds (formats of ../shared/data, documented in docs/market-data.md):
  ${importKinds().join(', ')}
Generic (the table's own columns, as written by "cascade export"; CSV or Parquet):
  ${TABLE_NAMES.join(', ')}
`;

export async function importCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      kind: { type: 'string' },
      exchange: { type: 'string' },
      symbol: { type: 'string' },
      timeframe: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(IMPORT_HELP);
    return EXIT_OK;
  }
  const [file] = positionals;
  const kind = values.kind;
  if (file === undefined || kind === undefined) {
    io.stderr(`cascade import: FILE and --kind are required\n\n${IMPORT_HELP}`);
    return EXIT_USAGE;
  }
  if (!importKinds().includes(kind) && !(TABLE_NAMES as readonly string[]).includes(kind)) {
    io.stderr(`cascade import: unknown --kind "${kind}" (see --help)\n`);
    return EXIT_USAGE;
  }
  const interval = values.timeframe === undefined ? undefined : timeframeMs(values.timeframe);
  if (values.timeframe !== undefined && interval === undefined) {
    io.stderr(
      `cascade import: unknown --timeframe "${values.timeframe}" (1m, 5m, 15m, 1h, 2h, 4h, 8h, 1d)\n`,
    );
    return EXIT_USAGE;
  }
  const options = {
    ...(values.exchange === undefined ? {} : { exchange: values.exchange }),
    ...(values.symbol === undefined ? {} : { symbol: values.symbol }),
    ...(values.timeframe === undefined ? {} : { timeframe: values.timeframe }),
    ...(interval === undefined ? {} : { intervalMs: interval }),
  };
  const path = resolve(io.cwd, file);
  // On a terminal, DuckDB's progress of the load (shown once a load takes a moment).
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'importing [{bar}] {percentage}%', hideCursor: true })
    : undefined;
  let shown = false;
  const onProgress = (percent: number): void => {
    if (!shown) bar?.start(100, 0);
    shown = true;
    bar?.update(Math.round(percent));
  };
  try {
    const result = await withStore(io.cwd, values['data-dir'], async (store) => {
      const imported = await importFile(store, path, kind, {
        ...options,
        ...(bar === undefined ? {} : { onProgress }),
      });
      if (shown) bar?.update(100);
      return imported;
    }).finally(() => {
      if (shown) bar?.stop();
    });
    io.stdout(`imported ${result.rows} rows from ${file} (${result.kind})\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof ImportError) {
      io.stderr(`cascade import: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      io.stderr(`cascade import: ${file}: no such file\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
