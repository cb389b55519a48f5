import {
  DataFormatError,
  formatIssue,
  parsePositionRecords,
  parsePositiveInt,
  readScenarioFile,
  repoRoot,
  runStress,
  type StressRow,
} from '@cascade/services';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { progressBar } from '../cascade/mc-command-support.js';
import { formatUsd } from '../cascade/render.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { formatPercent, formatPrice, renderTable } from '../table.js';

export const STRESS_HELP = `Usage: cascade stress --positions FILE [--scenario FILE] [--runs N] [--threads K] [--json]

Puts your positions into a simulated market and runs the Monte Carlo cascades: for each position,
the probability of liquidation, the expected loss (probability × collateral), and the smallest
exogenous market sell (longs) or buy (shorts) that liquidates it at the scenario's typical
depth withdrawal.

Options:
  --positions FILE  position records, the same schema as liq-price (docs/position-record.md)
  --scenario FILE   market scenario (default: examples/scenarios/2025-11-21.json)
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
  try {
    const parsed = parsePositionRecords(await io.readFile(values.positions));
    if (!parsed.ok) throw new DataFormatError(formatIssue(values.positions, parsed.issue));
    const scenarioFile =
      values.scenario ?? join(repoRoot(), 'examples', 'scenarios', '2025-11-21.json');
    const scenario = readScenarioFile(scenarioFile);
    const runs = parsePositiveInt(values.runs, 'runs');
    const total = runs ?? scenario.monteCarlo?.runs;
    const bar = progressBar(total ?? 0, 'stress');
    let document;
    try {
      document = await runStress(
        parsed.specs,
        scenario,
        scenarioFile,
        runs,
        parsePositiveInt(values.threads, 'threads'),
        bar.update,
      );
    } finally {
      bar.stop();
    }
    io.stdout(
      values.json
        ? `${JSON.stringify(document, null, 2)}\n`
        : render(document.scenario, document.runs, document.positions),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof DataFormatError) {
      io.stderr(`stress: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function render(name: string, runs: number, rows: readonly StressRow[]): string {
  return (
    `Stress test in "${name}" (${runs.toLocaleString('en-US')} Monte Carlo scenarios)\n\n` +
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
