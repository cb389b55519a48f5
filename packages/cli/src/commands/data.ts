import {
  loadEmbeddedDataset,
  TABLE_NAMES,
  type DuckDbMarketStore,
  type LoadResult,
} from '@cascade/adapters';
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { repoRoot, withStore } from '@cascade/services';

export const DATA_HELP = `Usage: cascade data <init|status> [--data-dir DIR] [--force]

  init     Load the embedded dataset (data/, see data/SOURCES.md) into the DuckDB store.
           A no-op when the same dataset is already loaded (use --force to reload).
  status   Row counts per table.

Options:
  --data-dir DIR   store directory (default: $CASCADE_DATA_DIR, else ./.cascade)
  --force          reload even if already loaded
  --quiet          no progress bar
`;

/** Loads the embedded dataset with a progress bar on stderr (when it is a terminal). */
export async function initDataset(
  store: DuckDbMarketStore,
  io: CliIo,
  options: { force: boolean; quiet: boolean },
): Promise<LoadResult> {
  const bar =
    options.quiet || !process.stderr.isTTY
      ? undefined
      : new SingleBar({
          format: 'loading data [{bar}] {value}/{total} files  {file}',
          hideCursor: true,
        });
  const started = performance.now();
  let announced = false;
  const result = await loadEmbeddedDataset(
    store,
    repoRoot(),
    ({ done, total, file }) => {
      if (!announced && !options.quiet) {
        io.stderr('Loading the embedded dataset into the store (first run only)...\n');
        announced = true;
      }
      if (bar === undefined) return;
      if (done === 0) bar.start(total, 0, { file });
      bar.update(done, { file: file.replace(/^.*\//, '') });
    },
    options.force,
  );
  bar?.stop();
  if (result.loaded && !options.quiet) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.stderr(
      `Loaded ${result.rows.toLocaleString('en-US')} rows from ${result.files} files in ${seconds} s.\n`,
    );
  }
  return result;
}

async function status(store: DuckDbMarketStore, io: CliIo): Promise<void> {
  const lines = [`store: ${store.path}`, `schema version: ${await store.schemaVersion()}`];
  for (const table of TABLE_NAMES)
    lines.push(`${table.padEnd(20)} ${String(await store.count(table)).padStart(9)}`);
  io.stdout(`${lines.join('\n')}\n`);
}

export async function dataCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    io.stdout(DATA_HELP);
    return EXIT_OK;
  }
  const [action] = positionals;
  if (action !== 'init' && action !== 'status') {
    io.stderr(`cascade data: expected "init" or "status"\n\n${DATA_HELP}`);
    return EXIT_USAGE;
  }
  return withStore(io.cwd, values['data-dir'], async (store) => {
    if (action === 'status') {
      await status(store, io);
      return EXIT_OK;
    }
    const result = await initDataset(store, io, { force: values.force, quiet: values.quiet });
    io.stdout(result.loaded ? `dataset loaded: ${result.rows} rows\n` : 'dataset already loaded\n');
    return EXIT_OK;
  });
}
