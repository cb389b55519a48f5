import { parseArgs } from 'node:util';
import { EXIT_OK, type CliIo } from '../io.js';
import { serveCommand } from './serve.js';

export const START_HELP = `Usage: cascade start [--data-dir DIR]

The main job (npm start): loads the embedded dataset into the DuckDB store on the first run
(progress bar, a few seconds; later runs skip it), then serves the dashboard and the HTTP API on
http://127.0.0.1:8686 until Ctrl-C. "cascade serve" takes the host, port and live-feed options;
"cascade demo" prints the sample portfolio walk-through.
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
  return serveCommand(
    values['data-dir'] === undefined ? [] : ['--data-dir', values['data-dir']],
    io,
  );
}
