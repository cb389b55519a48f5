import { StoreInUseError } from '@cascade/adapters';
import { briefCommand } from './commands/brief.js';
import { dataCommand } from './commands/data.js';
import { contagionCommand } from './commands/contagion.js';
import { demoCommand } from './commands/demo.js';
import { divergenceCommand } from './commands/divergence.js';
import { exportCommand } from './commands/export.js';
import { fedwatchCommand } from './commands/fedwatch.js';
import { heatmapCommand } from './commands/heatmap.js';
import { historyCommand } from './commands/history.js';
import { levelsCommand } from './commands/levels.js';
import { importCommand } from './commands/import.js';
import { ingestCommand } from './commands/ingest.js';
import { ingestMacroCommand } from './commands/ingest-macro.js';
import { liqPriceCommand } from './commands/liq-price.js';
import { ratesCommand } from './commands/rates.js';
import { riskCommand } from './commands/risk.js';
import { monitorCommand } from './commands/monitor.js';
import { montecarloCommand } from './commands/montecarlo.js';
import { scenarioCommand } from './commands/scenario.js';
import { backtestCommand } from './commands/backtest.js';
import { simulateCommand } from './commands/simulate.js';
import { stressCommand } from './commands/stress.js';
import { serveCommand } from './commands/serve.js';
import { startCommand } from './commands/start.js';
import { watchLiquidationsCommand } from './commands/watch-liquidations.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo } from './io.js';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; summary: string }>> = {
  'liq-price': {
    run: liqPriceCommand,
    summary: 'liquidation / bankruptcy / fillable prices of positions',
  },
  fedwatch: {
    run: fedwatchCommand,
    summary: 'FOMC outcome probabilities from fed funds futures (CME method)',
  },
  contagion: {
    run: contagionCommand,
    summary: 'altcoin contagion on a day: betas, BTC-pair split, breadth, past events',
  },
  divergence: {
    run: divergenceCommand,
    summary: 'BTC vs equities: alignment, correlation/beta, divergence days, attribution',
  },
  rates: {
    run: ratesCommand,
    summary: 'equities vs the 2-year yield; first-cut study (index and BTC paths)',
  },
  history: {
    run: historyCommand,
    summary: 'rank a day against 16 past liquidation events; most similar event',
  },
  levels: {
    run: levelsCommand,
    summary: 'support/resistance levels with strength; breaches on a day',
  },
  risk: {
    run: riskCommand,
    summary: 'positions: liquidation distance, sizing, max leverage vs history, funding',
  },
  brief: {
    run: briefCommand,
    summary: 'market brief: article with SEO metadata, charts, facts table; --check grounding',
  },
  heatmap: {
    run: heatmapCommand,
    summary: 'estimated liquidation map and per-bar forecast (fitted model); --validate, --fit',
  },
  simulate: {
    run: simulateCommand,
    summary: 'one liquidation cascade through order-book depth (scenario file)',
  },
  montecarlo: {
    run: montecarloCommand,
    summary: 'liquidation-at-risk: quantiles over many seeded cascades',
  },
  scenario: {
    run: scenarioCommand,
    summary: 'a cascade scenario built from data stored before a date',
  },
  backtest: {
    run: backtestCommand,
    summary: 'walk-forward backtest of the simulator against realized liquidations',
  },
  stress: {
    run: stressCommand,
    summary: 'your positions in a simulated market: P(liquidation), loss, shock',
  },
  demo: { run: demoCommand, summary: 'sample portfolio through the 2025-11-21 sell-off' },
  monitor: {
    run: monitorCommand,
    summary: 'alert rules on live feeds or replayed data; webhook/Telegram/Discord delivery',
  },
  start: {
    run: startCommand,
    summary: 'load the embedded dataset (first run), then serve the dashboard and API',
  },
  serve: { run: serveCommand, summary: 'HTTP API + dashboard on 127.0.0.1:8686 (--host, --port)' },
  data: { run: dataCommand, summary: 'load the embedded dataset into the store (init), status' },
  import: {
    run: importCommand,
    summary: 'import a market-data file (CSV/Parquet/JSON) into the store',
  },
  export: { run: exportCommand, summary: 'export a store table to CSV or Parquet' },
  ingest: {
    run: ingestCommand,
    summary: 'download OHLCV, open interest, funding via ccxt (resumable)',
  },
  'ingest-macro': {
    run: ingestMacroCommand,
    summary: 'download FRED rates and Yahoo index / ZQ futures history',
  },
  'watch-liquidations': {
    run: watchLiquidationsCommand,
    summary: 'stream Binance/Bybit/OKX liquidations into the store',
  },
};

const NAME_WIDTH = Math.max(...Object.keys(COMMANDS).map((name) => name.length));

export const MAIN_HELP = `Usage: cascade <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(NAME_WIDTH)} ${summary}`)
  .join('\n')}

Run "cascade <command> --help" for a command's options.
`;

/** Runs the CLI; returns the exit code. Usage errors exit 2 with the reason on stderr. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`cascade: unknown command "${name}"\n\n${MAIN_HELP}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof StoreInUseError) {
      io.stderr(`cascade ${name}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`cascade ${name}: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
