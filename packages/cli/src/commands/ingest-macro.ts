import { fetchFredSeries, fetchYahooDaily, ImportError } from '@cascade/adapters';
import { parseArgs } from 'node:util';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { withStore } from '@cascade/services';

export const INGEST_MACRO_HELP = `Usage: cascade ingest-macro --since DATE [--until DATE] [--fred IDS] [--yahoo SYMBOLS] [--data-dir DIR]

Downloads macro series into the store:
  --fred    FRED series as fredgraph.csv (default DFF,DGS2,DGS10,DFEDTARU,DFEDTARL), percent
  --yahoo   Yahoo daily bars via yahoo-finance2 (default ^GSPC,^IXIC,^VIX); ZQ fed funds
            futures as e.g. ZQZ25.CBT go to fed_funds_futures
Daily values are stamped 00:00 UTC of their (exchange-local) date. Re-running is idempotent.
`;

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function parseTime(text: string): number {
  return Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
}

export async function ingestMacroCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean', short: 'h', default: false },
      since: { type: 'string' },
      until: { type: 'string' },
      fred: { type: 'string', default: 'DFF,DGS2,DGS10,DFEDTARU,DFEDTARL' },
      yahoo: { type: 'string', default: '^GSPC,^IXIC,^VIX' },
      'data-dir': { type: 'string' },
    },
  });
  if (values.help) {
    io.stdout(INGEST_MACRO_HELP);
    return EXIT_OK;
  }
  if (values.since === undefined || !Number.isFinite(parseTime(values.since))) {
    io.stderr('cascade ingest-macro: --since DATE is required (e.g. 2025-01-01)\n');
    return EXIT_USAGE;
  }
  const untilMs = values.until === undefined ? Date.now() : parseTime(values.until);
  if (!Number.isFinite(untilMs)) {
    io.stderr(`cascade ingest-macro: --until: not a date "${values.until ?? ''}"\n`);
    return EXIT_USAGE;
  }
  const options = { sinceMs: parseTime(values.since), untilMs };
  let failures = 0;
  await withStore(io.cwd, values['data-dir'], async (store) => {
    const jobs = [
      ...list(values.fred).map((id) => ({
        name: `fred ${id}`,
        run: () => fetchFredSeries(store, id, options),
      })),
      ...list(values.yahoo).map((s) => ({
        name: `yahoo ${s}`,
        run: () => fetchYahooDaily(store, s, options),
      })),
    ];
    for (const job of jobs) {
      try {
        io.stdout(`${job.name}: ${String(await job.run())} rows\n`);
      } catch (error) {
        failures++;
        const reason =
          error instanceof ImportError || error instanceof Error ? error.message : String(error);
        io.stderr(`${job.name}: ${reason}\n`);
      }
    }
  });
  return failures === 0 ? EXIT_OK : EXIT_FAILURE;
}
