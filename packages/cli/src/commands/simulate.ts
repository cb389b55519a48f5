import { eventsOf, hashEvents, runCascade } from '@cascade/core';
import {
  DataFormatError,
  engineParamsOf,
  positionsFromNote,
  simulationSummary,
} from '@cascade/services';
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatUsd, renderResult } from '../cascade/render.js';
import { scenarioFromArgs } from '../cascade/scenario-source.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';

export const SIMULATE_HELP = `Usage: cascade simulate --scenario FILE [--events OUT.jsonl] [--data-dir DIR] [--json]

Runs one liquidation cascade: the scenario's shock walks the order book, the mark crosses
liquidation prices (venue margin engines), forced orders walk the book, the insurance fund and
auto-deleveraging absorb what the book cannot. Deterministic for a given scenario and seed.

Scenario format: docs/scenario.md; examples in examples/scenarios/.

Options:
  --scenario FILE   scenario JSON (required)
  --events OUT      write the event log as JSON lines (price moved, position liquidated,
                    insurance fund credited/debited/took over, auto-deleveraged)
  --date DAY        instead of --scenario: the scenario built from data stored before DAY
                    (cascade scenario --date; docs/validation.md)
  --data-dir DIR    market store for "position-book" position sources (default
                    $CASCADE_DATA_DIR, else ./.cascade); opened only when the scenario has one
  --json            print the result object
  -h, --help        show this help

Exit codes: 0 ok; 2 invalid scenario (the message names the file and field); 1 runtime error.
`;

export async function simulateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scenario: { type: 'string' },
      events: { type: 'string' },
      'data-dir': { type: 'string' },
      date: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(SIMULATE_HELP);
    return EXIT_OK;
  }
  if (values.scenario === undefined && values.date === undefined) {
    io.stderr(`simulate: --scenario FILE or --date YYYY-MM-DD is required\n\n${SIMULATE_HELP}`);
    return EXIT_USAGE;
  }
  let loaded;
  let origin: string;
  try {
    ({ loaded, origin } = await scenarioFromArgs(values, io.cwd));
  } catch (error) {
    if (error instanceof DataFormatError || isNotFound(error)) {
      io.stderr(`simulate: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const run = runCascade(loaded.positions, loaded.book, engineParamsOf(loaded.scenario));
  if (values.events !== undefined) await writeEvents(values.events, run.events);
  if (values.json) {
    io.stdout(`${JSON.stringify(simulationSummary(loaded, run), null, 2)}\n`);
    return EXIT_OK;
  }
  const { scenario } = loaded;
  const reported = scenario.reported;
  const notes = [
    `Scenario: ${origin}.`,
    `Book: ${loaded.bookNote}; positions: ${(loaded.positions.longs.count + loaded.positions.shorts.count).toLocaleString('en-US')} (${loaded.excluded} excluded: already past liquidation at the start price or invalid).`,
    ...loaded.positionsFrom.map(positionsFromNote),
    `Event log: ${run.events.length.toLocaleString('en-US')} events, hash ${hashEvents(run.events)}.`,
  ];
  if (reported?.liquidatedUsd) {
    notes.push(
      `Reported: ${formatUsd(reported.liquidatedUsd)} liquidated${reported.minPriceUsd ? `, low ${reported.minPriceUsd.toLocaleString('en-US')}` : ''} (${reported.source}). Reported totals are lower bounds.`,
    );
  }
  io.stdout(renderResult(`Cascade: ${scenario.name}`, run.result, notes));
  return run.result.steps > 0 ? EXIT_OK : EXIT_FAILURE;
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

async function writeEvents(path: string, log: Parameters<typeof eventsOf>[0]): Promise<void> {
  const out = createWriteStream(path);
  for (const event of eventsOf(log)) {
    if (!out.write(`${JSON.stringify(event)}\n`))
      await new Promise<void>((resolve) =>
        out.once('drain', () => {
          resolve();
        }),
      );
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => {
      if (error) reject(error);
      else resolve();
    }),
  );
}
