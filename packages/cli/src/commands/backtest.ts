import {
  backtestSvg,
  DataFormatError,
  parsePositiveInt,
  runBacktest,
  withStore,
  type BacktestResult,
} from '@cascade/services';
import { SingleBar } from 'cli-progress';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatUsd } from '../cascade/render.js';
import { EXIT_OK, EXIT_USAGE, type CliIo } from '../io.js';
import { renderTable } from '../table.js';

export const BACKTEST_HELP = `Usage: cascade backtest --from YYYY-MM-DD --to YYYY-MM-DD [--runs 200] [--forecast paths|shocks] [--threads K] [--chart FILE] [--data-dir DIR] [--json]

Walk-forward backtest of the simulator (docs/validation.md). For each UTC day in the range with
stored realized liquidations (Coinglass BTC, Binance+Bybit+OKX), using only rows stored before
that day: the scenario built from data (cascade scenario --date) is (a) driven by the day's
realized hourly price path → predicted liquidated USD, and (b) run as a forecast Monte Carlo →
p05..p95 of liquidated USD and of the day's low. Scores: coverage of the 50% and 90% bands, a PIT
histogram, pinball loss against a trailing 30-day climatology, Spearman of the path-driven figure
and of open interest × the day's range, Σ ratio, bootstrap 90% intervals.

Options:
  --from/--to DAY     UTC days, inclusive (required)
  --runs N            forecast runs per day (default 200)
  --forecast MODE     paths (default): resampled daily paths of the 90 days before through the
                      day's market; shocks: the scenario's monteCarlo block (sell × W)
  --threads K         worker threads for --forecast shocks (default: cores, at most 8)
  --data-dir DIR      market store (default $CASCADE_DATA_DIR, else ./.cascade)
  --chart FILE        write an SVG of the forecast bands, realized and path-driven figures
  --json              print { days: [...], summary: {...} }
  -h, --help          show this help
`;

function progress(label: string): {
  update: (done: number, total: number) => void;
  stop: () => void;
} {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  let bar: SingleBar | null = null;
  return {
    update: (done, total) => {
      if (bar === null) {
        bar = new SingleBar({
          format: `${label} [{bar}] {value}/{total} days {eta_formatted}`,
          hideCursor: true,
          stream: process.stderr,
        });
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export async function backtestCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      runs: { type: 'string' },
      forecast: { type: 'string' },
      threads: { type: 'string' },
      'data-dir': { type: 'string' },
      chart: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(BACKTEST_HELP);
    return EXIT_OK;
  }
  const { from, to } = values;
  if (from === undefined || to === undefined) {
    io.stderr(`backtest: --from and --to are required\n\n${BACKTEST_HELP}`);
    return EXIT_USAGE;
  }
  const forecast = values.forecast ?? 'paths';
  if (forecast !== 'paths' && forecast !== 'shocks') {
    io.stderr(`backtest: --forecast: expected paths or shocks, got "${forecast}"\n`);
    return EXIT_USAGE;
  }
  const bar = progress('backtest');
  try {
    const runs = parsePositiveInt(values.runs, 'runs') ?? 200;
    const threads = parsePositiveInt(values.threads, 'threads');
    const result = await withStore(io.cwd, values['data-dir'], (store) =>
      runBacktest(store, {
        from,
        to,
        runs,
        forecast,
        ...(threads === undefined ? {} : { threads }),
        onDay: bar.update,
      }),
    );
    bar.stop();
    if (values.chart !== undefined)
      await writeFile(
        values.chart,
        backtestSvg(
          result.days,
          `Backtest ${from}..${to}: forecast bands vs realized daily liquidations`,
        ),
      );
    io.stdout(values.json ? `${JSON.stringify(result, null, 1)}\n` : render(result));
    return EXIT_OK;
  } catch (error) {
    bar.stop();
    if (error instanceof DataFormatError) {
      io.stderr(`backtest: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const num = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');

function render(r: BacktestResult): string {
  const s = r.summary;
  const rows = r.days.map((d) => [
    d.date,
    d.realized ? formatUsd(d.realized.liquidatedUsd) : '—',
    formatUsd(d.pathDriven.liquidatedUsd),
    `${formatUsd(d.forecast.liquidatedUsd.p05)}..${formatUsd(d.forecast.liquidatedUsd.p95)}`,
    d.realized ? d.realized.lowUsd.toFixed(0) : '—',
    `${d.forecast.lowUsd.p95.toFixed(0)}..${d.forecast.lowUsd.p05.toFixed(0)}`,
  ]);
  const lines = [
    `Backtest ${s.from}..${s.to}: ${s.scoredDays} scored days, ${s.runsPerDay} runs a day; scenarios built from data stored before each day.`,
    renderTable(
      ['day', 'realized', 'path-driven', 'forecast p05..p95', 'low', 'low p95..p05'],
      rows,
    ),
    `Coverage of realized liquidations: 50% band ${pct(s.coverage.liquidatedUsd.band50)}, 90% band ${pct(s.coverage.liquidatedUsd.band90)}; of lows: ${pct(s.coverage.lowUsd.band50)}, ${pct(s.coverage.lowUsd.band90)}.`,
    `PIT histogram (10 bins): ${s.pitHistogram.join(' ')}.`,
    `Pinball loss: forecast ${formatUsd(s.pinball.forecast)} vs climatology ${formatUsd(s.pinball.climatology)} → skill ${pct(s.pinball.skill)} (90% bootstrap ${s.pinball.skill90.map(pct).join('..')}).`,
    `Path-driven Spearman ${num(s.pathDriven.spearman)} (90% ${s.pathDriven.spearman90.map(num).join('..')}), Σ ratio ${num(s.pathDriven.sumRatio)}; OI × range Spearman ${num(s.oiTimesRange.spearman)} on the same ${s.oiTimesRange.days} days.`,
    ...(s.skipped.length
      ? [`Skipped: ${s.skipped.map((k) => `${k.date} (${k.reason})`).join('; ')}`]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
