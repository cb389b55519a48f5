import { buildScenario, DataFormatError, withStore } from '@cascade/services';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';

export const SCENARIO_HELP = `Usage: cascade scenario --date YYYY-MM-DD [--symbol BTC/USDT:USDT] [--out FILE] [--data-dir DIR] [--json]

Writes a cascade scenario (docs/scenario.md) BUILT FROM DATA stored before 00:00 UTC of --date
(docs/validation.md): start price = the last Binance BTC/USDT 1h close before the day; positions =
the fitted position book of binance --symbol at the end of the day before (stored open interest
sets the level); depth = a parametric book whose depth within 1% comes from a depth model on the
trailing 30 days' volume and volatility (an assumption, cited in the file); shock and withdrawal
distributions fitted on the 90 days before. The file's "builtFrom" names the tables and ranges.

Options:
  --date DAY      the UTC day the scenario starts (required)
  --symbol SYM    perpetual whose open interest and position book are used (default BTC/USDT:USDT)
  --out FILE      write the scenario there (default: print it)
  --data-dir DIR  market store (default $CASCADE_DATA_DIR, else ./.cascade)
  --json          print the scenario JSON even with --out
  -h, --help      show this help

Exit codes: 0 ok; 2 bad date or no data stored before it (the message names what is missing).
`;

export async function scenarioCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      date: { type: 'string' },
      symbol: { type: 'string' },
      out: { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(SCENARIO_HELP);
    return EXIT_OK;
  }
  if (values.date === undefined) {
    io.stderr(`scenario: --date YYYY-MM-DD is required\n\n${SCENARIO_HELP}`);
    return EXIT_USAGE;
  }
  const date = values.date;
  try {
    const started = performance.now();
    const built = await withStore(io.cwd, values['data-dir'], (store) =>
      buildScenario(store, date, values.symbol === undefined ? {} : { symbol: values.symbol }),
    );
    const text = `${JSON.stringify(built.scenario, null, 1)}\n`;
    if (values.out !== undefined) {
      await writeFile(values.out, text);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      io.stderr(`scenario: built from data stored before ${date} → ${values.out} (${seconds} s)\n`);
    }
    if (values.out === undefined || values.json) io.stdout(text);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof DataFormatError) {
      io.stderr(`scenario: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
