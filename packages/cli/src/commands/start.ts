import { parseArgs } from 'node:util';
import { EXIT_OK, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';
import { initDataset } from './data.js';
import { demoCommand } from './demo.js';

export const START_HELP = `Usage: cascade start [--data-dir DIR]

First run: loads the embedded dataset into the DuckDB store (progress bar, about 10 s).
Then runs "cascade demo". Later runs skip the load.
`;

export async function startCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(START_HELP);
    return EXIT_OK;
  }
  await withStore(io.cwd, values['data-dir'], (store) =>
    initDataset(store, io, { force: false, quiet: false }),
  );
  return demoCommand([], io);
}
