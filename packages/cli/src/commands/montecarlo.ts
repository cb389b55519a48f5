import type { QuantileSummary } from '@cascade/core';
import {
  DataFormatError,
  monteCarloSpecOf,
  parsePositiveInt,
  positionsFromNote,
  runMonteCarloSummary,
  type MonteCarloSummary,
} from '@cascade/services';
import { parseArgs } from 'node:util';
import { progressBar } from '../cascade/mc-command-support.js';
import { formatUsd } from '../cascade/render.js';
import { scenarioFromArgs } from '../cascade/scenario-source.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { renderTable } from '../table.js';

export const MONTECARLO_HELP = `Usage: cascade montecarlo --scenario FILE --runs N [--threads K] [--data-dir DIR] [--json]

Liquidation-at-risk: N cascades over the scenario's position book, each with a shock size and a
depth withdrawal W drawn from the scenario's "monteCarlo" distributions (seeded: the same
scenario gives the same quantiles on any number of threads). Reports p50/p95/p99 of liquidated
USD, drawdown and insurance-fund loss.

Options:
  --scenario FILE   scenario JSON with a "monteCarlo" section (docs/scenario.md)
  --runs N          number of scenarios (default: the scenario's monteCarlo.runs)
  --threads K       worker threads (default: available cores, at most 8)
  --date DAY        instead of --scenario: the scenario built from data stored before DAY
                    (cascade scenario --date; docs/validation.md)
  --data-dir DIR    market store for "position-book" position sources (default
                    $CASCADE_DATA_DIR, else ./.cascade); opened only when the scenario has one
  --json            print the summary as JSON
  -h, --help        show this help
`;

export async function montecarloCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string' },
      runs: { type: 'string' },
      threads: { type: 'string' },
      'data-dir': { type: 'string' },
      date: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(MONTECARLO_HELP);
    return EXIT_OK;
  }
  if (values.scenario === undefined && values.date === undefined) {
    io.stderr(`montecarlo: --scenario FILE or --date YYYY-MM-DD is required\n\n${MONTECARLO_HELP}`);
    return EXIT_USAGE;
  }
  try {
    const { loaded, origin } = await scenarioFromArgs(values, io.cwd);
    const runs = parsePositiveInt(values.runs, 'runs');
    const bar = progressBar(monteCarloSpecOf(loaded, runs).runs, 'montecarlo');
    let summary: MonteCarloSummary;
    try {
      summary = await runMonteCarloSummary(
        loaded,
        runs,
        parsePositiveInt(values.threads, 'threads'),
        bar.update,
      );
    } finally {
      bar.stop();
    }
    io.stdout(
      values.json
        ? `${JSON.stringify({ ...summary, origin }, null, 2)}\n`
        : `Scenario: ${origin}.\n${renderSummary(summary)}`,
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof DataFormatError) {
      io.stderr(`montecarlo: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

function renderSummary(s: MonteCarloSummary): string {
  const row = (name: string, q: QuantileSummary, f: (v: number) => string): string[] => [
    name,
    f(q.mean),
    f(q.p50),
    f(q.p95),
    f(q.p99),
    f(q.max),
  ];
  const pct = (v: number): string => `${v.toFixed(2)}%`;
  return (
    `Liquidation-at-risk: ${s.scenario}\n${s.positionsFrom.map((p) => `${positionsFromNote(p)}\n`).join('')}${s.runs.toLocaleString('en-US')} scenarios on ${s.threads} thread(s) in ${s.seconds.toFixed(2)} s (${Math.round(s.scenariosPerSecond).toLocaleString('en-US')}/s)\n\n` +
    renderTable(
      ['measure', 'mean', 'p50', 'p95', 'p99', 'max'],
      [
        row('liquidated', s.liquidatedUsd, formatUsd),
        row('  of which longs', s.longLiquidatedUsd, formatUsd),
        row('drawdown', s.drawdownPct, pct),
        row('insurance fund loss', s.insuranceFundLossUsd, formatUsd),
        row('auto-deleveraged', s.adlUsd, formatUsd),
      ],
    )
  );
}
