import {
  DataFormatError,
  formatIssue,
  parsePositionRecords,
  parsePositiveInt,
  positionBookStressMarket,
  positionsFromNote,
  readScenarioBooks,
  readScenarioFile,
  runStress,
  STRESS_TEMPLATE,
  withStore,
  type BookRead,
  type Scenario,
  type StressDocument,
} from '@cascade/services';
import { parseArgs } from 'node:util';
import { progressBar } from '../cascade/mc-command-support.js';
import { formatUsd } from '../cascade/render.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatPercent, formatPrice, renderTable } from '../table.js';

export const STRESS_HELP = `Usage: cascade stress --positions FILE [--scenario FILE | --as-of YYYY-MM-DD] [--runs N] [--threads K] [--data-dir DIR] [--json]

Puts your positions into a simulated market and runs the Monte Carlo cascades: for each position,
the probability of liquidation, the expected loss (probability × collateral), and the smallest
exogenous market sell (longs) or buy (shorts) that liquidates it at the scenario's typical
depth withdrawal.

Without --scenario the market's other positions are drawn from the fitted liquidation model's
position book (docs/heatmap.md) over the stored Binance BTC/USDT:USDT open interest, at the end
of --as-of (20,000 positions; the start price is the book's last close), with the order book,
engine and Monte Carlo distributions of ${STRESS_TEMPLATE}. The output names the model.

Options:
  --positions FILE  position records, the same schema as liq-price (docs/position-record.md)
  --scenario FILE   market scenario (docs/scenario.md) instead of the position book
  --as-of DATE      the position book at the end of this UTC day (default: the last day with
                    stored open interest)
  --data-dir DIR    market store (default $CASCADE_DATA_DIR, else ./.cascade)
  --runs N          Monte Carlo scenarios (default: the scenario's monteCarlo.runs)
  --threads K       worker threads (default: available cores, at most 8)
  --json            print the rows as JSON
  -h, --help        show this help
`;

export async function stressCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      positions: { type: 'string' },
      scenario: { type: 'string' },
      'as-of': { type: 'string' },
      'data-dir': { type: 'string' },
      runs: { type: 'string' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(STRESS_HELP);
    return EXIT_OK;
  }
  if (values.positions === undefined) {
    io.stderr(`stress: --positions FILE is required\n\n${STRESS_HELP}`);
    return EXIT_USAGE;
  }
  if (values.scenario !== undefined && values['as-of'] !== undefined) {
    io.stderr('stress: --as-of applies to the position-book market; not with --scenario\n');
    return EXIT_USAGE;
  }
  try {
    const parsed = parsePositionRecords(await io.readFile(values.positions));
    if (!parsed.ok) throw new DataFormatError(formatIssue(values.positions, parsed.issue));
    const market = await stressMarket(values.scenario, values['as-of'], io.cwd, values['data-dir']);
    const runs = parsePositiveInt(values.runs, 'runs');
    const total = runs ?? market.scenario.monteCarlo?.runs;
    const bar = progressBar(total ?? 0, 'stress');
    let document;
    try {
      document = await runStress(
        parsed.specs,
        market.scenario,
        market.file,
        runs,
        parsePositiveInt(values.threads, 'threads'),
        bar.update,
        market.books,
      );
    } finally {
      bar.stop();
    }
    io.stdout(values.json ? `${JSON.stringify(document, null, 2)}\n` : render(document));
    return EXIT_OK;
  } catch (error) {
    if (error instanceof DataFormatError) {
      io.stderr(`stress: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** The scenario file's market (its position books read when it has any), else the position book. */
async function stressMarket(
  file: string | undefined,
  asOf: string | undefined,
  cwd: string,
  dataDir: string | undefined,
): Promise<{ scenario: Scenario; file: string; books: readonly BookRead[] }> {
  if (file === undefined)
    return withStore(cwd, dataDir, (store) => positionBookStressMarket(store, asOf));
  const scenario = readScenarioFile(file);
  return { scenario, file, books: await readScenarioBooks(scenario, file, cwd, dataDir) };
}

function render({ scenario, positionsFrom, runs, positions: rows }: StressDocument): string {
  return (
    `Stress test in "${scenario}" (${runs.toLocaleString('en-US')} Monte Carlo scenarios)\n` +
    positionsFrom.map((p) => `${positionsFromNote(p)}\n`).join('') +
    '\n' +
    renderTable(
      [
        '#',
        'venue',
        'symbol',
        'side',
        'liquidation',
        'collateral',
        'P(liquidated)',
        'expected loss',
        'shock that liquidates',
      ],
      rows.map((r) => [
        String(r.input),
        r.venue,
        r.symbol,
        r.side,
        formatPrice(r.liquidationPrice),
        r.collateralUsd === null ? '—' : formatUsd(r.collateralUsd),
        formatPercent(r.probabilityOfLiquidation, 1),
        r.expectedLossUsd === null ? '—' : formatUsd(r.expectedLossUsd),
        r.liquidatingShockUsd === null
          ? r.note
            ? '—'
            : 'none up to $1T'
          : formatUsd(r.liquidatingShockUsd),
      ]),
    ) +
    rows
      .filter((r) => r.note)
      .map((r) => `#${r.input}: ${r.note}\n`)
      .join('') +
    'Shock: exogenous market sell (longs) or buy (shorts) at the scenario’s typical depth withdrawal.\n'
  );
}
